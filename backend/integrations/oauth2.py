"""Outbound OAuth2: how CIC authenticates to a connected system that wants a bearer token.

An HTTP adapter that talks to a system protected by OAuth2 builds its client with
``http_client(...)`` (ECIF when configured so) or, on the credit chain's hot path, ``BearerCalls``
(the lending platform's adapter and its callbacks into CIC: aiohttp for the calls). Either way the
token is kept by authlib's ``AsyncOAuth2Client`` (the httpx integration): the client-credentials
grant (RFC 6749 section 4.4) with the client authenticated by HTTP Basic, the token fetched on
the first call, renewed before it expires (authlib's ``leeway``) under one lock so concurrent
calls fetch once, and fetched again once when the system answers 401 (a token revoked or expired
early). Without credentials ``http_client`` is a plain ``httpx.AsyncClient``. Why authlib and
not our own code: docs/architecture.md, "Outbound OAuth2".

``TokenIssuer`` is the simulators' side: a token endpoint and a bearer check, so each
simulator speaks the same protocol as the real system, and tests can revoke every token
(``POST /_sim/revoke-tokens``) to make the client meet a 401.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import warnings

import aiohttp
import httpx
from authlib.deprecate import AuthlibDeprecationWarning  # installs authlib's own warning filter first
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

with warnings.catch_warnings():
    # authlib 1.9 prefers the `httpx2` fork and warns when it runs on httpx; its token requests,
    # ECIF's calls and their error handling (httpx.HTTPError) use httpx, so we keep it on purpose.
    warnings.filterwarnings("ignore", message="The httpx module is deprecated", category=AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client
    from authlib.integrations.httpx_client import OAuthError as OAuthError  # re-exported for adapters

USE_CLIENT_DEFAULT: Any = httpx.USE_CLIENT_DEFAULT


@dataclass(frozen=True)
class ClientCredentials:
    """A confidential client's registration at the system's token endpoint."""

    token_url: str
    client_id: str
    client_secret: str = field(repr=False)
    scope: str | None = None


# An already expired token: authlib's own renewal (under its lock) then fetches the first one.
_NO_TOKEN = {"access_token": "", "token_type": "Bearer", "expires_at": 0}


class ClientCredentialsClient(AsyncOAuth2Client):
    """authlib's async client: it fetches and renews the token itself; we add one renewal and
    one retry when the system answers 401 (a token revoked or expired early)."""

    def __init__(self, credentials: ClientCredentials, **kwargs: Any) -> None:
        super().__init__(
            client_id=credentials.client_id,
            client_secret=credentials.client_secret,
            scope=credentials.scope,
            token_endpoint=credentials.token_url,
            token_endpoint_auth_method="client_secret_basic",
            grant_type="client_credentials",
            leeway=30,
            token=_NO_TOKEN,
            **kwargs,
        )

    async def request(  # type: ignore[override]
        self, method: str, url: Any, withhold_token: bool = False, auth: Any = USE_CLIENT_DEFAULT, **kwargs: Any
    ) -> httpx.Response:
        if withhold_token or auth is not USE_CLIENT_DEFAULT:  # the token request itself
            return await super().request(method, url, withhold_token=withhold_token, auth=auth, **kwargs)
        response = await super().request(method, url, **kwargs)
        if response.status_code == 401:
            refused = response.request.headers.get("authorization", "")
            async with self._token_refresh_lock:  # authlib's: one renewal for calls refused together
                if refused == f"Bearer {self.token['access_token']}":
                    await self.fetch_token(grant_type="client_credentials")
            response = await super().request(method, url, **kwargs)
        return response


def http_client(base_url: str, *, timeout: float, credentials: ClientCredentials | None = None) -> httpx.AsyncClient:
    """The HTTP client of an adapter: connect timeout at most 2 s, OAuth2 when configured."""
    options: dict[str, Any] = {"base_url": base_url, "timeout": httpx.Timeout(timeout, connect=min(timeout, 2.0))}
    if credentials is None:
        return httpx.AsyncClient(**options)
    return ClientCredentialsClient(credentials, **options)


# What a call that got no answer raises: the connection or the wait failed (aiohttp), or the
# token endpoint did (authlib's client is httpx; OAuthError when it refused the client).
NO_ANSWER: tuple[type[Exception], ...] = (aiohttp.ClientError, TimeoutError, httpx.HTTPError, OAuthError)


class BearerCalls:
    """An adapter's POSTs over aiohttp, with an OAuth2 bearer token when ``credentials`` are
    given, kept by authlib's client above: fetched on the first call, renewed before it expires
    under authlib's lock, fetched again once when the system answers 401. The credit chain's
    outbound calls go through it (the lending platform's drawdowns, the SMS platform's sends with
    its API key in the caller's headers, and the simulators' callbacks into CIC): httpx spent
    about 1.3 ms of CPU a request alone and 3.4 ms at 20 in flight, aiohttp 0.15-0.25 ms
    (docs/channels.md). The session opens on the first call, inside the caller's event loop."""

    def __init__(self, base_url: str, *, timeout: float, credentials: ClientCredentials | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout, connect=min(timeout, 2.0))
        self._tokens = None if credentials is None else ClientCredentialsClient(
            credentials, timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)))
        self._session: aiohttp.ClientSession | None = None

    async def _authorization(self) -> dict[str, str]:
        if self._tokens is None:
            return {}
        await self._tokens.ensure_active_token(self._tokens.token)
        return {"Authorization": f"Bearer {self._tokens.token['access_token']}"}

    async def _post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        target = url if url.startswith(("http://", "https://")) else self.base_url + url
        async with self._session.post(target, data=body, headers=headers) as response:
            return response.status, await response.read()

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """POST ``body`` to ``url`` (a path under the base URL, or a whole URL): the answer's
        status and body. Raises one of ``NO_ANSWER`` when there is none."""
        sent = await self._authorization()
        status, raw = await self._post(url, body, {**headers, **sent})
        if status == 401 and self._tokens is not None:
            async with self._tokens._token_refresh_lock:  # authlib's: one renewal for calls refused together
                if sent.get("Authorization") == f"Bearer {self._tokens.token['access_token']}":
                    await self._tokens.fetch_token(grant_type="client_credentials")
            status, raw = await self._post(url, body, {**headers, **await self._authorization()})
        return status, raw

    async def post_for_answer(
        self, url: str, body: bytes, headers: dict[str, str], *,
        unavailable: Callable[[str], Exception], rejected: Callable[[str, str], Exception],
    ) -> dict[str, Any]:  # fmt: skip
        """``post``, read as the connected systems' contracts answer: no answer, ``429`` or ``5xx``
        raise ``unavailable(why)`` (transient: try again with the same idempotency key); any other
        ``4xx`` raises ``rejected(code, reason)`` from its ``{"code", "reason"}`` body (``HTTP_<status>``
        when it has none); otherwise the answer's JSON object."""
        try:
            status, raw = await self.post(url, body, headers)
        except NO_ANSWER as exc:
            raise unavailable(type(exc).__name__) from exc
        if status == 429 or status >= 500:
            raise unavailable(f"HTTP {status}")
        if status >= 400:
            try:
                data = json.loads(raw)
            except ValueError:
                data = {}
            if not isinstance(data, dict):
                data = {}
            raise rejected(str(data.get("code") or f"HTTP_{status}"), str(data.get("reason") or ""))
        return json.loads(raw)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._tokens is not None:
            await self._tokens.aclose()


class TokenIssuer:
    """A simulator's token endpoint (client credentials, Basic auth) and its bearer check."""

    def __init__(self, client_id: str, client_secret: str, *, lifetime_seconds: int = 3600) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.lifetime_seconds = lifetime_seconds
        self.tokens: dict[str, float] = {}  # token -> expiry (monotonic)
        self.issued = 0

    def _client_ok(self, request: Request) -> bool:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            client_id, _, secret = base64.b64decode(value).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        return secrets.compare_digest(client_id, self.client_id) and secrets.compare_digest(secret, self.client_secret)

    async def token_endpoint(self, request: Request) -> Response:
        form = await request.form()
        if not self._client_ok(request):
            return JSONResponse({"error": "invalid_client"}, status_code=401, headers={"WWW-Authenticate": "Basic"})
        if form.get("grant_type") != "client_credentials":
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        token = secrets.token_urlsafe(24)
        self.tokens[token] = time.monotonic() + self.lifetime_seconds
        self.issued += 1
        headers = {"Cache-Control": "no-store"}
        return JSONResponse({"access_token": token, "token_type": "Bearer", "expires_in": self.lifetime_seconds}, headers=headers)

    def refused(self, request: Request) -> Response | None:
        """None when the request carries a live bearer token, else the 401 to answer."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        expiry = self.tokens.get(token) if scheme.lower() == "bearer" else None
        if expiry is None or expiry < time.monotonic():
            return JSONResponse({"code": "INVALID_TOKEN", "reason": "a valid bearer token is required"}, status_code=401)
        return None

    def revoke_all(self) -> None:
        self.tokens.clear()
