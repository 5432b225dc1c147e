"""argon2id password hashing (argon2-cffi), parameters from settings."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
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


# argon2 (64 MiB, ~150 ms of CPU a verification) releases the GIL: run off the event loop, a
# verification no longer stalls every other request of the process. Two at a time: the CPU is
# the limit, and each holds its 64 MiB while it runs; more wait their turn here.
_VERIFIERS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="argon2")


async def verify_password_off_loop(password_hash: str | None, password: str) -> bool:
    """``verify_password`` on a worker thread: the event loop serves other requests meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(_VERIFIERS, verify_password, password_hash, password)


async def hash_password_off_loop(password: str) -> str:
    """``hash_password`` on the same threads (a new staff password, a client's new secret)."""
    return await asyncio.get_running_loop().run_in_executor(_VERIFIERS, hash_password, password)
