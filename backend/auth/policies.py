"""The field policy table: who sees a field in full, masked, or not at all.

Keys are ``GraphQLType.field``. Each rule maps a role (optionally narrowed to an org level as
``LEVEL/ROLE``) to a visibility; a caller with several roles gets the most permissive one, and
``default`` applies to roles the table does not name. Machine clients see only what a
``client:<client_id>`` rule grants.
``REVEAL`` means "masked in results, full value through the audited ``reveal`` mutation".
One wrapper (``schema.extensions.apply_field_policies``), put when the schema is built on the
resolvers of exactly the fields named here, applies this table; resolvers never mask.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from backend.auth.principal import Principal
from backend.auth.roles import Role


class Visibility(IntEnum):
    HIDDEN = 0
    MASKED = 1
    REVEAL = 2
    FULL = 3


@dataclass(frozen=True)
class FieldPolicy:
    mask: str  # name in backend.auth.masking.MASKERS
    rules: Mapping[str, Visibility]
    default: Visibility = Visibility.HIDDEN
    # Whether the caller owns the value (their own phone): owners see it in full.
    is_owner: Callable[[Any, Principal], bool] | None = None
    personal: bool = True  # reveals of personal data are audited
    extra: dict[str, Any] = field(default_factory=dict)

    def visibility(self, principal: Principal, root: Any = None) -> Visibility:
        if self.is_owner is not None and root is not None and self.is_owner(root, principal):
            return Visibility.FULL
        # By the caller's kind, client, level and roles alone: worked out once per combination
        # (a list page asks the same fields of every row).
        key = (id(self), principal.kind, principal.client_id, principal.org_level, principal.roles)
        found = _BY_ROLES.get(key)
        if found is None:
            found = _BY_ROLES[key] = self._by_roles(principal)
        return found

    def _by_roles(self, principal: Principal) -> Visibility:
        if not principal.is_staff:
            return self.rules.get(f"client:{principal.client_id}", Visibility.HIDDEN)
        level = principal.org_level.value if principal.org_level else None
        matched = [
            self.rules[key]
            for role in principal.roles
            for key in (f"{level}/{role.value}", role.value)
            if key in self.rules
        ]
        # The most permissive rule of the caller's roles; ``default`` for roles the table omits.
        return max(matched) if matched else self.default


# (policy, kind, client, level, roles) -> visibility; policies are module constants, so their ids are stable.
_BY_ROLES: dict[tuple, Visibility] = {}


def _own_staff_record(root: Any, principal: Principal) -> bool:
    return principal.user_id is not None and getattr(root, "id", None) == str(principal.user_id)


FIELD_POLICIES: dict[str, FieldPolicy] = {
    "StaffUser.phone": FieldPolicy(
        mask="phone",
        is_owner=_own_staff_record,
        rules={
            "BRANCH_MANAGER": Visibility.FULL,
            "BANK_ADMIN": Visibility.FULL,
            "PROVINCE_ADMIN": Visibility.REVEAL,
            "AUDITOR": Visibility.REVEAL,
            "CUSTOMER_MANAGER": Visibility.MASKED,
            "BANK_APPROVER": Visibility.MASKED,
            "PROVINCE_ANALYST": Visibility.MASKED,
        },
    ),
}


_V = Visibility
# Customers' phones: collectors call their customers; reviewers reveal on demand.
_CUSTOMER_PHONE = FieldPolicy(
    mask="phone",
    rules={
        "CUSTOMER_MANAGER": _V.FULL, "BRANCH_MANAGER": _V.FULL, "BANK_APPROVER": _V.REVEAL, "AUDITOR": _V.REVEAL,
        "BANK_ADMIN": _V.MASKED, "PROVINCE_ADMIN": _V.MASKED, "PROVINCE_ANALYST": _V.MASKED,
    },
)
FIELD_POLICIES.update(
    {
        # Customer archives. Collectors see contact data in full; ID numbers are revealed on
        # demand (audited); province staff see aggregates, so names are masked for analysts.
        "Customer.idNumber": FieldPolicy(
            mask="id_number",
            rules={
                "CUSTOMER_MANAGER": _V.REVEAL, "BRANCH_MANAGER": _V.REVEAL, "BANK_APPROVER": _V.REVEAL, "AUDITOR": _V.REVEAL,
                "BANK_ADMIN": _V.MASKED, "PROVINCE_ADMIN": _V.MASKED, "PROVINCE_ANALYST": _V.MASKED,
            },
        ),
        "Customer.mobile": _CUSTOMER_PHONE,
        "Customer.altPhone": _CUSTOMER_PHONE,
        "Address.line": FieldPolicy(
            mask="text",
            rules={
                "CUSTOMER_MANAGER": _V.FULL, "BRANCH_MANAGER": _V.FULL, "BANK_APPROVER": _V.FULL, "AUDITOR": _V.REVEAL,
                "BANK_ADMIN": _V.MASKED, "PROVINCE_ADMIN": _V.MASKED, "PROVINCE_ANALYST": _V.MASKED,
            },
        ),
        "Customer.name": FieldPolicy(
            mask="name",
            personal=False,
            default=_V.FULL,
            rules={"PROVINCE_ANALYST": _V.MASKED},
        ),
        "FamilyMember.name": FieldPolicy(
            mask="name",
            personal=False,
            default=_V.FULL,
            rules={"PROVINCE_ANALYST": _V.MASKED},
        ),
    }
)


def derived(source: FieldPolicy, mask: str) -> FieldPolicy:
    """The policy of a value derived from a protected one: the same visibility per role, with a
    mask that shows no more than the source's mask shows."""
    return FieldPolicy(mask=mask, rules=source.rules, default=source.default, is_owner=source.is_owner, personal=source.personal)


_ID = FIELD_POLICIES["Customer.idNumber"]
_ADDRESS = FIELD_POLICIES["Address.line"]
FIELD_POLICIES.update(
    {
        # Derived from the ID number: the 6+4 mask shows the region and the gender digit but hides
        # the birth date, so a masked birth date is nothing (otherwise every masked ID could be
        # rebuilt from it and the check digit).
        "Customer.birthDate": derived(_ID, "withhold"),
        "Customer.gender": derived(_ID, "as_shown_by_mask"),
        # Household register number (户口簿编号) and free-text remarks: personal, encrypted at rest,
        # shown like the address line.
        "Household.registerNo": FieldPolicy(mask="code", rules=_ADDRESS.rules, default=_ADDRESS.default),
        "Social.remarks": FieldPolicy(mask="text", rules=_ADDRESS.rules, default=_ADDRESS.default),
    }
)


def policy_for(type_name: str, field_name: str) -> FieldPolicy | None:
    return FIELD_POLICIES.get(f"{type_name}.{field_name}")


# What ECIF answers for a prefill (``EcifRecord``) is shown exactly like the same fields of an
# archive: the entries are shared, so the two can never drift apart. (The typed ID number comes
# back masked to the roles that see archive ID numbers masked; there is no reveal for it.)
FIELD_POLICIES.update(
    {
        "EcifRecord.idNumber": FIELD_POLICIES["Customer.idNumber"],
        "EcifRecord.mobile": FIELD_POLICIES["Customer.mobile"],
        "EcifRecord.address": FIELD_POLICIES["Address.line"],
        "EcifRecord.name": FIELD_POLICIES["Customer.name"],
        # Mobile banking shows its customer their own record; names still go out masked.
        "MyBanking.customerName": FieldPolicy(mask="name", personal=False, rules={"client:mobile-banking": _V.MASKED}),
        "MyFiling.managerName": FieldPolicy(mask="name", personal=False, rules={"client:mobile-banking": _V.MASKED}),
        "EcifRecord.birthDate": FIELD_POLICIES["Customer.birthDate"],
        "EcifRecord.gender": FIELD_POLICIES["Customer.gender"],
    }
)


def roles_that_read_personal_data() -> frozenset[Role]:
    """Roles that see or may reveal some personal field in full (``FULL`` or ``REVEAL`` on a
    ``personal`` policy). Granting one of them widens who can read personal data, so it takes a
    second administrator's approval (``backend.dual_control``). Derived from the table, so a new
    policy entry is covered without a second edit."""
    found: set[Role] = set()
    for policy in FIELD_POLICIES.values():
        if not policy.personal:
            continue
        for role in Role:
            keys = [k for k in policy.rules if k == role.value or k.endswith(f"/{role.value}")]
            visibility = max((policy.rules[k] for k in keys), default=policy.default)
            if visibility >= Visibility.REVEAL:
                found.add(role)
    return frozenset(found)


# Business data (warehouse feeds): exact amounts for the bank's own staff and auditors; province
# analysts see the bands (``AmountBand``) and the figures not at all. The blacklist flag is for
# staff who decide on credit; machine clients (a customer's own channels) never see it.
_BUSINESS_AMOUNT = FieldPolicy(mask="withhold", personal=False, default=_V.FULL, rules={"PROVINCE_ANALYST": _V.HIDDEN})
FIELD_POLICIES.update(
    {
        "BankBusiness.depositBalance": _BUSINESS_AMOUNT,
        "BankBusiness.depositAvg90d": _BUSINESS_AMOUNT,
        "BankBusiness.loanBalance": _BUSINESS_AMOUNT,
        "BankBusiness.wealthBalance": _BUSINESS_AMOUNT,
        "BankBusinessMonth.depositBalance": _BUSINESS_AMOUNT,
        "BankBusinessMonth.loanBalance": _BUSINESS_AMOUNT,
        "Customer.blacklisted": FieldPolicy(mask="withhold", personal=False, default=_V.FULL, rules={"PROVINCE_ANALYST": _V.HIDDEN}),
    }
)

# Ratings: province analysts compare grades across banks; what a customer's items were, and the
# values the card read (income, deposits), stay with the bank's staff.
_RATING_DETAIL = FieldPolicy(mask="withhold", personal=False, default=_V.FULL, rules={"PROVINCE_ANALYST": _V.HIDDEN})
FIELD_POLICIES.update({"Rating.items": _RATING_DETAIL, "Rating.reasons": _RATING_DETAIL, "Rating.recommendedQuota": _RATING_DETAIL})
