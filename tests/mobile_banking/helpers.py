"""A mobile bank as the tests play it: the demo client, its demo key, a customer's assertion."""

from __future__ import annotations

import base64
from typing import Any

from sqlalchemy import select

from backend.auth.contexts import ID_CONTEXT
from backend.customers.models import Customer
from backend.demo import demo_clients
from backend.integrations.mobile_banking import ASSERTION_GRANT, CUSTOMER_SCOPES, assertion, demo_key
from backend.loans.service import with_check_digit
from tests.helpers import gql

CLIENT = "mobile-banking"


def basic(client_id: str = CLIENT, secret: str | None = None) -> str:
    """HTTP Basic credentials of a client: ``secret``, or the demo client's."""
    secret = secret or next(c for c in demo_clients() if c["client_id"] == client_id)["client_secret"]
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


async def id_number_of(services, customer_id: str) -> str:
    async with services.db.sessions() as session:
        encrypted = (await session.execute(select(Customer.id_number_encrypted).where(Customer.id == customer_id))).scalar_one()
    return services.cipher.decrypt(encrypted, context=ID_CONTEXT)


async def exchange(client, settings, id_number: str, *, scope: str | None = CUSTOMER_SCOPES, bank: str = "FJ-FZ",
                   client_id: str = CLIENT, secret: str | None = None, key: Any = None, signed: str | None = None, **claims: Any) -> Any:
    """POST /auth/token with the JWT bearer grant, signed with ``key`` (the demo key by default)
    and authenticated with ``secret`` (the demo client's by default); the response."""
    token = signed or assertion(key or demo_key(), client_id=client_id, audience=settings.jwt_issuer, id_number=id_number, bank=bank,
                                **claims)
    form = {"grant_type": ASSERTION_GRANT, "assertion": token, **({"scope": scope} if scope else {})}
    return await client.post("/auth/token", data=form, headers={"Authorization": basic(client_id, secret)})


async def customer_token(client, settings, services, customer_id: str, scope: str | None = CUSTOMER_SCOPES) -> str:
    response = await exchange(client, settings, await id_number_of(services, customer_id), scope=scope)
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


MY = """{ myBanking { customerName bankName
  filing { status precise missing branchName managerName }
  products { id code name eligible reasons recommendedQuota }
  quotas { id productName status amount usedAmount reservedAmount availableAmount validTo }
  applications { id number status amount productName }
  loans { id number status amount outstanding account } } }"""

APPLY = """mutation($i: ApplyForQuotaInput!) { applyForQuota(input: $i) {
  application { id number status amount productName } errors { field code message } } }"""

DRAW = """mutation($i: DrawdownInput!) { drawDown(input: $i) {
  loan { id number status amount account term rate } errors { field code message } } }"""


async def my(client, token: str) -> dict[str, Any]:
    return await gql(client, MY, token=token)


def luhn(prefix: str, length: int = 19) -> str:
    """A card number with a valid check digit."""
    return with_check_digit(prefix, length)
