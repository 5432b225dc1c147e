"""The information management system (信息管理系统): who is the customer manager of record of a
customer at a bank. CIC asks it when an archive arrives without a manager (a self-service filing
through mobile banking) or an application arrives for such an archive (docs/channels.md).

Contract (JSON):

* ``POST /ims/v1/customer-managers/lookup``, ``Authorization: Bearer <CIC_IMS_API_KEY>``, body
  ``{"bankCode", "idNumber"}`` (in the body, never in a URL that logs keep) -> ``200
  {"employeeNo", "orgCode", "name"}``; ``404 {"code": "NOT_FOUND"}`` when the bank has no manager
  of record for the person; ``401`` without a valid key.
* Connect/read failures, timeouts, ``429`` and ``5xx`` raise ``ImsUnavailable`` (transient);
  other ``4xx`` raise ``ImsRejected``.

``simulator_app`` is an in-memory stand-in (``cic simulate ims``): its table is filled through
``POST /_sim/assign``; ``POST /_sim/faults`` makes the next lookups fail; ``GET /_sim/lookups``
lists what was asked (ID numbers masked).
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

LOOKUP_PATH = "/ims/v1/customer-managers/lookup"


class ImsError(Exception):
    pass


class ImsUnavailable(ImsError):
    """No answer, or an answer that says try later."""


class ImsRejected(ImsError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ManagerOfRecord:
    employee_no: str
    org_code: str
    name: str = ""


class InformationManagement(Protocol):
    async def manager_of(self, bank_code: str, id_number: str) -> ManagerOfRecord | None:
        """The customer manager of record, or None when the bank has none for the person."""


class HttpInformationManagement:
    def __init__(self, base_url: str, *, api_key: str, timeout: float = 5.0) -> None:
        self._client = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
                                         headers={"Authorization": f"Bearer {api_key}"})

    async def manager_of(self, bank_code: str, id_number: str) -> ManagerOfRecord | None:
        try:
            response = await self._client.post(LOOKUP_PATH, json={"bankCode": bank_code, "idNumber": id_number})
        except httpx.HTTPError as exc:
            raise ImsUnavailable(type(exc).__name__) from exc
        if response.status_code == 404:
            return None
        if response.status_code == 429 or response.status_code >= 500:
            raise ImsUnavailable(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise ImsRejected(f"HTTP_{response.status_code}")
        data = response.json()
        return ManagerOfRecord(employee_no=str(data["employeeNo"]), org_code=str(data.get("orgCode") or ""), name=str(data.get("name") or ""))

    async def aclose(self) -> None:
        await self._client.aclose()


@dataclass
class _SimState:
    api_key: str
    table: dict[str, dict[str, str]] = field(default_factory=dict)  # sha256(bank:id) -> manager
    lookups: list[dict[str, Any]] = field(default_factory=list)
    fault_status: int = 503
    fault_count: int = 0


def _key(bank_code: str, id_number: str) -> str:
    return hashlib.sha256(f"{bank_code}:{id_number.strip().upper()}".encode()).hexdigest()


def simulator_app(*, api_key: str) -> Starlette:
    state = _SimState(api_key=api_key)

    async def lookup(request: Request) -> Response:
        if not hmac.compare_digest(request.headers.get("authorization", ""), f"Bearer {state.api_key}"):
            return JSONResponse({"code": "UNAUTHENTICATED"}, status_code=401)
        try:
            body = await request.json()
            bank, number = str(body["bankCode"]), str(body["idNumber"])
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"code": "INVALID_REQUEST"}, status_code=400)
        masked = number[:4] + "*" * max(len(number) - 8, 0) + number[-4:]
        if state.fault_count > 0:
            state.fault_count -= 1
            state.lookups.append({"bankCode": bank, "idNumber": masked, "status": state.fault_status})
            return JSONResponse({"code": "SIMULATED_FAULT"}, status_code=state.fault_status)
        found = state.table.get(_key(bank, number))
        state.lookups.append({"bankCode": bank, "idNumber": masked, "status": 200 if found else 404})
        return JSONResponse(found) if found else JSONResponse({"code": "NOT_FOUND"}, status_code=404)

    async def assign(request: Request) -> Response:
        body = await request.json()
        state.table[_key(str(body["bankCode"]), str(body["idNumber"]))] = {
            "employeeNo": str(body["employeeNo"]), "orgCode": str(body.get("orgCode", "")), "name": str(body.get("name", "")),
        }  # fmt: skip
        return JSONResponse({"ok": True})

    async def faults(request: Request) -> Response:
        body = await request.json()
        state.fault_status, state.fault_count = int(body.get("status", 503)), int(body.get("count", 1))
        return JSONResponse({"ok": True})

    async def lookups(_request: Request) -> Response:
        return JSONResponse({"lookups": state.lookups, "assigned": len(state.table)})

    return Starlette(routes=[
        Route(LOOKUP_PATH, lookup, methods=["POST"]),
        Route("/_sim/assign", assign, methods=["POST"]),
        Route("/_sim/faults", faults, methods=["POST"]),
        Route("/_sim/lookups", lookups, methods=["GET"]),
    ])  # fmt: skip
