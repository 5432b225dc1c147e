"""integrity rules

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 07:17:20.665712
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('archive_evaluations',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=False),
    sa.Column('branch_id', sa.BigInteger(), nullable=False),
    sa.Column('violations', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('error_count', sa.SmallInteger(), nullable=False),
    sa.Column('completeness', sa.SmallInteger(), nullable=False),
    sa.Column('precise', sa.Boolean(), nullable=False),
    sa.Column('rule_versions', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('evaluated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('bank_id', 'customer_id', name=op.f('pk_archive_evaluations'))
    )
    op.create_index('ix_archive_evaluations_branch', 'archive_evaluations', ['branch_id', 'precise'], unique=False)
    op.create_index('ix_archive_evaluations_violations', 'archive_evaluations', ['violations'], unique=False, postgresql_using='gin', postgresql_ops={'violations': 'jsonb_path_ops'})
    op.create_table('rule_sets',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('scope', sa.Enum('PROVINCE', 'BANK', name='rule_scope', native_enum=False, length=24), nullable=False),
    sa.Column('bank_id', sa.BigInteger(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('DRAFT', 'PUBLISHED', 'SUPERSEDED', name='rule_set_status', native_enum=False, length=24), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('effective_from', sa.Date(), server_default=sa.text('CURRENT_DATE'), nullable=False),
    sa.Column('created_by', sa.BigInteger(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['bank_id'], ['org_units.id'], name=op.f('fk_rule_sets_bank_id_org_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_sets'))
    )
    op.create_index('ix_rule_sets_scope', 'rule_sets', ['scope', 'bank_id', 'status'], unique=False)
    op.create_index('uq_rule_sets_version', 'rule_sets', ['scope', sa.literal_column('coalesce(bank_id, 0)'), 'version'], unique=True)
    op.create_table('rule_evaluation_runs',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('bank_id', sa.BigInteger(), nullable=True),
    sa.Column('rule_set_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('last_bank_id', sa.BigInteger(), nullable=True),
    sa.Column('last_customer_id', sa.Uuid(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['rule_set_id'], ['rule_sets.id'], name=op.f('fk_rule_evaluation_runs_rule_set_id_rule_sets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_evaluation_runs'))
    )
    op.create_table('rules',
    sa.Column('rule_set_id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('kind', sa.Enum('REQUIRED', 'PATTERN', 'RANGE', 'ALLOWED_VALUES', 'CONDITIONAL_REQUIRED', 'EXPRESSION', 'ID_CONSISTENCY', 'REQUIRED_IMAGES', 'FRESHNESS', name='rule_kind', native_enum=False, length=24), nullable=False),
    sa.Column('severity', sa.Enum('ERROR', 'WARNING', name='rule_severity', native_enum=False, length=24), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('message_zh', sa.String(length=200), nullable=False),
    sa.Column('message_en', sa.String(length=200), nullable=False),
    sa.Column('params', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('segment', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('overrides', sa.String(length=48), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['rule_set_id'], ['rule_sets.id'], name=op.f('fk_rules_rule_set_id_rule_sets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('rule_set_id', 'code', name=op.f('pk_rules'))
    )


def downgrade() -> None:
    op.drop_table('rules')
    op.drop_table('rule_evaluation_runs')
    op.drop_index('uq_rule_sets_version', table_name='rule_sets')
    op.drop_index('ix_rule_sets_scope', table_name='rule_sets')
    op.drop_table('rule_sets')
    op.drop_index('ix_archive_evaluations_violations', table_name='archive_evaluations', postgresql_using='gin', postgresql_ops={'violations': 'jsonb_path_ops'})
    op.drop_index('ix_archive_evaluations_branch', table_name='archive_evaluations')
    op.drop_table('archive_evaluations')
