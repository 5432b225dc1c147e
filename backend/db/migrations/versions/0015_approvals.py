"""approvals: products, process definitions (BPMN), quota applications, approval tasks, their
history and quotas (docs/approvals.md); a sequence numbers applications for people.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision, down_revision = "0015", "0014"  # 2026-12-03; no branch labels, no dependencies


def upgrade() -> None:
    op.execute("CREATE SEQUENCE application_number_seq")
    op.create_table('application_events',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('action', sa.Enum('SUBMITTED', 'CLAIMED', 'RELEASED', 'DELEGATED', 'APPROVED', 'REJECTED', 'RETURNED', 'RESUBMITTED', 'WITHDRAWN', 'REMINDED', 'ESCALATED', 'AUTO_APPROVED', 'COMPLETED', name='application_event_action', native_enum=False, length=16), nullable=False),
    sa.Column('element_id', sa.String(length=64), nullable=True),
    sa.Column('element_name', sa.String(length=100), nullable=True),
    sa.Column('actor_id', sa.BigInteger(), nullable=True),
    sa.Column('actor_client', sa.String(length=64), nullable=True),
    sa.Column('amount', sa.BigInteger(), nullable=True),
    sa.Column('term', sa.SmallInteger(), nullable=True),
    sa.Column('rate_bp', sa.Integer(), nullable=True),
    sa.Column('comment', sa.String(length=500), nullable=True),
    sa.Column('to_user_id', sa.BigInteger(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_events'))
    )
    op.create_index('ix_application_events_application', 'application_events', ['application_id', 'id'], unique=False)
    op.create_table('applications',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=False),
    sa.Column('branch_id', sa.BigInteger(), nullable=False),
    sa.Column('org_path', sa.String(length=255, collation='C'), nullable=False),
    sa.Column('product_id', sa.BigInteger(), nullable=False),
    sa.Column('product_code', sa.String(length=32), nullable=False),
    sa.Column('process_id', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.Enum('IN_APPROVAL', 'RETURNED', 'APPROVED', 'REJECTED', 'WITHDRAWN', name='application_status', native_enum=False, length=16), nullable=False),
    sa.Column('channel', sa.Enum('BRANCH', 'PAD', 'MOBILE_BANKING', name='application_channel', native_enum=False, length=16), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('term', sa.SmallInteger(), nullable=False),
    sa.Column('repayment_method', sa.String(length=24), nullable=False),
    sa.Column('purpose', sa.String(length=200), nullable=False),
    sa.Column('over_reason', sa.String(length=500), nullable=True),
    sa.Column('attachment_ids', sa.ARRAY(sa.Uuid()), nullable=False),
    sa.Column('score', sa.SmallInteger(), nullable=True),
    sa.Column('grade', sa.String(length=8), nullable=True),
    sa.Column('recommended_quota', sa.BigInteger(), nullable=False),
    sa.Column('card_id', sa.BigInteger(), nullable=True),
    sa.Column('sampled', sa.Boolean(), nullable=False),
    sa.Column('approved_amount', sa.BigInteger(), nullable=True),
    sa.Column('approved_term', sa.SmallInteger(), nullable=True),
    sa.Column('rate_bp', sa.Integer(), nullable=False),
    sa.Column('applicant_id', sa.BigInteger(), nullable=True),
    sa.Column('applicant_client', sa.String(length=64), nullable=True),
    sa.Column('workflow', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('bank_id', 'id', name=op.f('pk_applications')),
    sa.UniqueConstraint('number', name=op.f('uq_applications_number'))
    )
    op.create_index('ix_applications_customer', 'applications', ['bank_id', 'customer_id', 'created_at'], unique=False)
    op.create_index('ix_applications_id', 'applications', ['id'], unique=False)
    op.create_index('ix_applications_scope', 'applications', ['org_path', 'created_at'], unique=False)
    op.create_index('uq_applications_open', 'applications', ['bank_id', 'customer_id', 'product_code'], unique=True, postgresql_where="status IN ('IN_APPROVAL', 'RETURNED')")
    op.create_table('approval_tasks',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('spiff_task_id', sa.Uuid(), nullable=False),
    sa.Column('element_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('lane', sa.String(length=100), nullable=True),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('queue_path', sa.String(length=255, collation='C'), nullable=False),
    sa.Column('status', sa.Enum('OPEN', 'CLAIMED', 'SUSPENDED', 'DONE', 'CANCELLED', name='approval_task_status', native_enum=False, length=16), nullable=False),
    sa.Column('claimed_by', sa.BigInteger(), nullable=True),
    sa.Column('delegated_by', sa.BigInteger(), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sla_action', sa.String(length=16), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('completed_by', sa.BigInteger(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_tasks'))
    )
    op.create_index('ix_approval_tasks_application', 'approval_tasks', ['application_id', 'id'], unique=False)
    op.create_index('ix_approval_tasks_claimed', 'approval_tasks', ['claimed_by', 'created_at', 'id'], unique=False, postgresql_where="status = 'CLAIMED'")
    op.create_index('ix_approval_tasks_due', 'approval_tasks', ['due_at'], unique=False, postgresql_where="status IN ('OPEN', 'CLAIMED') AND due_at IS NOT NULL")
    op.create_index('ix_approval_tasks_queue', 'approval_tasks', ['queue_path', 'role', 'created_at', 'id'], unique=False, postgresql_where="status IN ('OPEN', 'CLAIMED')")
    op.create_table('process_definitions',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('bank_id', sa.BigInteger(), nullable=True),
    sa.Column('org_path', sa.String(length=255, collation='C'), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('ACTIVE', 'SUPERSEDED', name='process_status', native_enum=False, length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('bpmn_xml', sa.Text(), nullable=False),
    sa.Column('outline', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_process_definitions'))
    )
    op.create_index('ix_process_definitions_scope', 'process_definitions', ['org_path', 'key'], unique=False)
    op.create_index('uq_process_definitions_version', 'process_definitions', [sa.literal_column('coalesce(bank_id, 0)'), 'key', 'version'], unique=True)
    op.create_table('products',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('org_path', sa.String(length=255, collation='C'), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('ACTIVE', 'SUPERSEDED', 'RETIRED', name='product_status', native_enum=False, length=16), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=True),
    sa.Column('amount_min', sa.BigInteger(), nullable=False),
    sa.Column('amount_max', sa.BigInteger(), nullable=False),
    sa.Column('terms', sa.ARRAY(sa.SmallInteger()), nullable=False),
    sa.Column('rate_min_bp', sa.Integer(), nullable=False),
    sa.Column('rate_max_bp', sa.Integer(), nullable=False),
    sa.Column('repayment_methods', sa.ARRAY(sa.String(length=24)), nullable=False),
    sa.Column('channels', sa.ARRAY(sa.String(length=16)), nullable=False),
    sa.Column('eligibility', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('processes', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('sample_rate', sa.SmallInteger(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products'))
    )
    op.create_index('ix_products_scope', 'products', ['org_path', 'code'], unique=False)
    op.create_index('uq_products_in_force', 'products', ['bank_id', 'code'], unique=True, postgresql_where="status = 'ACTIVE'")
    op.create_index('uq_products_version', 'products', ['bank_id', 'code', 'version'], unique=True)
    op.create_table('quotas',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=False),
    sa.Column('org_path', sa.String(length=255, collation='C'), nullable=False),
    sa.Column('application_id', sa.Uuid(), nullable=False),
    sa.Column('product_id', sa.BigInteger(), nullable=False),
    sa.Column('product_code', sa.String(length=32), nullable=False),
    sa.Column('status', sa.Enum('ACTIVE', 'FROZEN', 'EXPIRED', 'REVOKED', name='quota_status', native_enum=False, length=16), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('used_amount', sa.BigInteger(), nullable=False),
    sa.Column('term', sa.SmallInteger(), nullable=False),
    sa.Column('rate_bp', sa.Integer(), nullable=False),
    sa.Column('repayment_method', sa.String(length=24), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('announced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('bank_id', 'id', name=op.f('pk_quotas')),
    sa.UniqueConstraint('application_id', name=op.f('uq_quotas_application_id'))
    )
    op.create_index('ix_quotas_customer', 'quotas', ['bank_id', 'customer_id'], unique=False)
    op.create_index('ix_quotas_id', 'quotas', ['id'], unique=False)
    op.create_index('ix_quotas_expiry', 'quotas', ['valid_to'], unique=False, postgresql_where="status IN ('ACTIVE', 'FROZEN')")
    op.create_index('ix_quotas_scope', 'quotas', ['org_path', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_quotas_scope', table_name='quotas')
    op.drop_index('ix_quotas_expiry', table_name='quotas', postgresql_where="status IN ('ACTIVE', 'FROZEN')")
    op.drop_index('ix_quotas_customer', table_name='quotas')
    op.drop_table('quotas')
    op.drop_index('uq_products_version', table_name='products')
    op.drop_index('uq_products_in_force', table_name='products', postgresql_where="status = 'ACTIVE'")
    op.drop_index('ix_products_scope', table_name='products')
    op.drop_table('products')
    op.drop_index('uq_process_definitions_version', table_name='process_definitions')
    op.drop_index('ix_process_definitions_scope', table_name='process_definitions')
    op.drop_table('process_definitions')
    op.drop_index('ix_approval_tasks_queue', table_name='approval_tasks', postgresql_where="status IN ('OPEN', 'CLAIMED')")
    op.drop_index('ix_approval_tasks_due', table_name='approval_tasks', postgresql_where="status IN ('OPEN', 'CLAIMED') AND due_at IS NOT NULL")
    op.drop_index('ix_approval_tasks_claimed', table_name='approval_tasks', postgresql_where="status = 'CLAIMED'")
    op.drop_index('ix_approval_tasks_application', table_name='approval_tasks')
    op.drop_table('approval_tasks')
    op.drop_index('uq_applications_open', table_name='applications', postgresql_where="status IN ('IN_APPROVAL', 'RETURNED')")
    op.drop_index('ix_applications_scope', table_name='applications')
    op.drop_index('ix_applications_customer', table_name='applications')
    op.drop_table('applications')
    op.drop_index('ix_application_events_application', table_name='application_events')
    op.drop_table('application_events')
    op.execute("DROP SEQUENCE application_number_seq")
