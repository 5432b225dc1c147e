"""Credentials, machine clients, refresh tokens and the failed-login throttle."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, TimestampMixin, str_enum


class ClientKind(StrEnum):
    MOBILE_BANKING = "MOBILE_BANKING"
    LENDING_PLATFORM = "LENDING_PLATFORM"


class LocalCredential(TimestampMixin, Base):
    """Password store of the *local* unified-user-platform implementation (argon2id hashes)."""

    __tablename__ = "uup_local_credentials"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(255))


class OAuthClient(TimestampMixin, Base):
    __tablename__ = "oauth_clients"

    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[ClientKind] = mapped_column(str_enum(ClientKind, "client_kind", 32))
    secret_hash: Mapped[str] = mapped_column(String(255))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(64)), server_default=text("'{}'"))
    # A client may be bound to one bank (its tokens then see only that bank).
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # The client's public keys (a JWK Set) for the assertions it signs: the mobile bank's
    # JWT bearer assertion of who its customer is (RFC 7523; docs/channels.md).
    jwks: Mapped[dict[str, Any] | None] = mapped_column(JSONB)


class RefreshToken(Base):
    """One refresh token; a login starts a family, each refresh rotates within it.

    Presenting a token that was already rotated is reuse: the whole family is revoked.
    Only the SHA-256 of the token is stored.
    """

    __tablename__ = "refresh_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(String(255), default="")
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    rotated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginThrottle(Base):
    """Failed password logins per username, whether or not the username exists.

    Keeping the counter independent of the user table means an unknown username locks exactly
    like a real one, so the lock itself never tells an attacker which usernames exist.
    """

    __tablename__ = "login_throttles"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_failure_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
