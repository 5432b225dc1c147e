"""reports: the report centre's daily facts per org unit and per customer manager, and the
monthly report workbooks (docs/reports.md).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision, down_revision = "0019", "0018"  # 2026-12-04; no branch labels, no dependencies

STOCKS = ["archives", "verified", "evaluated", "precise", "rated", "quotas_active"]
AMOUNTS = ["quota_amount", "quota_used"]
# Cumulative since the start of the data, as of the end of the day: a period's figure is the
# difference of two days' rows.
TOTALS = ["created_total", "applications_total", "decided_total", "approved_total", "rejected_total", "quotas_total",
          "reminders_total", "reminders_done_total", "contacts_total", "contacted_reminders_total",
          "converted_applications_total", "converted_quotas_total"]
AMOUNT_TOTALS = ["decision_seconds_total", "approved_amount_total", "granted_amount_total"]


def upgrade() -> None:
    op.create_table(
        "report_facts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("unit_id", sa.BigInteger(), nullable=False),
        sa.Column("manager_id", sa.BigInteger(), nullable=False),  # 0: the unit's own row; -1: no manager
        sa.Column("level", sa.String(length=16), nullable=False),  # PROVINCE, BANK, BRANCH or MANAGER
        sa.Column("parent_id", sa.BigInteger(), nullable=True),
        sa.Column("org_path", sa.String(length=255, collation="C"), nullable=False),
        *[sa.Column(name, sa.Integer(), nullable=False, server_default="0") for name in STOCKS],
        *[sa.Column(name, sa.BigInteger(), nullable=False, server_default="0") for name in AMOUNTS],
        *[sa.Column(name, sa.Integer(), nullable=False, server_default="0") for name in TOTALS],
        *[sa.Column(name, sa.BigInteger(), nullable=False, server_default="0") for name in AMOUNT_TOTALS],
        sa.Column("grades", postgresql.JSONB(astext_type=sa.Text()), nullable=False, server_default="{}"),
        sa.Column("grade_moves", postgresql.JSONB(astext_type=sa.Text()), nullable=False, server_default="{}"),
        sa.Column("computed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("day", "unit_id", "manager_id", name=op.f("pk_report_facts")),
    )
    op.create_index("ix_report_facts_level", "report_facts", ["day", "level", "org_path"], unique=False)
    op.create_index("ix_report_facts_unit", "report_facts", ["unit_id", "manager_id", "day"], unique=False)

    op.create_table(
        "report_files",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("unit_id", sa.BigInteger(), nullable=False),
        sa.Column("org_path", sa.String(length=255, collation="C"), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),  # YYYY-MM
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_files")),
        sa.UniqueConstraint("unit_id", "month", name="uq_report_files_unit_month"),
    )
    op.create_index("ix_report_files_path", "report_files", ["org_path", "month"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_report_files_path", table_name="report_files")
    op.drop_table("report_files")
    op.drop_index("ix_report_facts_unit", table_name="report_facts")
    op.drop_index("ix_report_facts_level", table_name="report_facts")
    op.drop_table("report_facts")
