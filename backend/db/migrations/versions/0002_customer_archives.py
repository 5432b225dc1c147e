"""customer archives

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 06:18:03.546082
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('customer_assignments',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=False),
    sa.Column('from_branch_id', sa.BigInteger(), nullable=True),
    sa.Column('to_branch_id', sa.BigInteger(), nullable=False),
    sa.Column('from_manager_id', sa.BigInteger(), nullable=True),
    sa.Column('to_manager_id', sa.BigInteger(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('assigned_by', sa.BigInteger(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('bank_id', 'id', name=op.f('pk_customer_assignments'))
    )
    op.create_index('ix_customer_assignments_customer', 'customer_assignments', ['customer_id', 'id'], unique=False)
    op.create_table('customer_changes',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('changed_by', sa.BigInteger(), nullable=True),
    sa.Column('changed_by_client', sa.String(length=64), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('diff', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('bank_id', 'id', name=op.f('pk_customer_changes'))
    )
    op.create_index('ix_customer_changes_customer', 'customer_changes', ['customer_id', 'id'], unique=False)
    op.create_table('customer_extra_fields',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('label_zh', sa.String(length=64), nullable=False),
    sa.Column('label_en', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.Enum('TEXT', 'NUMBER', 'DATE', 'CHOICE', 'BOOLEAN', name='extra_field_kind', native_enum=False, length=16), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('choices', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('min_value', sa.String(length=32), nullable=True),
    sa.Column('max_value', sa.String(length=32), nullable=True),
    sa.Column('pattern', sa.String(length=200), nullable=True),
    sa.Column('max_length', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['bank_id'], ['org_units.id'], name=op.f('fk_customer_extra_fields_bank_id_org_units')),
    sa.PrimaryKeyConstraint('bank_id', 'code', name=op.f('pk_customer_extra_fields'))
    )
    op.create_table('villages',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('code', sa.String(length=15), nullable=False),
    sa.Column('parent_code', sa.String(length=15), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['bank_id'], ['org_units.id'], name=op.f('fk_villages_bank_id_org_units')),
    sa.PrimaryKeyConstraint('bank_id', 'code', name=op.f('pk_villages'))
    )
    op.create_index('ix_villages_parent', 'villages', ['bank_id', 'parent_code'], unique=False)
    op.create_table('customers',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('branch_id', sa.BigInteger(), nullable=False),
    sa.Column('org_path', sa.String(length=255, collation='C'), nullable=False),
    sa.Column('manager_id', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.Enum('DRAFT', 'SUBMITTED', 'RETURNED', 'VERIFIED', 'ARCHIVED', name='archive_status', native_enum=False, length=16), nullable=False),
    sa.Column('channel', sa.Enum('PC', 'PAD', 'SELF_SERVICE', 'IMPORT', name='archive_channel', native_enum=False, length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64, collation='C'), nullable=False),
    sa.Column('id_number_encrypted', sa.LargeBinary(), nullable=False),
    sa.Column('id_number_bidx', sa.LargeBinary(length=32), nullable=False),
    sa.Column('id_expiry', sa.Date(), nullable=True),
    sa.Column('id_long_term', sa.Boolean(), nullable=False),
    sa.Column('gender', sa.String(length=8), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('ethnicity', sa.String(length=16), nullable=True),
    sa.Column('education', sa.String(length=32), nullable=True),
    sa.Column('marital_status', sa.String(length=16), nullable=True),
    sa.Column('health', sa.String(length=16), nullable=True),
    sa.Column('mobile_encrypted', sa.LargeBinary(), nullable=True),
    sa.Column('mobile_bidx', sa.LargeBinary(length=32), nullable=True),
    sa.Column('alt_phone_encrypted', sa.LargeBinary(), nullable=True),
    sa.Column('region_code', sa.String(length=6), nullable=True),
    sa.Column('township_code', sa.String(length=12), nullable=True),
    sa.Column('village_code', sa.String(length=15), nullable=True),
    sa.Column('address_encrypted', sa.LargeBinary(), nullable=True),
    sa.Column('profile', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('extra', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('consent', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('return_reasons', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verified_by', sa.BigInteger(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.BigInteger(), nullable=True),
    sa.Column('created_by_client', sa.String(length=64), nullable=True),
    sa.Column('ecif_customer_no', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['bank_id'], ['org_units.id'], name=op.f('fk_customers_bank_id_org_units')),
    sa.ForeignKeyConstraint(['branch_id'], ['org_units.id'], name=op.f('fk_customers_branch_id_org_units')),
    sa.ForeignKeyConstraint(['created_by'], ['staff_users.id'], name=op.f('fk_customers_created_by_staff_users')),
    sa.ForeignKeyConstraint(['manager_id'], ['staff_users.id'], name=op.f('fk_customers_manager_id_staff_users')),
    sa.ForeignKeyConstraint(['verified_by'], ['staff_users.id'], name=op.f('fk_customers_verified_by_staff_users')),
    sa.PrimaryKeyConstraint('bank_id', 'id', name=op.f('pk_customers'))
    )
    op.create_index('ix_customers_bank_mobile', 'customers', ['bank_id', 'mobile_bidx'], unique=False)
    op.create_index('ix_customers_bank_name_birth', 'customers', ['bank_id', 'name', 'birth_date'], unique=False)
    op.create_index('ix_customers_id', 'customers', ['id'], unique=False)
    op.create_index('ix_customers_manager', 'customers', ['manager_id', 'status'], unique=False)
    op.create_index('ix_customers_scope_name', 'customers', ['org_path', 'name', 'id'], unique=False)
    op.create_index('ix_customers_updated', 'customers', ['org_path', 'updated_at', 'id'], unique=False)
    op.create_index('ix_customers_village', 'customers', ['village_code'], unique=False)
    op.create_index('uq_customers_bank_id_number', 'customers', ['bank_id', 'id_number_bidx'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_customers_bank_id_number', table_name='customers')
    op.drop_index('ix_customers_village', table_name='customers')
    op.drop_index('ix_customers_updated', table_name='customers')
    op.drop_index('ix_customers_scope_name', table_name='customers')
    op.drop_index('ix_customers_manager', table_name='customers')
    op.drop_index('ix_customers_id', table_name='customers')
    op.drop_index('ix_customers_bank_name_birth', table_name='customers')
    op.drop_index('ix_customers_bank_mobile', table_name='customers')
    op.drop_table('customers')
    op.drop_index('ix_villages_parent', table_name='villages')
    op.drop_table('villages')
    op.drop_table('customer_extra_fields')
    op.drop_index('ix_customer_changes_customer', table_name='customer_changes')
    op.drop_table('customer_changes')
    op.drop_index('ix_customer_assignments_customer', table_name='customer_assignments')
    op.drop_table('customer_assignments')
