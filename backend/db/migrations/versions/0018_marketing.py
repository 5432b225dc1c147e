"""marketing: segment models, their members and their daily counts per branch; reminders for
customer managers; their contacts with customers (docs/marketing.md).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision, down_revision = "0018", "0017"  # 2026-12-04; no branch labels, no dependencies


def upgrade() -> None:
    op.create_table(
        "segment_models",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("bank_id", sa.BigInteger(), nullable=True),
        sa.Column("org_unit_id", sa.BigInteger(), nullable=False),
        sa.Column("org_path", sa.String(length=255, collation="C"), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=True),
        sa.Column("condition", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("fields", postgresql.ARRAY(sa.String(length=64)), nullable=False),
        sa.Column("status", sa.Enum("ACTIVE", "RETIRED", name="segment_model_status", native_enum=False, length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("reminder", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_segment_models")),
    )
    op.create_index("ix_segment_models_path", "segment_models", ["org_path", "status"], unique=False)
    op.create_table(
        "segment_members",
        sa.Column("model_id", sa.BigInteger(), nullable=False),
        sa.Column("bank_id", sa.BigInteger(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.BigInteger(), nullable=False),
        sa.Column("org_path", sa.String(length=255, collation="C"), nullable=False),
        sa.Column("manager_id", sa.BigInteger(), nullable=True),
        sa.Column("since", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("model_id", "bank_id", "customer_id", name=op.f("pk_segment_members")),
    )
    op.create_index("ix_segment_members_scope", "segment_members", ["model_id", "org_path"], unique=False)
    op.create_table(
        "segment_counts",
        sa.Column("model_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("branch_id", sa.BigInteger(), nullable=False),
        sa.Column("org_path", sa.String(length=255, collation="C"), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("model_id", "day", "branch_id", name=op.f("pk_segment_counts")),
    )

    op.create_table(
        "reminders",
        sa.Column("bank_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("org_path", sa.String(length=255, collation="C"), nullable=False),
        sa.Column("manager_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.Enum("MODEL", "GRADE_MIGRATION", "QUOTA_EXPIRING", "ID_EXPIRING", "ARCHIVE_RETURNED", "NOT_PRECISE",
                                  "DEPOSIT_MATURING", "APPROVAL_OVERDUE", name="reminder_kind", native_enum=False, length=20), nullable=False),
        sa.Column("model_id", sa.BigInteger(), nullable=True),
        sa.Column("dedupe_key", sa.String(length=160), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.Enum("OPEN", "SNOOZED", "DONE", "DISMISSED", name="reminder_status", native_enum=False, length=16), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("bank_id", "id", name=op.f("pk_reminders")),
        sa.UniqueConstraint("bank_id", "dedupe_key", name="uq_reminders_dedupe"),
    )
    op.create_index("ix_reminders_manager", "reminders", ["manager_id", "status", "due_on"], unique=False)
    op.create_index("ix_reminders_scope", "reminders", ["org_path", "status"], unique=False)

    op.create_table(
        "contacts",
        sa.Column("bank_id", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("org_path", sa.String(length=255, collation="C"), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), nullable=False),
        sa.Column("reminder_id", sa.Uuid(), nullable=True),
        sa.Column("channel", sa.Enum("VISIT", "CALL", "BRANCH", "OTHER", name="contact_channel", native_enum=False, length=16), nullable=False),
        sa.Column("outcome", sa.Enum("INTERESTED", "APPLIED", "FOLLOW_UP", "NOT_INTERESTED", "UNREACHABLE", name="contact_outcome",
                                     native_enum=False, length=16), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("contacted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("bank_id", "id", name=op.f("pk_contacts")),
    )
    op.create_index("ix_contacts_customer", "contacts", ["bank_id", "customer_id", "contacted_at"], unique=False)
    op.create_index("ix_contacts_scope", "contacts", ["org_path", "contacted_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_contacts_scope", table_name="contacts")
    op.drop_index("ix_contacts_customer", table_name="contacts")
    op.drop_table("contacts")
    op.drop_index("ix_reminders_scope", table_name="reminders")
    op.drop_index("ix_reminders_manager", table_name="reminders")
    op.drop_table("reminders")
    op.drop_table("segment_counts")
    op.drop_index("ix_segment_members_scope", table_name="segment_members")
    op.drop_table("segment_members")
    op.drop_index("ix_segment_models_path", table_name="segment_models")
    op.drop_table("segment_models")
