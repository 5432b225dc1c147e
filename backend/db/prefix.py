"""Prefix tests that keep their index under row-level security.

A subtree is a path prefix (``/1/4/`` and everything under it), a name search a prefix of the
name's pinyin key. ``LIKE 'prefix%'`` reads a range of a btree in C collation, but its operator
is not *leakproof*: under the tenant policies (migration 0024) PostgreSQL evaluates the policy
before any non-leakproof condition, so the LIKE could not be an index condition any more and a
branch's name search became a scan of its whole bank (2.6 s at 1 million archives, found by
bench/graphql_vs_postgraphile.py). ``starts_with`` (the ``^@`` operator) is leakproof and the
planner turns it into the same index range (``>= prefix AND < successor``), so the queries of
requests (which run under the policies) keep their plans. It also takes the prefix literally:
nothing to escape.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Boolean, String, literal_column
from sqlalchemy.sql.elements import ColumnElement

# An org unit's path: its ancestors' ids and its own, ``/1/4/17/``; the province's is ``/``.
_ORG_PATH = re.compile(r"/(?:[0-9]+/)*")


def starts_with(column: Any, prefix: Any) -> ColumnElement[bool]:
    """``column`` begins with ``prefix`` (``column ^@ prefix``)."""
    return column.op("^@", is_comparison=True, return_type=Boolean)(prefix)


def in_subtree(column: Any, path: str) -> ColumnElement[bool]:
    """``column ^@ path`` with the org path written into the statement, not bound (as
    ``backend.db.tenancy.of_bank`` writes the bank): for a statement kept per caller scope, which
    already differs by scope. PostgreSQL estimates a bound prefix at a default 0.5 % of the rows
    when it weighs a prepared statement's general plan, so that plan of a branch's name search
    expected one row, looked dearer than a plan for the values, and the search was planned anew
    at every execution: 0.5 ms of the database's 0.8 ms (docs/benchmarks.md). Written in, the
    prefix is estimated from the column's statistics, and the general plan is kept from the sixth
    execution on. Only a path of ids is written in; anything else stays bound."""
    if not _ORG_PATH.fullmatch(path):
        return starts_with(column, path)
    return starts_with(column, literal_column(f"'{path}'", String()))


def prefix_end(prefix: str) -> str | None:
    """The least string greater than every string that begins with ``prefix`` in C collation
    (code point order): ``wang`` -> ``wanh``. None when there is none (a prefix of U+10FFFF
    only). ``column >= prefix AND column < prefix_end(prefix)`` is ``column ^@ prefix`` written
    as a range whose ends may be bind parameters: PostgreSQL turns ``^@`` into an index range only
    for a value it knows at planning, so a kept statement's general plan (planned once, not per
    execution) could only filter by it."""
    chars = list(prefix)
    while chars:
        point = ord(chars.pop()) + 1
        if 0xD800 <= point <= 0xDFFF:  # surrogates are not characters PostgreSQL stores
            point = 0xE000
        if point <= 0x10FFFF:
            return "".join(chars) + chr(point)
    return None
