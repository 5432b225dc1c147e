"""Drawdowns and the lending platform (docs/channels.md, "Lending platform"): the chain from a
mobile-banking drawdown through the handoff job to the platform's callbacks, over HTTP against
the platform's simulator; the platform down, an answer lost after the loan was made, duplicate
and out-of-order callbacks: one loan, one state, one text message."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select

from backend.approvals.models import Quota
from backend.business.models import BusinessAggregate
from backend.demo import demo_clients
from backend.integrations.lending import CALLBACK_SIGNATURE, sign, simulator_app
from backend.integrations.oauth2 import ClientCredentials, TokenIssuer
from backend.integrations.sms import simulator_app as sms_simulator_app
from backend.loans.models import Loan, LoanEvent, LoanStatus
from backend.notifications.models import SmsEvent, SmsMessage
from tests.approvals.conftest import eligible_archive
from tests.helpers import as_user, cic_environment, gql, run_burst_worker, simulator_call as sim
from tests.mobile_banking.helpers import APPLY, DRAW, customer_token, luhn, my
from tests.mobile_banking.test_mobile_banking import mobile_product
from tests.notifications.test_sms import give_mobile
from tests.waiting import serving, until

SIGNING = "cic-dev-lending-signing"
LENDING_SECRET = next(c["client_secret"] for c in demo_clients() if c["client_id"] == "lending-platform")


@pytest.fixture
async def public_url(app) -> AsyncIterator[str]:
    async with serving(app, lifespan="off") as url:
        yield url


@pytest.fixture
async def lending_url(public_url) -> AsyncIterator[str]:
    app = simulator_app(
        issuer=TokenIssuer("cic", "cic-dev-lending-secret"), signing_secret=SIGNING,
        cic_credentials=ClientCredentials(token_url=f"{public_url}/auth/token", client_id="lending-platform",
                                          client_secret=LENDING_SECRET, scope="lending:callback"),
    )
    async with serving(app) as url:
        yield url


@pytest.fixture
async def sms_url() -> AsyncIterator[str]:
    async with serving(sms_simulator_app(api_key="cic-dev-sms-key", secret="cic-dev-sms-secret")) as url:
        yield url


@pytest.fixture
def worker_env(settings, lending_url, sms_url, public_url):
    added = {"CIC_LENDING_URL": lending_url, "CIC_SMS_URL": sms_url, "CIC_PUBLIC_URL": public_url, "CIC_JOB_RETRY_BASE_SECONDS": "0",
             "CIC_SMS_QUIET_START_HOUR": "0", "CIC_SMS_QUIET_END_HOUR": "0"}
    with cic_environment(added):
        yield lending_url


async def approved_quota(client, services, settings, seed: int, amount: str = "30000.00") -> tuple[str, str, object]:
    """A customer with a mobile number and an approved quota: (their token, the quota id, the archive)."""
    archive = await eligible_archive(services, seed=seed)
    await give_mobile(services, archive, f"139{seed:08d}")
    product_id = await mobile_product(client, f"TEST_L{seed}")
    token = await customer_token(client, settings, services, archive.id)
    applied = (await gql(client, APPLY, {"i": {"productId": product_id, "amount": amount, "term": 12,
                                               "repaymentMethod": "EQUAL_INSTALLMENT", "purpose": "扩大种植"}}, token=token))
    assert applied["data"]["applyForQuota"]["application"]["status"] == "APPROVED", applied
    quota_id = (await my(client, token))["data"]["myBanking"]["quotas"][0]["id"]
    return token, quota_id, archive


async def draw(client, token: str, quota_id: str, amount: str, **extra) -> dict:
    data = {"quotaId": quota_id, "amount": amount, "term": 12, "account": luhn("6217001"), **extra}
    return (await gql(client, DRAW, {"i": data}, token=token))["data"]["drawDown"]


async def loan_row(services, loan_id: str) -> Loan:
    async with services.db.sessions() as session:
        return (await session.execute(select(Loan).where(Loan.id == uuid.UUID(loan_id)))).scalar_one()


async def quota_row(services, quota_id: str) -> Quota:
    async with services.db.sessions() as session:
        return (await session.execute(select(Quota).where(Quota.id == uuid.UUID(quota_id)))).scalar_one()


async def in_status(services, loan_id: str, status: LoanStatus) -> Loan | None:
    loan = await loan_row(services, loan_id)
    return loan if loan.status == status else None


async def test_drawdown_is_handed_off_despite_outages_and_disbursed_once(client, services, settings, worker_env):
    lending_url = worker_env
    token, quota_id, archive = await approved_quota(client, services, settings, seed=101)
    await sim(lending_url, "/_sim/faults", {"status": 503, "count": 2})
    await sim(lending_url, "/_sim/config", {"duplicateCallbacks": 2, "outOfOrder": True})
    drawn = await draw(client, token, quota_id, "10000.00")
    assert drawn["errors"] == [] and drawn["loan"]["status"] == "REQUESTED" and drawn["loan"]["account"].endswith(luhn("6217001")[-4:])
    assert "****" in drawn["loan"]["account"]
    quota = (await my(client, token))["data"]["myBanking"]["quotas"][0]
    assert (quota["reservedAmount"], quota["availableAmount"]) == ("10000.00", "20000.00")

    await run_burst_worker(settings)  # quota.approved SMS, then the handoff: 503, 503, accepted
    loan = await until(lambda: in_status(services, drawn["loan"]["id"], LoanStatus.DISBURSED), "the disbursed callback")
    seen = await sim(lending_url, "/_sim/loans")
    assert len(seen["loans"]) == 1 and [r["status"] for r in seen["requests"]] == [503, 503, 202]
    assert loan.platform_loan_id == seen["loans"][0]["platformLoanId"] and loan.outstanding == 1_000_000
    # every callback twice, DISBURSED before ACCEPTED: both stored once, the late ACCEPTED not applied
    await until(lambda: _delivered(lending_url, 4), "all four callback deliveries")
    async with services.db.sessions() as session:
        events = (await session.execute(select(LoanEvent.seq, LoanEvent.applied).where(LoanEvent.loan_id == loan.id)
                                        .order_by(LoanEvent.received_at))).all()
        aggregate = await session.get(BusinessAggregate, (archive.bank_id, uuid.UUID(archive.id)))
    assert sorted(events) == [(1, False), (2, True)]
    quota_after = await quota_row(services, quota_id)
    assert (quota_after.used_amount, quota_after.reserved_amount) == (1_000_000, 0)
    assert aggregate is not None and aggregate.loan_count >= 1 and aggregate.loan_balance >= 1_000_000

    await run_burst_worker(settings)  # the disbursement's text message
    async with services.db.sessions() as session:
        texts = (await session.execute(select(SmsMessage.event, SmsMessage.text).where(SmsMessage.customer_id == uuid.UUID(archive.id))
                                       )).all()
    events_told = sorted(e for e, _ in texts)
    assert events_told == [SmsEvent.LOAN_DISBURSED, SmsEvent.QUOTA_APPROVED]
    assert any("借款10,000.00元已发放" in t for _, t in texts)
    mine = (await my(client, token))["data"]["myBanking"]
    assert mine["quotas"][0]["usedAmount"] == "10000.00" and mine["quotas"][0]["availableAmount"] == "20000.00"
    assert [x["status"] for x in mine["loans"]] == ["DISBURSED"]

    # repaid in part, then closed: used amount and aggregates follow, the quota revolves
    platform_id = loan.platform_loan_id
    await sim(lending_url, f"/_sim/loans/{platform_id}/events", {"type": "REPAID", "amount": 400_000})
    await sim(lending_url, f"/_sim/loans/{platform_id}/events", {"type": "CLOSED"})
    await until(lambda: in_status(services, drawn["loan"]["id"], LoanStatus.CLOSED), "the closed callback")
    assert (await quota_row(services, quota_id)).used_amount == 0


async def _delivered(url: str, count: int) -> bool:
    return (await sim(url, "/_sim/loans"))["delivered"] >= count or None  # type: ignore[return-value]


async def test_an_answer_lost_after_the_loan_was_made_makes_no_second_loan(client, services, settings, worker_env):
    lending_url = worker_env
    token, quota_id, _archive = await approved_quota(client, services, settings, seed=102)
    await sim(lending_url, "/_sim/faults", {"mode": "drop", "count": 1})  # the platform makes the loan, the answer is lost
    await sim(lending_url, "/_sim/config", {"duplicateCallbacks": 0})  # and no callback tells CIC so before the retry
    drawn = await draw(client, token, quota_id, "5000.00")
    await run_burst_worker(settings)
    seen = await sim(lending_url, "/_sim/loans")
    # the retry asks again with the same key; the platform answers with the loan it made
    assert len(seen["loans"]) == 1 and [r["status"] for r in seen["requests"]] == [503, 202]
    accepted = await loan_row(services, drawn["loan"]["id"])
    assert (accepted.status, accepted.platform_loan_id) == (LoanStatus.ACCEPTED, seen["loans"][0]["platformLoanId"])
    await sim(lending_url, "/_sim/config", {"duplicateCallbacks": 1})
    await sim(lending_url, f"/_sim/loans/{accepted.platform_loan_id}/events", {"type": "DISBURSED"})
    await until(lambda: in_status(services, drawn["loan"]["id"], LoanStatus.DISBURSED), "the disbursement")
    assert {r["idempotencyKey"] for r in seen["requests"]} == {drawn["loan"]["id"]}


async def test_a_refused_drawdown_releases_the_quota(client, services, settings, worker_env):
    lending_url = worker_env
    token, quota_id, _archive = await approved_quota(client, services, settings, seed=103)
    account = luhn("6217009")
    await sim(lending_url, "/_sim/config", {"refuseAccounts": [account]})
    drawn = await draw(client, token, quota_id, "5000.00", account=account)
    await run_burst_worker(settings)
    loan = await loan_row(services, drawn["loan"]["id"])
    assert (loan.status, loan.reason) == (LoanStatus.REFUSED, "ACCOUNT_INVALID")
    quota = await quota_row(services, quota_id)
    assert (quota.used_amount, quota.reserved_amount) == (0, 0)


STAFF_VIEW = """query($c: ID!) { loans(customerId: $c) { number status amount disbursedAmount outstanding account }
  textMessages(customerId: $c) { event status to text attempts sentAt } }"""


async def test_staff_see_an_archives_loans_and_text_messages_in_their_scope(client, services, settings, worker_env):
    token, quota_id, archive = await approved_quota(client, services, settings, seed=106)
    drawn = await draw(client, token, quota_id, "7000.00")
    await run_burst_worker(settings)  # the approval's text, the handoff
    await until(lambda: in_status(services, drawn["loan"]["id"], LoanStatus.DISBURSED), "the disbursed callback")
    await run_burst_worker(settings)  # the disbursement's text

    seen = await as_user(client, "fz.admin", STAFF_VIEW, {"c": archive.id})
    [loan] = seen["data"]["loans"]
    assert (loan["status"], loan["amount"], loan["disbursedAmount"]) == ("DISBURSED", "7000.00", "7000.00")
    assert loan["number"].startswith("JK") and "****" in loan["account"]
    texts = seen["data"]["textMessages"]
    assert [t["event"] for t in texts] == ["LOAN_DISBURSED", "QUOTA_APPROVED"]  # newest first
    assert {t["to"] for t in texts} == {"139****0106"} and all(t["status"] in ("SENT", "DELIVERED") for t in texts)
    assert "13900000106" not in json.dumps(seen)  # the number only masked
    # another bank's staff see nothing of it; a customer's token may not ask at all
    other = await as_user(client, "qz.admin", STAFF_VIEW, {"c": archive.id})
    assert other["data"] == {"loans": [], "textMessages": []}
    refused = await gql(client, STAFF_VIEW, {"c": archive.id}, token=token)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_drawdowns_are_checked_and_idempotent_by_request_id(client, services, settings, worker_env):
    token, quota_id, _archive = await approved_quota(client, services, settings, seed=104, amount="20000.00")
    over = await draw(client, token, quota_id, "20000.01")
    assert [e["code"] for e in over["errors"]] == ["AMOUNT_ABOVE_AVAILABLE"] and "可用额度" in over["errors"][0]["message"]
    bad = await draw(client, token, quota_id, "50.00", term=36, account="6217000000000000001")
    assert sorted(e["code"] for e in bad["errors"]) == ["ACCOUNT_INVALID", "DRAWDOWN_AMOUNT_INVALID", "DRAWDOWN_TERM_INVALID"]
    request_id = str(uuid.uuid4())
    first = await draw(client, token, quota_id, "8000.00", requestId=request_id)
    again = await draw(client, token, quota_id, "8000.00", requestId=request_id)
    assert first["loan"]["id"] == again["loan"]["id"] == request_id
    async with services.db.sessions() as session:
        count = await session.scalar(select(func.count()).select_from(Loan).where(Loan.quota_id == uuid.UUID(quota_id)))
    assert count == 1 and (await quota_row(services, quota_id)).reserved_amount == 800_000
    taken = await draw(client, token, quota_id, "100.00", requestId=request_id)
    assert [e["code"] for e in taken["errors"]] == ["REQUEST_ID_TAKEN"]


async def test_callbacks_must_carry_a_token_of_the_lending_scope_and_the_signature(client, services, settings, worker_env):
    token, quota_id, _archive = await approved_quota(client, services, settings, seed=105)
    drawn = await draw(client, token, quota_id, "3000.00")
    body = json.dumps({"eventId": "E1", "requestId": drawn["loan"]["id"], "platformLoanId": "LPX", "type": "DISBURSED", "seq": 1,
                       "occurredAt": "2026-12-03T10:00:00+08:00",
                       "state": {"status": "DISBURSED", "disbursedAmount": 300000, "outstanding": 300000, "overdueDays": 0}}).encode()
    signed = {CALLBACK_SIGNATURE: sign(SIGNING, body), "Content-Type": "application/json"}
    lending = await _client_token(client, "lending-platform", LENDING_SECRET, "lending:callback")
    from tests.customers.test_channels_and_assignment import client_token

    mobile = await client_token(client, "self_service")
    cases = [({}, 401), ({"Authorization": f"Bearer {mobile}", **signed}, 403), ({"Authorization": f"Bearer {lending}",
             CALLBACK_SIGNATURE: sign("other", body)}, 401)]
    for headers, status in cases:
        assert (await client.post("/callbacks/lending/events", content=body, headers=headers)).status_code == status
    assert (await loan_row(services, drawn["loan"]["id"])).status == LoanStatus.REQUESTED
    bad = json.loads(body)
    bad["state"]["outstanding"] = -1
    raw = json.dumps(bad).encode()
    refused = await client.post("/callbacks/lending/events", content=raw,
                                headers={"Authorization": f"Bearer {lending}", CALLBACK_SIGNATURE: sign(SIGNING, raw)})
    assert refused.status_code == 400 and refused.json()["field"] == "state.outstanding"
    taken = await client.post("/callbacks/lending/events", content=body, headers={"Authorization": f"Bearer {lending}", **signed})
    assert taken.status_code == 200 and taken.json()["outcome"] == "applied"
    again = await client.post("/callbacks/lending/events", content=body, headers={"Authorization": f"Bearer {lending}", **signed})
    assert again.json()["outcome"] == "duplicate"
    loan = await loan_row(services, drawn["loan"]["id"])
    assert (loan.status, loan.outstanding) == (LoanStatus.DISBURSED, 300_000)
    assert (await quota_row(services, quota_id)).used_amount == 300_000


async def _client_token(client, client_id: str, secret: str, scope: str) -> str:
    import base64

    auth = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    response = await client.post("/auth/token", data={"grant_type": "client_credentials", "scope": scope},
                                 headers={"Authorization": f"Basic {auth}"})
    return response.json()["access_token"]


# -- cic simulate lending ------------------------------------------------------------------------


def test_every_simulator_cic_run_starts_is_a_cic_simulate_command():
    """`cic run` starts `cic simulate NAME` for every row of the simulator table: a row without
    its command is a simulator that never starts (the lending platform's once was)."""
    import typer

    from backend.cli import app as cli
    from backend.integrations.simulators import SIMULATORS

    commands = typer.main.get_command(cli).commands["simulate"].commands  # type: ignore[attr-defined]
    assert {sim.name for sim in SIMULATORS} <= set(commands)


def test_cic_simulate_lending_serves_the_contract(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from tests.waiting import ProcessOutput

    env = {k: v for k, v in os.environ.items() if not k.startswith("CIC_")} | {"CIC_VAR_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "simulate", "lending", "--port", "0"],
        cwd=Path(__file__).resolve().parents[2], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = ProcessOutput(proc)
    try:
        url = output.wait_for(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")[1]
        token = httpx.post(f"{url}/oauth/token", data={"grant_type": "client_credentials"}, auth=("cic", "cic-dev-lending-secret"))
        assert token.status_code == 200 and token.json()["access_token"]
        unsigned = httpx.post(f"{url}/lending/v1/drawdowns", json={"requestId": "x"},
                              headers={"Authorization": f"Bearer {token.json()['access_token']}", "Idempotency-Key": "x"})
        assert unsigned.status_code == 401 and unsigned.json()["code"] == "BAD_SIGNATURE"
        assert httpx.get(f"{url}/_sim/loans").json()["loans"] == []
    finally:
        proc.terminate()
        output.exit_code()


async def test_an_accepted_callback_leaves_the_quota_unread_and_a_disbursed_one_moves_it(client, services, settings, count_queries):
    """ACCEPTED moves neither the quota's reservation nor its use, so the callback neither reads
    nor locks the quota; DISBURSED then releases the reservation into the used amount."""
    from datetime import UTC, datetime

    from backend.auth.principal import Principal
    from backend.db.session import transaction

    token, quota_id, _archive = await approved_quota(client, services, settings, seed=109)
    drawn = await draw(client, token, quota_id, "10000.00")
    loan_id = drawn["loan"]["id"]
    platform = Principal(kind="client", client_id="lending-platform", scope_path="/", scopes=frozenset({"lending:callback"}))

    def event(seq: int, status: str, outstanding: int) -> dict:
        return {"eventId": f"e-{seq}", "platformLoanId": "PL-109", "requestId": loan_id, "type": status, "seq": seq,
                "occurredAt": datetime.now(UTC).isoformat(), "state": {"status": status, "disbursedAmount": outstanding,
                                                                       "outstanding": outstanding, "overdueDays": 0}}

    count_queries.statements.clear()
    async with transaction(services.db.sessions) as session:
        assert (await services.loans(session).apply_event(platform, event(1, "ACCEPTED", 0)))[0] == "applied"
    assert not [s for s in count_queries.statements if "quotas" in s], count_queries.statements
    assert (await loan_row(services, loan_id)).status == LoanStatus.ACCEPTED
    quota = await quota_row(services, quota_id)
    assert (quota.reserved_amount, quota.used_amount) == (1_000_000, 0)

    async with transaction(services.db.sessions) as session:
        assert (await services.loans(session).apply_event(platform, event(2, "DISBURSED", 1_000_000)))[0] == "applied"
    quota = await quota_row(services, quota_id)
    assert (quota.reserved_amount, quota.used_amount) == (0, 1_000_000)
