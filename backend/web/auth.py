"""``POST /auth/token`` (RFC 6749) and ``POST /auth/revoke`` (RFC 7009), form-encoded;
``GET /auth/methods``: how staff may log in here (what the login screens offer)."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.auth.principal import Principal
from backend.auth.service import ASSERTION_GRANT, FINGERPRINT_GRANT, OAuthError
from backend.auth.tokens import InvalidToken
from backend.db.session import transaction
from backend.db.tenancy import act_for
from backend.inputs import text_problem
from backend.services import Services

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
# grants that open a session (a login): while the process is saturated they wait their turn
NEW_SESSION_GRANTS = frozenset({"password", FINGERPRINT_GRANT, ASSERTION_GRANT})
MAX_PARAMETER = 4096  # characters of one form parameter (tokens are a few hundred)
_UNKNOWN = object()  # a token this process has not looked up within ``principal_cache_seconds``


def _error(exc: OAuthError, basic_auth_used: bool = False) -> JSONResponse:
    headers = dict(NO_STORE)
    if exc.status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="cic"' if basic_auth_used else 'Bearer realm="cic"'
    return JSONResponse(exc.body(), status_code=exc.status, headers=headers)


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise OAuthError("invalid_client", "MALFORMED_CLIENT_AUTH", "malformed Basic credentials", "客户端认证信息格式错误", 401) from None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise OAuthError("invalid_client", "MALFORMED_CLIENT_AUTH", "malformed Basic credentials", "客户端认证信息格式错误", 401)
    return _clean("client_id", unquote(client_id)), _clean("client_secret", unquote(secret))


async def _form(request: Request) -> dict[str, str]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise OAuthError(
            "invalid_request", "UNSUPPORTED_CONTENT_TYPE",
            "the body must be application/x-www-form-urlencoded", "请求格式错误：须为表单编码",
        )
    try:
        form = await request.form()
    except Exception:
        raise OAuthError("invalid_request", "MALFORMED_BODY", "the form body cannot be parsed", "请求体无法解析") from None
    values: dict[str, str] = {}
    for key in form.keys():
        items = form.getlist(key)
        if len(items) != 1 or not isinstance(items[0], str):
            # RFC 6749 3.2: parameters must not be included more than once.
            raise OAuthError("invalid_request", "REPEATED_PARAMETER", f"parameter {key} must be sent once", "请求参数重复")
        values[key] = _clean(key, items[0])
    return values


def _clean(key: str, value: str) -> str:
    """A parameter PostgreSQL can compare and store (no NUL, no lone surrogate, bounded)."""
    if problem := text_problem(value, max_length=MAX_PARAMETER):
        code, _, english = problem
        raise OAuthError("invalid_request", code, f"parameter {key}: {english}", "请求参数含有不允许的字符或过长")
    return value


async def token(request: Request) -> Response:
    services: Services = request.app.state.services
    basic_used = False
    try:
        form = await _form(request)
        basic = _basic_credentials(request)
        basic_used = basic is not None
        grant_type = form.get("grant_type", "")
        if grant_type in NEW_SESSION_GRANTS:
            await request.app.state.admission.turn()  # work already under way first (backend/web/admission.py)
        async with transaction(services.db.sessions) as session:
            auth = services.auth(session)
            try:
                if grant_type == "password":
                    result = await auth.password_grant(
                        services.uup(session), form.get("username", ""), form.get("password", ""), form.get("client_id", "cic-pc")
                    )
                elif grant_type == FINGERPRINT_GRANT:
                    result = await auth.fingerprint_grant(
                        services.fingerprint, form.get("username", ""), form.get("fingerprint", ""), form.get("device_id") or None,
                        form.get("client_id", "cic-pc"),
                    )
                elif grant_type == "refresh_token":
                    result = await auth.refresh_grant(form.get("refresh_token", ""), form.get("client_id"))
                elif grant_type == "client_credentials":
                    client_id, secret = basic or (form.get("client_id", ""), form.get("client_secret", ""))
                    result = await auth.client_credentials_grant(client_id, secret, form.get("scope"))
                elif grant_type == ASSERTION_GRANT:
                    client_id, secret = basic or (form.get("client_id", ""), form.get("client_secret", ""))

                    async def first_use(key: str, seconds: int) -> bool:
                        # An assertion's jti is accepted once (RFC 7523 3, item 7): remembered until it expires.
                        assert services.redis is not None
                        return bool(await services.redis.set(f"cic:assertion-jti:{key}", b"1", nx=True, ex=seconds))

                    result = await auth.assertion_grant(
                        client_id, secret, form.get("assertion", ""), form.get("scope"), cipher=services.cipher, first_use=first_use
                    )
                elif not grant_type:
                    raise OAuthError("invalid_request", "MISSING_GRANT_TYPE", "grant_type is required", "缺少 grant_type 参数")
                else:
                    raise OAuthError(
                        "unsupported_grant_type", "UNSUPPORTED_GRANT_TYPE", f"grant_type {grant_type!r} is not supported", "不支持的授权类型"
                    )
            except OAuthError as exc:
                # Commit what the failure must leave behind (failed-login counter, audit,
                # revoked refresh family), and nothing else: services wrote nothing more.
                failure = exc
            else:
                failure = None
    except OAuthError as exc:
        return _error(exc, basic_used)
    if failure is not None:
        return _error(failure, basic_used)
    return JSONResponse(result.body(), headers=NO_STORE)


async def revoke(request: Request) -> Response:
    services: Services = request.app.state.services
    try:
        form = await _form(request)
    except OAuthError as exc:
        return _error(exc)
    value = form.get("token", "")
    if not value:
        return _error(OAuthError("invalid_request", "MISSING_TOKEN", "token is required", "缺少 token 参数"))
    async with transaction(services.db.sessions) as session:
        await services.auth(session).revoke(value)
    # RFC 7009 2.2: answer 200 whether or not the token was known.
    return Response(status_code=200, headers=NO_STORE)


async def bearer_principal(services: Services, header: str) -> tuple[Principal | None, str | None]:
    """The caller of an ``Authorization: Bearer`` header (None without one), or why it is refused."""
    if not header:
        return None, None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None, "Authorization header must be 'Bearer <token>'"
    try:
        claims = services.signer.verify(value.strip())
    except InvalidToken as exc:
        return None, f"{exc.code}: {exc}"
    principal = services.principals.get(claims.token_id, _UNKNOWN)
    if principal is _UNKNOWN:
        # on the identity pool: its connections never act for a bank (backend/db/engine.py)
        async with services.db.identity_sessions() as session:
            principal = await services.auth(session).principal_for(claims)
        services.principals[claims.token_id] = principal
    act_for(principal)  # this request's connections see the caller's banks only (backend/db/tenancy.py)
    if principal is None:
        return None, "invalid_token: the account or client is no longer active"
    return principal, None


async def jwks(request: Request) -> Response:
    return JSONResponse(request.app.state.services.signer.public_jwks())


async def methods(request: Request) -> Response:
    """The login methods this installation offers, for the login screens before anyone is logged
    in: the password always; the fingerprint when the fingerprint platform is configured, with the
    address of the capture device's local service the screens ask for a sample."""
    settings = request.app.state.services.settings
    fingerprint = bool(settings.fingerprint_url)
    return JSONResponse({
        "password": True,
        "fingerprint": {"enabled": fingerprint, "readerUrl": settings.fingerprint_reader_url if fingerprint else None},
    }, headers={"Cache-Control": "no-cache"})  # fmt: skip
