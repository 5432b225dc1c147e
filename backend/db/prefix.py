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

from typing import Any

from sqlalchemy import Boolean
from sqlalchemy.sql.elements import ColumnElement


def starts_with(column: Any, prefix: Any) -> ColumnElement[bool]:
    """``column`` begins with ``prefix`` (``column ^@ prefix``)."""
    return column.op("^@", is_comparison=True, return_type=Boolean)(prefix)
