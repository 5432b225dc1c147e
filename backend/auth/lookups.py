"""Lookups that test a protected value: who may make them, how often, and the audit trail.

Searching archives by a value the caller sees masked (an exact ID number, a mobile, a name
prefix for roles that see names masked) would confirm guesses and rebuild the value without a
reveal. So such a search follows the field's policy like a reveal does:

* ``FULL``: the caller sees the value anyway; nothing extra.
* ``REVEAL``: allowed, counted against the caller's protected-lookup limit and audited.
* ``MASKED`` / ``HIDDEN``: refused (FORBIDDEN).

Reveals and ECIF prefill lookups spend from the same per-person limit.
"""

from __future__ import annotations

from typing import Any

from backend.auth.policies import Visibility, policy_for
from backend.auth.principal import Principal
from backend.errors import PermissionDenied
from backend.ratelimit import RateLimited


async def spend_protected_lookup(services: Any, principal: Principal, *, cost: int = 1) -> None:
    """One lookup that can reveal personal data (a reveal, an ECIF prefill, a protected search),
    counted per person against every window (``Services.lookup_limiters``)."""
    subject = f"user:{principal.user_id}" if principal.user_id is not None else f"client:{principal.client_id}"
    for limiter in services.lookup_limiters:
        wait = await limiter.hit(subject, cost)
        if wait is not None:
            raise RateLimited(wait, "lookups of personal data")


SEARCH_LABELS = {"Customer.idNumber": "身份证号码", "Customer.mobile": "手机号码", "Customer.name": "姓名"}


def search_visibility(principal: Principal, type_name: str, field_name: str, argument: str) -> Visibility:
    """The caller's visibility of the field a filter tests; refuses filters on values they see masked."""
    policy = policy_for(type_name, field_name)
    assert policy is not None, (type_name, field_name)
    visibility = policy.visibility(principal)
    if visibility < Visibility.REVEAL:
        label = SEARCH_LABELS.get(f"{type_name}.{field_name}", field_name)
        raise PermissionDenied(
            f"{argument}: your role sees {type_name}.{field_name} masked and may not search by it", field=argument,
            message_zh=f"您的角色看到的{label}是脱敏的，不能按{label}查询",
        )
    return visibility


def protected_search_rules(principal: Principal) -> list[tuple[str, bool, bool]]:
    """For each archive filter that tests a protected value: (argument, allowed, counted as a
    protected lookup). What a client needs to offer only the filters the API will accept."""
    rules = []
    for argument, (type_name, field_name) in PROTECTED_FILTERS.items():
        policy = policy_for(type_name, field_name)
        assert policy is not None
        visibility = policy.visibility(principal)
        rules.append((argument, visibility >= Visibility.REVEAL, visibility == Visibility.REVEAL))
    return rules


# customers(filter: ...) arguments that test a protected value, and the field whose policy rules them.
PROTECTED_FILTERS = {"idNumber": ("Customer", "idNumber"), "mobile": ("Customer", "mobile"), "namePrefix": ("Customer", "name")}
