"""argon2id password hashing (argon2-cffi), parameters from settings."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from backend.config import get_settings


@lru_cache
def hasher() -> PasswordHasher:
    s = get_settings()
    return PasswordHasher(time_cost=s.argon2_time_cost, memory_cost=s.argon2_memory_cost_kib)


# Verified against when the username is unknown, so both paths cost the same time.
_DUMMY_HASH: list[str] = []


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if password_hash is None:
        if not _DUMMY_HASH:
            _DUMMY_HASH.append(hasher().hash("not-a-real-password"))
        password_hash = _DUMMY_HASH[0]
        hasher().verify(password_hash, "not-a-real-password")
        return False
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
