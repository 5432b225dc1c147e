"""Query limits, introspection, GraphiQL, and masking of unexpected errors."""

from __future__ import annotations

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import update

from backend.app import create_app
from backend.config import Environment, Settings
from backend.orgs.models import StaffUser
from schema.schema import build_schema
from tests.helpers import gql, login


async def test_too_many_aliases_is_refused_before_execution(client):
    token = await login(client, "prov.admin")
    query = "{ " + " ".join(f"a{i}: me {{ kind }}" for i in range(31)) + " }"
    result = await gql(client, query, token=token)
    assert result.get("data") is None
    assert result["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "aliases" in result["errors"][0]["message"]


async def test_too_many_tokens_is_refused(client):
    token = await login(client, "prov.admin")
    query = "{ me { " + " ".join(["kind"] * 2100) + " } }"
    result = await gql(client, query, token=token)
    assert result.get("data") is None
    assert "token" in result["errors"][0]["message"].lower()


async def test_depth_limit(settings):
    schema = build_schema(Settings(env="test", graphql_max_depth=2))
    result = await schema.execute("{ me { user { orgUnit { name } } } }")
    assert result.data is None
    assert "exceeds maximum operation depth of 2" in result.errors[0].message
    shallow = await schema.execute("{ me { kind } }")
    assert "depth" not in str(shallow.errors)


async def test_introspection_is_off_outside_development(client):
    result = await gql(client, "{ __schema { queryType { name } } }")
    assert result.get("data") is None
    assert "introspection" in result["errors"][0]["message"].lower()


async def test_graphiql_only_in_development(settings):
    for env, expected in ((Environment.DEVELOPMENT, 200), (Environment.PRODUCTION, 405)):
        app = create_app(settings.model_copy(update={"env": env}))
        async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
            page = await c.get("/graphql", headers={"Accept": "text/html"})
        assert page.status_code == expected, env
        if expected == 200:
            assert "graphiql" in page.text.lower()


async def test_unexpected_errors_are_masked_with_the_request_id(client, services):
    # A phone encrypted under a key this server does not have: decryption fails unexpectedly.
    async with services.db.sessions() as session:
        await session.execute(
            update(StaffUser).where(StaffUser.username == "fz1.cm1").values(phone_encrypted=b"\x02zz" + b"\x00" * 40)
        )
        await session.commit()
    token = await login(client, "fz1.manager")
    response = await client.post(
        "/graphql",
        json={"query": '{ staffUsers(search: "fz1.cm1") { edges { node { username phone } } } }'},
        headers={"Authorization": f"Bearer {token}", "X-Request-ID": "req-test-0001"},
    )
    body = response.json()
    error = body["errors"][0]
    assert error["message"] == "Internal error; quote request id req-test-0001"
    assert error["extensions"] == {"code": "INTERNAL", "requestId": "req-test-0001"}
    assert "zz" not in response.text and "key" not in error["message"]
    assert response.headers["x-request-id"] == "req-test-0001"
