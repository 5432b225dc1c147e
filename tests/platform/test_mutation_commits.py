"""Each top-level mutation field commits or fails on its own."""

from __future__ import annotations

from sqlalchemy import select

from backend.customers.models import Customer
from tests.customers.archive_fixtures import archive
from tests.helpers import gql, login

TWO = """mutation($a: CreateArchiveInput!, $b: ArchiveTransitionInput!) {
  first: createArchive(input: $a) { customer { id version } errors { code } }
  second: closeArchive(input: $b) { customer { id } errors { code } }
}"""


async def test_a_failing_mutation_does_not_undo_the_one_before_it(client, services):
    # Given a customer manager, who may create archives but not close them,
    cm = await login(client, "fz1.cm1")
    # when one request creates an archive and then tries to close another one,
    result = await gql(client, TWO, {"a": {"archive": archive()}, "b": {"id": "00000000-0000-0000-0000-000000000001", "version": 1, "reason": "x"}}, token=cm)
    # then the second field fails on its own (top level: FORBIDDEN) ...
    assert [(e["path"], e["extensions"]["code"]) for e in result["errors"]] == [(["second"], "FORBIDDEN")]
    # ... and the first says it is stored, and it is.
    first = result["data"]["first"]
    assert first["errors"] == [] and first["customer"]["version"] == 1
    async with services.db.sessions() as session:
        assert [str(i) for i in await session.scalars(select(Customer.id))] == [first["customer"]["id"]]


async def test_a_refused_mutation_after_a_stored_one_keeps_both_outcomes(client, services):
    cm = await login(client, "fz1.cm1")
    both = """mutation($a: CreateArchiveInput!, $b: CreateArchiveInput!) {
      ok: createArchive(input: $a) { customer { id } errors { code } }
      dup: createArchive(input: $b) { customer { id } errors { code } }
    }"""
    result = await gql(client, both, {"a": {"archive": archive()}, "b": {"archive": archive()}}, token=cm)
    assert result["data"]["ok"]["errors"] == [] and result["data"]["dup"]["errors"] == [{"code": "DUPLICATE_ARCHIVE"}]
    async with services.db.sessions() as session:
        assert [str(i) for i in await session.scalars(select(Customer.id))] == [result["data"]["ok"]["customer"]["id"]]
