"""Mobile banking (docs/channels.md): the mobile bank's signed assertion of its customer becomes a
token bound to that customer; every field answers for that customer only, within the token's
scopes; the customer applies for a quota themselves."""

from __future__ import annotations

from sqlalchemy import select

from backend.audit.models import AuditRecord
from backend.integrations.mobile_banking import assertion, demo_key
from tests.approvals.conftest import eligible_archive
from tests.approvals.test_applications import product
from tests.helpers import gql
from tests.mobile_banking.helpers import APPLY, DRAW, customer_token, exchange, id_number_of, luhn, my


async def mobile_product(client, code: str = "TEST_MB") -> str:
    return await product(client, code, "STRAIGHT_THROUGH", channels=["BRANCH", "MOBILE_BANKING"])


async def test_a_customer_sees_their_filing_and_products_and_applies_straight_through(client, services, settings):
    archive = await eligible_archive(services, seed=91)
    product_id = await mobile_product(client)
    token = await customer_token(client, settings, services, archive.id)

    mine = (await my(client, token))["data"]["myBanking"]
    assert mine["filing"]["precise"] is True and mine["filing"]["missing"] == [] and mine["filing"]["status"] == "VERIFIED"
    assert "*" in mine["customerName"]  # the field policy masks names for machine clients
    offered = {p["code"]: p for p in mine["products"]}
    assert offered["TEST_MB"]["eligible"] is True and offered["TEST_MB"]["recommendedQuota"] == "50000.00"
    assert "FU_E_DAI" not in offered  # not sold through mobile banking
    assert mine["quotas"] == [] and mine["applications"] == []

    applied = (await gql(client, APPLY, {"i": {"productId": product_id, "amount": "30000.00", "term": 12,
                                               "repaymentMethod": "EQUAL_INSTALLMENT", "purpose": "购买化肥"}}, token=token))
    payload = applied["data"]["applyForQuota"]
    assert payload["errors"] == [] and payload["application"]["status"] == "APPROVED", payload
    mine = (await my(client, token))["data"]["myBanking"]
    [quota] = mine["quotas"]
    assert (quota["amount"], quota["availableAmount"], quota["status"]) == ("30000.00", "30000.00", "ACTIVE")
    async with services.db.sessions() as session:
        channel = (await session.execute(
            select(AuditRecord.detail).where(AuditRecord.action == "auth.customer_token", AuditRecord.target_id == archive.id)
        )).scalars().all()  # fmt: skip
    assert channel and channel[0]["client_id"] == "mobile-banking"


async def test_a_customer_token_never_answers_about_another_customer(client, services, settings):
    a = await eligible_archive(services, seed=92)
    b = await eligible_archive(services, seed=93)
    product_id = await mobile_product(client)
    token_a = await customer_token(client, settings, services, a.id)
    token_b = await customer_token(client, settings, services, b.id)
    request = {"productId": product_id, "amount": "20000.00", "term": 12, "repaymentMethod": "EQUAL_INSTALLMENT", "purpose": "养殖"}
    assert (await gql(client, APPLY, {"i": request}, token=token_b))["data"]["applyForQuota"]["errors"] == []
    quota_b = (await my(client, token_b))["data"]["myBanking"]["quotas"][0]["id"]

    mine = (await my(client, token_a))["data"]["myBanking"]
    assert mine["quotas"] == [] and mine["applications"] == [] and mine["loans"] == []
    # B's quota through A's token: not found, nothing reserved
    drawn = (await gql(client, DRAW, {"i": {"quotaId": quota_b, "amount": "1000.00", "term": 12, "account": luhn("621700")}},
                       token=token_a))["data"]["drawDown"]
    assert [e["code"] for e in drawn["errors"]] == ["NOT_FOUND"] and drawn["loan"] is None
    assert (await my(client, token_b))["data"]["myBanking"]["quotas"][0]["availableAmount"] == "20000.00"
    # staff fields are not a customer's: no archive search, no application check, no reveal
    for query, variables in (("{ customers { __typename } }", {}),
                             ("query($c: ID!, $p: ID!) { applicationCheck(customerId: $c, productId: $p) { eligible } }",
                              {"c": b.id, "p": product_id}),
                             ("{ quotas { edges { node { id } } } }", {})):
        answer = await gql(client, query, variables, token=token_a)
        assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN", answer


async def test_scopes_bound_what_a_token_may_do(client, services, settings):
    archive = await eligible_archive(services, seed=94)
    product_id = await mobile_product(client)
    token = await customer_token(client, settings, services, archive.id, scope="products:read")
    answer = await gql(client, "{ myBanking { products { code } quotas { id } } }", token=token)
    assert answer["data"] is None or answer["data"]["myBanking"] is None or "quotas" not in (answer["data"]["myBanking"] or {})
    assert any(e["extensions"]["code"] == "FORBIDDEN" and e["path"][-1] == "quotas" for e in answer["errors"])
    applied = await gql(client, APPLY, {"i": {"productId": product_id, "amount": "20000.00", "term": 12,
                                              "repaymentMethod": "EQUAL_INSTALLMENT", "purpose": "养殖"}}, token=token)
    assert applied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # a scope the client was never given is refused at the token endpoint
    too_much = await exchange(client, settings, await id_number_of(services, archive.id), scope="quota:read lending:callback")
    assert too_much.status_code == 400 and too_much.json()["code"] == "SCOPE_NOT_ALLOWED"
    # a client token (client credentials) is no customer: myBanking refuses it
    from tests.customers.test_channels_and_assignment import client_token

    answer = await gql(client, "{ myBanking { bankName } }", token=await client_token(client, "quota:read"))
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_assertions_are_checked_signature_audience_expiry_replay_and_customer(client, services, settings):
    archive = await eligible_archive(services, seed=95)
    id_number = await id_number_of(services, archive.id)
    signed = assertion(demo_key(), client_id="mobile-banking", audience=settings.jwt_issuer, id_number=id_number, bank="FJ-FZ")
    assert (await exchange(client, settings, id_number, signed=signed)).status_code == 200
    replay = await exchange(client, settings, id_number, signed=signed)
    assert replay.status_code == 400 and replay.json()["code"] == "ASSERTION_REPLAYED"

    from joserfc.jwk import OKPKey

    forged = assertion(OKPKey.generate_key("Ed25519"), client_id="mobile-banking", audience=settings.jwt_issuer, id_number=id_number,
                       bank="FJ-FZ")
    cases = {
        "forged key": forged,
        "wrong audience": assertion(demo_key(), client_id="mobile-banking", audience="https://elsewhere", id_number=id_number, bank="FJ-FZ"),
        "expired": assertion(demo_key(), client_id="mobile-banking", audience=settings.jwt_issuer, id_number=id_number, bank="FJ-FZ",
                             lifetime=-120),
        "too long-lived": assertion(demo_key(), client_id="mobile-banking", audience=settings.jwt_issuer, id_number=id_number,
                                    bank="FJ-FZ", lifetime=3600),
        "another issuer": assertion(demo_key(), client_id="someone-else", audience=settings.jwt_issuer, id_number=id_number, bank="FJ-FZ"),
    }
    for why, token in cases.items():
        response = await exchange(client, settings, id_number, signed=token)
        assert (response.status_code, response.json()["code"]) == (400, "INVALID_ASSERTION"), why
    unknown = await exchange(client, settings, "350102199001011234")
    assert unknown.status_code == 400 and unknown.json()["code"] == "CUSTOMER_NOT_FILED"
    other_bank = await exchange(client, settings, id_number, bank="FJ-QZ")
    assert other_bank.json()["code"] == "CUSTOMER_NOT_FILED"
    # the lending platform is a client too, but may not assert customers (no keys registered)
    lending = await exchange(client, settings, id_number, client_id="lending-platform")
    assert lending.json()["code"] in ("ASSERTION_NOT_ALLOWED", "INVALID_CLIENT")


async def test_a_closed_archive_ends_the_customers_tokens(client, services, settings):
    from sqlalchemy import text

    from backend.db.session import transaction

    archive = await eligible_archive(services, seed=96)
    token = await customer_token(client, settings, services, archive.id, scope="quota:read")
    assert (await gql(client, "{ myBanking { filing { precise } } }", token=token))["data"]["myBanking"]["filing"]["precise"] is True
    async with transaction(services.db.sessions) as session:
        await session.execute(text("UPDATE customers SET status = 'ARCHIVED' WHERE id = :id"), {"id": archive.id})
    services.principals.clear()  # the cache's 2 s: the next request reads the archive again
    answer = await gql(client, "{ myBanking { bankName } }", token=token)
    assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_straight_through_application_reads_its_card_product_and_rating_once(client, services, settings, count_queries):
    """The hot path of the credit chain (docs/benchmarks.md, "The credit chain after approval"):
    the card the rating used answers the application's questions about grades without being
    read again, the rating comes back from its own INSERT, and the product is named from the
    session; the outbox row is sent with one UPDATE."""
    archive = await eligible_archive(services, seed=97)
    product_id = await mobile_product(client)
    token = await customer_token(client, settings, services, archive.id)
    count_queries.statements.clear()
    applied = await gql(client, APPLY, {"i": {"productId": product_id, "amount": "30000.00", "term": 12,
                                              "repaymentMethod": "EQUAL_INSTALLMENT", "purpose": "购买化肥"}}, token=token)
    assert applied["data"]["applyForQuota"]["application"]["status"] == "APPROVED", applied
    selects = [s for s in count_queries.statements if s.lstrip().upper().startswith("SELECT")]
    assert len([s for s in selects if "FROM scorecards" in s]) == 1, selects
    assert len([s for s in selects if "FROM products" in s]) == 1, selects
    assert not [s for s in selects if "FROM customer_ratings" in s], "the rating is read back by its INSERT ... RETURNING"
    assert not [s for s in selects if "FROM outbox" in s], "the send marks its rows with UPDATE ... RETURNING"
    assert len([s for s in count_queries.statements if s.startswith("UPDATE outbox")]) == 1
    # a new application has no tasks or approvals to read; its three events go in one INSERT, its
    # row is inserted and then updated once (the process's state and the decision together)
    assert not [s for s in selects if "FROM approval_tasks" in s or "FROM application_events" in s], selects
    assert len([s for s in count_queries.statements if s.startswith("INSERT INTO application_events")]) == 1
    assert len([s for s in count_queries.statements if s.startswith("UPDATE applications")]) == 1
    from backend.approvals.models import Application, ApplicationEvent

    async with services.db.sessions() as session:
        events = (await session.scalars(
            select(ApplicationEvent.action).join(Application, Application.id == ApplicationEvent.application_id)
            .where(Application.customer_id == archive.id).order_by(ApplicationEvent.id))).all()
    assert [e.value for e in events] == ["SUBMITTED", "AUTO_APPROVED", "COMPLETED"]  # in the order they happened


async def test_a_customers_caller_is_looked_up_in_one_statement_that_leaves_the_read_connections_acting_for_the_bank(settings, services):
    """Who a customer's token speaks for is one statement (the client and the archive joined) on
    the identity pool, never on the read pool: there it flipped a connection from the bank to
    the tables' owner and the next read flipped it back (docs/operations.md, "Connections")."""
    import httpx
    from asgi_lifespan import LifespanManager
    from sqlalchemy import event

    from backend.db.tenancy import acting_for
    from backend.web.app import create_app

    archive = await eligible_archive(services, seed=98)
    app = create_app(settings.model_copy(update={"principal_cache_seconds": 0}))  # every request looks its caller up
    async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        db = app.state.services.db
        token = await customer_token(c, settings, services, archive.id)
        statements: dict[str, list[str]] = {"identity": [], "reads": []}
        checkouts: list[tuple[int, str | None, str | None]] = []  # (connection, what it acted for, what the request wants)

        def on(name: str):
            return lambda _c, _cursor, statement, *_: statements[name].append(statement)

        def checked_out(_dbapi, record, _proxy) -> None:
            checkouts.append((id(record), record.info.get("acting"), acting_for.get()))

        listeners = [(db.identity.sync_engine, "before_cursor_execute", on("identity")),
                     (db.replica.sync_engine, "before_cursor_execute", on("reads")),
                     (db.replica.sync_engine, "checkout", checked_out)]
        for target, name, fn in listeners:
            event.listen(target, name, fn, insert=name == "checkout")  # before the guard sets the banks
        try:
            for _ in range(3):
                assert (await my(c, token))["data"]["myBanking"]["filing"]["precise"] is True
        finally:
            for target, name, fn in listeners:
                event.remove(target, name, fn)
        assert len(statements["identity"]) == 3, statements["identity"]  # one a request
        assert all("FROM oauth_clients LEFT OUTER JOIN customers" in s for s in statements["identity"]), statements["identity"]
        assert not [s for s in statements["reads"] if "oauth_clients" in s]
        # a new connection is set for the bank at its first checkout, and never again
        seen: set[int] = set()
        flips = []
        for connection, acted, wanted in checkouts:
            if connection in seen and acted != wanted:
                flips.append((acted, wanted))
            seen.add(connection)
        assert len(checkouts) > len(seen) and not flips, (flips, checkouts)


async def test_my_quotas_and_loans_alone_read_neither_my_archive_nor_my_bank(client, services, settings, count_queries):
    """The app's refresh of my quotas and loans (the credit chain's `myBanking`) reads what it
    asks for; my name and my bank's name, when asked, share one read of the archive."""
    archive = await eligible_archive(services, seed=99)
    token = await customer_token(client, settings, services, archive.id)
    count_queries.statements.clear()
    mine = await gql(client, "{ myBanking { quotas { id } loans { status } } }", token=token)
    assert mine["data"]["myBanking"] == {"quotas": [], "loans": []}, mine
    read = [s for s in count_queries.statements if "FROM customers" in s or "FROM org_units" in s]
    assert [s for s in read if "oauth_clients" not in s] == [], read  # the caller's own lookup aside
    count_queries.statements.clear()
    named = (await gql(client, "{ myBanking { customerName bankName } }", token=token))["data"]["myBanking"]
    from backend.orgs.models import OrgUnit

    async with services.db.sessions() as session:
        bank = await session.get(OrgUnit, archive.bank_id)
    assert "*" in named["customerName"] and named["bankName"] == bank.name
    archives = [s for s in count_queries.statements if "FROM customers" in s and "oauth_clients" not in s]
    assert len(archives) == 1, archives


async def test_a_customers_token_stops_working_when_its_client_is_deactivated_or_its_archive_is_gone(client, services, settings):
    """The one statement behind a customer's token answers for both the mobile bank's client and
    the archive: either missing or off, the token is refused."""
    from sqlalchemy import text

    from backend.db.session import transaction

    first, second = await eligible_archive(services, seed=93), await eligible_archive(services, seed=94)
    kept = await customer_token(client, settings, services, first.id)
    dropped = await customer_token(client, settings, services, second.id)
    assert "errors" not in await gql(client, "{ myBanking { bankName } }", token=kept)
    async with transaction(services.db.sessions) as session:
        for table in ("archive_evaluations", "customer_ratings"):
            await session.execute(text(f"DELETE FROM {table} WHERE customer_id = :id"), {"id": second.id})
        await session.execute(text("DELETE FROM customers WHERE id = :id"), {"id": second.id})
    answer = await gql(client, "{ myBanking { bankName } }", token=dropped)
    assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "errors" not in await gql(client, "{ myBanking { bankName } }", token=kept)
    async with transaction(services.db.sessions) as session:
        await session.execute(text("UPDATE oauth_clients SET active = false WHERE client_id = 'mobile-banking'"))
    answer = await gql(client, "{ myBanking { bankName } }", token=kept)
    assert answer["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
