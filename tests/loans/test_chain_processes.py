"""The credit chain after approval through real processes (docs/channels.md, "End to end"):
`cic serve`, `cic worker`, `cic simulate lending` and `cic simulate sms` run as child processes,
as in production, against the test database and Redis; the test is the mobile bank and talks to
them over HTTP only.

precise, rated archive -> mobile-banking application -> straight-through approval -> text message
at the SMS platform -> drawdown -> handoff -> disbursed callback -> the quota's used amount ->
mobile banking shows it; the same with the lending platform failing twice and every callback
duplicated and out of order; and the worker killed while the SMS platform and the lending platform
had taken a request but not yet answered it: exactly one loan, one text message per event.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from backend.cli.e2e import free_port
from backend.loans.models import LoanStatus
from backend.notifications.models import SmsEvent, SmsMessage, SmsStatus
from tests.approvals.conftest import eligible_archive
from tests.helpers import gql, simulator_call as sim
from tests.mobile_banking.helpers import APPLY, DRAW, exchange, id_number_of, luhn, my
from tests.mobile_banking.test_mobile_banking import mobile_product
from tests.loans.test_loans import in_status, loan_row, quota_row
from tests.notifications.test_sms import give_mobile, messages_of
from tests.waiting import ProcessOutput, until

ROOT = Path(__file__).resolve().parents[2]
# A killed worker's job runs again once its in-progress mark expires: the longest job timeout
# plus arq's 10 s. Short timeouts keep that wait short here; production uses the defaults.
JOB_TIMEOUT_SECONDS = 3


class Stack:
    """CIC's processes and the simulators it talks to, on free ports, pointed at each other."""

    def __init__(self) -> None:
        self.api_url = f"http://127.0.0.1:{free_port()}"
        self.env = {**os.environ, "CIC_PORT": self.api_url.rsplit(":", 1)[1], "CIC_HOST": "127.0.0.1", "CIC_PUBLIC_URL": self.api_url,
                    "CIC_SMS_QUIET_START_HOUR": "0", "CIC_SMS_QUIET_END_HOUR": "0", "CIC_JOB_RETRY_BASE_SECONDS": "0",
                    "CIC_OUTBOX_RELAY_INTERVAL_SECONDS": "0.2", "CIC_JOB_TIMEOUT_SECONDS": str(JOB_TIMEOUT_SECONDS),
                    "CIC_IMAGE_JOB_TIMEOUT_SECONDS": str(JOB_TIMEOUT_SECONDS), "CIC_LOG_LEVEL": "INFO",
                    # a held answer keeps the worker waiting until the test kills it, however busy the machine
                    "CIC_SMS_TIMEOUT_SECONDS": "120", "CIC_LENDING_TIMEOUT_SECONDS": "120"}
        self.children: dict[str, tuple[subprocess.Popen[str], ProcessOutput]] = {}
        self.lending_url = self.sms_url = ""

    def spawn(self, name: str, *args: str) -> ProcessOutput:
        process = subprocess.Popen([sys.executable, "-m", "backend.cli", *args], cwd=ROOT, env=self.env, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        output = ProcessOutput(process)
        self.children[name] = (process, output)
        return output

    async def start(self) -> None:
        lending, sms = self.spawn("lending", "simulate", "lending", "--port", "0"), self.spawn("sms", "simulate", "sms", "--port", "0")
        running = r"Uvicorn running on (http://127\.0\.0\.1:\d+)"
        self.lending_url = (await asyncio.to_thread(lending.wait_for, running))[1]
        self.sms_url = (await asyncio.to_thread(sms.wait_for, running))[1]
        self.env.update({"CIC_LENDING_URL": self.lending_url, "CIC_SMS_URL": self.sms_url})
        self.spawn("api", "serve")
        self.start_worker()
        await until(self._ready, f"the API at {self.api_url} (output: {self.children['api'][1].tail(5)!r})", interval=0.1)

    async def _ready(self) -> bool:
        process = self.children["api"][0]
        assert process.poll() is None, f"cic serve exited: {self.children['api'][1].tail()}"
        try:
            async with httpx.AsyncClient() as c:
                return (await c.get(f"{self.api_url}/ready", timeout=2)).status_code == 200
        except httpx.HTTPError:
            return False

    def start_worker(self) -> ProcessOutput:
        return self.spawn("worker", "worker")

    def kill_worker(self) -> None:
        """SIGKILL: no clean-up, no chance to record anything (a power cut, the OOM killer)."""
        process, _ = self.children.pop("worker")
        process.send_signal(signal.SIGKILL)
        process.wait(30)

    def stop(self) -> None:
        for name, (process, _) in self.children.items():
            # The simulators are in-memory (they may hold an answer): killed. CIC's processes shut down.
            process.send_signal(signal.SIGKILL if name in ("lending", "sms") else signal.SIGTERM)
        for process, output in self.children.values():
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
            output.exit_code()


@pytest.fixture
async def stack(services) -> AsyncIterator[Stack]:
    processes = Stack()
    try:
        await processes.start()
        yield processes
    finally:
        processes.stop()


@pytest.fixture
async def http(stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=stack.api_url, timeout=30) as c:
        yield c


class Customer:
    """A precise, rated archive with a mobile number, and its mobile-banking token."""

    def __init__(self, http: httpx.AsyncClient, archive_id: str, mobile: str, token: str) -> None:
        self.http, self.id, self.mobile, self.token = http, archive_id, mobile, token

    @classmethod
    async def of(cls, http: httpx.AsyncClient, services, settings, seed: int) -> Customer:
        archive = await eligible_archive(services, seed=seed)  # precise, and rated BB by the real-time rating
        mobile = f"138{seed:08d}"
        await give_mobile(services, archive, mobile)
        answer = await exchange(http, settings, await id_number_of(services, archive.id))  # the mobile bank's assertion
        assert answer.status_code == 200, answer.text
        return cls(http, archive.id, mobile, answer.json()["access_token"])

    async def apply(self, product_id: str) -> str:
        applied = await gql(self.http, APPLY, {"i": {"productId": product_id, "amount": "30000.00", "term": 12,
                                                     "repaymentMethod": "EQUAL_INSTALLMENT", "purpose": "扩大种植"}}, token=self.token)
        assert applied["data"]["applyForQuota"]["application"]["status"] == "APPROVED", applied  # straight through
        return (await self.mine())["quotas"][0]["id"]

    async def draw(self, quota_id: str, amount: str) -> str:
        drawn = await gql(self.http, DRAW, {"i": {"quotaId": quota_id, "amount": amount, "term": 12, "account": luhn("6217001")}},
                          token=self.token)
        assert drawn["data"]["drawDown"]["errors"] == [], drawn
        return drawn["data"]["drawDown"]["loan"]["id"]

    async def mine(self) -> dict:
        answer = await my(self.http, self.token)
        assert "errors" not in answer, answer
        return answer["data"]["myBanking"]

    async def disbursed(self, used: str) -> dict | None:
        """My banking once it shows the loan disbursed and the quota's use. Each field of
        ``myBanking`` reads in its own statement, so one answer may straddle the callback's commit
        (the loan already disbursed, the quota not yet moved): wait for both, then assert."""
        mine = await self.mine()
        shown = [x["status"] for x in mine["loans"]] == ["DISBURSED"] and mine["quotas"][0]["usedAmount"] == used
        return mine if shown else None

    async def texts_at_the_platform(self, url: str) -> list[dict]:
        digest = hashlib.sha256(self.mobile.encode()).hexdigest()
        return [m for m in (await sim(url, "/_sim/messages"))["messages"] if m["mobileSha256"] == digest]

    async def texts_delivered(self, services, count: int) -> list[SmsMessage] | None:
        rows = await messages_of(services, uuid.UUID(self.id))
        return rows if len(rows) == count and all(r.status == SmsStatus.DELIVERED for r in rows) else None


async def test_the_chain_through_real_processes_with_a_failing_platform_and_duplicate_callbacks(client, services, settings, stack, http):
    product_id = await mobile_product(client, "TEST_CHAIN")

    # 1. the plain chain
    plain = await Customer.of(http, services, settings, seed=201)
    quota_id = await plain.apply(product_id)
    approved = await until(lambda: plain.texts_at_the_platform(stack.sms_url), "the approval's text message at the SMS platform")
    assert len(approved) == 1 and "额度" in approved[0]["text"] and approved[0]["mobileMasked"] == "138****0201"
    loan_id = await plain.draw(quota_id, "10000.00")
    mine = await until(lambda: plain.disbursed("10000.00"), "mobile banking showing the loan disbursed and the quota used")
    assert mine["quotas"][0]["availableAmount"] == "20000.00"
    loan = await loan_row(services, loan_id)
    quota = await quota_row(services, str(loan.quota_id))
    assert (loan.status, quota.used_amount, quota.reserved_amount) == (LoanStatus.DISBURSED, 1_000_000, 0)
    texts = await until(lambda: plain.texts_delivered(services, 2), "both text messages delivered (receipts)")
    assert sorted(t.event for t in texts) == [SmsEvent.LOAN_DISBURSED, SmsEvent.QUOTA_APPROVED]

    # 2. the platform fails twice, then every callback comes twice and DISBURSED before ACCEPTED
    faulty = await Customer.of(http, services, settings, seed=202)
    quota_id = await faulty.apply(product_id)
    await sim(stack.lending_url, "/_sim/faults", {"status": 503, "count": 2})
    await sim(stack.lending_url, "/_sim/config", {"duplicateCallbacks": 2, "outOfOrder": True})
    loan_id = await faulty.draw(quota_id, "8000.00")
    mine = await until(lambda: faulty.disbursed("8000.00"), "mobile banking showing the second loan disbursed and its quota used")
    assert mine["quotas"][0]["availableAmount"] == "22000.00"
    platform = await sim(stack.lending_url, "/_sim/loans")
    asked = [r["status"] for r in platform["requests"] if r["idempotencyKey"] == loan_id]
    assert asked == [503, 503, 202] and [x["requestId"] for x in platform["loans"]].count(loan_id) == 1
    texts = await until(lambda: faulty.texts_delivered(services, 2), "the second customer's two text messages delivered")
    assert sorted(t.event for t in texts) == [SmsEvent.LOAN_DISBURSED, SmsEvent.QUOTA_APPROVED]
    assert len(await faulty.texts_at_the_platform(stack.sms_url)) == 2  # one per event, despite four callbacks
    assert len(platform["loans"]) == 2  # one per drawdown, for both customers


async def test_a_worker_killed_between_send_and_record_sends_once(client, services, settings, stack, http):
    product_id = await mobile_product(client, "TEST_KILL")
    customer = await Customer.of(http, services, settings, seed=203)

    # The SMS platform takes the approval's message and holds its answer; the worker dies waiting.
    await sim(stack.sms_url, "/_sim/faults", {"mode": "hold", "count": 1, "holdSeconds": 120})
    quota_id = await customer.apply(product_id)
    await until(lambda: customer.texts_at_the_platform(stack.sms_url), "the message taken by the SMS platform")
    stack.kill_worker()
    await sim(stack.sms_url, "/_sim/release", {})
    stack.start_worker()  # the job runs again once the dead worker's mark expires; same message id
    [text] = await until(lambda: customer.texts_delivered(services, 1), "the approval's text recorded and delivered")
    [at_platform] = await customer.texts_at_the_platform(stack.sms_url)
    assert text.provider_id == at_platform["providerId"] and text.attempts == 1  # the killed attempt left nothing behind
    sends = [r["status"] for r in (await sim(stack.sms_url, "/_sim/messages"))["requests"]]
    assert sends == ["held", 202]  # sent again with the same message id: the platform sent nothing twice

    # The lending platform makes the loan and answers late; the worker dies before recording it.
    # No callback tells CIC about the loan meanwhile: only the handoff's retry can find it.
    await sim(stack.lending_url, "/_sim/faults", {"mode": "timeout", "count": 1, "delaySeconds": 120})
    await sim(stack.lending_url, "/_sim/config", {"duplicateCallbacks": 0, "autoDisburse": False})
    loan_id = await customer.draw(quota_id, "6000.00")
    await until(lambda: _made(stack.lending_url, loan_id), "the loan made at the platform")
    stack.kill_worker()
    stack.start_worker()
    accepted = await until(lambda: in_status(services, loan_id, LoanStatus.ACCEPTED), "the retried handoff recorded")
    platform = await sim(stack.lending_url, "/_sim/loans")
    # asked again with the same key (the killed request's answer never came); the same loan answered
    assert platform["requests"] == [{"status": 202, "idempotencyKey": loan_id}]
    assert [x["requestId"] for x in platform["loans"]] == [loan_id] and accepted.platform_loan_id == platform["loans"][0]["platformLoanId"]
    await sim(stack.lending_url, "/_sim/config", {"duplicateCallbacks": 2})
    await sim(stack.lending_url, f"/_sim/loans/{accepted.platform_loan_id}/events", {"type": "DISBURSED"})
    mine = await until(lambda: customer.disbursed("6000.00"), "mobile banking showing the loan disbursed and the quota used")
    assert mine["quotas"][0]["availableAmount"] == "24000.00"
    texts = await until(lambda: customer.texts_delivered(services, 2), "the disbursement's text delivered")
    assert sorted(t.event for t in texts) == [SmsEvent.LOAN_DISBURSED, SmsEvent.QUOTA_APPROVED]
    assert len(await customer.texts_at_the_platform(stack.sms_url)) == 2


async def _made(url: str, loan_id: str) -> bool:
    return any(x["requestId"] == loan_id for x in (await sim(url, "/_sim/loans"))["loans"])

