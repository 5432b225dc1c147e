"""The customer manager of record from the information management system (docs/channels.md):
a self-service archive, or an application for an archive without a manager, asks who the bank's
manager of the person is; over HTTP against the system's simulator, through the real worker."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select, text

from backend.audit.models import AuditRecord
from backend.customers.manager_of_record import assign_manager_of_record
from backend.customers.models import Customer, CustomerChange
from backend.customers.tasks import ASSIGN_MANAGER, ArchiveRef
from backend.demo import demo_accounts
from backend.integrations.ims import simulator_app
from backend.outbox.models import OutboxMessage
from tests.approvals.conftest import eligible_archive
from tests.customers.archive_fixtures import CONSENT, CREATE, ZHANG_ID, archive
from tests.customers.test_channels_and_assignment import branch_id, client_token
from tests.helpers import cic_environment, gql, login, run_burst_worker, simulator_call as sim
from tests.mobile_banking.helpers import APPLY, customer_token
from tests.mobile_banking.test_mobile_banking import mobile_product
from tests.waiting import serving

EMPLOYEE = {a.username: a.employee_no for a in demo_accounts()}


@pytest.fixture
async def ims_url(settings) -> AsyncIterator[str]:
    async with serving(simulator_app(api_key="cic-dev-ims-key")) as url:
        with cic_environment({"CIC_IMS_URL": url, "CIC_JOB_RETRY_BASE_SECONDS": "0"}):
            yield url


async def self_service_archive(client) -> str:
    branch = await branch_id(client, await login(client, "fz1.manager"), "FJ-FZ-01")
    created = await gql(client, CREATE, {"i": {"archive": archive(), "branchId": branch, "consent": {**CONSENT, "channel": "SELF_SERVICE"}}},
                        token=await client_token(client, "self_service"))
    payload = created["data"]["createArchive"]
    assert payload["errors"] == [] and payload["customer"]["manager"] is None
    return payload["customer"]["id"]


async def lookups(services, customer_id: str) -> list[dict]:
    async with services.db.sessions() as session:
        rows = await session.scalars(select(AuditRecord.detail).where(AuditRecord.action == "customer.manager_lookup",
                                                                      AuditRecord.target_id == customer_id))
        return list(rows)


async def test_a_self_service_archive_gets_its_manager_of_record_despite_an_outage(client, services, settings, ims_url):
    await sim(ims_url, "/_sim/assign", {"bankCode": "FJ-FZ", "idNumber": ZHANG_ID, "employeeNo": EMPLOYEE["fz1.cm2"], "orgCode": "FJ-FZ-01"})
    await sim(ims_url, "/_sim/faults", {"status": 503, "count": 1})
    customer_id = await self_service_archive(client)
    await run_burst_worker(settings)

    asked = (await sim(ims_url, "/_sim/lookups"))["lookups"]
    assert [a["status"] for a in asked] == [503, 200] and all(ZHANG_ID not in a["idNumber"] for a in asked)
    shown = await gql(client, "query($id: ID!) { customer(id: $id) { version manager { username } history { action } } }",
                      {"id": customer_id}, token=await login(client, "fz1.manager"))
    c = shown["data"]["customer"]
    assert c["manager"] == {"username": "fz1.cm2"} and c["version"] == 1  # a system change: no version bump
    assert [d["outcome"] for d in await lookups(services, customer_id)] == ["assigned"]
    async with services.db.sessions() as session:
        changes = (await session.scalars(select(CustomerChange.action).where(CustomerChange.customer_id == customer_id))).all()
    assert "ASSIGN" in changes


@pytest.mark.parametrize(("assigned_to", "outcome"), [(None, "not_found"), ("fz2.cm1", "other_branch"), ("fz1.manager", "not_customer_manager"),
                                                      ("qz1.cm1", "unknown_employee")])
async def test_no_assignment_when_the_system_names_no_manager_of_this_branch(client, services, settings, ims_url, assigned_to, outcome):
    if assigned_to is not None:
        await sim(ims_url, "/_sim/assign", {"bankCode": "FJ-FZ", "idNumber": ZHANG_ID, "employeeNo": EMPLOYEE[assigned_to]})
    customer_id = await self_service_archive(client)
    await run_burst_worker(settings)
    assert [d["outcome"] for d in await lookups(services, customer_id)] == [outcome]
    async with services.db.sessions() as session:
        assert (await session.scalar(select(Customer.manager_id).where(Customer.id == customer_id))) is None


async def test_an_application_for_an_archive_without_a_manager_asks_and_without_the_system_nothing_happens(client, services, settings):
    archive_ = await eligible_archive(services, seed=98)
    async with services.db.sessions() as session, session.begin():
        await session.execute(text("UPDATE customers SET manager_id = NULL WHERE id = :id"), {"id": archive_.id})
    product_id = await mobile_product(client, "TEST_IMS")
    token = await customer_token(client, settings, services, archive_.id)
    applied = await gql(client, APPLY, {"i": {"productId": product_id, "amount": "20000.00", "term": 12,
                                              "repaymentMethod": "EQUAL_INSTALLMENT", "purpose": "购买化肥"}}, token=token)
    assert applied["data"]["applyForQuota"]["errors"] == []
    async with services.db.sessions() as session:
        queued = (await session.scalars(select(OutboxMessage.task).where(OutboxMessage.task == ASSIGN_MANAGER.name))).all()
        assert len(queued) == 1
        # CIC_IMS_URL unset: nothing to ask, the archive waits for a person to assign it.
        assert await assign_manager_of_record(session, None, services.cipher, ArchiveRef(archive_.bank_id, archive_.id)) == "not_configured"


def test_production_refuses_the_development_key_of_the_information_management_system(tmp_path):
    from backend.config import ConfigurationError, Settings

    with pytest.raises(ConfigurationError) as refused:
        Settings(env="production", var_dir=tmp_path, ims_url="https://ims.bank.example")
    assert "CIC_IMS_API_KEY" in str(refused.value)
    with pytest.raises(ConfigurationError) as other:  # other settings still missing, but not this one
        Settings(env="production", var_dir=tmp_path, ims_url="https://ims.bank.example", ims_api_key="a-real-key")
    assert "CIC_IMS_API_KEY" not in str(other.value)
