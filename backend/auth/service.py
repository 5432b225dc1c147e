"""OAuth2 grants (RFC 6749), revocation (RFC 7009) and turning a token into a Principal.

Every failure raises ``OAuthError`` *after* flushing what must be kept: the failed-login
counter, refresh-family revocation on reuse, and the audit record. The endpoint commits them
and answers with the error, so nothing else is written on a failed request.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncSession

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from backend.audit import service as audit
from backend.auth.contexts import ID_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.models import ClientKind, LoginThrottle, OAuthClient, RefreshToken
from backend.auth.permissions import CUSTOMER_SCOPES
from backend.customers.models import ArchiveStatus
from backend.auth.passwords import verify_password_off_loop
from backend.auth.repository import AuthRepository
from backend.auth.principal import NOTHING, Principal
from backend.auth.tokens import AccessClaims, TokenSigner
from backend.config import Settings
from backend.inputs import column_length
from backend.integrations.fingerprint import FingerprintError, FingerprintPlatform
from backend.integrations.unified_user import (
    UnifiedUserPlatform,
    UnifiedUserPlatformError,
)
from backend.orgs.models import OrgLevel, OrgUnit, Role, StaffStatus, StaffUser

WEB_CLIENTS = frozenset({"cic-pc", "cic-pad", "cic-cli"})
ASSERTION_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"  # RFC 7523 2.1
FINGERPRINT_GRANT = "urn:cic:params:oauth:grant-type:fingerprint"  # a staff login by fingerprint (RFC 6749 4.5)
ASSERTION_ALGORITHMS = ["Ed25519", "EdDSA", "ES256", "RS256"]  # what a mobile bank may sign with
MAX_ASSERTION_SECONDS = 300
STAFF_SCOPE = "staff"


class OAuthError(Exception):
    """An RFC 6749 error response, with CIC's stable code and a Chinese message for the UI."""

    def __init__(self, error: str, code: str, description: str, message_zh: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.code = code
        self.description = description
        self.message_zh = message_zh
        self.status = status

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description, "code": self.code, "message": self.message_zh}


class VerifiedClientSecrets:
    """Machine clients' secrets verified in the last ``seconds``, so a mobile bank exchanging an
    assertion for every customer does not pay an argon2 verification (~150 ms of CPU) each time:
    at 100 customers at once that alone was 16 s of queueing (bench/credit_chain.py).

    A verification runs off the event loop, one per secret at a time (``check``).

    Only successes are remembered, as an HMAC under a key of this process over the client id, the
    stored hash and the secret: a wrong secret still costs the full argon2 verification, and a
    rotated secret (a new stored hash) or a deactivated client (checked on every call) takes effect
    at once. Staff passwords are never cached."""

    def __init__(self, seconds: float = 60.0, max_entries: int = 1024) -> None:
        self._key = secrets.token_bytes(32)
        self._remembered: TTLCache = TTLCache(maxsize=max_entries, ttl=seconds)  # digests
        self._verifying: dict[bytes, asyncio.Lock] = {}

    def _digest(self, client: OAuthClient, secret: str) -> bytes:
        message = "\0".join((client.client_id, client.secret_hash or "", secret or "")).encode()
        return hmac.new(self._key, message, hashlib.sha256).digest()

    def _fresh(self, digest: bytes) -> bool:
        return digest in self._remembered

    def forget(self) -> None:
        self._remembered.clear()

    async def check(self, client: OAuthClient, secret: str) -> bool:
        """Whether ``secret`` is the client's: remembered, or verified now off the event loop. A
        burst of calls with the same secret waits on one verification (the first call's) instead
        of each running its own."""
        digest = self._digest(client, secret)
        if self._fresh(digest):
            return True
        lock = self._verifying.setdefault(digest, asyncio.Lock())
        try:
            async with lock:
                if self._fresh(digest):
                    return True
                if not await verify_password_off_loop(client.secret_hash, secret or ""):
                    return False
                self._remember(digest)
                return True
        finally:
            # Waiting calls keep the lock they hold; a later one finds the secret remembered (or,
            # after a refusal, verifies again: a wrong secret always pays).
            if self._verifying.get(digest) is lock:
                del self._verifying[digest]

    def _remember(self, digest: bytes) -> None:
        self._remembered[digest] = True


_CLIENT_SECRETS = VerifiedClientSecrets()

BAD_CREDENTIALS = ("invalid_grant", "INVALID_CREDENTIALS", "username or password is incorrect", "用户名或密码错误")
# The same code as a wrong password (clients handle one), worded for the factor that was used.
BAD_FINGER = ("invalid_grant", "INVALID_CREDENTIALS", "username or fingerprint does not match", "用户名或指纹不匹配")


@dataclass(frozen=True)
class TokenResponse:
    access_token: str
    expires_in: int
    scope: str
    refresh_token: str | None = None
    # Lifetime of the refresh token (not in RFC 6749; Keycloak's name): an offline PAD keeps its
    # session, on cached data, until this runs out.
    refresh_expires_in: int | None = None

    def body(self) -> dict[str, object]:
        out: dict[str, object] = {
            "access_token": self.access_token,
            "token_type": "Bearer",
            "expires_in": self.expires_in,
            "scope": self.scope,
        }
        if self.refresh_token:
            out["refresh_token"] = self.refresh_token
            if self.refresh_expires_in is not None:
                out["refresh_expires_in"] = self.refresh_expires_in
        return out


def _now() -> datetime:
    return datetime.now(UTC)


def _hash_token(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def scope_path_for(level: OrgLevel, path: str) -> str:
    # The province is the root: its staff read everything, including records of no org.
    return "/" if level == OrgLevel.PROVINCE else path


class AuthService:
    def __init__(self, session: AsyncSession, settings: Settings, signer: TokenSigner) -> None:
        self.session = session
        self.repo = AuthRepository(session)
        self.settings = settings
        self.signer = signer

    # -- password grant ---------------------------------------------------------------------
    async def password_grant(
        self, uup: UnifiedUserPlatform, username: str, password: str, client_id: str
    ) -> TokenResponse:
        username = username.strip().lower()
        if not username or not password:
            raise OAuthError("invalid_request", "MISSING_CREDENTIALS", "username and password are required", "请输入用户名和密码")

        async def check(_row: tuple[StaffUser, OrgUnit] | None) -> tuple[bool, str]:
            try:
                return await uup.verify_password(username, password), "bad_credentials"
            except UnifiedUserPlatformError:
                raise OAuthError(
                    "temporarily_unavailable", "UUP_UNAVAILABLE", "the unified user platform is not reachable",
                    "统一用户平台暂时无法访问，请稍后再试", status=503,
                ) from None

        return await self._staff_login(username, client_id, "PASSWORD", BAD_CREDENTIALS, check)

    # -- fingerprint grant (a custom grant, RFC 6749 4.5) -----------------------------------
    async def fingerprint_grant(
        self, platform: FingerprintPlatform | None, username: str, sample: str, device_id: str | None, client_id: str
    ) -> TokenResponse:
        """A staff login with a fingerprint sample from the PC's or PAD's capture device, verified
        by the fingerprint platform against the template enrolled for the staff member; the same
        lock-out, status checks and audit as the password (docs/channels.md)."""
        username = username.strip().lower()
        if not username or not sample:
            raise OAuthError("invalid_request", "MISSING_CREDENTIALS", "username and fingerprint are required", "请输入用户名并按压指纹")
        if platform is None:
            raise OAuthError("unsupported_grant_type", "FINGERPRINT_NOT_ENABLED", "fingerprint login is not enabled",
                             "指纹登录未启用，请使用密码登录")

        async def check(row: tuple[StaffUser, OrgUnit] | None) -> tuple[bool, str]:
            try:
                # An unknown username asks too (for nobody), so it takes the time a real one does.
                result = await platform.verify(row[0].employee_no if row else "-", sample, device_id)
            except FingerprintError:
                raise OAuthError(
                    "temporarily_unavailable", "FINGERPRINT_UNAVAILABLE", "the fingerprint platform is not reachable",
                    "指纹平台暂时无法访问，请使用密码登录", status=503,
                ) from None
            # Not enrolled counts as a failed login and answers like a wrong finger: the answer
            # must not tell who has an account.
            if row is None:
                return False, "bad_credentials"
            return result.match, "fingerprint_mismatch" if result.enrolled else "fingerprint_not_enrolled"

        return await self._staff_login(username, client_id, "FINGERPRINT", BAD_FINGER, check)

    async def _staff_login(
        self, username: str, client_id: str, method: str, refusal: tuple[str, str, str, str],
        check: Callable[[tuple[StaffUser, OrgUnit] | None], Awaitable[tuple[bool, str]]],
    ) -> TokenResponse:
        """What every staff login shares: the client, the lock-out, the account's status, the audit.
        ``refusal`` is the answer to wrong credentials, worded for the factor ``method`` used."""
        if client_id not in WEB_CLIENTS:
            raise OAuthError("invalid_client", "UNKNOWN_CLIENT", "unknown client_id", "未知的客户端", status=401)
        if len(username) > column_length(LoginThrottle.username):
            raise OAuthError(*refusal)  # no such user can exist; nothing to count
        throttle = await self._throttle(username)
        now = _now()
        if throttle.locked_until is not None and throttle.locked_until > now:
            await self._audit_login_failure(username, None, "locked", method)
            raise OAuthError(
                "invalid_grant",
                "ACCOUNT_LOCKED",
                "too many failed logins; try again later",
                "登录失败次数过多，账户已临时锁定，请稍后再试",
            )
        row = await self.repo.account(username=username)
        verified, why = await check(row)
        if not verified or row is None:
            await self._register_failure(throttle, now)
            await self._audit_login_failure(username, row[1].path if row else None, why, method)
            raise OAuthError(*refusal)
        user, org = row
        if user.status == StaffStatus.PENDING:
            await self._audit_login_failure(username, org.path, "pending_approval", method)
            raise OAuthError(
                "invalid_grant", "ACCOUNT_PENDING_APPROVAL", "the account waits for a second administrator's approval",
                "账户尚待另一位管理员复核，复核通过后方可登录",
            )
        if user.status != StaffStatus.ACTIVE:
            await self._audit_login_failure(username, org.path, "disabled", method)
            raise OAuthError("invalid_grant", "ACCOUNT_DISABLED", "account is disabled", "账户已停用，请联系管理员")
        throttle.failures = 0
        throttle.locked_until = None
        principal = self._staff_principal(user, org)
        await audit.record(self.session, action="auth.login", org_path=org.path, principal=principal,
                           detail={"client_id": client_id, "method": method})
        return await self._issue_staff_tokens(user, client_id, family_id=uuid.uuid4())

    async def _throttle(self, username: str) -> LoginThrottle:
        return await self.repo.throttle(username)

    async def _register_failure(self, throttle: LoginThrottle, now: datetime) -> None:
        throttle.failures += 1
        throttle.last_failure_at = now
        if throttle.failures >= self.settings.login_max_failures:
            throttle.locked_until = now + timedelta(seconds=self.settings.login_lock_seconds)
            throttle.failures = 0
        await self.session.flush()

    async def _audit_login_failure(self, username: str, org_path: str | None, reason: str, method: str = "PASSWORD") -> None:
        await audit.record(
            self.session,
            action="auth.login_failed",
            org_path=org_path or "/",
            actor_username=username,
            detail={"reason": reason, "method": method},
        )

    # -- refresh grant ----------------------------------------------------------------------
    async def refresh_grant(self, refresh_token: str, client_id: str | None) -> TokenResponse:
        if not refresh_token:
            raise OAuthError("invalid_request", "MISSING_REFRESH_TOKEN", "refresh_token is required", "缺少刷新令牌")
        token = await self.repo.refresh_token(_hash_token(refresh_token), for_update=True)
        invalid = OAuthError("invalid_grant", "INVALID_REFRESH_TOKEN", "refresh token is invalid or expired", "登录已失效，请重新登录")
        if token is None or token.revoked_at is not None:
            raise invalid
        if client_id and client_id != token.client_id:
            raise invalid
        now = _now()
        if token.rotated_at is not None:
            # Reuse of a rotated token: someone holds a stolen copy. End the whole family.
            await self.revoke_family(token.family_id, now)
            await self._audit_sessions("auth.refresh_reuse", token.user_id, {"family_id": str(token.family_id)})
            raise OAuthError(
                "invalid_grant", "REFRESH_TOKEN_REUSED", "refresh token was already used; session ended", "检测到令牌重复使用，会话已终止，请重新登录"
            )
        if token.expires_at <= now:
            raise invalid
        row = await self.repo.account(user_id=token.user_id)
        assert row is not None  # a refresh token's user is never deleted (the FK restricts it)
        user, _org = row
        if user.status != StaffStatus.ACTIVE:
            await self.revoke_family(token.family_id, now)
            raise invalid
        token.rotated_at = now
        return await self._issue_staff_tokens(user, token.client_id, family_id=token.family_id)

    async def revoke_family(self, family_id: uuid.UUID, now: datetime | None = None) -> None:
        await self.repo.revoke_tokens(now or _now(), family_id=family_id)

    async def revoke_user_sessions(self, user_id: int) -> int:
        return await self.repo.revoke_tokens(_now(), user_id=user_id)

    async def end_sessions(self, user_id: int) -> int:
        """A disabled account: revoke its refresh tokens, audited (``auth.sessions_ended``)."""
        revoked = await self.revoke_user_sessions(user_id)
        await self._audit_sessions("auth.sessions_ended", user_id, {"revoked_refresh_tokens": revoked})
        return revoked

    async def _audit_sessions(self, action: str, user_id: int, detail: dict[str, Any] | None = None) -> None:
        """Audit what befell a staff user's sessions, in their org unit (no actor: a token or the
        system did it)."""
        await audit.record(
            self.session, action=action, org_path=await self.repo.user_org_path(user_id), target_type="StaffUser",
            target_id=user_id, detail=detail,
        )

    async def _issue_staff_tokens(self, user: StaffUser, client_id: str, family_id: uuid.UUID) -> TokenResponse:
        access, ttl = self.signer.issue(f"user:{user.id}", STAFF_SCOPE, {"client_id": client_id})
        refresh = secrets.token_urlsafe(48)
        self.session.add(
            RefreshToken(
                family_id=family_id,
                token_hash=_hash_token(refresh),
                user_id=user.id,
                client_id=client_id,
                scope=STAFF_SCOPE,
                expires_at=_now() + timedelta(seconds=self.settings.refresh_token_ttl_seconds),
            )
        )
        await self.session.flush()
        return TokenResponse(
            access_token=access,
            expires_in=ttl,
            scope=STAFF_SCOPE,
            refresh_token=refresh,
            refresh_expires_in=self.settings.refresh_token_ttl_seconds,
        )

    # -- client credentials -----------------------------------------------------------------
    async def client_credentials_grant(self, client_id: str, client_secret: str, scope: str | None) -> TokenResponse:
        client = await self._client(client_id, client_secret)
        requested = set(scope.split()) if scope else set(client.scopes)
        if not requested <= set(client.scopes):
            raise OAuthError(
                "invalid_scope",
                "SCOPE_NOT_ALLOWED",
                f"scopes not allowed for this client: {' '.join(sorted(requested - set(client.scopes)))}",
                "请求的权限范围超出该客户端的授权",
            )
        granted = " ".join(sorted(requested))
        access, ttl = self.signer.issue(f"client:{client.client_id}", granted)
        return TokenResponse(access_token=access, expires_in=ttl, scope=granted)

    # -- JWT bearer assertion (RFC 7523): the mobile bank vouches for its customer ------------
    async def assertion_grant(
        self, client_id: str, client_secret: str, assertion: str, scope: str | None, *, cipher: FieldCipher,
        first_use: Callable[[str, int], Awaitable[bool]],
    ) -> TokenResponse:
        """A token bound to one customer, for the mobile bank that authenticated as a client and
        signed an assertion of who its (already logged-in) customer is (docs/channels.md)."""
        client = await self._client(client_id, client_secret)
        if client.kind != ClientKind.MOBILE_BANKING or not client.jwks:
            raise OAuthError("unauthorized_client", "ASSERTION_NOT_ALLOWED", "this client may not assert customers",
                             "该客户端无权代客户登录", status=400)
        offered = set(client.scopes) & CUSTOMER_SCOPES
        requested = set(scope.split()) if scope else offered
        if not requested or not requested <= offered:
            raise OAuthError("invalid_scope", "SCOPE_NOT_ALLOWED", "scopes not allowed for a customer of this client",
                             "请求的权限范围超出该客户端的授权")
        claims = self._assertion_claims(client, assertion)
        lifetime = int(claims["exp"]) - int(time.time())
        if not await first_use(f"{client.client_id}:{claims['jti']}", max(lifetime, 1) + 60):
            raise OAuthError("invalid_grant", "ASSERTION_REPLAYED", "this assertion was used already", "登录凭证已被使用，请重新登录")
        bank = await self._assertion_bank(client, claims)
        id_number = str(claims.get("id_number") or "").strip().upper()
        customer = None
        if id_number:
            customer = await self.repo.customer_by_bidx(bank.id, cipher.blind_index(id_number, context=ID_CONTEXT))
        if customer is None or customer.status == ArchiveStatus.ARCHIVED:
            raise OAuthError("invalid_grant", "CUSTOMER_NOT_FILED", "no archive of this customer at this bank",
                             "您尚未在本行建立客户档案，请到附近网点或通过手机银行自助建档")
        granted = " ".join(sorted(requested))
        access, ttl = self.signer.issue(f"customer:{customer.bank_id}:{customer.id}", granted, {"client_id": client.client_id})
        await audit.record(
            self.session, action="auth.customer_token", org_path=customer.org_path, actor_username=client.client_id,
            target_type="Customer", target_id=str(customer.id), detail={"client_id": client.client_id, "scope": granted},
        )
        return TokenResponse(access_token=access, expires_in=ttl, scope=granted)

    async def _client(self, client_id: str, client_secret: str) -> OAuthClient:
        client = await self.repo.client(client_id)
        if client is None or not client.active:
            await verify_password_off_loop(None, client_secret or "")  # an unknown client costs the same time
            raise OAuthError("invalid_client", "INVALID_CLIENT", "client authentication failed", "客户端认证失败", status=401)
        if not await _CLIENT_SECRETS.check(client, client_secret):
            raise OAuthError("invalid_client", "INVALID_CLIENT", "client authentication failed", "客户端认证失败", status=401)
        return client

    def _assertion_claims(self, client: OAuthClient, assertion: str) -> dict[str, Any]:
        def invalid(why: str) -> OAuthError:
            return OAuthError("invalid_grant", "INVALID_ASSERTION", f"assertion rejected: {why}", "登录凭证无效，请重新登录")

        if not assertion:
            raise OAuthError("invalid_request", "MISSING_ASSERTION", "assertion is required", "缺少 assertion 参数")
        try:
            keys = KeySet.import_key_set(client.jwks)  # type: ignore[arg-type]
            decoded = jwt.decode(assertion, keys, algorithms=ASSERTION_ALGORITHMS)
        except (JoseError, ValueError, TypeError, KeyError) as exc:
            raise invalid(getattr(exc, "error", None) or "signature or format") from None
        audiences = [self.settings.jwt_issuer, self.settings.public_url.rstrip("/") + "/auth/token"]
        registry = JWTClaimsRegistry(
            leeway=30,
            iss={"essential": True, "value": client.client_id},
            sub={"essential": True},
            aud={"essential": True, "values": audiences},
            exp={"essential": True},
            jti={"essential": True},
        )
        try:
            registry.validate(decoded.claims)
        except JoseError as exc:
            raise invalid(exc.error) from None
        claims = dict(decoded.claims)
        if int(claims["exp"]) - int(time.time()) > MAX_ASSERTION_SECONDS:
            raise invalid("exp is more than 5 minutes away")
        return claims

    async def _assertion_bank(self, client: OAuthClient, claims: dict[str, Any]) -> OrgUnit:
        bank = None
        if client.bank_id is not None:
            bank = await self.session.get(OrgUnit, client.bank_id)
        elif isinstance(claims.get("bank"), str):
            bank = await self.repo.bank_by_code(claims["bank"])
        if bank is None or bank.level != OrgLevel.BANK:
            raise OAuthError("invalid_grant", "INVALID_ASSERTION", "assertion rejected: unknown bank", "登录凭证无效，请重新登录")
        return bank

    # -- revocation ---------------------------------------------------------------------------
    async def revoke(self, token: str) -> None:
        """RFC 7009: revoking a refresh token ends its family; unknown tokens are ignored."""
        row = await self.repo.refresh_token(_hash_token(token))
        if row is not None:
            await self.revoke_family(row.family_id)
            await self._audit_sessions("auth.revoke", row.user_id)

    # -- bearer token -> principal ----------------------------------------------------------
    async def principal_for(self, claims: AccessClaims) -> Principal | None:
        kind, _, ident = claims.subject.partition(":")
        if kind == "user" and ident.isdigit():
            row = await self.repo.account(user_id=int(ident))
            if row is None or row[0].status != StaffStatus.ACTIVE:
                return None
            return self._staff_principal(*row, scopes=frozenset(claims.scope.split()))
        if kind == "customer":
            return await self._customer_principal(ident, claims)
        if kind == "client":
            client = await self.repo.client(ident)
            if client is None or not client.active:
                return None
            bank_path = None
            if client.bank_id is not None:
                bank_path = await self.repo.unit_path(client.bank_id)
            return Principal(
                kind="client",
                client_id=client.client_id,
                bank_id=client.bank_id,
                scope_path=bank_path or NOTHING,
                scopes=frozenset(claims.scope.split()) & frozenset(client.scopes),
            )
        return None

    async def _customer_principal(self, ident: str, claims: AccessClaims) -> Principal | None:
        bank, _, customer_id = ident.partition(":")
        if not bank.isdigit() or not claims.client_id:
            return None
        try:
            archive_id = uuid.UUID(customer_id)
        except ValueError:
            return None
        # the client and the archive in one statement (every request that misses the cache)
        row = await self.repo.client_and_customer(claims.client_id, int(bank), archive_id)
        if row is None:
            return None
        client, bank_id, archive_id, org_path, status = row
        if not client.active or bank_id is None or status == ArchiveStatus.ARCHIVED:
            return None
        return Principal(
            kind="customer", client_id=client.client_id, bank_id=bank_id, scope_path=org_path,
            customer_id=archive_id, scopes=frozenset(claims.scope.split()) & frozenset(client.scopes) & CUSTOMER_SCOPES,
        )

    @staticmethod
    def _staff_principal(user: StaffUser, org: OrgUnit, scopes: frozenset[str] = frozenset({STAFF_SCOPE})) -> Principal:
        return Principal(
            kind="staff",
            user_id=user.id,
            username=user.username,
            org_id=org.id,
            org_level=org.level,
            bank_id=user.bank_id,
            scope_path=scope_path_for(org.level, org.path),
            roles=frozenset(Role(r) for r in user.roles),
            scopes=scopes,
        )
