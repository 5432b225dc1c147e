"""GraphQL types of dual control (双人复核): requests a second administrator approves."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import Info

from backend.dual_control import models
from backend.dual_control.service import may_decide
from backend.dual_control import errors as dual_control_errors
from backend.orgs import errors as org_errors
from backend.rating import errors as rating_errors
from backend.rules import errors as rule_errors
from schema.common import error_codes, error_type
from schema.orgs import Role, StaffUser

PendingChangeErrorCode = error_codes(
    "PendingChangeErrorCode", dual_control_errors.ERROR_CODES, org_errors.ERROR_CODES, rule_errors.ERROR_CODES,
    rating_errors.ERROR_CODES,
    description="Why a decision on a pending change was refused, or why the approved change could not be applied "
    "(the codes of the change itself: staff users, rule sets, scorecards).",
)
PendingChangeError = error_type(
    "PendingChangeError", PendingChangeErrorCode, description="A refused decision: the field, the rule (code), the message."
)

if TYPE_CHECKING:
    from schema.rules import EvaluationRun

PendingChangeKind = strawberry.enum(models.ChangeKind, description="What the request would change.")
PendingChangeStatus = strawberry.enum(models.ChangeStatus)


@strawberry.type(
    description="A change that takes effect only when a second administrator approves it: an account or role grant "
    "that can read personal data, an integrity rule set's or a scorecard's publication."
)
class PendingChange:
    id: strawberry.ID
    kind: PendingChangeKind
    status: PendingChangeStatus
    target_type: str = strawberry.field(description="`StaffUser`, `RuleSet` or `Scorecard`.")
    target_id: strawberry.ID
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str | None = strawberry.field(description="The reason of a rejection, or the approver's note.")
    username: str | None = strawberry.field(description="Account requests: the account's username.")
    name: str | None = strawberry.field(description="Account requests: the person; rule sets and scorecards: their name.")
    roles: list[Role] = strawberry.field(description="Account requests: the roles asked for.")
    previous_roles: list[Role] = strawberry.field(description="Role grants: the roles held before.")
    rule_set_version: int | None
    rule_set_scope: str | None = strawberry.field(description="PROVINCE or BANK.")
    scorecard_version: int | None
    scorecard_scope: str | None = strawberry.field(description="PROVINCE or BANK.")
    scorecard_bank: str | None = strawberry.field(description="A bank's card: the bank's name.")
    model: strawberry.Private[models.PendingChange]

    @strawberry.field
    async def requested_by(self, info: Info) -> StaffUser | None:
        user = await info.context.loaders.staff_user.load(self.model.requested_by)
        return StaffUser.from_model(user) if user else None

    @strawberry.field
    async def decided_by(self, info: Info) -> StaffUser | None:
        if self.model.decided_by is None:
            return None
        user = await info.context.loaders.staff_user.load(self.model.decided_by)
        return StaffUser.from_model(user) if user else None

    @strawberry.field(description="Rule set publications, once approved: the re-evaluation of the affected archives.")
    async def evaluation_run(self, info: Info) -> Annotated[EvaluationRun, strawberry.lazy("schema.rules")] | None:
        if self.model.kind != models.ChangeKind.RULE_SET_PUBLISH or self.model.status != models.ChangeStatus.APPROVED:
            return None
        from resolvers.rules import run_type

        run = await info.context.loaders.rule_set_run.load(uuid.UUID(self.model.target_id))
        return run_type(run) if run else None

    @strawberry.field(description="Whether you may approve or reject it (an administrator in scope, not its requester).")
    def viewer_can_decide(self, info: Info) -> bool:
        return may_decide(info.context.viewer, self.model)

    @strawberry.field(description="Whether you requested it (and may withdraw it while pending).")
    def viewer_is_requester(self, info: Info) -> bool:
        return info.context.viewer.user_id == self.model.requested_by

    @classmethod
    def from_model(cls, m: models.PendingChange) -> PendingChange:
        d: dict[str, Any] = m.detail or {}
        return cls(
            id=strawberry.ID(str(m.id)), kind=m.kind, status=m.status, target_type=m.target_type, target_id=strawberry.ID(m.target_id),
            requested_at=m.requested_at, decided_at=m.decided_at, decision_note=m.decision_note,
            username=d.get("username"), name=d.get("name"), roles=list(d.get("roles") or []) if m.target_type == "StaffUser" else [],
            previous_roles=list(d.get("previousRoles") or []),
            **({"rule_set_version": d.get("version"), "rule_set_scope": d.get("scope")} if m.kind == models.ChangeKind.RULE_SET_PUBLISH
               else {"rule_set_version": None, "rule_set_scope": None}),
            **({"scorecard_version": d.get("version"), "scorecard_scope": d.get("scope"), "scorecard_bank": d.get("bank")}
               if m.kind == models.ChangeKind.SCORECARD_PUBLISH else {"scorecard_version": None, "scorecard_scope": None, "scorecard_bank": None}),
            model=m,
        )


@strawberry.input
class RejectPendingChangeInput:
    id: strawberry.ID
    reason: str


@strawberry.type
class PendingChangePayload:
    change: PendingChange | None = None
    errors: list[PendingChangeError] = strawberry.field(default_factory=list)
