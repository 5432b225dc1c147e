"""ECIF (统一客户号): the HTTP adapter against its simulator over a real loopback socket, the
`customers.push_to_ecif` job through a real arq burst worker on Redis, and the `ecifLookup`
prefill through GraphQL. Faults are injected through the simulator's HTTP interface."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from arq.jobs import Job
from arq.worker import Worker
from asgi_lifespan import LifespanManager
from sqlalchemy import func, select

from backend.audit.models import AuditRecord
from backend.config import PROJECT_ROOT, Settings
from backend.customers.models import Customer as CustomerRow
from backend.customers.models import CustomerChange
from backend.db.session import transaction
from backend.integrations.ecif import (
    EcifCustomer,
    EcifNotConfigured,
    EcifRejected,
    EcifUnavailable,
    HttpEcifClient,
    simulated_customer_no,
    simulator_app,
)
from backend.outbox.models import JobExecution, OutboxMessage
from backend.outbox.service import queue_job_id, relay_pending
from tests.customers.archive_fixtures import (
    CONSENT,
    OTHER_ID,
    SPOUSE_ID,
    ZHANG_ID,
    verified_archive,
)
from tests.faults import refused_port
from tests.helpers import cic_environment, gql, login
from tests.helpers import run_burst_worker as run_test_worker
from tests.waiting import ProcessOutput, serving
from backend.customers.ecif import enqueue_missing_ecif_pushes
from backend.customers.tasks import PUSH_TO_ECIF
from workers import customers as customer_jobs

TASK = "customers.push_to_ecif"
pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")

# Seeded in the simulator under another name than the test archive's 张建国.
SEEDED_ID, SEEDED_NAME = OTHER_ID, "陈志强"
LOOKUP = """query($n: String!) { ecifLookup(idNumber: $n) {
  customerNo name idNumber gender birthDate mobile address regionCode ethnicity registeredByOwnBank sharedFields } }"""
CUSTOMER = """query($id: ID!) { customer(id: $id) {
  version status updatedAt ecifCustomerNo history { version action channel diff note changedBy { username } } } }"""
CLOSE = "mutation($i: ArchiveTransitionInput!) { closeArchive(input: $i) { customer { status } errors { code } } }"


@pytest.fixture
async def ecif_url() -> AsyncIterator[str]:
    """A fresh ECIF simulator (seeded) on a loopback port."""
    async with serving(simulator_app()) as url:
        yield url


async def sim_faults(url: str, status: int, count: int) -> None:
    async with httpx.AsyncClient() as c:
        assert (await c.post(f"{url}/_sim/faults", json={"status": status, "count": count})).status_code == 204


async def sim_requests(url: str) -> list[tuple[str, str, int]]:
    async with httpx.AsyncClient() as c:
        return [(r["method"], r["path"], r["status"]) for r in (await c.get(f"{url}/_sim/requests")).json()]


@pytest.fixture
def worker_env(settings, ecif_url):
    """The worker process's environment: CIC_ECIF_URL at the simulator, retries without delay.

    ``workers.settings.startup`` builds its services from ``get_settings()``, as in production."""
    added = {"CIC_ECIF_URL": ecif_url, "CIC_JOB_RETRY_BASE_SECONDS": "0"}
    with cic_environment(added):
        yield ecif_url


async def run_burst_worker(settings, ecif_url: str) -> Worker:
    worker = await run_test_worker(settings)
    used = worker.ctx["services"].settings
    assert (used.database_url, used.queue_name, used.ecif_url) == (settings.database_url, settings.queue_name, ecif_url)
    assert used.job_retry_base_seconds == 0
    return worker


async def job_result(services, settings, outbox_id: int, job_id: str | None = None) -> Any:
    job_id = job_id or queue_job_id(settings.queue_name, outbox_id)
    info = await Job(job_id, services.redis, _queue_name=settings.queue_name).result_info()
    assert info is not None, f"no result for {job_id}"
    assert info.success, info.result
    return info.result


async def the_push(services, cid: str) -> OutboxMessage:
    async with services.db.sessions() as s:
        [row] = list(await s.scalars(select(OutboxMessage).where(OutboxMessage.task == TASK)))
    assert row.payload["customer_id"] == cid and row.sent_at is not None
    return row


async def audits(services, action: str) -> list[AuditRecord]:
    async with services.db.sessions() as s:
        return list(await s.scalars(select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)))


async def count(services, model, *where) -> int:
    async with services.db.sessions() as s:
        return await s.scalar(select(func.count()).select_from(model).where(*where))


# -- the adapter against the simulator ---------------------------------------------------------


async def test_registration_is_idempotent_by_id_number_and_lookup_returns_what_ecif_knows(ecif_url):
    ecif = HttpEcifClient(ecif_url)
    person = EcifCustomer(id_number=ZHANG_ID, name="张建国", gender="MALE", mobile="13812345678", address="鼓楼区东街1号")
    first = await ecif.register(person)
    assert re.fullmatch(r"E\d{12}", first) and first == simulated_customer_no(ZHANG_ID)
    assert await ecif.register(person) == first  # the same person again: the same number
    assert await ecif.register(EcifCustomer(id_number=SPOUSE_ID, name="李秀英")) not in (first, None)
    known = await ecif.lookup(ZHANG_ID)
    assert (known.customer_no, known.name, known.mobile, known.address) == (first, "张建国", "13812345678", "鼓楼区东街1号")
    seeded = await ecif.lookup(SEEDED_ID)
    assert (seeded.name, seeded.gender, seeded.birth_date.isoformat(), seeded.region_code) == (SEEDED_NAME, "MALE", "1985-11-23", "350521")
    # A seeded person registered by a bank gets the number ECIF already had.
    assert await ecif.register(EcifCustomer(id_number=SEEDED_ID, name=SEEDED_NAME)) == seeded.customer_no
    assert await ecif.lookup("350102199001010017") is None
    assert [s for _, _, s in await sim_requests(ecif_url)] == [201, 200, 201, 200, 200, 200, 404]
    await ecif.aclose()


async def test_overload_and_outage_are_unavailable_and_validation_answers_are_rejections(ecif_url):
    ecif = HttpEcifClient(ecif_url)
    for status in (503, 500, 429):
        await sim_faults(ecif_url, status, 1)
        with pytest.raises(EcifUnavailable, match=str(status)):
            await ecif.register(EcifCustomer(id_number=ZHANG_ID, name="张建国"))
    with pytest.raises(EcifRejected) as bad_id:
        await ecif.register(EcifCustomer(id_number="350102199003071235", name="张建国"))
    assert (bad_id.value.status, bad_id.value.code) == (400, "INVALID_ID_NUMBER") and bad_id.value.reason
    with pytest.raises(EcifRejected) as mismatch:
        await ecif.register(EcifCustomer(id_number=SEEDED_ID, name="张建国"))
    assert (mismatch.value.status, mismatch.value.code) == (422, "NAME_MISMATCH")
    assert not isinstance(mismatch.value, EcifUnavailable)
    await ecif.aclose()

    with refused_port() as port:
        down = HttpEcifClient(f"http://127.0.0.1:{port}", timeout=1)
        with pytest.raises(EcifUnavailable, match="unreachable"):
            await down.lookup(ZHANG_ID)
        await down.aclose()


# -- the job: verify -> outbox -> arq worker -> ECIF ---------------------------------------------


async def test_verifying_an_archive_registers_it_with_ecif_once_even_when_the_job_is_delivered_twice(
    client, services, settings, worker_env
):
    cid, bm = await verified_archive(client)
    before = (await gql(client, CUSTOMER, {"id": cid}, token=bm))["data"]["customer"]
    assert (before["status"], before["version"], before["ecifCustomerNo"]) == ("VERIFIED", 3, None)
    row = await the_push(services, cid)
    assert row.payload == {"bank_id": row.payload["bank_id"], "customer_id": cid}
    # A second delivery of the same outbox row under another arq job id.
    again = f"{queue_job_id(settings.queue_name, row.id)}:again"
    assert await services.redis.enqueue_job(TASK, row.id, row.payload, _job_id=again) is not None

    worker = await run_burst_worker(settings, worker_env)
    assert (worker.jobs_complete, worker.jobs_failed, worker.jobs_retried) == (2, 0, 0)
    results = [await job_result(services, settings, row.id), await job_result(services, settings, row.id, again)]
    assert sorted(results) == ["duplicate", "registered"]

    number = simulated_customer_no(ZHANG_ID)
    after = (await gql(client, CUSTOMER, {"id": cid}, token=bm))["data"]["customer"]
    assert after["ecifCustomerNo"] == number
    # A system change: no new version (an edit based on version 3 still applies), same updatedAt.
    assert (after["version"], after["updatedAt"]) == (3, before["updatedAt"])
    ecif_change = after["history"][0]
    assert ecif_change == {
        "version": 3, "action": "ECIF", "channel": "SYSTEM", "diff": {"ecifCustomerNo": [None, number]},
        "note": "ECIF 统一客户号登记", "changedBy": None,
    }
    assert [h["action"] for h in after["history"]].count("ECIF") == 1
    [record] = await audits(services, "customer.ecif_registered")
    assert (record.target_type, record.target_id, record.detail) == (
        "Customer", cid, {"version": 3, "ecifCustomerNo": number, "changed": True}
    )
    assert await count(services, JobExecution, JobExecution.task == TASK) == 1
    # ECIF was called once, and got the decrypted archive data.
    assert await sim_requests(worker_env) == [("POST", "/ecif/v1/customers", 201)]
    ecif = HttpEcifClient(worker_env)
    known = await ecif.lookup(ZHANG_ID)
    await ecif.aclose()
    assert (known.name, known.mobile, known.address, known.gender, known.region_code) == (
        "张建国", "13812345678", "鼓楼区东街1号", "MALE", "350102"
    )


async def test_ecif_answering_503_twice_is_retried_with_backoff_and_then_registered(client, services, settings, worker_env):
    await sim_faults(worker_env, 503, 2)
    cid, bm = await verified_archive(client)
    row = await the_push(services, cid)

    worker = await run_burst_worker(settings, worker_env)
    assert (worker.jobs_complete, worker.jobs_failed, worker.jobs_retried) == (1, 0, 2)
    assert await job_result(services, settings, row.id) == "registered"
    assert [s for _, _, s in await sim_requests(worker_env)] == [503, 503, 201]
    customer = (await gql(client, CUSTOMER, {"id": cid}, token=bm))["data"]["customer"]
    assert customer["ecifCustomerNo"] == simulated_customer_no(ZHANG_ID)
    # The failed tries left nothing behind: one claim, one audit record, one history row.
    assert await count(services, JobExecution, JobExecution.task == TASK) == 1
    assert len(await audits(services, "customer.ecif_registered")) == 1
    assert [h["action"] for h in customer["history"]].count("ECIF") == 1


async def test_a_registration_ecif_refuses_is_audited_and_not_retried(client, services, settings, worker_env):
    # ECIF knows this ID number as 陈志强; the archive says 张建国.
    cid, bm = await verified_archive(client, idNumber=SEEDED_ID)
    row = await the_push(services, cid)

    worker = await run_burst_worker(settings, worker_env)
    assert (worker.jobs_complete, worker.jobs_failed, worker.jobs_retried) == (1, 0, 0)
    assert await job_result(services, settings, row.id) == "rejected"
    assert await sim_requests(worker_env) == [("POST", "/ecif/v1/customers", 422)]
    [record] = await audits(services, "customer.ecif_rejected")
    assert (record.target_type, record.target_id) == ("Customer", cid)
    assert record.detail["code"] == "NAME_MISMATCH" and record.detail["status"] == 422 and record.detail["reason"]
    customer = (await gql(client, CUSTOMER, {"id": cid}, token=bm))["data"]["customer"]
    assert customer["ecifCustomerNo"] is None and customer["version"] == 3
    assert await count(services, CustomerChange, CustomerChange.action == "ECIF") == 0
    assert await audits(services, "customer.ecif_registered") == []
    # Settled for good: the claim is committed with the audit record, so nothing retries it.
    assert await count(services, JobExecution, JobExecution.task == TASK) == 1


async def test_an_archive_no_longer_verified_is_not_pushed(client, services, settings, worker_env):
    cid, bm = await verified_archive(client)
    closed = await gql(client, CLOSE, {"i": {"id": cid, "version": 3, "reason": "客户迁出"}}, token=bm)
    assert closed["data"]["closeArchive"]["customer"]["status"] == "ARCHIVED"
    row = await the_push(services, cid)

    worker = await run_burst_worker(settings, worker_env)
    assert (worker.jobs_complete, worker.jobs_failed) == (1, 0)
    assert await job_result(services, settings, row.id) == "skipped"
    assert await sim_requests(worker_env) == []
    async with services.db.sessions() as s:
        assert await s.scalar(select(CustomerRow.ecif_customer_no).where(CustomerRow.id == row.payload["customer_id"])) is None


async def test_without_ecif_url_the_job_fails_clearly_and_resync_pushes_it_later(client, services, settings, worker_env):
    assert services.settings.ecif_url is None  # the API's (and this direct call's) services
    cid, bm = await verified_archive(client)
    row = await the_push(services, cid)
    with pytest.raises(EcifNotConfigured, match="CIC_ECIF_URL"):
        await customer_jobs.push_to_ecif.coroutine({"services": services, "job_try": 1}, row.id, row.payload)
    assert await count(services, JobExecution, JobExecution.task == PUSH_TO_ECIF.name) == 0
    # That delivery is spent (arq records the failure and drops it); the number is still missing.
    assert await services.redis.zrem(settings.queue_name, queue_job_id(settings.queue_name, row.id)) == 1

    # `cic ecif resync`: verified archives without a number get a new push through the outbox.
    async with transaction(services.db.sessions) as session:
        assert await enqueue_missing_ecif_pushes(session) == 1
    assert await relay_pending(services.db.sessions, services.redis, grace_seconds=0) == 1
    worker = await run_burst_worker(settings, worker_env)
    assert (worker.jobs_complete, worker.jobs_failed) == (1, 0)
    customer = (await gql(client, CUSTOMER, {"id": cid}, token=bm))["data"]["customer"]
    assert customer["ecifCustomerNo"] == simulated_customer_no(ZHANG_ID)
    async with transaction(services.db.sessions) as session:
        assert await enqueue_missing_ecif_pushes(session) == 0


# -- ecifLookup: prefill a new archive ----------------------------------------------------------


@pytest.fixture
async def ecif_client(settings, services, ecif_url) -> AsyncIterator[httpx.AsyncClient]:
    """The API configured with CIC_ECIF_URL at the simulator."""
    from backend.web.app import create_app

    app = create_app(settings.model_copy(update={"ecif_url": ecif_url}))
    async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


async def test_lookup_prefills_from_ecif_masked_per_the_field_policy_and_is_audited(ecif_client, services, ecif_url):
    # 陈志强 was registered by Quanzhou; he agreed to share his basic facts, not his mobile or address.
    qz = await login(ecif_client, "qz1.cm1")
    own = await gql(ecif_client, LOOKUP, {"n": SEEDED_ID}, token=qz)
    assert "errors" not in own, own
    basic = {
        "customerNo": simulated_customer_no(SEEDED_ID), "name": SEEDED_NAME,
        "idNumber": "350521********0015",  # as Customer.idNumber: masked for customer managers
        "gender": "MALE", "birthDate": None,  # derived from the ID number: masked with it
        "regionCode": "350521", "ethnicity": "汉族",
        "sharedFields": ["name", "gender", "birthDate", "ethnicity", "regionCode"],
    }
    assert own["data"]["ecifLookup"] == {
        **basic, "mobile": "13905951234", "address": "泉州市惠安县螺城镇南街18号", "registeredByOwnBank": True,  # full for collectors
    }
    # Another bank gets only what he agreed to share.
    cm = await login(ecif_client, "fz1.cm1")
    other = await gql(ecif_client, LOOKUP, {"n": SEEDED_ID}, token=cm)
    assert other["data"]["ecifLookup"] == {**basic, "mobile": None, "address": None, "registeredByOwnBank": False}
    # 黄秀兰 (Nanping) shared nothing: another bank learns only that ECIF knows her.
    nothing = (await gql(ecif_client, LOOKUP, {"n": "350623197903020045"}, token=cm))["data"]["ecifLookup"]
    assert {k: v for k, v in nothing.items() if v not in (None, [], False)} == {
        "customerNo": simulated_customer_no("350623197903020045"), "idNumber": "350623********0045",
    }
    # A legacy 15-digit number is normalized before asking ECIF; a person ECIF does not know is null.
    bm = await login(ecif_client, "fz1.manager")
    legacy = await gql(ecif_client, LOOKUP, {"n": "350521851123001"}, token=bm)
    assert legacy["data"]["ecifLookup"]["name"] == SEEDED_NAME
    unknown = await gql(ecif_client, LOOKUP, {"n": SPOUSE_ID}, token=cm)
    assert unknown == {"data": {"ecifLookup": None}}
    assert [p for _, p, _ in await sim_requests(ecif_url)] == [
        f"/ecif/v1/customers/{i}" for i in (SEEDED_ID, SEEDED_ID, "350623197903020045", SEEDED_ID, SPOUSE_ID)
    ]

    records = await audits(services, "ecif.lookup")
    shared = ["birth_date", "ethnicity", "gender", "name", "region_code"]
    assert [(r.actor_username, r.detail) for r in records] == [
        ("qz1.cm1", {"idNumber": "350521********0015", "found": True, "otherBank": False, "fields": sorted([*shared, "mobile", "address"])}),
        ("fz1.cm1", {"idNumber": "350521********0015", "found": True, "otherBank": True, "fields": shared}),
        ("fz1.cm1", {"idNumber": "350623********0045", "found": True, "otherBank": True, "fields": []}),
        ("fz1.manager", {"idNumber": "350521********0015", "found": True, "otherBank": True, "fields": shared}),
        ("fz1.cm1", {"idNumber": "350102********0024", "found": False, "otherBank": False, "fields": []}),
    ]
    for r in records:
        assert SEEDED_ID not in json.dumps(r.detail) and SPOUSE_ID not in json.dumps(r.detail)


async def test_a_customer_who_agreed_to_share_is_prefilled_for_another_bank_within_the_lookup_limit(
    settings, services, ecif_url, worker_env
):
    # Given an archive verified in Fuzhou whose customer agreed to share it with the federation,
    from backend.web.app import create_app

    app = create_app(settings.model_copy(update={"ecif_url": ecif_url, "protected_lookups_per_minute": 3}))
    async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        cid, bm = await verified_archive(client, consent={**CONSENT, "shareWithFederation": True})
        worker = await run_burst_worker(settings, worker_env)
        assert worker.jobs_failed == 0
        # when a Quanzhou manager looks the person up,
        qz = await login(client, "qz1.cm1")
        found = (await gql(client, LOOKUP, {"n": ZHANG_ID}, token=qz))["data"]["ecifLookup"]
        # then the shared fields come back (as the policy shows them to a customer manager).
        assert found["registeredByOwnBank"] is False and found["name"] == "张建国"
        assert (found["mobile"], found["address"], found["regionCode"]) == ("13812345678", "鼓楼区东街1号", "350102")
        # Lookups of personal data are limited per person: 3 a minute here, the 4th is refused.
        for _ in range(2):
            assert "errors" not in await gql(client, LOOKUP, {"n": ZHANG_ID}, token=qz)
        limited = await gql(client, LOOKUP, {"n": ZHANG_ID}, token=qz)
        assert limited["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert 0 < limited["errors"][0]["extensions"]["retryAfterSeconds"] <= 60
        # Another person's limit is their own.
        assert "errors" not in await gql(client, LOOKUP, {"n": ZHANG_ID}, token=await login(client, "qz1.cm2"))
    assert len(await audits(services, "ecif.lookup")) == 4  # the refused lookup never reached ECIF


async def test_lookup_refuses_malformed_id_numbers_and_non_collectors_before_asking_ecif(ecif_client, services, ecif_url):
    cm = await login(ecif_client, "fz1.cm1")
    for bad in ("12345", "350521198511230016", "35052119851123001X"):
        result = await gql(ecif_client, LOOKUP, {"n": bad}, token=cm)
        assert result["data"] == {"ecifLookup": None}
        [error] = result["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == "idNumber"
    approver = await gql(ecif_client, LOOKUP, {"n": SEEDED_ID}, token=await login(ecif_client, "fz.approver"))
    assert approver["data"] == {"ecifLookup": None} and approver["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await sim_requests(ecif_url) == []
    assert await audits(services, "ecif.lookup") == []


async def test_lookup_says_when_ecif_is_down_or_not_configured(ecif_client, client, ecif_url):
    await sim_faults(ecif_url, 503, 1)
    down = await gql(ecif_client, LOOKUP, {"n": SEEDED_ID}, token=await login(ecif_client, "fz1.cm1"))
    assert down["data"] == {"ecifLookup": None} and down["errors"][0]["extensions"]["code"] == "ECIF_UNAVAILABLE"
    # The session's app has no CIC_ECIF_URL.
    unset = await gql(client, LOOKUP, {"n": SEEDED_ID}, token=await login(client, "fz1.cm1"))
    assert unset["errors"][0]["extensions"]["code"] == "ECIF_UNAVAILABLE"
    assert "not configured" in unset["errors"][0]["message"]


# -- cic run / cic simulate ecif -----------------------------------------------------------------


def test_cic_run_starts_the_ecif_simulator_in_development_unless_ecif_is_configured(tmp_path):
    from backend.cli import _children

    dev = Settings(env="development", var_dir=tmp_path, simulator_port=8123)
    plan = _children(dev, {"CIC_DATABASE_URL": "postgresql://x/y"})
    # every connected system's simulator at its offset from simulator_port (backend/integrations/simulators.py)
    assert [c[3:] for c, _ in plan] == [
        ["simulate", "ecif", "--port", "8123"],
        ["simulate", "sms", "--port", "8124"],
        ["simulate", "lending", "--port", "8127"],
        ["simulate", "ims", "--port", "8129"],
        ["simulate", "fingerprint", "--port", "8130"],
        ["simulate", "fingerprint-reader", "--port", "8131"],
        ["simulate", "mobile-banking", "--port", "8128"],
        ["serve"],
        ["worker"],
    ]
    assert all(env["CIC_ECIF_URL"] == "http://127.0.0.1:8123" for c, env in plan if c[3] in ("serve", "worker"))
    assert all(env["CIC_SMS_URL"] == "http://127.0.0.1:8124" for c, env in plan if c[3] in ("serve", "worker"))
    assert all(env["CIC_LENDING_URL"] == "http://127.0.0.1:8127" for c, env in plan if c[3] in ("serve", "worker"))
    assert all(env["CIC_IMS_URL"] == "http://127.0.0.1:8129" for c, env in plan if c[3] in ("serve", "worker"))
    assert all(env["CIC_FINGERPRINT_READER_URL"] == "http://127.0.0.1:8131" for c, env in plan if c[3] in ("serve", "worker"))

    configured = Settings(
        env="development", var_dir=tmp_path, ecif_url="https://ecif.bank.example", sms_url="https://sms.bank.example",
        lending_url="https://lending.bank.example", ims_url="https://ims.bank.example",
        fingerprint_url="https://fingerprint.bank.example", fingerprint_reader_url="http://127.0.0.1:9527",
    )
    plan = _children(configured, {})
    # The demo mobile bank calls CIC rather than CIC it: nothing configured replaces it in development.
    assert [c[3:] for c, _ in plan] == [["simulate", "mobile-banking", "--port", "8106"], ["serve"], ["worker"]]
    assert all(not {"CIC_ECIF_URL", "CIC_SMS_URL", "CIC_LENDING_URL", "CIC_IMS_URL", "CIC_FINGERPRINT_URL", "CIC_FINGERPRINT_READER_URL"} & set(env)
               for _, env in plan)
    assert [c[3:] for c, _ in _children(Settings(env="test", var_dir=tmp_path), {})] == [["serve"], ["worker"]]  # only in development


def test_cic_simulate_ecif_serves_the_contract(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIC_")} | {"CIC_VAR_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "simulate", "ecif", "--port", "0"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = ProcessOutput(proc)
    try:
        # Port 0: the OS picks it; the simulator says which once it listens.
        url = output.wait_for(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")[1]
        response = httpx.get(f"{url}/ecif/v1/customers/{SEEDED_ID}")
        assert response.status_code == 200 and response.json()["name"] == SEEDED_NAME
    finally:
        proc.terminate()
        output.exit_code()
