"""The fingerprint platform (指纹平台): verifies a staff member's fingerprint for a login.

The capture device at the PC or PAD (its vendor SDK) produces a fingerprint sample; the front end
sends it with the username to CIC's token endpoint (the fingerprint grant, docs/channels.md), and
CIC asks the platform whether it matches the template enrolled for that staff member. CIC never
stores or logs a sample.

Contract (JSON):

* ``POST /fp/v1/verify``, ``Authorization: Bearer <CIC_FINGERPRINT_API_KEY>``, body
  ``{"userId": <employee number>, "sample": <base64 sample>, "deviceId"}`` -> ``200 {"match":
  bool, "score": 0..1}``; ``404 {"code": "NOT_ENROLLED"}`` when the staff member has no enrolled
  template; ``401`` without a valid key.
* Connect/read failures, timeouts, ``429`` and ``5xx`` raise ``FingerprintUnavailable``;
  other ``4xx`` ``FingerprintRejected``.

``simulator_app`` (``cic simulate fingerprint``): a sample matches when it equals the enrolled one
(``POST /_sim/enroll {"userId", "sample"}``); ``POST /_sim/faults {"status", "count"}``;
``GET /_sim/verifications`` (user, match, status; never the sample).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

VERIFY_PATH = "/fp/v1/verify"


class FingerprintError(Exception):
    pass


class FingerprintUnavailable(FingerprintError):
    pass


class FingerprintRejected(FingerprintError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Verification:
    match: bool
    enrolled: bool = True
    score: float = 0.0


class FingerprintPlatform(Protocol):
    async def verify(self, user_id: str, sample: str, device_id: str | None) -> Verification: ...


class HttpFingerprintPlatform:
    def __init__(self, base_url: str, *, api_key: str, timeout: float = 5.0) -> None:
        self._client = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
                                         headers={"Authorization": f"Bearer {api_key}"})

    async def verify(self, user_id: str, sample: str, device_id: str | None) -> Verification:
        try:
            response = await self._client.post(VERIFY_PATH, json={"userId": user_id, "sample": sample, "deviceId": device_id})
        except httpx.HTTPError as exc:
            raise FingerprintUnavailable(type(exc).__name__) from exc
        if response.status_code == 404:
            return Verification(match=False, enrolled=False)
        if response.status_code == 429 or response.status_code >= 500:
            raise FingerprintUnavailable(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise FingerprintRejected(f"HTTP_{response.status_code}")
        data = response.json()
        return Verification(match=data.get("match") is True, score=float(data.get("score") or 0.0))

    async def aclose(self) -> None:
        await self._client.aclose()


@dataclass
class _SimState:
    api_key: str
    enrolled: dict[str, str] = field(default_factory=dict)  # userId -> sha256(sample)
    verifications: list[dict[str, Any]] = field(default_factory=list)
    fault_status: int = 503
    fault_count: int = 0


def _digest(sample: str) -> str:
    return hashlib.sha256(sample.encode()).hexdigest()


def simulator_app(*, api_key: str, enrolled: dict[str, str] | None = None) -> Starlette:
    """``enrolled``: userId -> sample, enrolled at start (the demo's staff)."""
    state = _SimState(api_key=api_key, enrolled={u: _digest(s) for u, s in (enrolled or {}).items()})

    async def verify(request: Request) -> Response:
        if not hmac.compare_digest(request.headers.get("authorization", ""), f"Bearer {state.api_key}"):
            return JSONResponse({"code": "UNAUTHENTICATED"}, status_code=401)
        try:
            body = await request.json()
            user, sample = str(body["userId"]), str(body["sample"])
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"code": "INVALID_REQUEST"}, status_code=400)
        if state.fault_count > 0:
            state.fault_count -= 1
            state.verifications.append({"userId": user, "status": state.fault_status})
            return JSONResponse({"code": "SIMULATED_FAULT"}, status_code=state.fault_status)
        template = state.enrolled.get(user)
        if template is None:
            state.verifications.append({"userId": user, "status": 404})
            return JSONResponse({"code": "NOT_ENROLLED"}, status_code=404)
        match = hmac.compare_digest(template, _digest(sample))
        state.verifications.append({"userId": user, "status": 200, "match": match})
        return JSONResponse({"match": match, "score": 0.98 if match else 0.12})

    async def enroll(request: Request) -> Response:
        body = await request.json()
        state.enrolled[str(body["userId"])] = _digest(str(body["sample"]))
        return JSONResponse({"ok": True})

    async def faults(request: Request) -> Response:
        body = await request.json()
        state.fault_status, state.fault_count = int(body.get("status", 503)), int(body.get("count", 1))
        return JSONResponse({"ok": True})

    async def verifications(_request: Request) -> Response:
        return JSONResponse({"verifications": state.verifications})

    return Starlette(routes=[
        Route(VERIFY_PATH, verify, methods=["POST"]),
        Route("/_sim/enroll", enroll, methods=["POST"]),
        Route("/_sim/faults", faults, methods=["POST"]),
        Route("/_sim/verifications", verifications, methods=["GET"]),
    ])  # fmt: skip


def demo_sample(username: str) -> str:
    """The demo "finger" of a demo staff member: what the simulator enrolls for them and what a
    development front end sends in place of a capture device's sample."""
    return "demo-fingerprint:" + hashlib.sha256(f"cic demo finger {username}".encode()).hexdigest()


# --- The capture device (指纹仪) -------------------------------------------------------------
#
# A fingerprint reader on a staff member's PC or PAD comes with its vendor's local service (a
# driver listening on the loopback interface); the login screens ask it for a sample from the
# browser, at ``CIC_FINGERPRINT_READER_URL``. The contract CIC's front ends speak (a vendor's
# service, or a thin bridge in front of its SDK, implements it):
#
# * ``GET /reader/v1/status`` -> ``200 {"ready": bool, "deviceId", "model"}``.
# * ``POST /reader/v1/capture {"timeoutMs"}`` -> ``200 {"sample": <base64>, "deviceId",
#   "quality": 0..100}`` once a finger was read; ``408 {"code": "CAPTURE_TIMEOUT"}`` when none was
#   placed in time; ``503 {"code": "READER_NOT_READY"}`` when the device is unplugged.
# * CORS for the page's origin (the page and the service are different origins), and Chrome's
#   private-network preflight header.
#
# ``reader_simulator_app`` (``cic simulate fingerprint-reader``) stands in for device and driver.
# Which finger is "placed" is the simulator's setting: by default the demo finger of the username
# the login screen sends along (``username``, a hint a real driver ignores), so that a developer
# can log in as any demo account; ``POST /_sim/finger {"mode": "own" | "other" | "none" |
# "unplugged", "username"}`` places the finger of a given account, a finger nobody enrolled, no
# finger (the capture times out) or unplugs the device; ``GET /_sim/captures`` lists the captures.

READER_CAPTURE_PATH = "/reader/v1/capture"
READER_STATUS_PATH = "/reader/v1/status"
READER_MODES = ("own", "other", "none", "unplugged")


@dataclass
class _ReaderState:
    mode: str = "own"
    username: str | None = None  # whose finger "own" places; None: the hint's
    captures: list[dict[str, Any]] = field(default_factory=list)


def reader_simulator_app(device_id: str = "SIM-READER-01") -> Starlette:
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware

    state = _ReaderState()

    async def status(_request: Request) -> Response:
        return JSONResponse({"ready": state.mode != "unplugged", "deviceId": device_id, "model": "模拟指纹仪 (CIC simulator)"})

    async def capture(request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            body = {}
        hint = body.get("username") if isinstance(body, dict) else None
        hint = hint if isinstance(hint, str) else None
        state.captures.append({"mode": state.mode, "hint": hint})
        if state.mode == "unplugged":
            return JSONResponse({"code": "READER_NOT_READY"}, status_code=503)
        if state.mode == "none":
            return JSONResponse({"code": "CAPTURE_TIMEOUT"}, status_code=408)
        whose = state.username or hint
        sample = demo_sample(whose) if state.mode == "own" and whose else demo_sample(f"nobody enrolled this finger {len(state.captures)}")
        return JSONResponse({"sample": sample, "deviceId": device_id, "quality": 87})

    async def finger(request: Request) -> Response:
        body = await request.json()
        mode = body.get("mode", "own")
        if mode not in READER_MODES:
            return JSONResponse({"code": "INVALID_MODE", "modes": list(READER_MODES)}, status_code=400)
        state.mode, state.username = mode, body.get("username") or None
        return JSONResponse({"ok": True})

    async def captures(_request: Request) -> Response:
        return JSONResponse({"captures": state.captures})

    return Starlette(
        routes=[
            Route(READER_STATUS_PATH, status, methods=["GET"]),
            Route(READER_CAPTURE_PATH, capture, methods=["POST"]),
            Route("/_sim/finger", finger, methods=["POST"]),
            Route("/_sim/captures", captures, methods=["GET"]),
        ],
        # A local device service answers the login page, wherever CIC is served from, including
        # Chrome's private-network preflight (a page of a public address asking a loopback one).
        middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["content-type"],
                               allow_private_network=True, max_age=600)],
    )

