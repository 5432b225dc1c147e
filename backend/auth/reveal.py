"""Reveal: the full value of a protected field, where the field policy allows, always audited.

Each domain registers the fields it protects with a loader that returns, for one record in the
caller's scope, its org path, an owner stand-in for the policy, and the plaintext value.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.policies import Visibility, policy_for
from backend.auth.principal import Principal
from backend.errors import PermissionDenied, field_error, not_found


@dataclass(frozen=True)
class Revealed:
    org_path: str
    owner: Any  # what the policy's is_owner sees as the GraphQL parent object
    value: str | None


# (session, cipher, caller, record id as given) -> the record in the caller's scope, or None.
Loader = Callable[[AsyncSession, FieldCipher, Principal, str], Awaitable[Revealed | None]]
REVEALABLE: dict[tuple[str, str], Loader] = {}


def revealable(type_name: str, field_name: str) -> Callable[[Loader], Loader]:
    def register(fn: Loader) -> Loader:
        REVEALABLE[(type_name, field_name)] = fn
        return fn

    return register


async def reveal(
    session: AsyncSession, cipher: FieldCipher, principal: Principal, type_name: str, record_id: str, field_name: str
) -> str | None:
    loader = REVEALABLE.get((type_name, field_name))
    policy = policy_for(type_name, field_name)
    if loader is None or policy is None:
        raise field_error("field", "NOT_REVEALABLE", "该字段不支持查看明文", f"{type_name}.{field_name} cannot be revealed")
    found = await loader(session, cipher, principal, record_id)
    if found is None:
        raise not_found("记录")
    if policy.visibility(principal, found.owner) < Visibility.REVEAL:
        raise PermissionDenied(f"your role may not reveal {type_name}.{field_name}")
    await audit.record(
        session,
        action="reveal",
        org_path=found.org_path,
        principal=principal,
        target_type=type_name,
        target_id=record_id,
        target_field=field_name,
    )
    return found.value


def revealable_fields(principal: Principal, types: tuple[str, ...], owner: Any = None) -> list[tuple[str, str]]:
    """The (type, field) pairs of these GraphQL types the caller may ``reveal`` (policy REVEAL):
    what a client offers a reveal button for. FULL needs no reveal; MASKED and HIDDEN allow none."""
    return [
        (type_name, field_name)
        for (type_name, field_name) in REVEALABLE
        if type_name in types
        and (policy := policy_for(type_name, field_name)) is not None
        and policy.visibility(principal, owner) == Visibility.REVEAL
    ]
