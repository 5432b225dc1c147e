"""loans: drawdowns against quotas and the lending platform's callbacks; the quota's reserved
amount; a machine client's public keys for the assertions it signs (docs/channels.md).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision, down_revision = "0017", "0016"  # 2026-12-03; no branch labels, no dependencies


def upgrade() -> None:
    op.create_table('loan_events',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('loan_id', sa.Uuid(), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('type', sa.Enum('ACCEPTED', 'DISBURSED', 'REPAID', 'OVERDUE', 'CLOSED', name='loan_event_type', native_enum=False, length=16), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('state', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('applied', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_loan_events')),
    sa.UniqueConstraint('event_id', name=op.f('uq_loan_events_event_id'))
    )
    op.create_index('ix_loan_events_loan', 'loan_events', ['bank_id', 'loan_id', 'seq'], unique=False)
    op.create_table('loans',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('quota_id', sa.Uuid(), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=False),
    sa.Column('org_path', sa.String(length=255, collation='C'), nullable=False),
    sa.Column('product_code', sa.String(length=32), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('term', sa.SmallInteger(), nullable=False),
    sa.Column('rate_bp', sa.Integer(), nullable=False),
    sa.Column('repayment_method', sa.String(length=24), nullable=False),
    sa.Column('account_encrypted', sa.LargeBinary(), nullable=False),
    sa.Column('account_masked', sa.String(length=24), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('requested_by_client', sa.String(length=64), nullable=True),
    sa.Column('requested_by_user', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.Enum('REQUESTED', 'ACCEPTED', 'DISBURSED', 'OVERDUE', 'CLOSED', 'REFUSED', name='loan_status', native_enum=False, length=16), nullable=False),
    sa.Column('platform_loan_id', sa.String(length=64), nullable=True),
    sa.Column('disbursed_amount', sa.BigInteger(), nullable=False),
    sa.Column('outstanding', sa.BigInteger(), nullable=False),
    sa.Column('overdue_days', sa.Integer(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=True),
    sa.Column('attempts', sa.SmallInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('disbursed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('bank_id', 'id', name=op.f('pk_loans')),
    sa.UniqueConstraint('number', name=op.f('uq_loans_number'))
    )
    op.create_index('ix_loans_customer', 'loans', ['bank_id', 'customer_id', 'created_at'], unique=False)
    op.create_index('ix_loans_id', 'loans', ['id'], unique=False)
    op.create_index('ix_loans_quota', 'loans', ['bank_id', 'quota_id'], unique=False)
    op.create_index('ix_loans_scope', 'loans', ['org_path', 'created_at'], unique=False)
    op.add_column('oauth_clients', sa.Column('jwks', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column('quotas', sa.Column('reserved_amount', sa.BigInteger(), server_default='0', nullable=False))
    op.execute('CREATE SEQUENCE loan_number_seq')


def downgrade() -> None:
    op.execute('DROP SEQUENCE loan_number_seq')
    op.drop_column('quotas', 'reserved_amount')
    op.drop_column('oauth_clients', 'jwks')
    op.drop_index('ix_loans_scope', table_name='loans')
    op.drop_index('ix_loans_quota', table_name='loans')
    op.drop_index('ix_loans_id', table_name='loans')
    op.drop_index('ix_loans_customer', table_name='loans')
    op.drop_table('loans')
    op.drop_index('ix_loan_events_loan', table_name='loan_events')
    op.drop_table('loan_events')
