"""The internet lending platform (互联网信贷平台): CIC hands a drawdown over; the platform makes
the loan and reports what becomes of it.

``HttpLendingPlatform`` speaks the HTTP contract below; ``simulator_app`` is an in-memory
Starlette stand-in used by ``cic run`` (``cic simulate lending``), the e2e server, the tests and
the benchmark. Faults and callbacks are driven through the simulator's own HTTP interface
(``/_sim/...``), never by mocking.

Contract (JSON, camelCase, amounts in fen):

* CIC authenticates with OAuth2 client credentials at the platform's token endpoint (authlib's
  client, ``backend.integrations.oauth2``), and signs every request body:
  ``X-Cic-Timestamp: <unix seconds>`` and ``X-Cic-Signature: hex(HMAC-SHA256(secret,
  timestamp + "." + body))``; the platform refuses a signature older than 5 minutes.
* ``POST /lending/v1/drawdowns`` with ``Idempotency-Key: <CIC's loan id>`` and ``{"requestId",
  "loanNumber", "bankCode", "customer": {"cicCustomerId", "ecifCustomerNo", "name", "idNumber"},
  "quotaId", "product", "amount", "term", "rateBp", "repaymentMethod", "account", "callbackUrl"}``
  -> ``202 {"platformLoanId", "status": "ACCEPTED"}``. The same key again (a retry after a lost
  answer, a duplicated job) answers the same loan and makes no second one; the same key with a
  different body is ``409 IDEMPOTENCY_CONFLICT``. ``422 {"code", "reason"}`` refuses the loan
  (``ACCOUNT_INVALID``, ``CUSTOMER_BLOCKED``, ...); ``401`` without a valid token or signature.
* Callbacks: the platform POSTs ``{"eventId", "requestId", "platformLoanId", "type": "ACCEPTED"
  | "DISBURSED" | "REPAID" | "OVERDUE" | "CLOSED", "seq", "occurredAt", "state": {"status",
  "disbursedAmount", "outstanding", "overdueDays"}}`` to the drawdown's ``callbackUrl`` with a
  bearer token of CIC's own token endpoint (client credentials, scope ``lending:callback``) and
  ``X-Lending-Signature: hex(HMAC-SHA256(secret, body))``. ``seq`` grows by one per event of a
  loan; ``state`` is the loan after the event. It may send an event twice or out of order and
  retries until CIC answers 2xx.

Errors: connect/read failures, timeouts, ``429`` and ``5xx`` raise ``LendingUnavailable``
(transient: retry later with the same key); other ``4xx`` raise ``LendingRejected`` (permanent).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backend.integrations.oauth2 import NO_ANSWER, BearerCalls, ClientCredentials, TokenIssuer

DRAWDOWNS_PATH = "/lending/v1/drawdowns"
CALLBACK_SIGNATURE = "X-Lending-Signature"
MAX_SIGNATURE_AGE = 300


class LendingError(Exception):
    pass


class LendingUnavailable(LendingError):
    """No answer, or an answer that says try later: retry with the same idempotency key."""


class LendingRejected(LendingError):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason


class LendingNotConfigured(LendingError):
    """CIC_LENDING_URL is not set (production without a lending platform)."""

    def __init__(self) -> None:
        super().__init__("CIC_LENDING_URL is not set")


@dataclass(frozen=True)
class Drawdown:
    request_id: str  # CIC's loan id: the idempotency key
    loan_number: str
    bank_code: str
    customer: dict[str, Any]  # cicCustomerId, ecifCustomerNo, name, idNumber
    quota_id: str
    product: str
    amount: int
    term: int
    rate_bp: int
    repayment_method: str
    account: str
    callback_url: str

    def body(self) -> dict[str, Any]:
        return {
            "requestId": self.request_id, "loanNumber": self.loan_number, "bankCode": self.bank_code, "customer": self.customer,
            "quotaId": self.quota_id, "product": self.product, "amount": self.amount, "term": self.term, "rateBp": self.rate_bp,
            "repaymentMethod": self.repayment_method, "account": self.account, "callbackUrl": self.callback_url,
        }  # fmt: skip


class LendingPlatform(Protocol):
    async def submit(self, drawdown: Drawdown) -> str:
        """The platform's loan id of the accepted drawdown."""


def sign(secret: str, body: bytes, timestamp: str | None = None) -> str:
    message = body if timestamp is None else timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_valid(secret: str, body: bytes, signature: str | None, timestamp: str | None = None) -> bool:
    return bool(signature) and hmac.compare_digest(sign(secret, body, timestamp), signature or "")


class HttpLendingPlatform:
    def __init__(self, base_url: str, *, signing_secret: str, credentials: ClientCredentials | None, timeout: float = 5.0) -> None:
        self._client = BearerCalls(base_url, timeout=timeout, credentials=credentials)
        self._secret = signing_secret

    async def submit(self, drawdown: Drawdown) -> str:
        body = json.dumps(drawdown.body(), ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json", "Idempotency-Key": drawdown.request_id,
            "X-Cic-Timestamp": timestamp, "X-Cic-Signature": sign(self._secret, body, timestamp),
        }  # fmt: skip
        answer = await self._client.post_for_answer(DRAWDOWNS_PATH, body, headers, unavailable=LendingUnavailable, rejected=LendingRejected)
        return str(answer["platformLoanId"])

    async def aclose(self) -> None:
        await self._client.aclose()


# -- the simulator -------------------------------------------------------------------------------


@dataclass
class _SimLoan:
    request_id: str
    platform_loan_id: str
    body_sha256: str
    amount: int
    callback_url: str
    seq: int = 0
    status: str = "ACCEPTED"
    disbursed: int = 0
    outstanding: int = 0
    overdue_days: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _SimState:
    signing_secret: str
    loans: dict[str, _SimLoan] = field(default_factory=dict)  # by requestId (the idempotency key)
    requests: list[dict[str, Any]] = field(default_factory=list)
    fault_mode: str = "status"  # status: answer fault_status; timeout: make the loan, answer late; drop: make it, answer 503
    fault_status: int = 503
    fault_count: int = 0
    fault_delay: float = 10.0
    auto_disburse: bool = True
    duplicate_callbacks: int = 1  # copies of every callback
    out_of_order: bool = False  # DISBURSED before ACCEPTED
    refuse_accounts: set[str] = field(default_factory=set)
    delivered: int = 0  # callbacks CIC answered 2xx
    pending: set[asyncio.Task[None]] = field(default_factory=set)


def simulator_app(*, issuer: TokenIssuer, signing_secret: str, cic_credentials: ClientCredentials) -> Starlette:
    """An in-memory lending platform with the contract above, and under ``/_sim``:

    * ``POST /_sim/faults`` ``{"mode": "status" | "timeout" | "drop", "status": 503, "count": 2,
      "delaySeconds": 10}``: the next ``count`` drawdowns answer ``status``; or (``timeout``) make
      the loan and answer only after ``delaySeconds``; or (``drop``) make the loan and answer 503,
      as a platform that crashed between its commit and its answer;
    * ``POST /_sim/config`` ``{"autoDisburse": true, "duplicateCallbacks": 2, "outOfOrder": true,
      "refuseAccounts": ["..."]}``;
    * ``POST /_sim/loans/{platformLoanId}/events`` ``{"type": "REPAID", "amount": 100000}`` (or
      ``OVERDUE`` with ``days``, ``CLOSED``, ``DISBURSED``): the platform reports it;
    * ``GET /_sim/loans``: the loans made (one per idempotency key), their callbacks and counters.
    """
    state = _SimState(signing_secret=signing_secret)
    cic = BearerCalls(cic_credentials.token_url.rsplit("/auth/", 1)[0], timeout=10, credentials=cic_credentials)

    def snapshot(loan: _SimLoan) -> dict[str, Any]:
        return {"status": loan.status, "disbursedAmount": loan.disbursed, "outstanding": loan.outstanding, "overdueDays": loan.overdue_days}

    def event(loan: _SimLoan, kind: str) -> dict[str, Any]:
        loan.seq += 1
        body = {
            "eventId": f"EV{loan.platform_loan_id}-{loan.seq}", "requestId": loan.request_id, "platformLoanId": loan.platform_loan_id,
            "type": kind, "seq": loan.seq, "occurredAt": datetime.now(UTC).isoformat(), "state": snapshot(loan),
        }  # fmt: skip
        loan.events.append(body)
        return body

    async def post(loan: _SimLoan, body: dict[str, Any]) -> None:
        raw = json.dumps(body, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", CALLBACK_SIGNATURE: sign(state.signing_secret, raw)}
        for attempt in range(8):  # a platform retries a callback until it is taken
            try:
                status, _ = await cic.post(loan.callback_url, raw, headers)
                if status < 300:
                    state.delivered += 1
                    return
                if 400 <= status < 500 and status not in (401, 409, 429):
                    return  # refused for good
            except NO_ANSWER:
                pass
            await asyncio.sleep(min(0.2 * 2**attempt, 5))

    async def report(loan: _SimLoan, bodies: list[dict[str, Any]]) -> None:
        for body in bodies:
            for _ in range(state.duplicate_callbacks):
                await post(loan, body)

    def spawn(coro: Any) -> None:
        task = asyncio.create_task(coro)
        state.pending.add(task)
        task.add_done_callback(state.pending.discard)

    def start(loan: _SimLoan) -> None:
        accepted = event(loan, "ACCEPTED")
        bodies = [accepted]
        if state.auto_disburse:
            loan.status, loan.disbursed, loan.outstanding = "DISBURSED", loan.amount, loan.amount
            bodies.append(event(loan, "DISBURSED"))
        if state.out_of_order:
            bodies.reverse()
        spawn(report(loan, bodies))

    async def drawdown(request: Request) -> Response:
        def answer(status: int, body: dict[str, Any]) -> Response:
            state.requests.append({"status": status, "idempotencyKey": request.headers.get("idempotency-key")})
            return JSONResponse(body, status_code=status)

        if (refused := issuer.refused(request)) is not None:
            return refused
        raw = await request.body()
        timestamp = request.headers.get("x-cic-timestamp", "")
        fresh = timestamp.isdigit() and abs(time.time() - int(timestamp)) <= MAX_SIGNATURE_AGE
        if not fresh or not signature_valid(state.signing_secret, raw, request.headers.get("x-cic-signature"), timestamp):
            return answer(401, {"code": "BAD_SIGNATURE", "reason": "the body signature is missing, stale or wrong"})
        key = request.headers.get("idempotency-key", "")
        try:
            body = json.loads(raw)
        except ValueError:
            return answer(400, {"code": "INVALID_REQUEST", "reason": "body must be JSON"})
        if not key or body.get("requestId") != key:
            return answer(400, {"code": "INVALID_REQUEST", "reason": "Idempotency-Key must equal requestId"})
        fault = None
        if state.fault_count > 0:
            state.fault_count -= 1
            fault = state.fault_mode
            if fault == "status":
                return answer(state.fault_status, {"code": "SIMULATED_FAULT", "reason": "injected by /_sim/faults"})
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        loan = state.loans.get(key)
        if loan is not None and loan.body_sha256 != digest:
            return answer(409, {"code": "IDEMPOTENCY_CONFLICT", "reason": "this key was used for another drawdown"})
        if loan is None:
            if str(body.get("account")) in state.refuse_accounts:
                return answer(422, {"code": "ACCOUNT_INVALID", "reason": "the account cannot receive a disbursement"})
            loan = _SimLoan(request_id=key, platform_loan_id="LP" + secrets.token_hex(6).upper(), body_sha256=digest,
                            amount=int(body["amount"]), callback_url=str(body["callbackUrl"]))
            state.loans[key] = loan
            start(loan)
        if fault == "timeout":
            await asyncio.sleep(state.fault_delay)
        if fault == "drop":
            return answer(503, {"code": "SIMULATED_FAULT", "reason": "the loan was made; the answer was lost"})
        return answer(202, {"platformLoanId": loan.platform_loan_id, "status": "ACCEPTED"})

    async def faults(request: Request) -> Response:
        body = await request.json()
        state.fault_mode = str(body.get("mode", "status"))
        state.fault_status, state.fault_count = int(body.get("status", 503)), int(body.get("count", 1))
        state.fault_delay = float(body.get("delaySeconds", state.fault_delay))
        return JSONResponse({"ok": True})

    async def config(request: Request) -> Response:
        body = await request.json()
        state.auto_disburse = bool(body.get("autoDisburse", state.auto_disburse))
        state.duplicate_callbacks = int(body.get("duplicateCallbacks", state.duplicate_callbacks))
        state.out_of_order = bool(body.get("outOfOrder", state.out_of_order))
        state.refuse_accounts = set(body.get("refuseAccounts", state.refuse_accounts))
        return JSONResponse({"ok": True})

    async def loan_event(request: Request) -> Response:
        loan = next((x for x in state.loans.values() if x.platform_loan_id == request.path_params["loan"]), None)
        if loan is None:
            return JSONResponse({"code": "NOT_FOUND"}, status_code=404)
        body = await request.json()
        kind = str(body.get("type"))
        if kind == "DISBURSED":
            loan.status, loan.disbursed, loan.outstanding = "DISBURSED", loan.amount, loan.amount
        elif kind == "REPAID":
            loan.outstanding = max(0, loan.outstanding - int(body.get("amount", loan.outstanding)))
            loan.overdue_days = 0
            loan.status = "DISBURSED" if loan.outstanding else "CLOSED"
        elif kind == "OVERDUE":
            loan.status, loan.overdue_days = "OVERDUE", int(body.get("days", 1))
        elif kind == "CLOSED":
            loan.status, loan.outstanding, loan.overdue_days = "CLOSED", 0, 0
        else:
            return JSONResponse({"code": "INVALID_REQUEST"}, status_code=400)
        spawn(report(loan, [event(loan, kind)]))
        return JSONResponse({"ok": True, "seq": loan.seq})

    async def loans(request: Request) -> Response:
        return JSONResponse({
            "loans": [{"requestId": x.request_id, "platformLoanId": x.platform_loan_id, "amount": x.amount, "status": x.status,
                       "outstanding": x.outstanding, "events": x.events} for x in state.loans.values()],
            "requests": state.requests, "delivered": state.delivered, "pending": len(state.pending),
        })  # fmt: skip

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await cic.aclose()

    return Starlette(lifespan=lifespan, routes=[
        Route("/oauth/token", issuer.token_endpoint, methods=["POST"]),
        Route(DRAWDOWNS_PATH, drawdown, methods=["POST"]),
        Route("/_sim/faults", faults, methods=["POST"]),
        Route("/_sim/config", config, methods=["POST"]),
        Route("/_sim/loans/{loan}/events", loan_event, methods=["POST"]),
        Route("/_sim/loans", loans, methods=["GET"]),
        Route("/_sim/revoke-tokens", _revoker(issuer), methods=["POST"]),
    ])  # fmt: skip


def _revoker(issuer: TokenIssuer) -> Any:
    async def revoke(_request: Request) -> Response:
        issuer.revoke_all()
        return JSONResponse({"ok": True})

    return revoke
