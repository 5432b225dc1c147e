"""Enterprise customer information system (ECIF, 统一客户号): who gives a person one number.

CIC registers every verified archive with ECIF (``workers/customers.push_to_ecif``) and stores
the unified customer number it answers; managers look a person up in ECIF to prefill a new
archive (GraphQL ``ecifLookup``).

``HttpEcifClient`` speaks the HTTP contract below; ``simulator_app`` is an in-memory Starlette
stand-in for ECIF used by ``cic run`` (``cic simulate ecif``) and the tests. Faults are injected
through the simulator's own HTTP interface (``POST /_sim/faults``), never by mocking.

Contract (JSON, camelCase):

* ``POST /ecif/v1/customers`` with an ``EcifCustomer`` -> ``201`` (new) or ``200`` (known)
  ``{"customerNo": "E" + 12 digits}``. Idempotent by ID number: registering the same person
  again answers the same number (and updates what ECIF holds). ``400`` / ``422``
  ``{"code", "reason"}`` when ECIF refuses, e.g. ``NAME_MISMATCH`` when it knows the ID number
  under another name.
* ``GET /ecif/v1/customers/{idNumber}`` -> ``200`` record, or ``404``. The record says which
  banks registered the person (``orgCodes``) and which fields the customer agreed to share with
  the other member banks (``sharedFields``, the union of what they agreed at each bank).

Errors: connect/read failures, timeouts, ``429`` and ``5xx`` raise ``EcifUnavailable``
(transient: the caller retries later); other ``4xx`` raise ``EcifRejected`` with ECIF's code
and reason (permanent: retrying sends the same refused data).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Protocol

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backend.integrations.oauth2 import ClientCredentials, OAuthError, TokenIssuer, http_client

CUSTOMERS_PATH = "/ecif/v1/customers"
TOKEN_PATH = "/oauth/token"  # the simulator's token endpoint (a real ECIF names its own: CIC_ECIF_TOKEN_URL)


@dataclass(frozen=True)
class EcifCustomer:
    """What CIC sends to register a person (plain values: this travels to ECIF only)."""

    id_number: str
    name: str
    gender: str | None = None  # MALE | FEMALE
    birth_date: date | None = None
    mobile: str | None = None
    address: str | None = None
    region_code: str | None = None
    ethnicity: str | None = None
    org_code: str | None = None  # the registering bank (org unit code)
    # What the customer agreed other member banks may see (``SHAREABLE`` or nothing).
    share_fields: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "shareFields": list(self.share_fields),
            "idNumber": self.id_number,
            "name": self.name,
            "gender": self.gender,
            "birthDate": self.birth_date.isoformat() if self.birth_date else None,
            "mobile": self.mobile,
            "address": self.address,
            "regionCode": self.region_code,
            "ethnicity": self.ethnicity,
            "orgCode": self.org_code,
        }


# The fields a customer may agree to share with the federation's other member banks.
SHAREABLE = ("name", "gender", "birthDate", "ethnicity", "regionCode", "mobile", "address")


@dataclass(frozen=True)
class EcifRecord:
    """What ECIF knows about a person."""

    customer_no: str
    id_number: str
    name: str | None
    gender: str | None = None
    birth_date: date | None = None
    mobile: str | None = None
    address: str | None = None
    region_code: str | None = None
    ethnicity: str | None = None
    org_codes: tuple[str, ...] = ()  # the banks that registered the person
    shared_fields: tuple[str, ...] = ()  # what the customer agreed other banks may see

    def for_bank(self, org_code: str | None) -> EcifRecord:
        """The record as a member bank may receive it: whole when that bank registered the
        person, otherwise only the fields the customer agreed to share."""
        if org_code is not None and org_code in self.org_codes:
            return self
        keep = set(self.shared_fields)
        return EcifRecord(
            customer_no=self.customer_no, id_number=self.id_number,
            name=self.name if "name" in keep else None,
            gender=self.gender if "gender" in keep else None,
            birth_date=self.birth_date if "birthDate" in keep else None,
            mobile=self.mobile if "mobile" in keep else None,
            address=self.address if "address" in keep else None,
            region_code=self.region_code if "regionCode" in keep else None,
            ethnicity=self.ethnicity if "ethnicity" in keep else None,
            org_codes=self.org_codes, shared_fields=self.shared_fields,
        )

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> EcifRecord:
        birth = body.get("birthDate")
        return cls(
            customer_no=str(body["customerNo"]),
            id_number=str(body["idNumber"]),
            name=str(body["name"]) if body.get("name") is not None else None,
            gender=body.get("gender"),
            birth_date=date.fromisoformat(birth) if birth else None,
            mobile=body.get("mobile"),
            address=body.get("address"),
            region_code=body.get("regionCode"),
            ethnicity=body.get("ethnicity"),
            org_codes=tuple(str(c) for c in body.get("orgCodes") or ()),
            shared_fields=tuple(str(f) for f in body.get("sharedFields") or () if f in SHAREABLE),
        )

    def to_json(self) -> dict[str, Any]:
        body = asdict(self)
        return {
            "orgCodes": list(self.org_codes),
            "sharedFields": list(self.shared_fields),
            "customerNo": body["customer_no"],
            "idNumber": body["id_number"],
            "name": body["name"],
            "gender": body["gender"],
            "birthDate": self.birth_date.isoformat() if self.birth_date else None,
            "mobile": body["mobile"],
            "address": body["address"],
            "regionCode": body["region_code"],
            "ethnicity": body["ethnicity"],
        }


class EcifClient(Protocol):
    async def register(self, customer: EcifCustomer) -> str:
        """The unified customer number of the person (the same one on every call for an ID number)."""
        ...

    async def lookup(self, id_number: str) -> EcifRecord | None: ...


class EcifError(RuntimeError):
    """ECIF answered something the contract does not allow (a bug on one side: not retried)."""


class EcifUnavailable(EcifError):
    """ECIF could not be reached or is overloaded: try again later."""


class EcifNotConfigured(EcifError):
    """``CIC_ECIF_URL`` is not set (``cic run`` starts the simulator; production sets it).

    Not an ``EcifUnavailable``: retrying cannot help until someone configures it."""

    def __init__(self) -> None:
        super().__init__("CIC_ECIF_URL is not set: no ECIF to talk to (set it, or use `cic run` in development)")


class EcifRejected(EcifError):
    """ECIF refused the request (validation): retrying with the same data will not help."""

    def __init__(self, status: int, code: str, reason: str) -> None:
        super().__init__(f"ECIF refused ({status} {code}): {reason}")
        self.status = status
        self.code = code
        self.reason = reason


class HttpEcifClient:
    """ECIF over HTTP; with ``credentials`` every call carries an OAuth2 bearer token
    (client-credentials grant through authlib, ``backend.integrations.oauth2``)."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 5.0,
        credentials: ClientCredentials | None = None,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.client = client or http_client(base_url, timeout=timeout, credentials=credentials)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def _call(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self.client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:  # connect / read errors and timeouts (token endpoint included)
            raise EcifUnavailable(f"ECIF unreachable: {type(exc).__name__}") from exc
        except OAuthError as exc:  # the token endpoint refused CIC's client: configuration, not retried
            raise EcifError(f"ECIF's token endpoint refused CIC's client credentials: {exc.error}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise EcifUnavailable(f"ECIF answered {response.status_code}")
        return response

    async def register(self, customer: EcifCustomer) -> str:
        response = await self._call("POST", CUSTOMERS_PATH, json=customer.to_json())
        if response.status_code in (200, 201):
            number = _json(response).get("customerNo")
            if not isinstance(number, str) or not 0 < len(number) <= 32:
                raise EcifError("ECIF answered a registration without a usable customerNo")
            return number
        raise _rejected(response)

    async def lookup(self, id_number: str) -> EcifRecord | None:
        response = await self._call("GET", f"{CUSTOMERS_PATH}/{id_number}")
        if response.status_code == 404:
            return None
        if response.status_code == 200:
            try:
                return EcifRecord.from_json(_json(response))
            except (KeyError, TypeError, ValueError) as exc:
                raise EcifError("ECIF answered a malformed customer record") from exc
        raise _rejected(response)


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        raise EcifError(f"ECIF answered {response.status_code} without JSON") from None
    if not isinstance(body, dict):
        raise EcifError(f"ECIF answered {response.status_code} with unexpected JSON")
    return body


def _rejected(response: httpx.Response) -> EcifRejected:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    return EcifRejected(
        response.status_code,
        str(body.get("code") or f"HTTP_{response.status_code}"),
        str(body.get("reason") or response.reason_phrase or "refused")[:500],
    )


# -- simulator -------------------------------------------------------------------------------

# People the simulator knows from the start, so that lookup / prefill can be demonstrated.
SEED_RECORDS: tuple[dict[str, Any], ...] = (
    # Registered by Quanzhou, who agreed to share the basic facts but not how to reach him.
    {
        "idNumber": "350521198511230015", "name": "陈志强", "gender": "MALE", "birthDate": "1985-11-23",
        "mobile": "13905951234", "address": "泉州市惠安县螺城镇南街18号", "regionCode": "350521", "ethnicity": "汉族",
        "orgCodes": ["FJ-QZ"], "sharedFields": ["name", "gender", "birthDate", "ethnicity", "regionCode"],
    },
    # Registered by Fuzhou, who agreed to share everything.
    {
        "idNumber": "350102198807150021", "name": "林美华", "gender": "FEMALE", "birthDate": "1988-07-15",
        "mobile": "13805911234", "address": "福州市鼓楼区五四路88号", "regionCode": "350102", "ethnicity": "汉族",
        "orgCodes": ["FJ-FZ"], "sharedFields": list(("name", "gender", "birthDate", "ethnicity", "regionCode", "mobile", "address")),
    },
    # Registered by Nanping, who agreed to share nothing.
    {
        "idNumber": "350623197903020045", "name": "黄秀兰", "gender": "FEMALE", "birthDate": "1979-03-02",
        "mobile": "13600691234", "address": "漳州市漳浦县绥安镇北门村12号", "regionCode": "350623", "ethnicity": "畲族",
        "orgCodes": ["FJ-NP"], "sharedFields": [],
    },
)


def simulated_customer_no(id_number: str) -> str:
    """The simulator's number for an ID number: "E" + 12 digits, the same on every run."""
    digest = int.from_bytes(hashlib.sha256(id_number.encode()).digest()[:8], "big")
    return f"E{digest % 10**12:012d}"


@dataclass
class _SimState:
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    fault_status: int = 0
    fault_count: int = 0
    requests: list[dict[str, Any]] = field(default_factory=list)


def simulator_app(*, seed: bool = True, issuer: TokenIssuer | None = None) -> Starlette:
    """An in-memory ECIF speaking the same HTTP contract, with fault injection under ``/_sim``.

    * ``POST /_sim/faults`` ``{"status": 503, "count": 2}``: the next 2 ECIF calls answer 503
      (any status; ``count`` 0 clears).
    * ``GET /_sim/requests``: the ECIF calls seen so far (method, path, status), for tests.
    * With an ``issuer``: ``POST /oauth/token`` issues bearer tokens (client credentials), ECIF
      calls without a live one answer 401, and ``POST /_sim/revoke-tokens`` revokes them all.
    """
    state = _SimState()
    if seed:
        for record in SEED_RECORDS:
            state.records[record["idNumber"]] = {**record, "customerNo": simulated_customer_no(record["idNumber"])}

    def answer(request: Request, status: int, body: dict[str, Any] | None) -> Response:
        state.requests.append({"method": request.method, "path": request.url.path, "status": status})
        return JSONResponse(body, status_code=status) if body is not None else Response(status_code=status)

    def injected_fault(request: Request) -> Response | None:
        if issuer is not None and (refused := issuer.refused(request)) is not None:
            state.requests.append({"method": request.method, "path": request.url.path, "status": refused.status_code})
            return refused
        if state.fault_count <= 0:
            return None
        state.fault_count -= 1
        return answer(request, state.fault_status, {"code": "SIMULATED_FAULT", "reason": "injected by /_sim/faults"})

    async def register(request: Request) -> Response:
        if (fault := injected_fault(request)) is not None:
            return fault
        try:
            body = await request.json()
        except ValueError:
            return answer(request, 400, {"code": "INVALID_REQUEST", "reason": "body must be JSON"})
        if not isinstance(body, dict):
            return answer(request, 400, {"code": "INVALID_REQUEST", "reason": "body must be a JSON object"})
        id_number = str(body.get("idNumber") or "").upper()
        name = str(body.get("name") or "").strip()
        if not _valid_id(id_number):
            return answer(request, 400, {"code": "INVALID_ID_NUMBER", "reason": "idNumber must be a valid 18-character resident ID"})
        if not name:
            return answer(request, 400, {"code": "INVALID_REQUEST", "reason": "name is required"})
        known = state.records.get(id_number)
        if known is not None and known["name"] != name:
            return answer(
                request, 422, {"code": "NAME_MISMATCH", "reason": "ECIF holds this ID number under another name"}
            )
        org = body.get("orgCode")
        shared = {f for f in body.get("shareFields") or () if f in SHAREABLE}
        record = {
            **(known or {}),
            **{k: body.get(k) for k in ("gender", "birthDate", "mobile", "address", "regionCode", "ethnicity") if body.get(k)},
            "idNumber": id_number,
            "name": name,
            "customerNo": known["customerNo"] if known else simulated_customer_no(id_number),
            "orgCodes": sorted({*(known or {}).get("orgCodes", []), *([org] if org else [])}),
            "sharedFields": [f for f in SHAREABLE if f in shared | set((known or {}).get("sharedFields", []))],
        }
        state.records[id_number] = record
        return answer(request, 200 if known else 201, {"customerNo": record["customerNo"]})

    async def lookup(request: Request) -> Response:
        if (fault := injected_fault(request)) is not None:
            return fault
        record = state.records.get(str(request.path_params["id_number"]).upper())
        if record is None:
            return answer(request, 404, {"code": "NOT_FOUND", "reason": "no such customer"})
        fields = (
            "customerNo", "idNumber", "name", "gender", "birthDate", "mobile", "address", "regionCode", "ethnicity", "orgCodes",
            "sharedFields",
        )
        return answer(request, 200, {k: record.get(k) for k in fields})

    async def set_faults(request: Request) -> Response:
        body = await request.json()
        state.fault_status = int(body.get("status", 503))
        state.fault_count = max(0, int(body.get("count", 1)))
        return Response(status_code=204)

    async def seen_requests(request: Request) -> Response:
        return JSONResponse(state.requests)

    routes = [
        Route(CUSTOMERS_PATH, register, methods=["POST"]),
        Route(CUSTOMERS_PATH + "/{id_number}", lookup, methods=["GET"]),
        Route("/_sim/faults", set_faults, methods=["POST"]),
        Route("/_sim/requests", seen_requests, methods=["GET"]),
    ]
    if issuer is not None:

        async def revoke_tokens(request: Request) -> Response:
            issuer.revoke_all()
            return Response(status_code=204)

        routes += [
            Route(TOKEN_PATH, issuer.token_endpoint, methods=["POST"]),
            Route("/_sim/revoke-tokens", revoke_tokens, methods=["POST"]),
        ]
    return Starlette(routes=routes)


def _valid_id(id_number: str) -> bool:
    from backend.identifiers import IdentifierError, parse_resident_id

    if len(id_number) != 18:
        return False
    try:
        parse_resident_id(id_number)
    except IdentifierError:
        return False
    return True
