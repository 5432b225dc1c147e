"""rating: a published scorecard is immutable in the database too (docs/rating.md, "Cards").

The service refuses to edit a card that is not a draft; this trigger makes the rule hold for
every writer: once published, a card's definition, scope, version and name never change, it is
never deleted, and its status only moves from PUBLISHED to SUPERSEDED.
"""

from alembic import op

revision, down_revision = "0013", "0012"  # 2026-12-02; no branch labels, no dependencies


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION scorecards_published_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.status = 'DRAFT' THEN
                RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
            END IF;
            IF TG_OP = 'DELETE'
               OR NEW.definition IS DISTINCT FROM OLD.definition OR NEW.bank_id IS DISTINCT FROM OLD.bank_id
               OR NEW.version <> OLD.version OR NEW.name <> OLD.name
               OR NOT (NEW.status = OLD.status OR (OLD.status = 'PUBLISHED' AND NEW.status = 'SUPERSEDED')) THEN
                RAISE EXCEPTION 'scorecard % is published and immutable (% refused)', OLD.id, TG_OP
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER scorecards_published_immutable BEFORE UPDATE OR DELETE ON scorecards "
        "FOR EACH ROW EXECUTE FUNCTION scorecards_published_immutable()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER scorecards_published_immutable ON scorecards")
    op.execute("DROP FUNCTION scorecards_published_immutable()")
