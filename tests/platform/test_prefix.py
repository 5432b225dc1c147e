"""Prefix tests written for kept statements (backend/db/prefix.py): a name key's range as two
comparisons selects exactly what ``^@`` selects, and an org path is written into the statement
only when it is a path of ids."""

from __future__ import annotations

import pytest
from sqlalchemy import column, select, text
from sqlalchemy.dialects import postgresql

from backend.db.prefix import in_subtree, prefix_end

# Each beside what begins with it and what does not, around the range's ends (code point order).
WORDS = ["wang", "wang2", "wang2 王五", "wanf", "wanfz", "wanh", "wan", "wang\U0010ffff", "li", "li1", "lia", "lj", "l", "",
         "\ud7ff", "\ue000", "a\U0010ffff", "b", "a", "z{", "{", "王", "王五", "玊"]
PREFIXES = ["wang", "wang2", "li", "l", "a\U0010ffff", "z", "王", "\ud7ff"]


def test_a_prefix_ends_at_the_least_string_after_all_it_begins() -> None:
    assert prefix_end("wang") == "wanh" and prefix_end("li1") == "li2" and prefix_end("z") == "{"
    assert prefix_end("a\U0010ffff") == "b"  # the last character has no successor: the one before it moves
    assert prefix_end("\ud7ff") == "\ue000"  # past the surrogates, which PostgreSQL cannot store
    assert prefix_end("\U0010ffff") is None and prefix_end("") is None


@pytest.mark.parametrize("prefix", PREFIXES)
async def test_the_range_selects_what_starts_with_selects(services, prefix: str) -> None:
    async with services.db.replica.connect() as conn:
        rows = await conn.execute(
            text(
                # in C collation, as the name key's column (code point order)
                """SELECT w, w ^@ :p AS starts, (w >= :p AND w < :e) AS in_range
                   FROM unnest(CAST(:words AS text[]) COLLATE "C") AS t(w) ORDER BY w"""
            ).bindparams(p=prefix, e=prefix_end(prefix), words=WORDS)
        )
        found = [(w, starts, in_range) for w, starts, in_range in rows]
    assert [w for w, starts, _ in found if starts], "no word begins with the prefix"
    assert [(w, starts) for w, starts, _ in found] == [(w, bool(in_range)) for w, _, in_range in found]


def test_an_org_path_is_written_in_and_anything_else_bound() -> None:
    def sql(path: str) -> str:
        return str(select(column("x")).where(in_subtree(column("org_path"), path)).compile(dialect=postgresql.dialect()))

    assert "org_path ^@ '/1/2/3/'" in sql("/1/2/3/") and "org_path ^@ '/'" in sql("/")
    assert "%(org_path_1)s" in sql("/1/2'; DROP TABLE customers; --/")  # not a path of ids: bound, never written in
    assert "%(org_path_1)s" in sql("/1/x/") and "DROP" not in sql("/1/2'; DROP TABLE customers; --/")
