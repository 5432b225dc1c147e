"""imports: progress of a batch the worker imports (import_progress, import_batches.estimated_rows);
images: a bank's own watermark logo (bank_logos) (docs/imports.md, docs/images.md)."""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0021", "0020"  # 2026-12-04; no branch labels, no dependencies


def upgrade() -> None:
    op.add_column("import_batches", sa.Column("estimated_rows", sa.Integer(), nullable=True))
    op.create_table(
        "import_progress",
        sa.Column("bank_id", sa.BigInteger(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("imported", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("bank_id", "batch_id", name=op.f("pk_import_progress")),
    )
    op.create_table(
        "bank_logos",
        sa.Column("bank_id", sa.BigInteger(), nullable=False),
        sa.Column("object_key", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("uploaded_by", sa.BigInteger(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["bank_id"], ["org_units.id"], name=op.f("fk_bank_logos_bank_id_org_units")),
        sa.ForeignKeyConstraint(["uploaded_by"], ["staff_users.id"], name=op.f("fk_bank_logos_uploaded_by_staff_users")),
        sa.PrimaryKeyConstraint("bank_id", name=op.f("pk_bank_logos")),
    )


def downgrade() -> None:
    op.drop_table("bank_logos")
    op.drop_table("import_progress")
    op.drop_column("import_batches", "estimated_rows")
