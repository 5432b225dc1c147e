"""Synthetic archives: valid identifiers, correct org placement, protected values, idempotent reruns."""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select, text
from stdnum.cn import ric, uscc
from typer.testing import CliRunner

from backend.auth.contexts import (
    ADDRESS_CONTEXT,
    ALT_PHONE_CONTEXT,
    FAMILY_ID_CONTEXT,
    ID_CONTEXT,
    MOBILE_CONTEXT,
)
from backend.cli import app as cli_app
from backend.seeding import synthetic
from backend.identifiers import current_regions, parse_resident_id
from backend.customers.models import Customer
from backend.customers.service import PROFILE_SECRETS, profile_secret
from backend.customers.validation import validate_archive
from backend.demo import BANKS, DEMO_CUSTOMERS_PER_BANK, load_demo_customers
from backend.orgs.models import OrgLevel, OrgUnit

MONEY_KEYS = {"annual_income", "value", "farming", "business", "wages", "other", "amount", "overdue_amount", "annual_turnover"}


def _as_input(value: Any) -> Any:
    """Stored profile (money in integer fen) -> archive input (money as yuan strings)."""
    if isinstance(value, dict):
        return {
            k: f"{v / 100:.2f}" if k in MONEY_KEYS and isinstance(v, int) and not isinstance(v, bool) else _as_input(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_as_input(v) for v in value]
    return value


def _opened_secrets(cipher, profile: dict) -> dict:
    """The profile's encrypted sections as an editor would send them (plain values)."""
    out = {}
    for section, key, _context in PROFILE_SECRETS:
        part = dict(profile[section])
        assert key not in part  # stored encrypted only
        part.pop(f"{key}_encrypted")
        part[key] = profile_secret(cipher, profile, section, key)
        out[section] = part
    return out


async def _bank_counts(services) -> dict[str, int]:
    async with services.db.sessions() as s:
        rows = await s.execute(
            select(OrgUnit.code, func.count(Customer.id))
            .outerjoin(Customer, Customer.bank_id == OrgUnit.id)
            .where(OrgUnit.level == OrgLevel.BANK)
            .group_by(OrgUnit.code)
        )
        return dict(rows.all())


@pytest.fixture
async def demo_customers(services):
    """The demo's synthetic archives (the test harness loads the demo without them)."""
    async with services.db.sessions() as s:
        assert await load_demo_customers(s, services.cipher) == DEMO_CUSTOMERS_PER_BANK * len(BANKS)
        await s.commit()
    return services


async def _seed(services, count: int, **options: Any) -> int:
    async with services.db.sessions() as s:
        added = await synthetic.seed_customers(s, services.cipher, count, **options)
        await s.commit()
    return added


def test_identifiers_are_valid_for_every_fujian_county_and_birth_year():
    geo = synthetic.fujian_geography()
    years = np.arange(1920, 2027)
    for county in range(len(geo.codes)):
        regions = geo.lineage[county, years - synthetic.LINEAGE_YEAR0]
        births = np.array([np.datetime64(f"{y}-02-28") for y in years])
        numbers = synthetic.resident_ids(regions, births, np.arange(len(years)) * 7 % 1000)
        assert all(ric.is_valid(n) for n in numbers), geo.names[county]
        assert regions[-1] == geo.codes[county]  # today's code for people born today
    rng = np.random.default_rng(7)
    codes = synthetic.credit_codes(rng, rng.choice(geo.codes, 2000), rng.random(2000) < 0.5)
    assert all(uscc.is_valid(c) for c in codes)
    assert {c[:2] for c in codes} == {"91", "92"}


def test_counters_map_one_to_one_onto_birth_date_and_sequence():
    space = synthetic._id_space()
    assert space.size > 10_000_000  # 10 M archives per bank fit
    counters = np.arange(0, space.size, 3)
    day, seq = space.keys(counters)
    assert len(np.unique(day * 1000 + seq)) == len(counters)
    assert seq.min() >= 0 and seq.max() <= 999
    births = synthetic.BIRTH_FIRST + day
    assert births.min() >= synthetic.BIRTH_FIRST and births.max() <= synthetic.BIRTH_LAST


async def test_demo_archives_are_valid_placed_and_protected(services, demo_customers):
    assert await _bank_counts(services) == {f"FJ-{code}": DEMO_CUSTOMERS_PER_BANK for code, _, _ in BANKS}
    async with services.db.sessions() as s:
        misplaced = await s.scalar(
            text(
                """
                SELECT count(*) FROM customers c
                LEFT JOIN org_units b ON b.id = c.branch_id AND b.level = 'BRANCH' AND b.path = c.org_path AND b.bank_id = c.bank_id
                LEFT JOIN staff_users m ON m.id = c.manager_id AND m.org_unit_id = c.branch_id
                     AND 'CUSTOMER_MANAGER' = ANY(m.roles) AND m.status = 'ACTIVE'
                WHERE b.id IS NULL OR m.id IS NULL
                """
            )
        )
        assert misplaced == 0
        customers = (await s.scalars(select(Customer))).all()
    cipher = services.cipher
    regions = current_regions()
    for c in customers:
        number = cipher.decrypt(c.id_number_encrypted, context=ID_CONTEXT)
        assert ric.is_valid(number) and number.startswith("35")
        assert cipher.blind_index(number, context=ID_CONTEXT) == c.id_number_bidx
        parsed = parse_resident_id(number)
        assert (parsed.birth_date, parsed.gender) == (c.birth_date, c.gender)
        assert regions[c.region_code].level == "COUNTY" and c.region_code.startswith("35")
        assert c.version == 1
        assert c.consent is not None or c.status == "DRAFT"
        if c.profile["business"]:
            assert uscc.is_valid(c.profile["business"]["credit_code"])
        # The whole archive passes the same validation as one entered by a customer manager.
        members = []
        for m in c.profile["family_members"]:
            m = dict(m)
            blob, masked = m.pop("id_number_encrypted"), m.pop("id_number_masked")
            m["id_number"] = cipher.decrypt(base64.b64decode(blob), context=FAMILY_ID_CONTEXT) if blob else None
            assert (m["id_number"] is None) == (masked is None)
            members.append(m)
        data = {
            "name": c.name, "id_number": number, "id_expiry": c.id_expiry, "id_long_term": c.id_long_term,
            "ethnicity": c.ethnicity, "education": c.education, "marital_status": c.marital_status, "health": c.health,
            "mobile": cipher.decrypt(c.mobile_encrypted, context=MOBILE_CONTEXT) if c.mobile_encrypted else None,
            "alt_phone": cipher.decrypt(c.alt_phone_encrypted, context=ALT_PHONE_CONTEXT) if c.alt_phone_encrypted else None,
            "address": {"region_code": c.region_code, "township_code": c.township_code, "village_code": c.village_code,
                        "line": cipher.decrypt(c.address_encrypted, context=ADDRESS_CONTEXT)},
            **_as_input({**{k: v for k, v in c.profile.items() if k != "family_members"}, "family_members": members,
                         **_opened_secrets(cipher, c.profile)}),
        }  # fmt: skip
        archive = validate_archive(data)
        assert archive.profile()["income"] == c.profile["income"]
        assert archive.household.size == len(members) + 1 <= 7


async def test_seeding_counts_mix_and_a_second_run_adds_without_collisions(services, demo_customers):
    before = await _bank_counts(services)
    ids = select(Customer.id)
    async with services.db.sessions() as s:
        existing = set((await s.scalars(ids)).all())
    assert await _seed(services, 1500, bank_codes=["FZ"], seed=1) == 1500
    async with services.db.sessions() as s:
        first = set((await s.scalars(ids)).all()) - existing
    assert await _seed(services, 1500, bank_codes=["FJ-FZ"], seed=1) == 1500  # same seed: new counters, new people
    after = await _bank_counts(services)
    assert after == {**before, "FJ-FZ": before["FJ-FZ"] + 3000}
    async with services.db.sessions() as s:
        fz = await s.scalar(select(OrgUnit.id).where(OrgUnit.code == "FJ-FZ"))
        rows = (await s.execute(select(Customer).where(Customer.bank_id == fz))).scalars().all()
    numbers = [services.cipher.decrypt(c.id_number_encrypted, context=ID_CONTEXT) for c in rows]
    assert len(set(numbers)) == len(rows) == 3000 + DEMO_CUSTOMERS_PER_BANK
    assert all(ric.is_valid(n) for n in numbers[::7])
    statuses = [c.status for c in rows]
    assert statuses.count("VERIFIED") > 0.6 * len(rows)
    assert {"DRAFT", "SUBMITTED", "RETURNED"} <= set(statuses)
    assert {c.channel for c in rows} == {"PC", "PAD"}
    assert all(c.consent and c.consent["wording_version"] == "v2024.1" for c in rows if c.status != "DRAFT")
    two_years = datetime.now(UTC) - timedelta(days=731)
    assert all(two_years <= c.created_at <= c.updated_at for c in rows)
    assert all(c.verified_at and c.verified_by for c in rows if c.status == "VERIFIED")
    with_business = [c for c in rows if c.profile["business"]]
    assert 0.10 < len(with_business) / len(rows) < 0.20
    assert all(uscc.is_valid(c.profile["business"]["credit_code"]) for c in with_business)
    married = [c for c in rows if c.marital_status == "MARRIED"]
    assert all(sum(m["relation"] == "SPOUSE" for m in c.profile["family_members"]) == 1 for c in married)
    assert max(len(c.profile["family_members"]) for c in rows) <= 6
    # Time-ordered ids (backend.db.ids): a later run's archives sort after an earlier run's.
    second = {c.id for c in rows} - existing - first
    assert len(first) == len(second) == 1500 and {i.version for i in first | second} == {7}
    assert max(first) < min(second)


async def test_a_restarted_counter_range_skips_clashing_id_numbers(services, demo_customers, monkeypatch):
    """Archives lost from a bank make its count restart inside used counters: clashes are skipped."""
    before = await _bank_counts(services)
    plan = synthetic._plan

    async def forgetful(conn, bank_codes):
        p = await plan(conn, bank_codes)
        p.existing = [0] * len(p.existing)  # as if the bank had no archives: regenerates the demo's people
        return p

    clashes: list[int] = []
    existing_bidx = synthetic._existing_bidx

    async def spy(raw, p, rows):
        found = await existing_bidx(raw, p, rows)
        clashes.append(len(found))
        return found

    monkeypatch.setattr(synthetic, "_plan", forgetful)
    monkeypatch.setattr(synthetic, "_existing_bidx", spy)
    banks = [f"FJ-{code}" for code, _, _ in BANKS]
    added = await _seed(services, DEMO_CUSTOMERS_PER_BANK * len(banks), bank_codes=banks, seed=2026)
    assert added == DEMO_CUSTOMERS_PER_BANK * len(banks)
    assert clashes == [DEMO_CUSTOMERS_PER_BANK * len(banks)]  # every one clashed, then replacements went in
    assert await _bank_counts(services) == {code: n + DEMO_CUSTOMERS_PER_BANK for code, n in before.items()}


async def test_cli_seeds_customers(services):
    before = await _bank_counts(services)
    result = await asyncio.to_thread(CliRunner().invoke, cli_app, ["seed", "customers", "--count", "90", "--bank", "NP", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "added 90 archives" in result.output
    assert await _bank_counts(services) == {**before, "FJ-NP": before["FJ-NP"] + 90}
    unknown = await asyncio.to_thread(CliRunner().invoke, cli_app, ["seed", "customers", "--count", "5", "--bank", "XX"])
    assert unknown.exit_code == 1 and "unknown bank code" in unknown.output
