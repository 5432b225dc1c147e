"""rating: scorecards (province and bank, versioned), each customer's current rating, the
quarter's history and the quarterly batch's runs (docs/rating.md).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision, down_revision = "0011", "0010"  # 2026-12-02; no branch labels, no dependencies


def upgrade() -> None:
    op.create_table('customer_ratings',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=False),
    sa.Column('card_id', sa.BigInteger(), nullable=False),
    sa.Column('score', sa.SmallInteger(), nullable=False),
    sa.Column('grade', sa.String(length=8), nullable=False),
    sa.Column('bins', postgresql.ARRAY(sa.SmallInteger()), nullable=False),
    sa.Column('item_values', postgresql.ARRAY(sa.String()), nullable=False),
    sa.Column('vetoes', postgresql.ARRAY(sa.String()), nullable=False),
    sa.Column('quota', sa.BigInteger(), nullable=False),
    sa.Column('rated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('bank_id', 'customer_id', name=op.f('pk_customer_ratings'))
    )
    op.create_table('rating_history',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=False),
    sa.Column('card_id', sa.BigInteger(), nullable=False),
    sa.Column('score', sa.SmallInteger(), nullable=False),
    sa.Column('grade', sa.String(length=8), nullable=False),
    sa.Column('bins', postgresql.ARRAY(sa.SmallInteger()), nullable=False),
    sa.Column('item_values', postgresql.ARRAY(sa.String()), nullable=False),
    sa.Column('vetoes', postgresql.ARRAY(sa.String()), nullable=False),
    sa.Column('quota', sa.BigInteger(), nullable=False),
    sa.Column('rated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('quarter', sa.String(length=6), nullable=False),
    sa.PrimaryKeyConstraint('bank_id', 'customer_id', 'quarter', name=op.f('pk_rating_history'))
    )
    op.create_table('rating_runs',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('quarter', sa.String(length=6), nullable=False),
    sa.Column('status', sa.Enum('RUNNING', 'DONE', name='rating_run_status', native_enum=False, length=16), nullable=False),
    sa.Column('card_id', sa.BigInteger(), nullable=False),
    sa.Column('after', sa.Uuid(), nullable=True),
    sa.Column('rated', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('bank_id', 'quarter', name=op.f('pk_rating_runs'))
    )
    op.create_table('scorecards',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('bank_id', sa.BigInteger(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('DRAFT', 'PUBLISHED', 'SUPERSEDED', name='card_status', native_enum=False, length=16), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('definition', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('approved_by', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scorecards'))
    )
    op.create_index('uq_scorecards_version', 'scorecards', ['bank_id', 'version'], unique=True, postgresql_nulls_not_distinct=True)


def downgrade() -> None:
    op.drop_index('uq_scorecards_version', table_name='scorecards', postgresql_nulls_not_distinct=True)
    op.drop_table('scorecards')
    op.drop_table('rating_runs')
    op.drop_table('rating_history')
    op.drop_table('customer_ratings')
