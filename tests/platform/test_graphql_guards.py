"""Query limits, introspection, GraphiQL, and masking of unexpected errors."""

from __future__ import annotations

import httpx
from asgi_lifespan import LifespanManager
from pydantic import SecretStr
from sqlalchemy import update

from backend.config import Environment, Settings
from backend.orgs.models import StaffUser
from backend.web.app import create_app
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


async def test_a_cached_document_keeps_every_rule():
    """schema.documents: a text that passed the rules runs from the cache; a text that failed is
    refused again every time with its reason, never run; each schema caches under its own rules."""
    schema = build_schema(Settings(env="test", graphql_max_depth=2))
    for refused, reason in (("{ me { user { orgUnit { name } } } }", "exceeds maximum operation depth of 2"), ("{ me { ", "Syntax Error")):
        for _ in range(2):
            result = await schema.execute(refused)
            assert result.data is None
            assert reason in result.errors[0].message
            assert result.errors[0].extensions["code"] == "GRAPHQL_VALIDATION_FAILED"
    before = schema.documents.valid.cache_info()
    for _ in range(2):
        assert (await schema.execute("{ __typename }")).data == {"__typename": "Query"}
    after = schema.documents.valid.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 1)
    introspection = "{ __schema { queryType { name } } }"
    assert (await build_schema(Settings(env="development")).execute(introspection)).data == {"__schema": {"queryType": {"name": "Query"}}}
    refused = await build_schema(Settings(env="test")).execute(introspection)
    assert refused.data is None and "introspection" in refused.errors[0].message.lower()


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


async def test_production_gives_no_schema_hints_caps_bodies_guards_metrics_and_protects_the_front_ends(settings, tmp_path):
    """What an anonymous caller can learn or send to a production node."""
    production = settings.model_copy(update={"env": Environment.PRODUCTION, "metrics_token": None})
    app = create_app(production)
    async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        # No "Did you mean ...?": with introspection off it would spell the schema out to anyone.
        typo = (await c.post("/graphql", json={"query": "{ custmers { edges { cursor } } }"})).json()
        assert typo["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert "Did you mean" not in typo["errors"][0]["message"] and "customers" not in typo["errors"][0]["message"]
        # Bodies over the cap are refused before anything parses them, declared or streamed.
        big = '{"query": "{ me { kind } }", "pad": "' + "x" * (production.graphql_max_body_bytes + 1) + '"}'
        declared = await c.post("/graphql", content=big, headers={"content-type": "application/json"})
        assert declared.status_code == 413 and declared.json()["code"] == "REQUEST_TOO_LARGE"

        async def chunks():
            for _ in range(3):
                yield big[: len(big) // 2].encode()

        streamed = await c.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413
        # A multipart body (an upload) has the upload cap, not the JSON one.
        assert production.upload_max_body_bytes > len(big)
        upload = await c.post("/graphql", content=big.encode(), headers={"content-type": "multipart/form-data; boundary=zz"})
        assert upload.status_code != 413, upload.text
        over = await c.post("/graphql", content=b"x" * (production.upload_max_body_bytes + 1), headers={"content-type": "multipart/form-data; boundary=zz"})
        assert over.status_code == 413
        small = await c.post("/graphql", json={"query": "{ me { kind } }"})
        assert small.status_code == 200 and small.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        # /metrics is not public in production (and stays closed without a configured token).
        assert (await c.get("/metrics")).status_code == 404
    with_token = settings.model_copy(update={"env": Environment.PRODUCTION, "metrics_token": SecretStr("scrape-2026")})
    app = create_app(with_token)
    async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        assert (await c.get("/metrics", headers={"Authorization": "Bearer wrong"})).status_code == 404
        scraped = await c.get("/metrics", headers={"Authorization": "Bearer scrape-2026"})
        assert scraped.status_code == 200 and "cic_http_requests_total" in scraped.text


async def test_development_keeps_the_hints(client):
    # Tests run as CIC_ENV=test: hints are hidden there too (only development shows them).
    typo = await gql(client, "{ custmers { edges { cursor } } }")
    assert "Did you mean" not in typo["errors"][0]["message"]
    schema = build_schema(Settings(env="development"))
    result = await schema.execute("{ custmers { edges { cursor } } }")
    assert "Did you mean 'customers'" in result.errors[0].message


async def test_the_front_ends_carry_security_headers(tmp_path):
    from starlette.applications import Starlette

    from backend.web.app import _frontend

    for name in ("pc", "pad"):
        dist = tmp_path / f"frontend-{name}" / "dist"
        dist.mkdir(parents=True)
        (dist / "index.html").write_text("<!doctype html><title>CIC</title>")
    plain = Settings()
    app = Starlette(routes=[_frontend("pc", plain, tmp_path), _frontend("pad", plain, tmp_path)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        for path in ("/pc/", "/pad/", "/pc/archives/some-deep-link"):
            page = await c.get(path)
            assert page.status_code == 200, path
            csp = page.headers["content-security-policy"]
            assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-eval'" not in csp
            assert "connect-src 'self';" in csp  # nothing else to call
            assert page.headers["x-frame-options"] == "DENY" and page.headers["referrer-policy"] == "no-referrer"
            assert page.headers["x-content-type-options"] == "nosniff"
    # with a fingerprint reader, its local service (origin only) joins connect-src, nothing else does
    reader = Settings(fingerprint_reader_url="http://127.0.0.1:9527/some/path")
    app = Starlette(routes=[_frontend("pc", reader, tmp_path)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        csp = (await c.get("/pc/")).headers["content-security-policy"]
    assert "connect-src 'self' http://127.0.0.1:9527;" in csp and "script-src 'self';" in csp


async def test_an_answer_is_compact_utf8_json(client):
    """The view encodes with orjson (backend.web.app.CICGraphQL.encode_json): Chinese as UTF-8,
    no whitespace, the same data a standard parser reads."""
    import json

    token = await login(client, "fz1.cm1")
    response = await client.post("/graphql", json={"query": "{ me { user { name } } }"}, headers={"Authorization": f"Bearer {token}"})
    assert response.headers["content-type"].startswith("application/json")
    name = json.loads(response.content)["data"]["me"]["user"]["name"]
    assert name and name.encode() in response.content, response.content  # not \\u-escaped
    assert b": " not in response.content and b", " not in response.content
