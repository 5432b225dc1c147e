"""The mobile-banking simulator (`cic simulate mobile-banking`, docs/channels.md): a mobile bank
whose server signs its logged-in customer's assertion, holds the customer's CIC token and forwards
its H5 page's GraphQL; against the real API over HTTP."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text

from backend.demo import demo_clients
from backend.integrations.mobile_banking import SESSION_COOKIE, DirectoryEntry, demo_directory, demo_key, simulator_app
from tests.approvals.conftest import eligible_archive
from tests.mobile_banking.helpers import APPLY, DRAW, MY, id_number_of, luhn
from tests.mobile_banking.test_mobile_banking import mobile_product
from tests.waiting import serving

SECRET = next(c["client_secret"] for c in demo_clients() if c["client_id"] == "mobile-banking")


@pytest.fixture
async def cic_url(app) -> AsyncIterator[str]:
    async with serving(app, lifespan="off") as url:
        yield url


def h5(cic_url: str, settings, entries: list[DirectoryEntry], secret: str = SECRET):
    async def directory() -> list[DirectoryEntry]:
        return entries

    return simulator_app(cic_url=cic_url, audience=settings.jwt_issuer, client_id="mobile-banking", client_secret=secret,
                         key=demo_key(), directory=directory)


async def test_a_customer_logs_in_through_the_mobile_bank_applies_and_draws_down(client, services, settings, cic_url):
    archive = await eligible_archive(services, seed=95)
    await mobile_product(client, "TEST_H5")
    id_number = await id_number_of(services, archive.id)
    entries = [DirectoryEntry(id_number=id_number, bank="FJ-FZ", label="王*明（福州农村商业银行，建档精准）")]
    async with serving(h5(cic_url, settings, entries)) as url, httpx.AsyncClient(base_url=url) as phone:
        page = await phone.get("/")
        assert page.status_code == 200 and "手机银行" in page.text
        assert "default-src 'self'" in page.headers["content-security-policy"]
        assert (await phone.get("/app.js")).status_code == 200 and (await phone.get("/secrets.txt")).status_code == 404
        assert (await phone.get("/api/session")).json() == {"loggedIn": False, "label": None}
        assert (await phone.post("/api/graphql", json={"query": MY})).status_code == 401

        [offered] = (await phone.get("/api/customers")).json()["customers"]
        assert id_number not in offered["key"] and offered["label"] == entries[0].label  # the page never sees the ID number
        logged_in = await phone.post("/api/login", json={"key": offered["key"]})
        assert logged_in.status_code == 200, logged_in.text
        assert "access_token" not in logged_in.text and SESSION_COOKIE in logged_in.headers["set-cookie"]
        assert "httponly" in logged_in.headers["set-cookie"].lower()

        mine = (await phone.post("/api/graphql", json={"query": MY})).json()["data"]["myBanking"]
        assert mine["filing"]["precise"] is True and {p["code"] for p in mine["products"]} >= {"TEST_H5"}
        product = next(p for p in mine["products"] if p["code"] == "TEST_H5")
        applied = (await phone.post("/api/graphql", json={"query": APPLY, "variables": {"i": {
            "productId": product["id"], "amount": "20000.00", "term": 12, "repaymentMethod": "EQUAL_INSTALLMENT", "purpose": "购买种苗"}}})).json()
        assert applied["data"]["applyForQuota"]["application"]["status"] == "APPROVED", applied
        [quota] = (await phone.post("/api/graphql", json={"query": MY})).json()["data"]["myBanking"]["quotas"]
        drawn = (await phone.post("/api/graphql", json={"query": DRAW, "variables": {"i": {
            "quotaId": quota["id"], "amount": "5000.00", "term": 12, "account": luhn("621799")}}})).json()
        loan = drawn["data"]["drawDown"]["loan"]
        assert drawn["data"]["drawDown"]["errors"] == [] and loan["status"] == "REQUESTED" and loan["amount"] == "5000.00"

        # Another phone (no session cookie) reads nothing; after logout neither does this one.
        async with httpx.AsyncClient(base_url=url) as other:
            assert (await other.post("/api/graphql", json={"query": MY})).status_code == 401
        assert (await phone.post("/api/logout")).status_code == 200
        assert (await phone.post("/api/graphql", json={"query": MY})).status_code == 401


async def test_the_simulator_reports_a_refused_login_in_chinese(services, settings, cic_url):
    async with serving(h5(cic_url, settings, [])) as url, httpx.AsyncClient(base_url=url) as phone:
        unknown = await phone.post("/api/login", json={"idNumber": "11010519491231002X", "bank": "FJ-FZ"})
        assert unknown.status_code == 401 and re.search(r"[\u4e00-\u9fff]", unknown.json()["message"])
        assert SESSION_COOKIE not in unknown.headers.get("set-cookie", "")
        short = await phone.post("/api/login", json={"idNumber": "1101", "bank": "FJ-FZ"})
        assert short.status_code == 400 and "身份证号" in short.json()["message"]
        assert (await phone.post("/api/login", json={"key": "not-offered"})).status_code == 400
    archive = await eligible_archive(services, seed=96)
    entry = DirectoryEntry(id_number=await id_number_of(services, archive.id), bank="FJ-FZ", label="x")
    async with serving(h5(cic_url, settings, [entry], secret="wrong-secret")) as url, httpx.AsyncClient(base_url=url) as phone:
        [offered] = (await phone.get("/api/customers")).json()["customers"]
        refused = await phone.post("/api/login", json={"key": offered["key"]})
        assert refused.status_code == 401 and re.search(r"[\u4e00-\u9fff]", refused.json()["message"])


async def test_the_demo_directory_offers_precise_and_unfinished_archives_masked(services):
    precise = await eligible_archive(services, seed=97)
    unfinished = await eligible_archive(services, seed=99)
    async with services.db.sessions() as session, session.begin():
        await session.execute(text("UPDATE archive_evaluations SET precise = false WHERE customer_id = :id"), {"id": unfinished.id})
    async with services.db.sessions() as session:
        entries = await demo_directory(session, services.cipher, precise_per_bank=50, others_per_bank=1)
    mine = [e for e in entries if e.id_number == await id_number_of(services, precise.id)]
    assert len(mine) == 1 and "建档精准，评级BB" in mine[0].label and mine[0].bank == "FJ-FZ"
    other = [e for e in entries if e.id_number == await id_number_of(services, unfinished.id)]
    assert len(other) == 1 and "建档未精准" in other[0].label
    for e in entries:
        assert len(e.id_number) == 18 and e.id_number not in e.label and "*" in e.label.split("（")[0]
    assert sum(1 for e in entries if "建档未精准" in e.label and e.bank == "FJ-FZ") == 1  # others_per_bank


def test_the_directory_age_bounds_survive_a_leap_day():
    from datetime import date

    from backend.integrations.mobile_banking import years_before

    assert years_before(date(2028, 2, 29), 20) == date(2008, 2, 29)  # both leap years
    assert years_before(date(2028, 2, 29), 60) == date(1968, 2, 29)
    assert years_before(date(2028, 2, 29), 21) == date(2007, 2, 28)  # no 29 February in 2007
