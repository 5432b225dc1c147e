"""segment_memberships: an index on the latest day a row's archive joined one of its models, so
that a night finds the day's new members without reading every membership.

A night raises a reminder for each model's new members (``raise_for_models(joined_today=True)``,
docs/marketing.md). Before this index, it unnested ``model_ids`` and ``since`` of every
membership row of the models that have a reminder text, to keep those whose ``since`` is today:
1.0 s at 300,000 archives and, by linear scaling, about 28 s at 8.5 million on a night when
almost nobody joined. ``cic_latest_since(since)`` is the newest of a row's days; a row with a
member who joined today has it on or after today, and the index finds those rows alone.

The function is ``IMMUTABLE`` (a pure function of its argument), as an index expression must be.
On a province's database the index is built over every partition of ``segment_memberships``:
one pass of the table, in a maintenance window as migration 0026 (docs/operations.md).
"""

from alembic import op

revision, down_revision = "0029", "0028"  # 2026-12-06; no branch labels, no dependencies

INDEX = "ix_segment_memberships_latest_since"


def upgrade() -> None:
    op.execute(
        """CREATE FUNCTION cic_latest_since(days date[]) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
             SELECT max(d) FROM unnest(days) d
           $$"""
    )
    op.execute(f"CREATE INDEX {INDEX} ON segment_memberships (cic_latest_since(since))")
    # Each partition's index named after its parent's (ix_..._p3), as migrations 0026 and 0027 name them.
    op.execute(
        f"""DO $$ DECLARE r record; BEGIN
              FOR r IN SELECT child.relname AS child, part.relname AS part
                       FROM pg_inherits i JOIN pg_class child ON child.oid = i.inhrelid
                       JOIN pg_index cx ON cx.indexrelid = child.oid JOIN pg_class part ON part.oid = cx.indrelid
                       WHERE i.inhparent = '{INDEX}'::regclass LOOP
                EXECUTE format('ALTER INDEX %I RENAME TO %I', r.child, '{INDEX}' || substr(r.part, length('segment_memberships') + 1));
              END LOOP; END $$"""
    )


def downgrade() -> None:
    op.execute(f"DROP INDEX {INDEX}")
    op.execute("DROP FUNCTION cic_latest_since(date[])")
