"""Customer archive resolvers: parse input, call the service, map to types."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import uuid
from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import Info
from strawberry.types.unset import UNSET

from backend.audit import service as audit
from backend.auth.contexts import ID_CONTEXT, MOBILE_CONTEXT
from backend.auth.lookups import PROTECTED_FILTERS, search_visibility, spend_protected_lookup
from backend.auth.masking import mask_id_number, mask_name, mask_phone
from backend.auth.policies import Visibility
from backend.identifiers import (
    IdentifierError,
    canonical,
    current_regions,
    normalize_id_number,
    region_children,
)
from backend.customers.repository import CustomerFilter as Filter
from backend.customers.repository import CustomerRepository
from backend.customers.service import (
    ArchiveResult,
    CustomerService,
    DuplicateArchive,
)
from backend.customers.service import VersionConflict as VersionConflictError
from backend.customers.service import define_extra_field as define_extra_field_service
from backend.db.session import transaction
from backend.errors import BadInput, DomainError
from resolvers.dataloaders import Loaders
from resolvers.common import asked, open_cursor, parse_id, read_one, run_mutation, seal_cursor
from resolvers.common import parse_uuid as _uuid
from schema.common import TimeOrder
from schema.customers import (
    COUNT_CAP,
    ArchiveOrder,
    ArchiveTransitionPayload,
    ArchiveWarningCode,
    VerifyArchivePayload,
    columns_read,
    ArchiveError,
    ArchiveInput,
    ArchivePayload,
    ArchiveTransitionInput,
    ArchiveWarning,
    CreateArchiveInput,
    Customer,
    CustomerEdge,
    CustomerFilter,
    CustomerPageInfo,
    CustomerSearchResult,
    ExtraFieldDefinition,
    ExtraFieldDefinitionInput,
    ExtraFieldDefinitionPayload,
    Region,
    ReviewInbox,
    TransferArchivesInput,
    TransferManagerArchivesInput,
    TransferPayload,
    UpdateArchiveInput,
    VerifyArchivesInput,
    VerifyArchivesPayload,
    VerifyFailure,
    VersionConflict,
)

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from backend.customers.models import Customer as CustomerModel


@functools.cache
def _input_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _plain(value: Any) -> Any:
    """An input value as plain data: enums as their values, input objects (dataclasses) and dicts
    as dicts without their null (or unset) entries."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for name in _input_fields(type(value)):
            item = getattr(value, name)
            if item is not None and item is not UNSET:
                out[name] = _plain(item)
        return out
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    return value


def archive_dict(archive: ArchiveInput) -> dict[str, Any]:
    """Strawberry input -> the plain dict pydantic validates (absent sections take defaults): what
    ``_plain(strawberry.asdict(archive))`` gives, without ``asdict``'s copy of every object and
    deep copy of every value first (a twentieth of a save's CPU). Our input types hold no
    ``Maybe``; tests/customers/test_archive_input.py compares the two on full inputs."""
    return _plain(archive)


def _consent(value) -> dict[str, Any] | None:
    return _plain(value) | {"consented_at": value.consented_at} if value is not None else None


def _extra(values) -> list[dict[str, Any]] | None:
    return None if values is None else [{"code": v.code, "value": v.value} for v in values]


def _payload(
    payload_type: type[ArchivePayload | ArchiveTransitionPayload | VerifyArchivePayload],
    result: ArchiveResult | None, errors: list, exc: DomainError | None = None,
):
    payload = payload_type(errors=ArchiveError.of(errors))
    if result is not None:
        payload.customer = Customer.from_model(result.customer)
    if isinstance(payload, ArchivePayload):
        if result is not None:
            payload.warnings = [
                ArchiveWarning(
                    code=ArchiveWarningCode(w.code), message=w.message, message_en=w.message_en,
                    related_ids=[strawberry.ID(i) for i in w.related_ids],
                )
                for w in result.warnings
            ]
        if isinstance(exc, DuplicateArchive) and exc.existing_id is not None:
            payload.duplicate_of = strawberry.ID(str(exc.existing_id))
    if isinstance(payload, ArchivePayload | ArchiveTransitionPayload) and isinstance(exc, VersionConflictError):
        payload.conflict = VersionConflict(server_version=exc.current.version, current=Customer.from_model(exc.current))
    return payload


async def _archive_mutation(info: Info, work, payload_type=ArchivePayload):
    caught: list[DomainError] = []
    ctx = info.context

    async def guarded(session):
        try:
            result = await work(session)
        except DomainError as exc:
            caught.append(exc)
            if isinstance(exc, VersionConflictError):
                # The server's copy goes into the payload: keep it as loaded (the rollback that
                # follows would expire it in the session).
                session.expunge(exc.current)
            raise
        fields, people, joined = Loaders.brings(info, "customer")
        if result is not None and fields:
            # What the payload's archive asks of the loaders, read before the commit in the
            # write's own transaction (it sees what it wrote, as a read after the commit would):
            # its manager, branch, evaluation and aggregate in one statement, then the rest. A
            # transaction of its own after the commit cost a save four more round trips (begin,
            # tenant setting, plan setting, rollback) and a session.
            loaders = ctx.answer_loaders()
            if people or joined:
                brought = await CustomerRepository(session).brought(ctx.viewer, result.customer, people=people, joined=joined)
                if brought is not None:  # (None: the archive left the caller's scope; the loaders read as before)
                    loaders.prime_brought([brought], people=people, joined=joined)
            await loaders.prime_archives(session, [result.customer], fields)
        return result

    result, errors = await run_mutation(info, guarded)
    return _payload(payload_type, result, errors, caught[0] if caught else None)


def _service(info: Info, session) -> CustomerService:
    return info.context.services.customers(session)


# -- queries ------------------------------------------------------------------------------------
async def customer(info: Info, id: strawberry.ID) -> Customer | None:
    ctx = info.context
    key = _uuid(id)
    fields, people, joined = Loaders.brings(info)

    async def read(session: AsyncSession) -> CustomerModel | None:
        # The archive with its manager, branch, evaluation and aggregate in one statement, then
        # what else its fields need in this session (one instead of one per loader).
        found = await CustomerRepository(session).get_with(ctx.viewer, key, people=people, joined=joined)
        if found is None:
            return None
        ctx.loaders.prime_brought([found], people=people, joined=joined)
        await ctx.loaders.prime_archives(session, [found.archive], fields)
        return found.archive

    return await read_one(info, read, Customer.from_model)


def _identifier(value: str | None, field: str) -> str | None:
    """A filter's identifier in the form it is stored (full-width digits to ASCII), so the search
    finds it; anything else non-ASCII is BAD_USER_INPUT."""
    if not value:
        return None
    try:
        return canonical(value)
    except IdentifierError as e:
        raise BadInput(field, e.message_en, reason=e.code, message_zh=e.message) from None


def search_cursor(info: Info, order: ArchiveOrder, c, list_name: str = "customers.search") -> str:
    """The sealed keyset position of an archive in the order of a list of archives (the name's
    pinyin key, or the last change; with the id), bound to that list and order."""
    value, key = order.position(c)
    return seal_cursor(info, f"{list_name}.{order.value}", [value if order.by_name else value.isoformat(), str(key)])


def open_search_cursor(info: Info, order: ArchiveOrder, cursor: str | None, list_name: str = "customers.search") -> tuple[Any, uuid.UUID] | None:
    values = open_cursor(info, f"{list_name}.{order.value}", cursor)
    if values is None:
        return None
    try:
        value, key = values
        return (str(value) if order.by_name else dt.datetime.fromisoformat(str(value))), uuid.UUID(str(key))
    except (ValueError, TypeError):
        raise BadInput("after", "not a cursor returned by this API to you") from None


async def _protected_filters(info: Info, f: CustomerFilter) -> dict[str, str]:
    """The filters that test a value the caller sees masked: refused below REVEAL, otherwise
    counted against the protected-lookup limit; returned (masked) for the audit record."""
    viewer = info.context.viewer
    tested: dict[str, str] = {}
    values = {"idNumber": (f.id_number, mask_id_number), "mobile": (f.mobile, mask_phone), "namePrefix": (f.name_prefix, mask_name)}
    for argument, (type_name, field_name) in PROTECTED_FILTERS.items():
        value, mask = values[argument]
        if value and search_visibility(viewer, type_name, field_name, f"filter.{argument}") < Visibility.FULL:
            tested[argument] = mask(value)
    if tested:
        await spend_protected_lookup(info.context.services, viewer)
    return tested


async def customers(
    info: Info, filter: CustomerFilter | None = None, first: int = 20, after: str | None = None, order: ArchiveOrder = ArchiveOrder.NAME_ASC
) -> CustomerSearchResult:
    """Search archives in your scope, in ``order`` (the name in pinyin order by default); keyset-paged
    (a cursor works only with the order it came from)."""
    ctx = info.context
    if not 1 <= first <= 100:
        raise BadInput("first", "must be between 1 and 100")
    cursor = open_search_cursor(info, order, after)
    f = filter or CustomerFilter()
    protected = await _protected_filters(info, f)
    cipher = ctx.services.cipher
    criteria = Filter(
        name_prefix=f.name_prefix.strip() if f.name_prefix else None,
        id_number_bidx=cipher.blind_index(normalize_id_number(id_number), context=ID_CONTEXT)
        if (id_number := _identifier(f.id_number, "filter.idNumber"))
        else None,
        mobile_bidx=cipher.blind_index(mobile, context=MOBILE_CONTEXT) if (mobile := _identifier(f.mobile, "filter.mobile")) else None,
        region_code=_identifier(f.region_code, "filter.regionCode"),
        village_code=_identifier(f.village_code, "filter.villageCode"),
        manager_id=parse_id(f.manager_id, "filter.managerId") if f.manager_id else None,
        statuses=list(f.statuses) if f.statuses else None,
        channels=list(f.channels) if f.channels else None,
        updated_from=f.updated_from,
        updated_to=f.updated_to,
    )
    async with ctx.reader() as session:
        if f.org_unit_id:
            unit = await ctx.loaders.org_unit.load(parse_id(f.org_unit_id, "filter.orgUnitId"))
            if unit is None:
                raise BadInput("filter.orgUnitId", "no such org unit in your scope")
            criteria.org_path = unit.path
        repo = CustomerRepository(session)
        # The rows' managers, branches, evaluations and aggregates, in the same statement.
        fields, people, joined = Loaders.brings(info, "edges", "node")
        listed = await repo.search(
            ctx.viewer, criteria, after=cursor, limit=first + 1, order=order,
            columns=columns_read(fields), people=people, joined=joined,
        )  # fmt: skip
        estimate = await repo.estimated_count()
        has_next = len(listed) > first
        listed = listed[:first]
        rows = [r.archive for r in listed]
        # The names, evaluations and aggregates came with the page: the loaders answer without a query.
        ctx.loaders.prime_brought(listed, people=people, joined=joined)
        await ctx.loaders.prime_archives(session, rows, fields)
        # Counted in the page's session when asked (the PC always asks): one session less.
        counted = await repo.count(ctx.viewer, criteria, cap=COUNT_CAP) if "totalCount" in asked(info) else None
    if protected:
        # Audited in its own short transaction: a query has no write session.
        async with transaction(ctx.services.db.sessions) as session:
            await audit.record(
                session, action="customer.search_protected", org_path=ctx.viewer.scope_path, principal=ctx.viewer,
                target_type="Customer", detail={"by": protected, "found": len(rows)},
            )
    edges = [CustomerEdge(position=lambda r=r: search_cursor(info, order, r), node=Customer.from_model(r)) for r in rows]

    async def counter(cap: int) -> int:
        if counted is not None and cap == COUNT_CAP:
            return counted
        async with ctx.reader() as session:
            return await CustomerRepository(session).count(ctx.viewer, criteria, cap=cap)

    return CustomerSearchResult(
        edges=edges,
        page_info=CustomerPageInfo.of(edges, has_next),
        estimated_total=estimate,
        counter=counter,
    )


async def regions(info: Info, parent_code: str | None = None) -> list[Region]:
    """Cascading picker: provinces, cities, counties (GB/T 2260), then the bank's townships and villages."""
    ctx = info.context
    if parent_code is None or parent_code in current_regions():
        region = current_regions().get(parent_code or "")
        if region is None or region.level != "COUNTY":
            return [
                Region(code=r.code, name=r.name, level=r.level, has_children=True) for r in region_children(parent_code)
            ]
    bank_id = ctx.viewer.bank_id
    async with ctx.reader() as session:
        rows = await CustomerRepository(session).villages(bank_id, parent_code)
    return [Region(code=v.code, name=v.name, level=v.level, has_children=v.level == "TOWNSHIP") for v in rows]


async def extra_field_definitions(info: Info, include_inactive: bool = False) -> list[ExtraFieldDefinition]:
    """``includeInactive``: the retired fields too (the bank settings page)."""
    ctx = info.context
    if ctx.viewer.bank_id is None:
        return []
    async with ctx.reader() as session:
        repository = CustomerRepository(session)
        rows = (await repository.extra_field_definitions([ctx.viewer.bank_id], active_only=not include_inactive))[ctx.viewer.bank_id]
    return [ExtraFieldDefinition.from_model(d) for d in rows]


# -- mutations ----------------------------------------------------------------------------------
async def define_extra_field(info: Info, input: ExtraFieldDefinitionInput) -> ExtraFieldDefinitionPayload:
    ctx = info.context

    async def work(session):
        return await define_extra_field_service(session, ctx.viewer, input)

    definition, errors = await run_mutation(info, work)
    return ExtraFieldDefinitionPayload(
        definition=ExtraFieldDefinition.from_model(definition) if definition else None,
        errors=ArchiveError.of(errors),
    )



async def create_archive(info: Info, input: CreateArchiveInput) -> ArchivePayload:
    ctx = info.context

    async def work(session):
        return await _service(info, session).create(
            ctx.viewer,
            archive_dict(input.archive),
            branch_id=parse_id(input.branch_id, "branchId") if input.branch_id else None,
            manager_id=parse_id(input.manager_id, "managerId") if input.manager_id else None,
            channel=input.channel,
            consent=_consent(input.consent),
            extra=_extra(input.extra_fields),
            customer_id=_uuid(input.id) if input.id else None,
        )

    return await _archive_mutation(info, work)


async def update_archive(info: Info, input: UpdateArchiveInput) -> ArchivePayload:
    ctx = info.context

    async def work(session):
        return await _service(info, session).update(
            ctx.viewer, _uuid(input.id), input.version, archive_dict(input.archive),
            channel=input.channel, consent=_consent(input.consent), extra=_extra(input.extra_fields),
        )

    return await _archive_mutation(info, work)


def _transition(method: str):
    payload_type = VerifyArchivePayload if method == "verify" else ArchiveTransitionPayload

    async def resolver(info: Info, input: ArchiveTransitionInput) -> ArchiveTransitionPayload | VerifyArchivePayload:
        ctx = info.context

        async def work(session):
            svc = _service(info, session)
            key = _uuid(input.id)
            if method == "submit":
                c = await svc.submit(ctx.viewer, key, input.version)
            elif method == "verify":
                c = await svc.verify(
                    ctx.viewer, key, input.version, parse_id(input.manager_id, "managerId") if input.manager_id else None,
                    override_reason=input.override_reason,
                )
            elif method == "return":
                c = await svc.return_for_rework(ctx.viewer, key, input.version, input.reasons or [])
            else:
                c = await svc.close(ctx.viewer, key, input.version, input.reason or "")
            return ArchiveResult(c)

        return await _archive_mutation(info, work, payload_type)

    return resolver


submit_archive = _transition("submit")
verify_archive = _transition("verify")
return_archive = _transition("return")
close_archive = _transition("close")


async def transfer_archives(info: Info, input: TransferArchivesInput) -> TransferPayload:
    ctx = info.context

    async def work(session):
        return await _service(info, session).transfer(
            ctx.viewer, [_uuid(i, "customerIds") for i in input.customer_ids], parse_id(input.to_manager_id, "toManagerId"), input.reason
        )

    moved, errors = await run_mutation(info, work)
    return TransferPayload(moved=moved or 0, errors=ArchiveError.of(errors))


async def transfer_manager_archives(info: Info, input: TransferManagerArchivesInput) -> TransferPayload:
    ctx = info.context

    async def work(session):
        return await _service(info, session).transfer_all(
            ctx.viewer, parse_id(input.from_manager_id, "fromManagerId"), parse_id(input.to_manager_id, "toManagerId"), input.reason
        )

    moved, errors = await run_mutation(info, work)
    return TransferPayload(moved=moved or 0, errors=ArchiveError.of(errors))


async def review_inbox(info: Info, first: int = 20, after: str | None = None, order: TimeOrder = TimeOrder.TIME_ASC) -> ReviewInbox:
    """Archives waiting for verification in your scope in ``order`` (oldest submission first by
    default: the order of work), with the count; the cursor is sealed and bound to the order."""
    ctx = info.context
    if not 1 <= first <= 100:
        raise BadInput("first", "must be between 1 and 100")
    purpose = f"customers.review.{order.value}"
    position = open_cursor(info, purpose, after)
    try:
        cursor = (dt.datetime.fromisoformat(position[0]), uuid.UUID(position[1])) if position else None
    except (ValueError, TypeError, IndexError):
        raise BadInput("after", "not a cursor returned by this API to you") from None
    async with ctx.reader() as session:
        repo = CustomerRepository(session)
        rows = await repo.review_inbox(ctx.viewer, after=cursor, limit=first + 1, descending=order.descending)
        total = await repo.review_count(ctx.viewer)
    has_next = len(rows) > first
    edges = [
        CustomerEdge(position=lambda r=r: seal_cursor(info, purpose, [r.submitted_at.isoformat(), str(r.id)]), node=Customer.from_model(r))
        for r in rows[:first]
    ]
    return ReviewInbox(
        total_count=total, edges=edges, page_info=CustomerPageInfo.of(edges, has_next)
    )


async def verify_archives(info: Info, input: VerifyArchivesInput) -> VerifyArchivesPayload:
    ctx = info.context

    async def work(session):
        items = [(_uuid(i.id, "items.id"), i.version) for i in input.items]
        return await _service(info, session).verify_many(ctx.viewer, items)

    result, errors = await run_mutation(info, work)
    payload = VerifyArchivesPayload(errors=ArchiveError.of(errors))
    if result is not None:
        verified, failed = result
        payload.verified = [Customer.from_model(c) for c in verified]
        payload.failed = [
            VerifyFailure(id=strawberry.ID(str(k)), errors=ArchiveError.of(v)) for k, v in failed.items()
        ]
    return payload
