"""GraphQL types of customer archives. Personal fields go through the field policy."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from inspect import isawaitable
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Annotated, Any, NewType

import strawberry
from strawberry import Info

from backend.auth.contexts import (
    ADDRESS_CONTEXT,
    ALT_PHONE_CONTEXT,
    ID_CONTEXT,
    MOBILE_CONTEXT,
)
from backend.customers import models, repository, service, validation
from backend.customers.service import ExtraFieldSpec, profile_secret
from backend.customers import errors as customer_errors
from schema.common import NOT_HELD, error_codes, error_type, from_attributes, held, loaded
from schema.common import columns_read as common_columns_read
from schema.execution import context_only
from schema.inputs import Refused
from schema.orgs import OrgUnit, StaffUser

MANAGER, BRANCH = 1, 2  # a ``Listed`` row's manager and branch (``Loaders.brought_person``)

ArchiveErrorCode = error_codes(
    "ArchiveErrorCode", customer_errors.ERROR_CODES,
    description="Why an archive, its lifecycle step, a transfer or an extra-field definition was refused.",
)
ArchiveError = error_type("ArchiveError", ArchiveErrorCode, description="A refused archive input: the field, the rule (code), the message.")
ArchiveWarningCode = error_codes(
    "ArchiveWarningCode", customer_errors.WARNING_CODES, common=False,
    description="Why a saved archive may be a duplicate of another of the bank's archives.",
)

if TYPE_CHECKING:
    from schema.auth import RevealableField
    from schema.images import CustomerImage
    from schema.business import BankBusiness
    from schema.rules import ArchiveEvaluation, RuleViolation
    from schema.rating import Rating, RatingHistoryEntry

# Resolvers hold integer fen (as Money(str(fen))); clients send and receive yuan strings.
Money = NewType("Money", str)


def _parse_money(value: Any) -> str | Refused:
    """A yuan string; a JSON number (float or integer) is refused, never rounded or guessed.
    The amount itself is checked by the archive validation (``validation._money``)."""
    if isinstance(value, str):
        return value
    return Refused("INVALID_MONEY", "金额须以元为单位的字符串传入，如\"1234.50\"", "money must be a yuan string such as \"1234.50\"")


MONEY_SCALAR = strawberry.scalar(
    name="Money",
    description="An exact amount of yuan as a decimal string, e.g. \"1234.50\" (stored as integer fen).",
    serialize=lambda fen: f"{Decimal(int(fen)) / 100:.2f}",
    parse_value=_parse_money,
)

ArchiveStatus = strawberry.enum(models.ArchiveStatus)
Channel = strawberry.enum(models.Channel)
ExtraFieldKind = strawberry.enum(models.ExtraFieldKind)
Education = strawberry.enum(validation.Education)
MaritalStatus = strawberry.enum(validation.MaritalStatus)
Health = strawberry.enum(validation.Health)
Relation = strawberry.enum(validation.Relation)
LabourCapacity = strawberry.enum(validation.LabourCapacity)
AssetKind = strawberry.enum(validation.AssetKind)
LivestockKind = strawberry.enum(validation.LivestockKind)
VillageRating = strawberry.enum(validation.VillageRating)
ArchiveOrder = strawberry.enum(
    repository.ArchiveOrder,
    description="The order of the archive list: the name in pinyin order (拼音: 阿明, 李四, 王五, 张三), or the last change.",
)


def _blacklisted(aggregate: Any) -> bool:
    return bool(aggregate.blacklisted)


def _plain(info: Info, blob: bytes | None, context: str) -> str | None:
    # Only reached when the field policy shows the value (HIDDEN short-circuits before this).
    return info.context.services.cipher.decrypt(blob, context=context) if blob else None


@strawberry.type
class Address:
    region_code: str | None
    region_name: str | None
    township_code: str | None
    village_code: str | None
    line_encrypted: strawberry.Private[bytes | None]

    @strawberry.field(description="Street and house number; follows the field policy.")
    def line(self, info: Info) -> str | None:
        return _plain(info, self.line_encrypted, ADDRESS_CONTEXT)


@strawberry.type
class FamilyMember:
    relation: Relation
    name: str | None = strawberry.field(description="Null when the field policy hides it.")
    occupation: str | None
    annual_income: Money
    labour_capacity: LabourCapacity
    id_number_masked: strawberry.Private[str | None]

    @strawberry.field(description="Always masked (6+4); reveal the customer's own ID through `reveal`.")
    def id_number(self) -> str | None:
        return self.id_number_masked


@strawberry.type
class Household:
    size: int
    is_head: bool
    profile: strawberry.Private[dict[str, Any]]

    @strawberry.field(description="Household register number (户口簿编号); encrypted at rest, follows the field policy.")
    def register_no(self, info: Info) -> str | None:
        return profile_secret(info.context.services.cipher, self.profile, "household", "register_no")


@strawberry.type
class Land:
    contracted_mu: Decimal
    rented_mu: Decimal
    crops: list[str]


@strawberry.type
class Livestock:
    kind: LivestockKind
    count: int
    value: Money


@strawberry.type
class Asset:
    kind: AssetKind
    description: str | None
    value: Money


@strawberry.type
class Income:
    farming: Money
    business: Money
    wages: Money
    other: Money

    @strawberry.field
    def total(self) -> Money:
        return Money(str(int(self.farming) + int(self.business) + int(self.wages) + int(self.other)))


@strawberry.type
class Liability:
    lender: str
    amount: Money
    overdue: bool
    overdue_amount: Money


@strawberry.type
class Business:
    name: str
    industry: str | None
    credit_code: str | None
    licence_no: str | None
    annual_turnover: Money
    employees: int


@strawberry.type
class Social:
    village_credit_rating: VillageRating | None
    profile: strawberry.Private[dict[str, Any]]

    @strawberry.field(description="Free-text remarks; encrypted at rest, follow the field policy.")
    def remarks(self, info: Info) -> str | None:
        return profile_secret(info.context.services.cipher, self.profile, "social", "remarks")


@strawberry.type
class Consent:
    wording_version: str
    consented_at: dt.datetime
    channel: str
    form_image_ref: str | None
    share_with_federation: bool = strawberry.field(
        description="The customer agreed that other member banks may prefill from ECIF what this bank registered."
    )


@strawberry.type
class ExtraFieldDefinition:
    code: str
    label_zh: str
    label_en: str
    kind: ExtraFieldKind
    required: bool
    choices: list[str] | None
    min_value: str | None
    max_value: str | None
    pattern: str | None
    max_length: int | None
    position: int
    active: bool = strawberry.field(default=True, description="False: retired; no longer on the form or in the import template (values kept).")

    @classmethod
    def from_model(cls, d: models.ExtraFieldDefinition) -> ExtraFieldDefinition:
        return from_attributes(cls, d)


@strawberry.interface(description="A bank-specific field value; the concrete type says its kind.")
class ExtraFieldValue:
    code: str
    definition: ExtraFieldDefinition | None


@strawberry.type
class TextFieldValue(ExtraFieldValue):
    text: str


@strawberry.type
class NumberFieldValue(ExtraFieldValue):
    number: Decimal


@strawberry.type
class DateFieldValue(ExtraFieldValue):
    date: dt.date


@strawberry.type
class ChoiceFieldValue(ExtraFieldValue):
    choice: str


@strawberry.type
class BooleanFieldValue(ExtraFieldValue):
    flag: bool


def extra_value(code: str, value: Any, definition: models.ExtraFieldDefinition | None) -> ExtraFieldValue:
    d = ExtraFieldDefinition.from_model(definition) if definition else None
    kind = definition.kind if definition else None
    if kind == models.ExtraFieldKind.NUMBER:
        return NumberFieldValue(code=code, definition=d, number=Decimal(str(value)))
    if kind == models.ExtraFieldKind.DATE:
        return DateFieldValue(code=code, definition=d, date=dt.date.fromisoformat(value))
    if kind == models.ExtraFieldKind.CHOICE:
        return ChoiceFieldValue(code=code, definition=d, choice=str(value))
    if kind == models.ExtraFieldKind.BOOLEAN or isinstance(value, bool):
        return BooleanFieldValue(code=code, definition=d, flag=bool(value))
    return TextFieldValue(code=code, definition=d, text=str(value))


# The core's ArchiveActions field for field (a flag per action), so the two cannot drift apart.
ArchiveActions = strawberry.type(
    type("ArchiveActions", (), {"__annotations__": {f.name: bool for f in dataclasses.fields(service.ArchiveActions)}, "__module__": __name__}),
    description="What the caller may do with an archive now.",
)


@strawberry.type(description="What verifying an archive takes, for the caller.")
class ArchiveVerification:
    can_verify: bool = strawberry.field(description="No blocker and no open ERROR: `verifyArchive` will pass.")
    blockers: list[ArchiveError] = strawberry.field(
        description="Why you may not verify it at all: not submitted, you collected it, you changed it after submission."
    )
    needs_override: bool = strawberry.field(description="Open ERROR violations: verifying needs `overrideReason`.")
    override_allowed: bool = strawberry.field(description="Every open ERROR is of an overridable rule.")
    batch_allowed: bool = strawberry.field(description="No open violation at all: `verifyArchives` may include it.")
    violations: list[Annotated[RuleViolation, strawberry.lazy("schema.rules")]]


@strawberry.type
class ArchiveChange:
    version: int
    action: str
    channel: str
    changed_at: dt.datetime
    changed_by_id: strawberry.Private[int | None]
    changed_by_client: str | None
    stored_diff: strawberry.Private[dict[str, Any]]
    note: str | None
    bank_id: strawberry.Private[int] = 0

    @strawberry.field(
        description="{\"field.path\": [before, after]}; personal values are shown as their field is shown to you "
        "(names, register number and remarks full, masked or null; ID numbers and phones always masked)."
    )
    def diff(self, info: Info) -> strawberry.scalars.JSON:
        from backend.customers.history import shown

        return shown(info.context.services.cipher, self.stored_diff, info.context.principal)

    @strawberry.field
    async def changed_by(self, info: Info) -> StaffUser | None:
        if self.changed_by_id is None:
            return None
        user = await info.context.loaders.staff_user.load(self.changed_by_id)
        return StaffUser.from_model(user) if user else None

    @strawberry.field(
        description="The diff as one labelled entry per changed field, in the order of the form: money in yuan, "
        "enum values for the client to label (`enumType`), staff and units by name; personal values under the same "
        "field policy as `diff` (withheld ones null with `withheld`)."
    )
    async def changes(self, info: Info) -> list[ArchiveFieldChange]:
        from backend.customers.history import entries

        definitions = await info.context.loaders.extra_fields.load(self.bank_id) if any(
            p.startswith("extraFields.") for p in self.stored_diff
        ) else {}
        extra = {code: (d.label_zh, d.label_en, str(getattr(d.kind, "value", d.kind))) for code, d in definitions.items()}
        out: list[ArchiveFieldChange] = []
        for e in entries(info.context.services.cipher, self.stored_diff, info.context.principal, extra):
            before, after = e.before, e.after
            if e.kind in ("STAFF", "UNIT"):
                before, after = [await _named(info, e.kind, v) for v in (before, after)]
            out.append(ArchiveFieldChange(
                path=e.path, label=e.label, label_en=e.label_en, kind=e.kind, enum_type=e.enum, before=before, after=after,
                withheld=e.withheld,
            ))
        return out


async def _named(info: Info, kind: str, value: str | None) -> str | None:
    """A staff member's or a unit's name for the id a transfer recorded (the id when it is gone)."""
    if value is None or not value.isdigit():
        return value
    loader = info.context.loaders.staff_user if kind == "STAFF" else info.context.loaders.org_unit
    row = await loader.load(int(value))
    return row.name if row is not None else value


@strawberry.type(description="One changed field of an archive change, labelled.")
class ArchiveFieldChange:
    path: str = strawberry.field(description="The input path, e.g. `income.farming` or `familyMembers[0].name`.")
    label: str = strawberry.field(description="The field's Chinese label (list items numbered: 家庭成员1 · 姓名).")
    label_en: str
    kind: str = strawberry.field(
        description="How the values read: TEXT, MONEY (yuan, two decimals), ENUM (values of `enumType`), BOOLEAN "
        "(true/false), DATE, NUMBER, AREA (mu), LIST (joined with 、), STAFF and UNIT (names)."
    )
    enum_type: str | None = strawberry.field(description="For ENUM: the schema enum whose labels the values take.")
    before: str | None
    after: str | None
    withheld: bool = strawberry.field(description="A value exists but the field policy does not let you see it.")


@strawberry.type
class Assignment:
    assigned_at: dt.datetime
    from_manager_id: strawberry.ID | None
    to_manager_id: strawberry.ID | None
    from_branch_id: strawberry.ID | None
    to_branch_id: strawberry.ID
    reason: str | None


@strawberry.type(description="A customer archive (客户档案). Personal fields follow the field policy.")
class Customer:
    id: strawberry.ID
    version: int
    status: ArchiveStatus
    channel: Channel
    name: str | None = strawberry.field(description="Null when the field policy hides it.")
    gender: str | None = strawberry.field(
        description="From the ID number; follows its policy (shown where the ID number is masked: the mask shows it)."
    )
    birth_date: dt.date | None = strawberry.field(
        description="From the ID number; follows its policy: null where the ID number is masked (the 6+4 mask hides "
        "exactly the birth date). `reveal` the ID number to see it."
    )
    id_expiry: dt.date | None
    id_long_term: bool
    ethnicity: str | None
    education: Education | None
    marital_status: MaritalStatus | None
    health: Health | None
    return_reasons: list[str] | None
    submitted_at: dt.datetime | None
    verified_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    ecif_customer_no: str | None
    model: strawberry.Private[models.Customer]

    # The nested sections are built from the JSONB document only when asked for: a search page
    # of twenty rows never pays for them.
    @strawberry.field
    def household(self) -> Household:
        hh = self.model.profile.get("household") or {}
        return Household(size=hh.get("size", 1), is_head=hh.get("is_head", True), profile=self.model.profile)

    @strawberry.field
    def family_members(self) -> list[FamilyMember]:
        return [
            FamilyMember(
                relation=f["relation"], name=f["name"], occupation=f.get("occupation"),
                annual_income=Money(str(f.get("annual_income", 0))), labour_capacity=f.get("labour_capacity", "FULL"),
                id_number_masked=f.get("id_number_masked"),
            )
            for f in self.model.profile.get("family_members", [])
        ]

    @strawberry.field
    def land(self) -> Land:
        land = self.model.profile.get("land") or {}
        return Land(contracted_mu=Decimal(land.get("contracted_mu", "0")), rented_mu=Decimal(land.get("rented_mu", "0")), crops=land.get("crops", []))

    @strawberry.field
    def livestock(self) -> list[Livestock]:
        return [Livestock(kind=x["kind"], count=x["count"], value=Money(str(x.get("value", 0)))) for x in self.model.profile.get("livestock", [])]

    @strawberry.field
    def assets(self) -> list[Asset]:
        return [Asset(kind=x["kind"], description=x.get("description"), value=Money(str(x.get("value", 0)))) for x in self.model.profile.get("assets", [])]

    @strawberry.field
    def income(self) -> Income:
        inc = self.model.profile.get("income") or {}
        return Income(**{k: Money(str(inc.get(k, 0))) for k in ("farming", "business", "wages", "other")})

    @strawberry.field
    def liabilities(self) -> list[Liability]:
        return [
            Liability(lender=x["lender"], amount=Money(str(x.get("amount", 0))), overdue=x.get("overdue", False), overdue_amount=Money(str(x.get("overdue_amount", 0))))
            for x in self.model.profile.get("liabilities", [])
        ]

    @strawberry.field
    def business(self) -> Business | None:
        biz = self.model.profile.get("business")
        if not biz:
            return None
        return Business(
            name=biz["name"], industry=biz.get("industry"), credit_code=biz.get("credit_code"), licence_no=biz.get("licence_no"),
            annual_turnover=Money(str(biz.get("annual_turnover", 0))), employees=biz.get("employees", 0),
        )

    @strawberry.field
    def social(self) -> Social:
        soc = self.model.profile.get("social") or {}
        return Social(village_credit_rating=soc.get("village_credit_rating"), profile=self.model.profile)

    @strawberry.field(description="The customer's authorization for collection and credit inquiry (PIPL).")
    def consent(self) -> Consent | None:
        c = self.model.consent
        if not c:
            return None
        return Consent(
            wording_version=c["wording_version"], consented_at=dt.datetime.fromisoformat(c["consented_at"]),
            channel=c["channel"], form_image_ref=c.get("form_image_ref"), share_with_federation=bool(c.get("share_with_federation")),
        )

    @strawberry.field(description="Resident ID number: full, masked (6+4) or null per the field policy.")
    @context_only
    def id_number(self, info: Info) -> str | None:
        return _plain(info, self.model.id_number_encrypted, ID_CONTEXT)

    @strawberry.field(description="Mobile number per the field policy.")
    @context_only
    def mobile(self, info: Info) -> str | None:
        return _plain(info, self.model.mobile_encrypted, MOBILE_CONTEXT)

    @strawberry.field(description="Alternative phone per the field policy.")
    @context_only
    def alt_phone(self, info: Info) -> str | None:
        return _plain(info, self.model.alt_phone_encrypted, ALT_PHONE_CONTEXT)

    @strawberry.field
    def address(self) -> Address:
        m = self.model
        from backend.identifiers import current_regions

        region = current_regions().get(m.region_code or "")
        return Address(
            region_code=m.region_code, region_name=region.name if region else None, township_code=m.township_code,
            village_code=m.village_code, line_encrypted=m.address_encrypted,
        )

    @strawberry.field
    @context_only
    def branch(self, info: Info) -> OrgUnit | None:
        # At once when the archive's statement brought it (a list page, a detail), else awaited.
        loaders = info.context.loaders
        found = loaders.brought_person(self.model, BRANCH, OrgUnit.from_listed)
        return loaded(loaders.org_unit, self.model.branch_id, OrgUnit.from_model) if found is NOT_HELD else found

    @strawberry.field(description="Photos of this archive, in capture order; deleted ones only with includeDeleted.")
    async def images(self, info: Info, include_deleted: bool = False) -> list[Annotated[CustomerImage, strawberry.lazy("schema.images")]]:
        from schema.images import CustomerImage

        rows = await info.context.loaders.customer_images.load((self.model.bank_id, self.model.id))
        return [CustomerImage.from_model(r) for r in rows if include_deleted or r.deleted_at is None]

    @strawberry.field(description="The responsible customer manager.")
    @context_only
    def manager(self, info: Info) -> StaffUser | None:
        if self.model.manager_id is None:
            return None
        loaders = info.context.loaders
        found = loaders.brought_person(self.model, MANAGER, StaffUser.from_listed)
        return loaded(loaders.staff_user, self.model.manager_id, StaffUser.from_model) if found is NOT_HELD else found

    @strawberry.field
    async def extra_fields(self, info: Info) -> list[ExtraFieldValue]:
        definitions = await info.context.loaders.extra_fields.load(self.model.bank_id)
        return [extra_value(code, value, definitions.get(code)) for code, value in sorted((self.model.extra or {}).items())]

    @strawberry.field(description="The customer's business with the bank from the warehouse feeds (docs/business-data.md); "
                      "null until a feed matched the archive.")
    async def bank_business(self, info: Info) -> Annotated[BankBusiness, strawberry.lazy("schema.business")] | None:
        from schema.business import BankBusiness as Summary

        row = await info.context.loaders.business.load((self.model.bank_id, self.model.id))
        return Summary.from_model(row) if row else None

    @strawberry.field(description="On the risk-monitoring system's blacklist as of the last feed (field policy: staff who "
                      "decide on credit; never a customer's own channels).")
    def blacklisted(self, info: Info) -> bool | None:  # not @context_only: a leaf's value may be awaited (below)
        # At once when the page brought it (the list primes the loader); no aggregate: not blacklisted.
        return loaded(info.context.loaders.business, (self.model.bank_id, self.model.id), _blacklisted, missing=False)

    @strawberry.field(description="The customer's credit rating with the card in force, explained (docs/rating.md); null "
                      "until rated.")
    async def rating(self, info: Info) -> Annotated[Rating, strawberry.lazy("schema.rating")] | None:
        from schema.rating import rating_of

        return await rating_of(info, self.model.bank_id, self.model.id)

    @strawberry.field(description="The customer's rating per quarter (the quarterly batch), newest first.")
    async def rating_history(self, info: Info) -> list[Annotated[RatingHistoryEntry, strawberry.lazy("schema.rating")]]:
        from schema.rating import RatingHistoryEntry as Entry

        rows = await info.context.loaders.rating_history.load((self.model.bank_id, self.model.id))
        return [Entry(quarter=r.quarter, score=r.score, grade=r.grade, rated_at=r.rated_at) for r in rows]

    @strawberry.field(description="The latest integrity-rule evaluation: violations, completeness, precise filing.")
    @context_only
    def evaluation(self, info: Info) -> Annotated[ArchiveEvaluation, strawberry.lazy("schema.rules")] | None:
        from schema.rules import ArchiveEvaluation as EvaluationType

        loaders = info.context.loaders
        key = (self.model.bank_id, self.model.id)
        # At once when the page brought both (the list primes the loaders), else awaited.
        row, messages = held(loaders.evaluation, key), held(loaders.rule_messages, key[0])
        if row is not NOT_HELD and messages is not NOT_HELD:
            return None if row is None else EvaluationType.from_row(row, messages)

        async def later() -> EvaluationType | None:
            row = await loaders.evaluation.load(key)
            return None if row is None else EvaluationType.from_row(row, await loaders.rule_messages.load(key[0]))

        return later()

    @strawberry.field(
        description="What verifying this archive takes, for the caller: blockers (four eyes), the open violations, "
        "whether an override with a reason would be accepted, whether batch verification may include it."
    )
    async def verification(self, info: Info) -> ArchiveVerification:
        from backend.customers.service import verification
        from schema.rules import violation

        ctx = info.context
        key = (self.model.bank_id, self.model.id)
        row = await ctx.loaders.evaluation.load(key)
        stored = row.violations if row is not None else []
        messages = await ctx.loaders.rule_messages.load(self.model.bank_id)
        edited = await ctx.loaders.edited_since_submission.load(key) if self.model.status == models.ArchiveStatus.SUBMITTED else False
        check = verification(
            ctx.viewer, self.model, stored, edited_since_submission=edited, overridable={code: m[2] for code, m in messages.items()}
        )
        return ArchiveVerification(
            can_verify=check.can_verify, blockers=[ArchiveError.from_domain(e) for e in check.blockers],
            needs_override=check.needs_override, override_allowed=check.override_allowed, batch_allowed=check.batch_allowed,
            violations=[violation(v, messages) for v in stored],
        )

    @strawberry.field(description="What you may do with this archive now (permissions and status); see `verification` for four eyes.")
    @context_only
    def viewer_can(self, info: Info) -> ArchiveActions:
        return ArchiveActions(**vars(service.archive_actions(info.context.viewer, self.model)))

    @strawberry.field(description="The protected fields of this archive you may reveal (`reveal` with this archive's id).")
    @context_only
    def revealable(self, info: Info) -> list[Annotated[RevealableField, strawberry.lazy("schema.auth")]]:
        from backend.auth.reveal import revealable_fields
        from schema.auth import RevealableField

        pairs = revealable_fields(info.context.viewer, ("Customer", "Address", "Household", "Social", "FamilyMember"))
        return [RevealableField(type=t, field=f) for t, f in pairs]

    @strawberry.field(description="Field-level change history, newest first.")
    async def history(self, info: Info) -> list[ArchiveChange]:
        rows = await info.context.loaders.customer_history.load((self.model.bank_id, self.model.id))
        return [
            ArchiveChange(
                version=r.version, action=r.action, channel=r.channel, changed_at=r.changed_at, changed_by_id=r.changed_by,
                changed_by_client=r.changed_by_client, stored_diff=r.diff, note=r.note, bank_id=r.bank_id,
            )
            for r in rows
        ]

    @strawberry.field(description="Transfers between managers and branches, newest first.")
    async def assignments(self, info: Info) -> list[Assignment]:
        rows = await info.context.loaders.customer_assignments.load((self.model.bank_id, self.model.id))
        return [
            Assignment(
                assigned_at=r.assigned_at,
                from_manager_id=strawberry.ID(str(r.from_manager_id)) if r.from_manager_id else None,
                to_manager_id=strawberry.ID(str(r.to_manager_id)) if r.to_manager_id else None,
                from_branch_id=strawberry.ID(str(r.from_branch_id)) if r.from_branch_id else None,
                to_branch_id=strawberry.ID(str(r.to_branch_id)),
                reason=r.reason,
            )
            for r in rows
        ]

    @classmethod
    def from_model(cls, m: models.Customer) -> Customer:
        """The archive ``m``: a mapped archive, or a list page's row (``ListedRow``), which may
        carry only the columns its asked fields read (``columns_read``); a field not asked of it
        is never resolved, so a column it lacks is None here."""
        return cls(
            id=strawberry.ID(str(m.id)), version=getattr(m, "version", None), status=getattr(m, "status", None),  # type: ignore[arg-type]
            channel=getattr(m, "channel", None), name=getattr(m, "name", None), gender=getattr(m, "gender", None),  # type: ignore[arg-type]
            birth_date=getattr(m, "birth_date", None), id_expiry=getattr(m, "id_expiry", None),
            id_long_term=getattr(m, "id_long_term", None), ethnicity=getattr(m, "ethnicity", None),  # type: ignore[arg-type]
            education=getattr(m, "education", None), marital_status=getattr(m, "marital_status", None),
            health=getattr(m, "health", None), return_reasons=getattr(m, "return_reasons", None),
            submitted_at=getattr(m, "submitted_at", None), verified_at=getattr(m, "verified_at", None),
            created_at=getattr(m, "created_at", None), updated_at=getattr(m, "updated_at", None),  # type: ignore[arg-type]
            ecif_customer_no=getattr(m, "ecif_customer_no", None), model=m,
        )


_KEYS = frozenset({"bank_id", "id"})
_EVERY_COLUMN_BUT_DOCUMENTS = frozenset(c.key for c in models.Customer.__table__.columns) - {"profile", "extra", "consent"}
# The archive's columns each field of ``Customer`` reads, for the fields a list page's rows may
# answer from some of them (``CustomerRepository.search(columns=...)``). A page asks its rows for
# a few fields; reading all forty columns for them (three timestamps, two blind indexes, the
# address...) cost a search page a tenth of its API's CPU in asyncpg's decoding and the rows'
# building. A field missing here (a section of the profile, the verification, one added later)
# makes its page read every column: ``columns_read``. A test asks each of these fields alone of
# a page and compares it with the same page read whole (tests/customers/test_search_columns.py).
COLUMNS_READ: dict[str, frozenset[str]] = {
    "__typename": frozenset(),
    "id": frozenset({"id"}),
    **{field: frozenset({column}) for field, column in (
        ("version", "version"), ("status", "status"), ("channel", "channel"), ("name", "name"), ("gender", "gender"),
        ("birthDate", "birth_date"), ("idExpiry", "id_expiry"), ("idLongTerm", "id_long_term"), ("ethnicity", "ethnicity"),
        ("education", "education"), ("maritalStatus", "marital_status"), ("health", "health"),
        ("returnReasons", "return_reasons"), ("submittedAt", "submitted_at"), ("verifiedAt", "verified_at"),
        ("createdAt", "created_at"), ("updatedAt", "updated_at"), ("ecifCustomerNo", "ecif_customer_no"),
        ("idNumber", "id_number_encrypted"), ("mobile", "mobile_encrypted"), ("altPhone", "alt_phone_encrypted"),
        ("branch", "branch_id"), ("manager", "manager_id"),
    )},
    "address": frozenset({"region_code", "township_code", "village_code", "address_encrypted"}),
    "extraFields": _KEYS | {"extra"},
    **dict.fromkeys(("images", "bankBusiness", "blacklisted", "rating", "ratingHistory", "evaluation", "history", "assignments"), _KEYS),
    "revealable": frozenset(),
    # What the caller may do with the archive (``service.archive_actions``) reads its state, not its documents.
    "viewerCan": _EVERY_COLUMN_BUT_DOCUMENTS,
}  # fmt: skip


def columns_read(fields: Iterable[str]) -> frozenset[str] | None:
    """The archive's columns that the ``fields`` asked of a list page's rows read (``COLUMNS_READ``);
    None (every column) when one of them is not listed there."""
    return common_columns_read(COLUMNS_READ, fields)


# -- inputs -----------------------------------------------------------------------------------
@strawberry.input
class AddressInput:
    region_code: str | None = None
    township_code: str | None = None
    village_code: str | None = None
    line: str | None = None


@strawberry.input
class HouseholdInput:
    size: int = 1
    register_no: str | None = None
    is_head: bool = True


@strawberry.input
class FamilyMemberInput:
    relation: Relation
    name: str
    id_number: str | None = None
    occupation: str | None = None
    annual_income: Money | None = None
    labour_capacity: LabourCapacity = LabourCapacity.FULL


@strawberry.input
class LandInput:
    contracted_mu: str | None = None
    rented_mu: str | None = None
    crops: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class LivestockInput:
    kind: LivestockKind
    count: int
    value: Money | None = None


@strawberry.input
class AssetInput:
    kind: AssetKind
    description: str | None = None
    value: Money | None = None


@strawberry.input
class IncomeInput:
    farming: Money | None = None
    business: Money | None = None
    wages: Money | None = None
    other: Money | None = None


@strawberry.input
class LiabilityInput:
    lender: str
    amount: Money | None = None
    overdue: bool = False
    overdue_amount: Money | None = None


@strawberry.input
class BusinessInput:
    name: str
    industry: str | None = None
    credit_code: str | None = None
    licence_no: str | None = None
    annual_turnover: Money | None = None
    employees: int = 0


@strawberry.input
class SocialInput:
    village_credit_rating: VillageRating | None = None
    remarks: str | None = None


@strawberry.input
class ConsentInput:
    wording_version: str
    consented_at: dt.datetime
    channel: str = strawberry.field(description="PC, PAD, SELF_SERVICE or PAPER")
    form_image_ref: str | None = None
    share_with_federation: bool = strawberry.field(
        default=False,
        description="客户同意省联社其他成员行查询其基本信息: other member banks may prefill name, gender, birth date, "
        "ethnicity, region, mobile and address from ECIF. Without it they see only that ECIF knows the person.",
    )


@strawberry.input(description="A bank extra field value, as text; it is parsed by the field's kind.")
class ExtraFieldInput:
    code: str
    value: str | None = None


@strawberry.input(description="The whole archive as the collector sees it (derived fields are the server's).")
class ArchiveInput:
    name: str
    id_number: str
    id_expiry: dt.date | None = None
    id_long_term: bool = False
    ethnicity: str | None = None
    education: Education | None = None
    marital_status: MaritalStatus | None = None
    health: Health | None = None
    mobile: str | None = None
    alt_phone: str | None = None
    address: AddressInput | None = None
    household: HouseholdInput | None = None
    family_members: list[FamilyMemberInput] = strawberry.field(default_factory=list)
    land: LandInput | None = None
    livestock: list[LivestockInput] = strawberry.field(default_factory=list)
    assets: list[AssetInput] = strawberry.field(default_factory=list)
    income: IncomeInput | None = None
    liabilities: list[LiabilityInput] = strawberry.field(default_factory=list)
    business: BusinessInput | None = None
    social: SocialInput | None = None


@strawberry.input
class CreateArchiveInput:
    archive: ArchiveInput
    id: strawberry.ID | None = strawberry.field(default=None, description="Client-generated UUID (offline PAD drafts).")
    branch_id: strawberry.ID | None = None
    manager_id: strawberry.ID | None = None
    channel: Channel | None = None
    consent: ConsentInput | None = None
    extra_fields: list[ExtraFieldInput] | None = None


@strawberry.input
class UpdateArchiveInput:
    id: strawberry.ID
    version: int = strawberry.field(description="The version this edit is based on.")
    archive: ArchiveInput
    channel: Channel | None = None
    consent: ConsentInput | None = None
    extra_fields: list[ExtraFieldInput] | None = None


@strawberry.input
class ArchiveTransitionInput:
    id: strawberry.ID
    version: int
    reasons: list[str] | None = strawberry.field(default=None, description="Why it goes back (return).")
    reason: str | None = strawberry.field(default=None, description="Why it is closed (close).")
    manager_id: strawberry.ID | None = strawberry.field(default=None, description="Responsible manager (verify).")
    override_reason: str | None = strawberry.field(
        default=None,
        description="Verify despite open ERROR violations of overridable rules: why (10-500 characters; audited).",
    )


@strawberry.input
class VerifyItemInput:
    id: strawberry.ID
    version: int


@strawberry.input
class VerifyArchivesInput:
    items: list[VerifyItemInput] = strawberry.field(description="1-100 archives from the review inbox.")


@strawberry.input
class TransferArchivesInput:
    customer_ids: list[strawberry.ID]
    to_manager_id: strawberry.ID
    reason: str | None = None


@strawberry.input
class TransferManagerArchivesInput:
    from_manager_id: strawberry.ID
    to_manager_id: strawberry.ID
    reason: str | None = None


@strawberry.input
class CustomerFilter:
    name_prefix: str | None = None
    id_number: str | None = strawberry.field(default=None, description="Exact, through the blind index.")
    mobile: str | None = strawberry.field(default=None, description="Exact, through the blind index.")
    region_code: str | None = None
    village_code: str | None = None
    org_unit_id: strawberry.ID | None = strawberry.field(default=None, description="A bank or branch in your scope.")
    manager_id: strawberry.ID | None = None
    statuses: list[ArchiveStatus] | None = None
    channels: list[Channel] | None = None
    updated_from: dt.datetime | None = None
    updated_to: dt.datetime | None = None


@strawberry.input
class ExtraFieldDefinitionInput(ExtraFieldSpec):
    """The service's ``ExtraFieldSpec``, as the input of ``defineExtraField`` (one declaration)."""


# -- payloads ---------------------------------------------------------------------------------
@strawberry.type
class ExtraFieldDefinitionPayload:
    definition: ExtraFieldDefinition | None = None
    errors: list[ArchiveError] = strawberry.field(default_factory=list)


@strawberry.type
class ArchiveWarning:
    code: ArchiveWarningCode
    message: str
    message_en: str
    related_ids: list[strawberry.ID]


@strawberry.type(description="The edit was based on an old version: here is the server's copy to compare.")
class VersionConflict:
    server_version: int
    current: Customer


@strawberry.type
class _SavedArchive:
    customer: Customer | None = None
    errors: list[ArchiveError] = strawberry.field(default_factory=list)

    @strawberry.field(description="The integrity-rule violations of the saved archive (same as customer.evaluation).")
    async def violations(self, info: Info) -> list[Annotated[RuleViolation, strawberry.lazy("schema.rules")]]:
        if self.customer is None:
            return []
        evaluation = self.customer.evaluation(info)  # at once when the payload's loaders hold it
        if isawaitable(evaluation):
            evaluation = await evaluation
        return evaluation.violations if evaluation else []


@strawberry.type(description="createArchive / updateArchive: the saved archive, or why not.")
class ArchivePayload(_SavedArchive):
    warnings: list[ArchiveWarning] = strawberry.field(default_factory=list)
    conflict: VersionConflict | None = None
    duplicate_of: strawberry.ID | None = strawberry.field(
        default=None, description="The existing archive with the same ID number, when you may see it."
    )


@strawberry.type(
    description="submitArchive / returnArchive / closeArchive: the archive after the step, or why not. An edit based on "
    "an old version answers with the server's copy (`conflict`), to submit that version after a look."
)
class ArchiveTransitionPayload(_SavedArchive):
    conflict: VersionConflict | None = None


@strawberry.type(
    description="verifyArchive: the verified archive, or why not. A stale `version` is the error VERSION_CONFLICT: "
    "the reviewer verifies what they have read, so the new copy is not handed over here; read it again."
)
class VerifyArchivePayload(_SavedArchive):
    pass


@strawberry.type
class VerifyFailure:
    id: strawberry.ID
    errors: list[ArchiveError]


@strawberry.type(description="Batch verification: each archive verified on its own; those with violations are reported.")
class VerifyArchivesPayload:
    verified: list[Customer] = strawberry.field(default_factory=list)
    failed: list[VerifyFailure] = strawberry.field(default_factory=list)
    errors: list[ArchiveError] = strawberry.field(default_factory=list)


@strawberry.type(description="Archives waiting for your verification (待审核), oldest submission first.")
class ReviewInbox:
    total_count: int = strawberry.field(description="Exact number of archives waiting in your scope.")
    edges: list[CustomerEdge]
    page_info: CustomerPageInfo


@strawberry.type
class TransferPayload:
    moved: int = 0
    errors: list[ArchiveError] = strawberry.field(default_factory=list)


@strawberry.type(description="An administrative region (GB/T 2260) or a bank-maintained township/village.")
class Region:
    code: str
    name: str
    level: str
    has_children: bool


COUNT_CAP = 10_000  # a list counts its archives exactly up to this many


@strawberry.type
class CustomerSearchResult:
    edges: list[CustomerEdge]
    page_info: CustomerPageInfo
    estimated_total: int = strawberry.field(description="The planner's estimate of all archives (not an exact count).")
    counter: strawberry.Private[Callable[[int], Awaitable[int]] | None] = None

    @strawberry.field(
        description="The archives this search finds, within your scope and filter: exact up to 10,000; 10,001 means "
        "more than 10,000. Counted only when asked (a second statement); none where the list cannot count."
    )
    async def total_count(self) -> int | None:
        return await self.counter(COUNT_CAP) if self.counter is not None else None


@strawberry.type
class CustomerEdge:
    node: Customer
    position: strawberry.Private[Callable[[], str]]

    @strawberry.field(description="This archive's place in the list, for `after`.")
    def cursor(self) -> str:
        # Sealed only when asked (a page of twenty sealed cursors nobody reads cost a search ~2 %
        # of its time): lists usually read `pageInfo.endCursor` alone.
        return self.position()


@strawberry.type
class CustomerPageInfo:
    has_next_page: bool
    last: strawberry.Private[CustomerEdge | None] = None

    @strawberry.field
    def end_cursor(self) -> str | None:
        # Sealed only when asked, as an edge's cursor is (an encryption: 3 % of a search that
        # does not page).
        return self.last.position() if self.last is not None else None

    @classmethod
    def of(cls, edges: list[Any], has_next_page: bool) -> CustomerPageInfo:
        """The page info of ``edges`` (each with a ``position``)."""
        return cls(has_next_page=has_next_page, last=edges[-1] if edges else None)
