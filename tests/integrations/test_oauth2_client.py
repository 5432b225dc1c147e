"""Outbound OAuth2 (authlib's async client) against a simulator that wants bearer tokens.

ECIF is the first adapter configured this way; the lending and SMS platforms of the credit
chain use the same ``backend.integrations.oauth2.http_client``."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from backend.integrations.ecif import TOKEN_PATH, EcifError, EcifRejected, HttpEcifClient, simulator_app
from backend.integrations.oauth2 import NO_ANSWER, BearerCalls, ClientCredentials, TokenIssuer
from tests.waiting import serving

SEEDED_ID = "350521198511230015"


@pytest.fixture
def issuer() -> TokenIssuer:
    return TokenIssuer("cic", "s3cret-of-cic")


@pytest.fixture
async def ecif(issuer: TokenIssuer) -> AsyncIterator[str]:
    async with serving(simulator_app(issuer=issuer)) as url:
        yield url


def _client(url: str, secret: str = "s3cret-of-cic") -> HttpEcifClient:
    return HttpEcifClient(url, timeout=5.0, credentials=ClientCredentials(url + TOKEN_PATH, "cic", secret))


async def _seen(url: str) -> list[tuple[str, int]]:
    async with httpx.AsyncClient() as c:
        return [(r["path"], r["status"]) for r in (await c.get(f"{url}/_sim/requests")).json()]


async def test_calls_carry_one_token_fetched_once_even_when_they_start_together(ecif: str, issuer: TokenIssuer) -> None:
    client = _client(ecif)
    try:
        records = await asyncio.gather(*(client.lookup(SEEDED_ID) for _ in range(5)))
        assert {r.name for r in records if r} == {"陈志强"} and all(records)
        assert issuer.issued == 1
        assert [status for _, status in await _seen(ecif)] == [200] * 5
    finally:
        await client.aclose()


async def test_a_revoked_token_is_replaced_once_and_the_call_succeeds(ecif: str, issuer: TokenIssuer) -> None:
    client = _client(ecif)
    try:
        assert await client.lookup(SEEDED_ID) is not None
        async with httpx.AsyncClient() as c:
            assert (await c.post(f"{ecif}/_sim/revoke-tokens")).status_code == 204
        assert await client.lookup(SEEDED_ID) is not None
        assert issuer.issued == 2
        path = f"/ecif/v1/customers/{SEEDED_ID}"
        assert await _seen(ecif) == [(path, 200), (path, 401), (path, 200)]
    finally:
        await client.aclose()


async def test_a_token_about_to_expire_is_renewed_before_the_call(ecif: str, issuer: TokenIssuer) -> None:
    # Tokens living 10 s are always within the client's 30 s leeway: authlib renews before each
    # call instead of sending a token that could expire on the way (no clock needs to pass).
    issuer.lifetime_seconds = 10
    client = _client(ecif)
    try:
        for _ in range(3):
            assert await client.lookup(SEEDED_ID) is not None
        assert issuer.issued == 3
        assert [status for _, status in await _seen(ecif)] == [200, 200, 200]
    finally:
        await client.aclose()


async def test_wrong_client_credentials_fail_without_reaching_ecif_and_are_not_transient(ecif: str) -> None:
    client = _client(ecif, secret="wrong")
    try:
        with pytest.raises(EcifError, match="invalid_client") as raised:
            await client.lookup(SEEDED_ID)
        assert type(raised.value) is EcifError  # not EcifUnavailable: retrying cannot help
        assert await _seen(ecif) == []
    finally:
        await client.aclose()


async def test_without_credentials_a_protected_ecif_refuses_with_its_code(ecif: str) -> None:
    client = HttpEcifClient(ecif, timeout=5.0)
    try:
        with pytest.raises(EcifRejected, match="INVALID_TOKEN"):
            await client.lookup(SEEDED_ID)
    finally:
        await client.aclose()


async def test_services_build_the_oauth2_client_from_settings(app, ecif: str, issuer: TokenIssuer) -> None:
    running = app.state.services
    configured = running.settings.model_copy(
        update={"ecif_url": ecif, "ecif_client_id": "cic", "ecif_client_secret": SecretStr("s3cret-of-cic")}
    )
    services = dataclasses.replace(running, settings=configured)  # the same pools, ECIF behind OAuth2
    try:
        assert await services.ecif.lookup(SEEDED_ID) is not None
        assert issuer.issued == 1
    finally:
        await services.close_clients()


# -- BearerCalls: aiohttp for the calls, authlib's client for the token (the lending platform's
# adapter and its callbacks into CIC) --------------------------------------------------------


@pytest.fixture
async def protected(issuer: TokenIssuer) -> AsyncIterator[tuple[str, list[int]]]:
    """A system that wants bearer tokens from ``issuer``: POST /calls answers 200, or 401 for a
    missing, unknown or revoked token; the statuses it answered, in order."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    answered: list[int] = []

    async def calls(request: Request) -> Response:
        refused = issuer.refused(request)
        answered.append(401 if refused is not None else 200)
        return refused or JSONResponse({"echo": (await request.body()).decode()})

    app = Starlette(routes=[Route("/oauth/token", issuer.token_endpoint, methods=["POST"]), Route("/calls", calls, methods=["POST"])])
    async with serving(app) as url:
        yield url, answered


def _bearer(url: str, secret: str = "s3cret-of-cic") -> BearerCalls:
    return BearerCalls(url, timeout=5.0, credentials=ClientCredentials(url + "/oauth/token", "cic", secret))


async def test_bearer_calls_share_one_token_and_replace_a_revoked_one_once(protected, issuer: TokenIssuer) -> None:
    url, answered = protected
    calls = _bearer(url)
    try:
        results = await asyncio.gather(*(calls.post("/calls", b"x", {}) for _ in range(5)))
        assert [status for status, _ in results] == [200] * 5 and results[0][1] == b'{"echo":"x"}'
        assert issuer.issued == 1
        issuer.revoke_all()
        assert (await calls.post(f"{url}/calls", b"y", {}))[0] == 200  # a whole URL works as well as a path
        assert issuer.issued == 2 and answered == [200] * 5 + [401, 200]
    finally:
        await calls.aclose()


async def test_bearer_calls_renew_a_token_about_to_expire_before_the_call(protected, issuer: TokenIssuer) -> None:
    url, answered = protected
    issuer.lifetime_seconds = 10  # always within the client's 30 s leeway: renewed before each call
    calls = _bearer(url)
    try:
        for _ in range(3):
            assert (await calls.post("/calls", b"x", {}))[0] == 200
        assert issuer.issued == 3 and answered == [200] * 3
    finally:
        await calls.aclose()


async def test_bearer_calls_without_an_answer_raise_what_callers_retry(protected) -> None:
    from tests.faults import refused_port

    url, answered = protected
    wrong = _bearer(url, secret="wrong")
    try:
        with pytest.raises(NO_ANSWER):  # the token endpoint refused the client: OAuthError
            await wrong.post("/calls", b"x", {})
        assert answered == []  # nothing reached the system without a token
    finally:
        await wrong.aclose()
    with refused_port() as port:
        down = BearerCalls(f"http://127.0.0.1:{port}", timeout=5.0)
        try:
            with pytest.raises(NO_ANSWER):
                await down.post("/calls", b"x", {})
        finally:
            await down.aclose()
