"""notifications: text messages to customers (one per event, sent by the worker) and the numbers
that opted out (docs/channels.md).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision, down_revision = "0016", "0015"  # 2026-12-03; no branch labels, no dependencies


def upgrade() -> None:
    op.create_table('sms_messages',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=False),
    sa.Column('org_path', sa.String(length=255, collation='C'), nullable=False),
    sa.Column('event', sa.Enum('QUOTA_APPROVED', 'APPLICATION_RETURNED', 'APPLICATION_REJECTED', 'REMINDER', name='sms_event', native_enum=False, length=24), nullable=False),
    sa.Column('dedupe_key', sa.String(length=120), nullable=False),
    sa.Column('variables', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('to_masked', sa.String(length=16), nullable=True),
    sa.Column('to_bidx', sa.LargeBinary(length=32), nullable=True),
    sa.Column('status', sa.Enum('QUEUED', 'SENT', 'DELIVERED', 'FAILED', 'SUPPRESSED', name='sms_status', native_enum=False, length=16), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=True),
    sa.Column('provider_id', sa.String(length=64), nullable=True),
    sa.Column('attempts', sa.SmallInteger(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('receipt_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sms_messages')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_sms_messages_dedupe_key'))
    )
    op.create_index('ix_sms_messages_customer', 'sms_messages', ['bank_id', 'customer_id', 'created_at'], unique=False)
    op.create_index('ix_sms_messages_number_day', 'sms_messages', ['to_bidx', 'sent_at'], unique=False)
    op.create_table('sms_opt_outs',
    sa.Column('bank_id', sa.BigInteger(), nullable=False),
    sa.Column('mobile_bidx', sa.LargeBinary(length=32), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('bank_id', 'mobile_bidx', name=op.f('pk_sms_opt_outs'))
    )


def downgrade() -> None:
    op.drop_table('sms_opt_outs')
    op.drop_index('ix_sms_messages_number_day', table_name='sms_messages')
    op.drop_index('ix_sms_messages_customer', table_name='sms_messages')
    op.drop_table('sms_messages')
