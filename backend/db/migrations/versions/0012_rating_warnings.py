"""rating: grade-migration warnings per customer and quarter, for the customer manager's worklist
(docs/rating.md, "Migration").
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision, down_revision = "0012", "0011"  # 2026-12-02; no branch labels, no dependencies


def upgrade() -> None:
    op.create_table('rating_warnings',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=False),
    sa.Column('quarter', sa.String(length=6), nullable=False),
    sa.Column('kind', sa.Enum('DOWNGRADE', 'WATCH', 'NEW_VETO', name='rating_warning_kind', native_enum=False, length=16), nullable=False),
    sa.Column('from_grade', sa.String(length=8), nullable=False),
    sa.Column('to_grade', sa.String(length=8), nullable=False),
    sa.Column('new_vetoes', postgresql.ARRAY(sa.String()), nullable=False),
    sa.Column('manager_id', sa.BigInteger(), nullable=True),
    sa.Column('org_path', sa.String(length=255, collation='C'), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('bank_id', 'customer_id', 'quarter', 'kind', name=op.f('pk_rating_warnings'))
    )
    op.create_index('ix_rating_warnings_manager', 'rating_warnings', ['manager_id', 'quarter'], unique=False)
    op.create_index('ix_rating_warnings_scope', 'rating_warnings', ['org_path', 'quarter'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_rating_warnings_scope', table_name='rating_warnings')
    op.drop_index('ix_rating_warnings_manager', table_name='rating_warnings')
    op.drop_table('rating_warnings')
