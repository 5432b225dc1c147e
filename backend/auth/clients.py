"""Machine clients of the token endpoint (a mobile bank, the lending platform), as an operator
registers them (`cic clients ...`, docs/security.md "Machine clients"): the client, its scopes,
its bank, its secret (shown once, stored as an argon2id hash) and, for a mobile bank, the public
keys (JWK Set) it signs its customers' assertions with. Every change is audited.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.models import ClientKind, OAuthClient
from backend.auth.passwords import hash_password_off_loop
from backend.auth.permissions import CUSTOMER_SCOPES, SCOPE_PERMISSIONS
from backend.orgs.models import OrgLevel, OrgUnit

# What each kind of client may be given.
KIND_SCOPES: dict[ClientKind, frozenset[str]] = {
    ClientKind.MOBILE_BANKING: CUSTOMER_SCOPES | {"self_service"},
    ClientKind.LENDING_PLATFORM: frozenset({"lending:callback"}),
}
assert all(s in SCOPE_PERMISSIONS or s in CUSTOMER_SCOPES for scopes in KIND_SCOPES.values() for s in scopes)
# What a mobile bank may sign with (the assertion grant accepts these; RSA keys of 2048 bits or more).
SIGNING_KEY_TYPES = {"OKP": {"Ed25519"}, "EC": {"P-256"}, "RSA": None}
PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "k")


class ClientError(Exception):
    """A registration refused: the field, the rule (an English code) and the message in both languages."""

    def __init__(self, field: str, code: str, message: str, message_zh: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.code, self.message, self.message_zh = field, code, message, message_zh


@dataclass(frozen=True)
class ClientView:
    client_id: str
    name: str
    kind: str
    scopes: list[str]
    bank: str | None
    active: bool
    key_ids: list[str]


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def checked_jwks(document: Any) -> dict[str, Any]:
    """A JWK Set of public signing keys, or ``ClientError`` naming what is wrong with it."""
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list) or not document["keys"]:
        raise ClientError("jwks", "JWKS_INVALID", "must be a JWK Set: an object with a non-empty \"keys\" array", "须为 JWK Set：含非空 keys 数组的 JSON 对象")
    for index, key in enumerate(document["keys"]):
        where = f"jwks.keys[{index}]"
        if not isinstance(key, dict):
            raise ClientError(where, "JWKS_INVALID", "must be a JSON object", "须为 JSON 对象")
        if any(member in key for member in PRIVATE_MEMBERS):
            raise ClientError(where, "PRIVATE_KEY", "is a private key: register only the public half", "是私钥：只能登记公钥")
        kty = key.get("kty")
        if kty not in SIGNING_KEY_TYPES:
            raise ClientError(where, "KEY_TYPE_UNSUPPORTED", f"key type {kty!r} is not accepted (OKP Ed25519, EC P-256, RSA)", "密钥类型不受支持（仅 Ed25519、P-256、RSA）")
        curves = SIGNING_KEY_TYPES[kty]
        if curves is not None and key.get("crv") not in curves:
            raise ClientError(where, "KEY_TYPE_UNSUPPORTED", f"curve {key.get('crv')!r} is not accepted", "曲线不受支持")
        if key.get("use") not in (None, "sig"):
            raise ClientError(where, "KEY_USE_INVALID", "must be a signing key (use: sig)", "须为签名密钥（use 为 sig）")
        if not key.get("kid"):
            raise ClientError(where, "KID_REQUIRED", "needs a kid, so that keys can be rotated", "缺少 kid（密钥轮换需要）")
        if kty == "RSA" and len(str(key.get("n", ""))) < 342:  # base64url of 2048 bits
            raise ClientError(where, "KEY_TOO_SHORT", "RSA keys must have at least 2048 bits", "RSA 密钥至少 2048 位")
    try:
        KeySet.import_key_set(document)
    except (JoseError, ValueError, TypeError, KeyError) as exc:
        raise ClientError("jwks", "JWKS_INVALID", f"cannot be read as keys: {exc}", "无法解析为密钥") from None
    return {"keys": [dict(k) for k in document["keys"]]}


class ClientRegistry:
    def __init__(self, session: AsyncSession, operator: str) -> None:
        self.session = session
        self.operator = operator

    async def list(self) -> list[ClientView]:
        rows = (await self.session.execute(
            select(OAuthClient, OrgUnit.code).outerjoin(OrgUnit, OrgUnit.id == OAuthClient.bank_id).order_by(OAuthClient.client_id)
        )).all()  # fmt: skip
        return [ClientView(c.client_id, c.name, c.kind.value, list(c.scopes), code, c.active,
                           [str(k.get("kid")) for k in (c.jwks or {}).get("keys", [])]) for c, code in rows]

    async def add(self, client_id: str, name: str, kind: ClientKind, scopes: list[str], bank_code: str | None) -> str:
        """Register a client; its secret (shown once)."""
        if not client_id or len(client_id) > 64 or not all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in client_id):
            raise ClientError("client_id", "CLIENT_ID_INVALID", "1-64 characters: letters, digits, - _ .", "1-64 位字母、数字或 - _ .")
        if await self.session.get(OAuthClient, client_id) is not None:
            raise ClientError("client_id", "CLIENT_EXISTS", f"{client_id} is registered already", "该客户端已登记")
        if not name.strip():
            raise ClientError("name", "REQUIRED", "is required", "名称必填")
        unknown = sorted(set(scopes) - KIND_SCOPES[kind])
        if unknown or not scopes:
            raise ClientError("scope", "SCOPE_NOT_ALLOWED", f"not for a {kind.value} client: {unknown or 'none given'}; allowed: {sorted(KIND_SCOPES[kind])}",
                           "该类客户端不能授予这些权限范围")
        bank_id = await self._bank(bank_code) if bank_code else None
        secret = new_secret()
        self.session.add(OAuthClient(client_id=client_id, name=name.strip(), kind=kind, secret_hash=await hash_password_off_loop(secret),
                                     scopes=sorted(set(scopes)), bank_id=bank_id, active=True))
        await self.session.flush()
        await self._audit("client.add", client_id, {"kind": kind.value, "scopes": sorted(set(scopes)), "bank": bank_code})
        return secret

    async def rotate_secret(self, client_id: str) -> str:
        client = await self._client(client_id)
        secret = new_secret()
        client.secret_hash = await hash_password_off_loop(secret)
        await self.session.flush()
        await self._audit("client.rotate_secret", client_id, {})
        return secret

    async def set_jwks(self, client_id: str, document: Any) -> list[str]:
        """Register the public keys of a mobile bank's assertions (replacing the earlier ones); their kids."""
        client = await self._client(client_id)
        if client.kind != ClientKind.MOBILE_BANKING:
            raise ClientError("client_id", "NOT_A_MOBILE_BANK", "only a mobile bank signs assertions", "只有手机银行客户端可以登记公钥")
        jwks = checked_jwks(document)
        client.jwks = jwks
        await self.session.flush()
        kids = [str(k["kid"]) for k in jwks["keys"]]
        await self._audit("client.set_jwks", client_id, {"kids": kids})
        return kids

    async def set_active(self, client_id: str, active: bool) -> None:
        client = await self._client(client_id)
        client.active = active
        await self.session.flush()
        await self._audit("client.enable" if active else "client.disable", client_id, {})

    async def _client(self, client_id: str) -> OAuthClient:
        client = await self.session.get(OAuthClient, client_id, with_for_update=True)
        if client is None:
            raise ClientError("client_id", "CLIENT_NOT_FOUND", f"no client {client_id}", "客户端不存在")
        return client

    async def _bank(self, code: str) -> int:
        wanted = code if "-" in code else f"FJ-{code}"
        unit = (await self.session.scalars(select(OrgUnit).where(OrgUnit.code == wanted, OrgUnit.level == OrgLevel.BANK))).one_or_none()
        if unit is None:
            raise ClientError("bank", "BANK_NOT_FOUND", f"no bank {code}", "法人行不存在")
        return unit.id

    async def _audit(self, action: str, client_id: str, detail: dict[str, Any]) -> None:
        await audit.record(self.session, action=action, org_path="/", actor_username=self.operator, target_type="OAuthClient",
                           target_id=client_id, detail=detail)
