"""Text messages (docs/channels.md, "SMS platform"): a granted quota is told to the customer once,
through the SMS platform's simulator over HTTP, with a signed delivery receipt back; the platform
down twice, a duplicate receipt, opt-out, quiet hours and the daily limit."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from backend.audit.models import AuditRecord
from backend.db.session import transaction
from backend.integrations.sms import HttpSmsGateway, SmsMessage as Outgoing, SmsRejected, SmsUnavailable, sign, simulator_app
from backend.notifications.models import SmsEvent, SmsMessage, SmsStatus
from backend.notifications.service import NotificationService, SendRules
from backend.outbox.service import Outcome
from backend.outbox.service import Outbox
from tests.approvals.conftest import eligible_archive
from tests.approvals.test_applications import product, submit
from tests.helpers import cic_environment, run_burst_worker, simulator_call as sim
from tests.waiting import serving, until

KEY, SECRET = "cic-dev-sms-key", "cic-dev-sms-secret"


@pytest.fixture
async def sms_url() -> AsyncIterator[str]:
    async with serving(simulator_app(api_key=KEY, secret=SECRET)) as url:
        yield url


@pytest.fixture
async def public_url(app) -> AsyncIterator[str]:
    """The API itself on a loopback port, where the simulator sends its receipts."""
    async with serving(app, lifespan="off") as url:
        yield url


@pytest.fixture
def worker_env(settings, sms_url, public_url):
    added = {"CIC_SMS_URL": sms_url, "CIC_PUBLIC_URL": public_url, "CIC_JOB_RETRY_BASE_SECONDS": "0",
             "CIC_SMS_QUIET_START_HOUR": "0", "CIC_SMS_QUIET_END_HOUR": "0"}  # no quiet hours: tested on their own below
    with cic_environment(added):
        yield sms_url


async def give_mobile(services, archive, mobile: str) -> None:
    from sqlalchemy import update

    from backend.auth.contexts import MOBILE_CONTEXT
    from backend.customers.models import Customer

    async with transaction(services.db.sessions) as session:
        await session.execute(update(Customer).where(Customer.id == archive.id).values(
            mobile_encrypted=services.cipher.encrypt(mobile, context=MOBILE_CONTEXT),
            mobile_bidx=services.cipher.blind_index(mobile, context=MOBILE_CONTEXT),
        ))  # fmt: skip


async def messages_of(services, customer_id) -> list[SmsMessage]:
    async with services.db.sessions() as session:
        return list((await session.scalars(select(SmsMessage).where(SmsMessage.customer_id == customer_id))).all())


async def test_the_gateway_is_idempotent_by_message_id_and_tells_outages_from_refusals(sms_url):
    gateway = HttpSmsGateway(sms_url, KEY)
    try:
        first = await gateway.send(Outgoing("m-1", "13800138000", "测试"))
        assert await gateway.send(Outgoing("m-1", "13800138000", "测试")) == first
        await sim(sms_url, "/_sim/faults", {"status": 503, "count": 1})
        with pytest.raises(SmsUnavailable):
            await gateway.send(Outgoing("m-2", "13800138000", "测试"))
        with pytest.raises(SmsRejected) as refused:
            await gateway.send(Outgoing("m-3", "12345", "测试"))
        assert refused.value.code == "INVALID_MOBILE"
        with pytest.raises(SmsRejected):
            wrong = HttpSmsGateway(sms_url, "wrong")
            try:
                await wrong.send(Outgoing("m-4", "13800138000", "测试"))
            finally:
                await wrong.aclose()
    finally:
        await gateway.aclose()
    assert len((await sim(sms_url, "/_sim/messages"))["messages"]) == 1
    from tests.faults import refused_port

    with refused_port() as port:  # the platform down: an outage to retry, not a refusal
        down = HttpSmsGateway(f"http://127.0.0.1:{port}", KEY)
        try:
            with pytest.raises(SmsUnavailable):
                await down.send(Outgoing("m-5", "13800138000", "测试"))
        finally:
            await down.aclose()


async def test_a_granted_quota_is_texted_once_despite_an_outage_and_a_duplicate_receipt(client, services, settings, worker_env):
    sms_url = worker_env
    archive = await eligible_archive(services, seed=81)
    await give_mobile(services, archive, "13912345678")
    product_id = await product(client, "TEST_SMS", "STRAIGHT_THROUGH")
    await sim(sms_url, "/_sim/faults", {"status": 503, "count": 2})
    await sim(sms_url, "/_sim/config", {"receiptCopies": 2})
    assert (await submit(client, archive, product_id, "30000.00"))["application"]["status"] == "APPROVED"
    await run_burst_worker(settings)  # quota.approved, then the message: two 503s, then sent

    [message] = await messages_of(services, archive.id)
    assert message.event == SmsEvent.QUOTA_APPROVED and message.status in (SmsStatus.SENT, SmsStatus.DELIVERED), message.reason
    assert "授信额度30,000.00元已审批通过" in message.text and message.text.endswith("回TD退订")
    seen = await sim(sms_url, "/_sim/messages")
    assert len(seen["messages"]) == 1 and [r["status"] for r in seen["requests"]] == [503, 503, 202]
    assert seen["messages"][0]["mobileMasked"] == message.to_masked and "****" in message.to_masked
    # the receipt comes back signed, twice: the message is DELIVERED once
    delivered = await until(lambda: _status(services, message.id, SmsStatus.DELIVERED), "the delivery receipt")
    assert delivered.receipt_at is not None
    async with services.db.sessions() as session:
        audits = (await session.scalars(select(AuditRecord).where(AuditRecord.target_id == str(message.id)))).all()
    assert [a.action for a in audits] == ["sms.sent"]
    assert audits[0].detail["to"] == message.to_masked and "13912345678" not in json.dumps(audits[0].detail)
    # the job delivered again (a retry after a lost answer) sends nothing more
    async with transaction(services.db.sessions) as session:
        assert await NotificationService(session, None, services.cipher).send(
            [message.id], NeverSends(), now=datetime.now(UTC), rules=SendRules(), callback_url=None
        ) == {message.id: Outcome.delivered("already done")}


class NeverSends:
    async def send(self, message: Outgoing) -> str:
        raise AssertionError("a message already sent was sent again")


async def _status(services, message_id, status: SmsStatus) -> SmsMessage | None:
    async with services.db.sessions() as session:
        row = (await session.scalars(select(SmsMessage).where(SmsMessage.id == message_id))).one_or_none()  # keyed (bank_id, id)
    return row if row is not None and row.status == status else None


async def test_receipts_must_be_signed(client, services):
    body = json.dumps({"messageId": "7b9d1e1e-8a0f-4a7a-9b6b-0d6c2f1e1a11", "providerId": "x", "status": "DELIVERED"}).encode()
    unsigned = await client.post("/callbacks/sms/receipts", content=body)
    forged = await client.post("/callbacks/sms/receipts", content=body, headers={"X-Sms-Signature": sign("other", body)})
    unknown = await client.post("/callbacks/sms/receipts", content=body, headers={"X-Sms-Signature": sign(SECRET, body)})
    assert (unsigned.status_code, forged.status_code, unknown.status_code) == (401, 401, 404)


async def test_an_opted_out_number_gets_nothing_and_quiet_hours_and_the_daily_limit_defer(client, services, sms_url):
    archive = await eligible_archive(services, seed=82)
    await give_mobile(services, archive, "13912345679")
    async with transaction(services.db.sessions) as session:
        notify = NotificationService(session, Outbox(None, None), services.cipher)  # rows only: the test sends
        ids = [await notify.notify(SmsEvent.REMINDER, bank_id=archive.bank_id, customer_id=archive.id, org_path="/", dedupe_key=f"t:{n}",
                                   variables={"bank": "测试银行", "text": f"第{n}条提醒。"}) for n in range(4)]
        assert await notify.notify(SmsEvent.REMINDER, bank_id=archive.bank_id, customer_id=archive.id, org_path="/", dedupe_key="t:0",
                                   variables={"bank": "测试银行", "text": "重复"}) is None  # one message per event
    gateway = HttpSmsGateway(sms_url, KEY)
    rules = SendRules(quiet_start=21, quiet_end=8, per_number_per_day=2)
    night = datetime(2026, 12, 3, 14, 30, tzinfo=UTC)  # 22:30 in Beijing
    day = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 10:00 in Beijing

    async def send(message_ids, now):
        async with transaction(services.db.sessions) as session:
            return await NotificationService(session, None, services.cipher).send(message_ids, gateway, now=now, rules=rules, callback_url=None)

    try:
        # quiet hours defer the message to 08:00 without counting a try
        assert await send([ids[0]], night) == {ids[0]: Outcome.later("quiet hours", at=datetime(2026, 12, 4, 0, 0, tzinfo=UTC), counts=False)}
        # a batch of three to one number with a limit of two: the batch's own messages count, the
        # oldest two are sent and the third waits for the next day
        assert await send(ids[:3], day) == {
            ids[0]: Outcome.delivered("sent"), ids[1]: Outcome.delivered("sent"),
            ids[2]: Outcome.later("daily limit of the number", at=datetime(2026, 12, 4, 0, 0, tzinfo=UTC), counts=False),
        }  # fmt: skip
        # and a later batch the same day counts what was sent before it
        assert (await send([ids[2]], day + timedelta(hours=1)))[ids[2]].retry_at == datetime(2026, 12, 4, 0, 0, tzinfo=UTC)
        # the customer replies TD: a signed reply opts the number out
        async with services.db.sessions() as session:
            message = (await session.scalars(select(SmsMessage).where(SmsMessage.id == ids[0]))).one()
        mobile = await _mobile(services, archive)
        reply = json.dumps({"mobile": mobile, "text": "TD", "bankId": archive.bank_id}).encode()
        answered = await client.post("/callbacks/sms/replies", content=reply, headers={"X-Sms-Signature": sign(SECRET, reply)})
        assert answered.status_code == 200 and message.to_masked == mobile[:3] + "****" + mobile[-4:]
        assert await send([ids[3]], day + timedelta(days=1)) == {ids[3]: Outcome.delivered("suppressed: OPTED_OUT")}
    finally:
        await gateway.aclose()
    assert len((await sim(sms_url, "/_sim/messages"))["messages"]) == 2


async def test_a_sent_message_is_recorded_in_one_update(services, sms_url, count_queries):
    """The worker notes the number's mask and blind index and the platform's answer in one UPDATE:
    the opt-out and daily-limit read in between does not flush the first half."""
    archive = await eligible_archive(services, seed=83)
    await give_mobile(services, archive, "13912345680")
    async with transaction(services.db.sessions) as session:
        message_id = await NotificationService(session, Outbox(None, None), services.cipher).notify(
            SmsEvent.REMINDER, bank_id=archive.bank_id, customer_id=archive.id, org_path="/", dedupe_key="one-update",
            variables={"bank": "测试银行", "text": "一条提醒。"})
    gateway = HttpSmsGateway(sms_url, KEY)
    count_queries.statements.clear()
    try:
        async with transaction(services.db.sessions) as session:
            outcome = await NotificationService(session, None, services.cipher).send(
                [message_id], gateway, now=datetime(2026, 12, 3, 2, 0, tzinfo=UTC), rules=SendRules(quiet_start=0, quiet_end=0),
                callback_url=None)
    finally:
        await gateway.aclose()
    assert outcome == {message_id: Outcome.delivered("sent")}
    updates = [s for s in count_queries.statements if s.startswith("UPDATE sms_messages")]
    assert len(updates) == 1 and "to_bidx" in updates[0] and "provider_id" in updates[0], updates
    (sent,) = await messages_of(services, archive.id)
    assert sent.status == SmsStatus.SENT and sent.to_masked == "139****5680" and sent.to_bidx and sent.provider_id


async def test_a_message_about_a_product_names_the_bank_and_the_product_from_one_read(client, services, count_queries):
    """The bank's and the product's names in a text message come from one statement of the two
    names (the worker's quota text and the lending callback's disbursement text)."""
    from backend.orgs.models import OrgUnit
    from backend.products.models import Product

    archive = await eligible_archive(services, seed=84)
    product_id = int(await product(client, "TEST_NAMES", "STRAIGHT_THROUGH"))
    async with services.db.sessions() as session:
        bank, sold = await session.get(OrgUnit, archive.bank_id), await session.get(Product, product_id)
    count_queries.statements.clear()
    async with transaction(services.db.sessions) as session:
        message_id = await NotificationService(session, Outbox(None, None), services.cipher).notify_about_product(
            SmsEvent.QUOTA_APPROVED, bank_id=archive.bank_id, product_id=product_id, product_code="TEST_NAMES", customer_id=archive.id,
            org_path="/", dedupe_key="names", variables={"amount": "30,000.00", "valid_to": "2027年12月02日"})
    reads = [s for s in count_queries.statements if "FROM org_units" in s or "FROM products" in s]
    assert len(reads) == 1 and "org_units.name" in reads[0] and "products.name" in reads[0], reads
    (message,) = await messages_of(services, archive.id)
    assert message.id == message_id and message.text.startswith(f"【{bank.name}】") and f"您申请的{sold.name}授信额度30,000.00元" in message.text
    assert (message.variables["bank"], message.variables["product"]) == (bank.name, sold.name)


async def _mobile(services, archive) -> str:
    from backend.auth.contexts import MOBILE_CONTEXT
    from backend.customers.models import Customer

    async with services.db.sessions() as session:
        encrypted = (await session.execute(select(Customer.mobile_encrypted).where(Customer.id == archive.id))).scalar_one()
    return services.cipher.decrypt(encrypted, context=MOBILE_CONTEXT)


def test_cic_simulate_sms_serves_the_contract(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from tests.waiting import ProcessOutput

    env = {k: v for k, v in os.environ.items() if not k.startswith("CIC_")} | {"CIC_VAR_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "simulate", "sms", "--port", "0"],
        cwd=Path(__file__).resolve().parents[2], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = ProcessOutput(proc)
    try:
        url = output.wait_for(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")[1]
        sent = httpx.post(f"{url}/sms/v1/messages", json={"messageId": "a", "mobile": "13800138000", "text": "测试"},
                          headers={"Authorization": f"Bearer {KEY}"})
        assert sent.status_code == 202 and sent.json()["providerId"].startswith("SM")
        assert httpx.post(f"{url}/sms/v1/messages", json={"messageId": "b", "mobile": "13800138000", "text": "测试"}).status_code == 401
    finally:
        proc.terminate()
        output.exit_code()


async def test_a_receipt_moves_only_a_sent_message_of_its_provider_id_and_only_once(client, services):
    """The receipt's rules (one conditional UPDATE, the message looked up only when nothing moved):
    a receipt for another provider id is unknown (404) and changes nothing; DELIVERED moves a SENT
    message; a later FAILED for it changes nothing (200); a status the platform has no business
    sending changes nothing; a FAILED keeps the platform's code as the reason."""
    from backend.customers.models import Customer

    seeded = await eligible_archive(services, seed=71)
    async with services.db.sessions() as session:
        archive = (await session.scalars(select(Customer).where(Customer.id == seeded.id))).one()
    sent_at = datetime.now(UTC) - timedelta(minutes=1)
    rows = [SmsMessage(bank_id=archive.bank_id, customer_id=archive.id, org_path=archive.org_path, event=SmsEvent.QUOTA_APPROVED,
                       dedupe_key=f"test.receipt:{n}", text="您的额度已批准", status=SmsStatus.SENT, provider_id=f"p-{n}",
                       attempts=1, sent_at=sent_at) for n in range(2)]
    async with transaction(services.db.sessions) as session:
        session.add_all(rows)
    first, second = rows

    async def receipt(message: SmsMessage, provider_id: str, status: str, code: str | None = None) -> int:
        body = json.dumps({"messageId": str(message.id), "providerId": provider_id, "status": status, "code": code}).encode()
        return (await client.post("/callbacks/sms/receipts", content=body, headers={"X-Sms-Signature": sign(SECRET, body)})).status_code

    async def stored(message: SmsMessage) -> SmsMessage:
        async with services.db.sessions() as session:
            return await session.get(SmsMessage, (message.bank_id, message.id), populate_existing=True)

    assert await receipt(first, "p-other", "DELIVERED") == 404
    assert (await stored(first)).status == SmsStatus.SENT
    assert await receipt(first, "p-0", "DELIVERED") == 200
    delivered = await stored(first)
    assert delivered.status == SmsStatus.DELIVERED and delivered.receipt_at is not None and delivered.reason is None
    assert await receipt(first, "p-0", "FAILED", "E1") == 200
    again = await stored(first)
    assert (again.status, again.receipt_at, again.reason) == (SmsStatus.DELIVERED, delivered.receipt_at, None)
    assert await receipt(second, "p-1", "QUEUED") == 200
    assert (await stored(second)).status == SmsStatus.SENT
    assert await receipt(second, "p-1", "FAILED", "UNDELIV_07") == 200
    failed = await stored(second)
    assert (failed.status, failed.reason) == (SmsStatus.FAILED, "UNDELIV_07") and failed.receipt_at is not None


async def test_a_receipt_that_comes_while_the_send_is_being_recorded_waits_for_it(client, services):
    """The platform can answer with its receipt before the worker has committed the send (SENT,
    the platform's id): the receipt must wait for that commit, then apply. (A conditional UPDATE
    on status and provider id did not wait: in its snapshot the row matched nothing, so it moved
    nothing and answered 404, and the chain's receipts were lost.)"""
    from sqlalchemy import text as sql, update

    from backend.customers.models import Customer

    seeded = await eligible_archive(services, seed=72)
    async with services.db.sessions() as session:
        archive = (await session.scalars(select(Customer).where(Customer.id == seeded.id))).one()
    message = SmsMessage(bank_id=archive.bank_id, customer_id=archive.id, org_path=archive.org_path, event=SmsEvent.QUOTA_APPROVED,
                         dedupe_key="test.receipt:race", text="您的额度已批准", status=SmsStatus.QUEUED, attempts=0)
    async with transaction(services.db.sessions) as session:
        session.add(message)
    body = json.dumps({"messageId": str(message.id), "providerId": "p-race", "status": "DELIVERED"}).encode()

    async with services.db.sessions() as sending:  # the worker's send, not yet committed
        await sending.execute(select(SmsMessage.id).where(SmsMessage.id == message.id).with_for_update())
        await sending.execute(update(SmsMessage).where(SmsMessage.id == message.id)
                              .values(status=SmsStatus.SENT, provider_id="p-race", attempts=1, sent_at=datetime.now(UTC)))
        receipt = asyncio.create_task(client.post("/callbacks/sms/receipts", content=body,
                                                  headers={"X-Sms-Signature": sign(SECRET, body)}))

        async def receipt_waits_on_the_send() -> bool | None:
            async with services.db.sessions() as session:
                waiting = (await session.execute(sql(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                ))).scalar_one()
            return True if waiting or receipt.done() else None

        await until(receipt_waits_on_the_send, "the receipt waiting on the send's lock, or answering")
        await sending.commit()
    assert (await receipt).status_code == 200
    async with services.db.sessions() as session:
        stored = await session.get(SmsMessage, (message.bank_id, message.id), populate_existing=True)
    assert stored.status == SmsStatus.DELIVERED and stored.receipt_at is not None
