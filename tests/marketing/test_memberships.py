"""Membership kept per archive (docs/marketing.md, "Evaluation"): the nightly pass over every model
at once gives each model the members its condition alone selects, and what an evaluation on
demand gives; a second night rewrites only the archives whose set changed, keeping each member's
``since``; retiring a model takes it out of every archive's memberships."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from sqlalchemy import select, text

from backend.auth.principal import Principal
from backend.db.session import transaction
from backend.marketing.models import SegmentMembership, SegmentModel
from backend.marketing.segments import compile_model
from backend.marketing.service import Nightly, local_today, nightly
from tests.helpers import as_user
from tests.marketing.test_segments import SAVE, _archives, _path

EVALUATE = "mutation($id: ID!) { evaluateSegmentModel(id: $id) { model { memberCount } errors { code } } }"
RETIRE = "mutation($id: ID!) { retireSegmentModel(id: $id) { model { status } errors { code } } }"
# (user, condition): models of the province, a bank and a branch, overlapping.
MODELS = [
    ("prov.admin", {"field": "customer.education", "op": "IN", "value": ["PRIMARY", "NONE", "JUNIOR"]}),
    ("prov.admin", {"any": [{"field": "customer.maritalStatus", "op": "EQ", "value": "MARRIED"}, {"field": "customer.mobile", "op": "ABSENT"}]}),
    ("fz.admin", {"all": [{"field": "customer.gender", "op": "EQ", "value": "FEMALE"}, {"field": "customer.mobile", "op": "PRESENT"}]}),
    ("fz.admin", {"field": "rating.grade", "op": "IN", "value": ["AAA", "AA", "A"]}),
    ("fz1.manager", {"field": "customer.education", "op": "IN", "value": ["PRIMARY", "NONE", "JUNIOR"]}),
]


async def _save_all(client: Any) -> list[int]:
    ids = []
    for n, (user, condition) in enumerate(MODELS):
        saved = (await as_user(client, user, SAVE, {"i": {"name": f"模型{n}", "condition": condition}}))["data"]["saveSegmentModel"]
        assert saved["errors"] == [], saved
        ids.append(int(saved["model"]["id"]))
    return ids


async def _alone(services: Any, model_id: int) -> set[str]:
    """The archives the model's condition selects, in a statement of its own over its subtree."""
    async with services.db.sessions() as session:
        model = await session.get(SegmentModel, model_id)
        owner = Principal(kind="staff", scope_path=model.org_path, bank_id=model.bank_id, org_id=model.org_unit_id, roles=frozenset())
        compiled = compile_model(owner, model.condition, {})
        rows = await session.scalars(
            text(f"""SELECT c.id::text FROM customers c
                     LEFT JOIN business_aggregates a ON a.bank_id = c.bank_id AND a.customer_id = c.id
                     LEFT JOIN customer_ratings r ON r.bank_id = c.bank_id AND r.customer_id = c.id
                     WHERE c.org_path LIKE :path || '%' AND c.status <> 'ARCHIVED' AND ({compiled.where})"""),
            compiled.params | {"path": model.org_path},
        )  # fmt: skip
        return set(rows.all())


async def _members(services: Any) -> dict[int, dict[str, date]]:
    """Each model's members with their ``since``, from the stored memberships."""
    found: dict[int, dict[str, date]] = {}
    async with services.db.sessions() as session:
        for row in await session.scalars(select(SegmentMembership)):
            assert row.model_ids == sorted(row.model_ids) and len(row.since) == len(row.model_ids) > 0
            for model_id, since in zip(row.model_ids, row.since, strict=True):
                found.setdefault(model_id, {})[str(row.customer_id)] = since
    return found


async def _xmins(services: Any) -> dict[str, str]:
    async with services.db.sessions() as session:
        return dict((await session.execute(text("SELECT customer_id::text, xmin::text FROM segment_memberships"))).all())


async def _night(services: Any) -> Nightly:
    async with transaction(services.db.sessions) as session:
        return await nightly(session, local_today())


async def test_one_pass_over_every_model_equals_each_model_alone_and_on_demand(client, services):
    await _archives(services)
    async with transaction(services.db.sessions) as session:  # a few ratings, so that the rating test has members
        await session.execute(
            text("""INSERT INTO customer_ratings (bank_id, customer_id, card_id, score, grade, bins, item_values, vetoes, quota, rated_at)
                    SELECT bank_id, id, 0, 700, (ARRAY['AAA', 'A', 'BB'])[1 + abs(hashtext(id::text)) % 3], '{}', '{}', '{}', 0, now()
                    FROM customers ON CONFLICT DO NOTHING"""),
        )  # fmt: skip
    ids = await _save_all(client)
    started = time.perf_counter()
    night = await _night(services)
    took = time.perf_counter() - started
    members = await _members(services)
    # A province's model runs in every bank: the pass read every archive of every bank once (the
    # figure a night's cost follows, docs/benchmarks.md), whatever the number of models.
    async with services.db.sessions() as session:
        assert night.archives == await session.scalar(text("SELECT count(*) FROM customers")) > 0
    # Where the night went: each stage's time, taken in turn within the night (each rounded to 0.01 s).
    assert set(night.seconds) == {"evaluate", "model_reminders", "built_in_reminders"}
    assert all(s >= 0 for s in night.seconds.values()) and sum(night.seconds.values()) <= took + 0.015
    for model_id in ids:
        assert set(members.get(model_id, {})) == await _alone(services, model_id), model_id
    assert all(members.get(m) for m in ids)
    # The branch's model stays within the branch; the province's runs in every bank.
    branch = await _path(services, "FJ-FZ-01")
    async with services.db.sessions() as session:
        paths = dict((await session.execute(text("SELECT customer_id::text, org_path FROM segment_memberships"))).all())
    assert all(paths[c].startswith(branch) for c in members[ids[4]])
    assert len({paths[c].split("/")[2] for c in members[ids[0]]}) > 1

    # On demand, a model alone: the same members, and the other models' memberships untouched.
    before = await _xmins(services)
    for user, model_id in ((MODELS[0][0], ids[0]), (MODELS[3][0], ids[3])):
        answer = (await as_user(client, user, EVALUATE, {"id": str(model_id)}))["data"]["evaluateSegmentModel"]
        assert answer["errors"] == [] and answer["model"]["memberCount"] == len(members[model_id])
    assert await _members(services) == members and await _xmins(services) == before


async def test_a_second_night_writes_only_what_changed_and_keeps_since(client, services):
    await _archives(services)
    ids = await _save_all(client)
    await _night(services)
    first, rows = await _members(services), await _xmins(services)
    async with transaction(services.db.sessions) as session:
        await session.execute(
            text("UPDATE segment_memberships SET since = array_fill(DATE '2026-01-01', ARRAY[cardinality(model_ids)])")
        )
    rows = await _xmins(services)
    fz = await _path(services, "FJ-FZ")
    async with transaction(services.db.sessions) as session:
        # One archive leaves the low-education models; another changes nothing a model tests.
        leaving = await session.scalar(
            text("""UPDATE customers SET education = 'BACHELOR' WHERE id = (SELECT c.id FROM customers c WHERE c.org_path LIKE :p || '%'
                    AND c.status <> 'ARCHIVED' AND c.education IN ('PRIMARY', 'NONE', 'JUNIOR') ORDER BY c.id LIMIT 1) RETURNING id::text"""),
            {"p": fz},
        )  # fmt: skip
        await session.execute(
            text("UPDATE customers SET updated_at = now() WHERE id <> CAST(:id AS uuid) AND org_path LIKE :p || '%'"), {"id": leaving, "p": fz}
        )

    await _night(services)
    second = await _members(services)
    after = await _xmins(services)
    assert leaving not in second[ids[0]] and all(leaving not in second.get(m, {}) for m in (ids[0], ids[4]))
    assert {c: x for c, x in after.items() if c != leaving} == {c: x for c, x in rows.items() if c != leaving}
    assert leaving not in after or after[leaving] != rows[leaving]
    # Nobody joined, nobody else left; everyone kept their day (the archive that left two models too, in the others).
    for n, model_id in enumerate(ids):
        assert set(second.get(model_id, {})) == set(first.get(model_id, {})) - ({leaving} if n in (0, 4) else set())
        assert set(second.get(model_id, {}).values()) <= {date(2026, 1, 1)}


async def test_retiring_a_model_takes_it_out_of_membership(client, services):
    await _archives(services)
    ids = await _save_all(client)
    members = await _members(services)
    retired = ids[2]  # the bank's
    answer = (await as_user(client, "fz.admin", RETIRE, {"id": str(retired)}))["data"]["retireSegmentModel"]
    assert answer == {"model": {"status": "RETIRED"}, "errors": []}
    left = await _members(services)
    assert retired not in left and {m: v for m, v in members.items() if m != retired} == left
    # An archive of that model alone has no row any more; the counts stay.
    async with services.db.sessions() as session:
        rows = set((await session.scalars(text("SELECT customer_id::text FROM segment_memberships"))).all())
        counted = await session.scalar(text("SELECT sum(members) FROM segment_counts WHERE model_id = :m"), {"m": retired})
    assert rows == {c for m in left.values() for c in m} and counted == len(members[retired])
    await _night(services)
    assert retired not in await _members(services)
