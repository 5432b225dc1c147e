"""cic_name_begins(name, prefix): the name search's test of the name itself, in a form the planner
does not take for a rare one.

A name search reads the range of its pinyin key (``name_sort ^@ 'yang2'``) in the page's order and
tests the name's characters only to tell homophones apart (杨 from 阳). As ``(name || '') ^@ '杨'``
the planner, which has no statistics for that expression, took the test to keep half a percent of
the range (PostgreSQL's default for a prefix match). For 吴 and 杨 in a branch of 1 million
archives it then expected 18 rows where 5,754 came, so it read the whole range, joined each row to
its manager and branch, and sorted them for a page of 21: 18-22 ms a search, where reading the
index in order and stopping at 21 takes 0.1-0.2 ms (bench/graphql_vs_postgraphile.py, whose p99 at
concurrency 1 was those two surnames).

Behind a PL/pgSQL function (never inlined) the test is estimated at PostgreSQL's default for a
boolean function, a third, which is nearer the truth for a prefix of the key already matched.
``IMMUTABLE STRICT PARALLEL SAFE``: a pure function of its arguments; ``COST 10`` so that the
planner counts what testing every row of a range would cost.
"""

from alembic import op

revision, down_revision = "0030", "0029"  # 2026-12-06; no branch labels, no dependencies


def upgrade() -> None:
    op.execute(
        """CREATE FUNCTION cic_name_begins(name text, prefix text) RETURNS boolean
             LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10 AS $$
             BEGIN RETURN starts_with(name, prefix); END $$"""
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION cic_name_begins(text, text)")
