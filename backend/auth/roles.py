"""The organization levels and the roles staff hold at them: the vocabulary of authorization.

Here, in the platform layer, so that principals, policies and every domain's guards can name
them without importing the org tree's domain (``backend.orgs`` re-exports them).
"""

from __future__ import annotations

from enum import StrEnum


class OrgLevel(StrEnum):
    PROVINCE = "PROVINCE"
    BANK = "BANK"
    BRANCH = "BRANCH"


class Role(StrEnum):
    CUSTOMER_MANAGER = "CUSTOMER_MANAGER"
    BRANCH_MANAGER = "BRANCH_MANAGER"
    BANK_APPROVER = "BANK_APPROVER"
    BANK_ADMIN = "BANK_ADMIN"
    PROVINCE_ADMIN = "PROVINCE_ADMIN"
    PROVINCE_ANALYST = "PROVINCE_ANALYST"
    AUDITOR = "AUDITOR"


# The org level each role is held at. AUDITOR may sit at a bank or at the province.
ROLE_LEVELS: dict[Role, frozenset[OrgLevel]] = {
    Role.CUSTOMER_MANAGER: frozenset({OrgLevel.BRANCH}),
    Role.BRANCH_MANAGER: frozenset({OrgLevel.BRANCH}),
    Role.BANK_APPROVER: frozenset({OrgLevel.BANK}),
    Role.BANK_ADMIN: frozenset({OrgLevel.BANK}),
    Role.PROVINCE_ADMIN: frozenset({OrgLevel.PROVINCE}),
    Role.PROVINCE_ANALYST: frozenset({OrgLevel.PROVINCE}),
    Role.AUDITOR: frozenset({OrgLevel.BANK, OrgLevel.PROVINCE}),
}
