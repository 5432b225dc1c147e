"""Mobile banking (手机银行) as CIC sees it: a machine client that vouches for its customer.

The mobile bank logs its customer in (its own business), then asks CIC's token endpoint for a
token bound to that customer: ``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer``
(RFC 7523) with its client credentials (HTTP Basic) and an ``assertion``: a JWT it signs with its
own key, whose public half CIC holds (``oauth_clients.jwks``):

    header  {"alg": "Ed25519" | "ES256" | "RS256", "kid": ..., "typ": "JWT"}
    claims  {"iss": <client_id>, "sub": <the mobile bank's own customer id>,
             "aud": <CIC's issuer or token URL>, "iat", "exp" (at most 5 minutes ahead),
             "jti" (used once), "id_number": <the customer's resident ID number>,
             "bank": <bank org code, when the client serves several banks>}

CIC finds the archive by the ID number's blind index (never decrypting), refuses a replayed
``jti``, and issues a short access token whose subject is that archive. The simulator of this
module (``cic simulate mobile-banking``) is such a mobile bank: an H5 page and its server, which
holds the demo key below; docs/channels.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from joserfc import jwt
from joserfc.jwk import OKPKey
from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from backend.auth.contexts import ID_CONTEXT
from backend.customers.models import ArchiveStatus, Customer
from backend.orgs.models import OrgUnit
from backend.rating.models import CustomerRating
from backend.rules.models import ArchiveEvaluation

ASSERTION_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
CUSTOMER_SCOPES = "products:read quota:read quota:apply loan:drawdown"


def demo_key() -> OKPKey:
    """The demo mobile bank's signing key: derived from a fixed seed, so the demo data can
    register its public half and the simulator sign with it. A real mobile bank registers its
    own JWKS (docs/channels.md); this key is for development and tests only."""
    seed = hashlib.sha256(b"cic demo mobile banking assertion key 2026").digest()
    pem = Ed25519PrivateKey.from_private_bytes(seed).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return OKPKey.import_key(pem)


def public_jwks(key: OKPKey) -> dict[str, Any]:
    public = key.as_dict(private=False)
    public.update({"use": "sig", "alg": "Ed25519", "kid": key.thumbprint()})
    return {"keys": [public]}


def assertion(
    key: OKPKey, *, client_id: str, audience: str, id_number: str, subject: str | None = None, bank: str | None = None,
    lifetime: int = 120, jti: str | None = None, extra: dict[str, Any] | None = None,
) -> str:
    now = int(time.time())
    claims = {
        "iss": client_id, "sub": subject or hashlib.sha256(id_number.encode()).hexdigest()[:24], "aud": audience,
        "iat": now, "exp": now + lifetime, "jti": jti or uuid.uuid4().hex, "id_number": id_number, **({"bank": bank} if bank else {}),
        **(extra or {}),
    }  # fmt: skip
    return jwt.encode({"alg": "Ed25519", "kid": key.thumbprint(), "typ": "JWT"}, claims, key, algorithms=["Ed25519"])


# -- the simulator: a mobile bank with an H5 page -------------------------------------------------

H5_DIR = Path(__file__).with_name("mobile_banking_h5")
SESSION_COOKIE = "mb_session"
SESSION_SECONDS = 30 * 60
H5_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class DirectoryEntry:
    """One of the mobile bank's customers, as its login page offers them in the demo."""

    id_number: str
    bank: str  # the bank's org code (the assertion's ``bank`` claim)
    label: str  # masked name, bank, how far the archive is: never the full ID number


Directory = Callable[[], Awaitable[list[DirectoryEntry]]]


async def demo_directory(session: AsyncSession, cipher: Any, *, precise_per_bank: int = 3, others_per_bank: int = 2) -> list[DirectoryEntry]:
    """The demo customers the simulator's login page offers: per bank, the best-rated precise
    archives without a veto (who can apply for 农e贷) and a few that are not precise yet (who see
    what is missing), aged 20-60. A real mobile bank knows its customers from their accounts; the
    simulator reads them from CIC's database, as the warehouse simulator does."""
    today = date.today()
    precise = func.coalesce(ArchiveEvaluation.precise, False)
    vetoed = func.coalesce(func.cardinality(CustomerRating.vetoes), 0) > 0
    ranked = (
        select(
            Customer.name, Customer.id_number_encrypted, OrgUnit.code.label("bank_code"), OrgUnit.name.label("bank_name"),
            precise.label("precise"), CustomerRating.grade,
            func.row_number().over(
                partition_by=(Customer.bank_id, precise),
                order_by=(vetoed.asc(), CustomerRating.score.desc().nulls_last(), Customer.id),
            ).label("rank"),
        )
        .join(OrgUnit, OrgUnit.id == Customer.bank_id)
        .outerjoin(ArchiveEvaluation, and_(ArchiveEvaluation.bank_id == Customer.bank_id, ArchiveEvaluation.customer_id == Customer.id))
        .outerjoin(CustomerRating, and_(CustomerRating.bank_id == Customer.bank_id, CustomerRating.customer_id == Customer.id))
        .where(
            Customer.status != ArchiveStatus.ARCHIVED,
            Customer.birth_date.between(years_before(today, 60), years_before(today, 20)),
        )
        .subquery()
    )
    rows = await session.execute(
        select(ranked)
        .where(ranked.c.rank <= case((ranked.c.precise, precise_per_bank), else_=others_per_bank))
        .order_by(ranked.c.bank_code, ranked.c.precise.desc(), ranked.c.rank)
    )
    entries = []
    for row in rows:
        name = row.name[0] + "*" * max(len(row.name) - 2, 1) + (row.name[-1] if len(row.name) > 2 else "")
        grade = f"，评级{row.grade}" if row.grade else ""
        state = f"建档精准{grade}" if row.precise else "建档未精准"
        entries.append(DirectoryEntry(
            id_number=cipher.decrypt(row.id_number_encrypted, context=ID_CONTEXT), bank=row.bank_code,
            label=f"{name}（{row.bank_name}，{state}）",
        ))  # fmt: skip
    return entries


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass
class _H5Session:
    token: str
    label: str
    expires: float


def simulator_app(
    *, cic_url: str, audience: str, client_id: str, client_secret: str, key: OKPKey, directory: Directory | None = None,
    timeout: float = 10.0,
) -> Starlette:
    """A mobile bank as far as CIC's channel needs one: an H5 page (``/``) where a customer logs
    in (a demo customer from ``directory``, or any ID number: the mobile bank's own login is not
    what is being simulated), and its server, which signs the customer's assertion with ``key``,
    exchanges it at CIC's token endpoint (RFC 7523) with the client's credentials and forwards the
    page's GraphQL to CIC with the customer's token. The token stays on the server; the page holds
    an opaque session cookie.

    * ``GET /api/customers``: the demo customers (an opaque key and a label each);
    * ``POST /api/login`` ``{"key"}`` or ``{"idNumber", "bank"}``: ``{"label"}`` or ``{"message"}``;
    * ``POST /api/graphql``: CIC's answer to the page's query, for the logged-in customer;
    * ``GET /api/session``: ``{"loggedIn", "label"}``; ``POST /api/logout``.
    """
    sessions: dict[str, _H5Session] = {}
    known: dict[str, DirectoryEntry] = {}
    cic = httpx.AsyncClient(base_url=cic_url.rstrip("/"), timeout=timeout)
    basic = httpx.BasicAuth(client_id, client_secret)

    def json_answer(body: Any, status: int = 200) -> JSONResponse:
        return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})

    def current(request: Request) -> _H5Session | None:
        found = sessions.get(request.cookies.get(SESSION_COOKIE, ""))
        if found is not None and found.expires < time.monotonic():
            sessions.pop(request.cookies.get(SESSION_COOKIE, ""), None)
            return None
        return found

    def entry_key(entry: DirectoryEntry) -> str:
        return hashlib.sha256(f"{entry.bank}:{entry.id_number}".encode()).hexdigest()[:16]

    async def page(request: Request) -> Response:
        name = request.path_params.get("name", "index.html")
        if name not in {"index.html", "app.js", "app.css"}:
            return Response(status_code=404)
        media = {"html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8"}
        return Response((H5_DIR / name).read_bytes(), media_type=media[name.rsplit(".", 1)[1]], headers=H5_HEADERS)

    async def customers(_request: Request) -> Response:
        entries = await directory() if directory is not None else []
        known.clear()  # only what is offered now may be chosen
        known.update({entry_key(e): e for e in entries})
        return json_answer({"customers": [{"key": entry_key(e), "label": e.label} for e in entries]})

    async def login(request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if body.get("key"):
            entry = known.get(str(body["key"]))
            if entry is None:
                return json_answer({"message": "请重新选择客户"}, 400)
            id_number, bank, label = entry.id_number, entry.bank, entry.label
        else:
            id_number, bank = str(body.get("idNumber", "")).strip().upper(), str(body.get("bank", "")).strip()
            if len(id_number) != 18 or not bank:
                return json_answer({"message": "请输入18位身份证号并选择开户行"}, 400)
            label = f"{id_number[:4]}**********{id_number[-4:]}"
        signed = assertion(key, client_id=client_id, audience=audience, id_number=id_number, bank=bank)
        try:
            answer = await cic.post("/auth/token", data={"grant_type": ASSERTION_GRANT, "assertion": signed, "scope": CUSTOMER_SCOPES},
                                    auth=basic)
        except httpx.HTTPError:
            return json_answer({"message": "客户信息系统暂时无法访问，请稍后再试"}, 503)
        if answer.status_code != 200:
            try:
                message = answer.json().get("message") or "登录失败"
            except ValueError:
                message = "登录失败"
            return json_answer({"message": message}, 401)
        token = answer.json()
        now = time.monotonic()
        for stale in [k for k, v in sessions.items() if v.expires < now]:  # a long-running demo forgets old logins
            del sessions[stale]
        sid = secrets.token_urlsafe(24)
        lifetime = min(int(token.get("expires_in", 300)), SESSION_SECONDS)
        sessions[sid] = _H5Session(token=str(token["access_token"]), label=label, expires=time.monotonic() + lifetime)
        response = json_answer({"label": label})
        response.set_cookie(SESSION_COOKIE, sid, max_age=lifetime, httponly=True, samesite="strict", path="/")
        return response

    async def graphql(request: Request) -> Response:
        found = current(request)
        if found is None:
            return json_answer({"message": "登录已过期，请重新登录"}, 401)
        body = await request.body()
        try:
            answer = await cic.post("/graphql", content=body, headers={
                "Authorization": f"Bearer {found.token}", "Content-Type": "application/json"})  # fmt: skip
        except httpx.HTTPError:
            return json_answer({"message": "客户信息系统暂时无法访问，请稍后再试"}, 503)
        if answer.status_code == 401:
            sessions.pop(request.cookies.get(SESSION_COOKIE, ""), None)
            return json_answer({"message": "登录已过期，请重新登录"}, 401)
        return Response(answer.content, status_code=answer.status_code, media_type="application/json", headers={"Cache-Control": "no-store"})

    async def session(request: Request) -> Response:
        found = current(request)
        return json_answer({"loggedIn": found is not None, "label": found.label if found else None})

    async def logout(request: Request) -> Response:
        sessions.pop(request.cookies.get(SESSION_COOKIE, ""), None)
        response = json_answer({"ok": True})
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await cic.aclose()

    return Starlette(routes=[
        Route("/", page, methods=["GET"]),
        Route("/{name:str}", page, methods=["GET"]),
        Route("/api/customers", customers, methods=["GET"]),
        Route("/api/login", login, methods=["POST"]),
        Route("/api/graphql", graphql, methods=["POST"]),
        Route("/api/session", session, methods=["GET"]),
        Route("/api/logout", logout, methods=["POST"]),
    ], lifespan=lifespan)  # fmt: skip
