"""Bulk import of legacy customer archives from an Excel workbook.

The path is set-based and streaming: the workbook is read with openpyxl ``read_only`` in chunks
of ``CHUNK_ROWS``. Per chunk, every row is converted and validated in memory (the same
``validate_archive`` as the API, plus the manager's employee number - the branch's managers are
loaded once - and the bank's township/village dictionary, one query per chunk), the good rows
are encrypted in batches (``archive_columns``, shared with ``CustomerService._apply``) and
written with ONE ``INSERT ... SELECT FROM unnest(...) ON CONFLICT (bank_id, id_number_bidx) DO
NOTHING RETURNING id``; the history rows follow in one more INSERT, and the new archives are
evaluated against the integrity rules (one SELECT and one upsert). The batch gets one audit
record. Never a query per row; only failed rows stay in memory (for the error workbook).

Idempotence: a batch is unique per (bank, branch, file hash, default manager). Importing the
identical file again returns the earlier batch's report (``repeated``) and imports nothing; an
ID number the bank already holds is an "already exists" skip, never a second archive.

CPU-bound steps (parsing, validation, encryption, the error workbook) run in a worker thread so
the API's event loop keeps serving other requests; the database steps run on the loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import uuid
import zipfile
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.auth.permissions import Permission
from backend.imports.tasks import RUN_BATCH, BatchRef
from backend.audit import service as audit
from backend.auth.contexts import ERROR_WORKBOOK_CONTEXT, SOURCE_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.principal import Principal
from backend.customers import history
from backend.customers.models import (
    ArchiveStatus,
    Channel,
    Customer,
    CustomerChange,
    ExtraFieldDefinition,
    Village,
)
from backend.customers.service import archive_columns, creation_diff, extra_value, snapshot
from backend.customers.validation import ArchiveInput, validate_archive
from backend.identifiers import current_regions
from backend.errors import DomainError, PermissionDenied, field_error, not_found
from backend.imports.columns import (
    COLUMNS,
    MANAGER_KEY,
    SHEET,
    Column,
    column_for_path,
    column_for_title,
    extra_column,
    extra_titles,
    row_to_archive,
)
from backend.db.bulk import bulk_insert
from backend.db.session import transaction
from backend.db.ids import new_ids
from backend.imports.models import ImportBatch, ImportStatus
from backend.imports.template import Place, bank_template_bytes, build_error_workbook, template_bytes
from backend.logging import log
from backend.orgs.models import OrgLevel, OrgUnit, Role, StaffStatus, StaffUser
from backend.imports.repository import WITHOUT_BLOBS, Counts, ImportRepository, ListedBatch
from backend.orgs.repository import OrgRepository
from backend.outbox.service import Outbox
from backend.rules.engine import RuleBook, evaluate, rule_book, store

CHUNK_ROWS = 2000  # rows read, checked, encrypted and written together
MAX_ROWS = 100_000
MAX_STORED_ERRORS = 10_000  # row errors / skips kept in the batch for the report
MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024  # a zip bomb is refused before parsing
ID_COLUMN = next(c for c in COLUMNS if c.key == "idNumber")
MANAGER_COLUMN = next(c for c in COLUMNS if c.key == MANAGER_KEY)

Progress = Callable[[str, int, int | None], None]  # (phase, done, total)
ProgressSink = Callable[[Counts], Awaitable[None]]  # the worker's counts after each chunk


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None  # the column title, None when the error is about the whole row
    code: str
    message: str
    message_en: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message, "message_en": self.message_en}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RowError:
        return cls(d["row"], d.get("column"), d["code"], d["message"], d.get("message_en", ""))


@dataclass
class ImportReport:
    batch_id: uuid.UUID
    status: ImportStatus
    file_name: str
    total_rows: int
    imported: int
    skipped: int
    failed: int
    errors: list[RowError]
    skips: list[RowError]
    has_error_workbook: bool
    repeated: bool = False  # the identical file was imported before: this is that batch's report
    created_at: datetime | None = None
    failure: str | None = None
    finished_at: datetime | None = None
    estimated_rows: int | None = None  # data rows by the sheet's stored dimension (a progress bar's 100 %)
    running: bool = False  # PENDING and the worker has begun: the counts are its progress so far
    branch_id: int | None = None
    branch_name: str | None = None
    created_by_name: str | None = None

    @property
    def error_workbook_path(self) -> str | None:
        return f"/imports/{self.batch_id}/errors.xlsx" if self.has_error_workbook else None


def report_of(batch: ImportBatch, *, repeated: bool = False, branch_name: str | None = None, progress: Counts | None = None) -> ImportReport:
    """The batch's report; while the worker imports it, the counts are its progress so far."""
    running = batch.status == ImportStatus.PENDING and progress is not None
    counts = progress if running else Counts(batch.total_rows, batch.imported, batch.skipped, batch.failed)
    assert counts is not None
    return ImportReport(
        batch_id=batch.id,
        status=batch.status,
        file_name=batch.file_name,
        total_rows=counts.rows_read,
        imported=counts.imported,
        skipped=counts.skipped,
        failed=counts.failed,
        errors=[RowError.from_dict(e) for e in batch.errors or []],
        skips=[RowError.from_dict(e) for e in batch.skips or []],
        has_error_workbook=batch.status == ImportStatus.DONE and batch.failed > 0,  # built whenever a row failed
        repeated=repeated,
        created_at=batch.created_at,
        failure=batch.failure,
        finished_at=batch.finished_at,
        estimated_rows=batch.estimated_rows,
        running=running,
        branch_id=batch.branch_id,
        branch_name=branch_name,
        created_by_name=batch.created_by_name,
    )


def listed_report(listed: ListedBatch) -> ImportReport:
    return report_of(listed.batch, branch_name=listed.branch_name, progress=listed.progress)


# -- reading the workbook ---------------------------------------------------------------------
@dataclass
class Sheet:
    header: list[Any]
    layout: list[tuple[int, Column]]  # (1-based sheet column, Column) of the recognized columns
    estimated_rows: int | None = None  # from the sheet's stored dimension (may count blank rows)


_XLSX_MAGIC = b"PK\x03\x04"


def seal_file(cipher: FieldCipher, content: bytes, context: str) -> bytes:
    """A workbook as stored in ``import_batches``: encrypted (it holds full personal data)."""
    return cipher.encrypt_bytes(content, context=context)


def open_file(cipher: FieldCipher, stored: bytes, context: str) -> bytes:
    """A stored workbook, decrypted; one stored in plain by an older version (an xlsx is a zip,
    ``PK``...) as it is, until ``cic keys rotate`` encrypts it."""
    if stored[:4] == _XLSX_MAGIC:
        return stored
    return cipher.decrypt_bytes(stored, context=context)


def _file_error(code: str, message: str, message_en: str) -> DomainError:
    return field_error("file", code, message, message_en)


def _open(content: bytes):
    from openpyxl import load_workbook

    if len(content) > MAX_FILE_BYTES:
        raise _file_error("FILE_TOO_LARGE", f"文件超过{MAX_FILE_BYTES // 1024 // 1024}MB，请拆分后导入", "the file is too large; split it")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise _file_error("FILE_TOO_LARGE", "文件内容过大，请拆分后导入", "the workbook is too large when unpacked")
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except DomainError:
        raise
    except Exception:
        raise _file_error(
            "INVALID_FILE", "无法读取文件：请上传 .xlsx 格式的 Excel 工作簿（Excel 2007 及以上）", "not an .xlsx workbook"
        ) from None


def read_header(content: bytes, extras: list[Column] | None = None) -> Sheet:
    """Open the workbook and check its header; ``iter_chunks`` streams the rows. ``extras``:
    the columns of the bank's active extra fields (``extra_column``)."""
    extra_lookup = extra_titles(extras or [])
    wb = _open(content)
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        estimated = ws.max_row - 1 if ws.max_row else None
        ws.reset_dimensions()  # some writers store a wrong dimension; read every row there is
        header = list(next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ()))
    finally:
        wb.close()
    while header and (header[-1] is None or str(header[-1]).strip() == ""):
        header.pop()
    layout: list[tuple[int, Column]] = []
    seen: dict[str, int] = {}
    for index, title in enumerate(header, start=1):
        column = column_for_title(title, extra_lookup)
        if column is None:
            continue  # unknown columns (错误原因, 原行号, notes) are ignored
        if column.key in seen:
            raise _file_error("DUPLICATE_COLUMN", f"表头中“{column.title}”出现了两次", f"column {column.key} appears twice")
        seen[column.key] = index
        layout.append((index, column))
    missing = [c.title for c in COLUMNS if c.required and c.key not in seen]
    if missing:
        raise _file_error(
            "MISSING_COLUMNS", "缺少必填列：" + "、".join(missing) + "（请使用导入模板，第1行为表头）", "missing required columns: " + ", ".join(missing)
        )
    return Sheet(header=header, layout=layout, estimated_rows=estimated)


Chunk = list[tuple[int, tuple[Any, ...]]]  # (Excel row number, cells)


def iter_chunks(content: bytes, sheet: Sheet, size: int) -> Iterator[Chunk]:
    """Stream the data rows (``read_only``) in chunks, skipping blank rows."""
    wb = _open(content)
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        ws.reset_dimensions()
        width = len(sheet.header)
        chunk: Chunk = []
        seen = 0
        for number, cells in enumerate(ws.iter_rows(min_row=2, max_col=width, values_only=True), start=2):
            if not any(v is not None and (not isinstance(v, str) or v.strip()) for v in cells):
                continue
            seen += 1
            if seen > MAX_ROWS:
                raise _file_error("TOO_MANY_ROWS", f"一个文件最多{MAX_ROWS}行，请拆分后导入", f"at most {MAX_ROWS} rows per file")
            chunk.append((number, tuple(cells)))
            if len(chunk) == size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk
    finally:
        wb.close()


# -- checking rows ----------------------------------------------------------------------------
@dataclass
class RowOutcome:
    number: int
    cells: tuple[Any, ...]
    archive: ArchiveInput | None = None
    manager_id: int | None = None
    errors: list[RowError] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # the bank's extra fields: code -> checked value


@dataclass(frozen=True)
class Managers:
    """Active customer managers of the branch by employee number, and every employee number of the bank."""

    of_branch: dict[str, int]
    in_bank: frozenset[str]
    default_id: int | None


def _error(number: int, column: Column | None, code: str, message: str, message_en: str) -> RowError:
    return RowError(number, column.title if column else None, code, message, message_en)


class RowChecker:
    """Converts and validates rows, chunk after chunk (pure, CPU only). It remembers the ID
    numbers seen so far: the first row with a (valid) ID number claims it for the whole file."""

    def __init__(self, sheet: Sheet, managers: Managers) -> None:
        self.layout = sheet.layout
        self.managers = managers
        self.extra_columns = [c for _, c in sheet.layout if c.kind == "EXTRA"]
        self.first_row_of: dict[str, int] = {}

    def check(self, chunk: Chunk) -> list[RowOutcome]:
        return [self._row(number, cells) for number, cells in chunk]

    def _row(self, number: int, cells: tuple[Any, ...]) -> RowOutcome:
        outcome = RowOutcome(number, cells)
        parsed = row_to_archive([(column, cells[index - 1] if index - 1 < len(cells) else None) for index, column in self.layout])
        for column, exc in parsed.cell_errors:
            outcome.errors.append(_error(number, column, exc.code, exc.message, exc.message_en))
        failed_keys = {c.key for c, _ in parsed.cell_errors}
        try:
            outcome.archive = validate_archive(parsed.data)
        except DomainError as exc:
            for e in exc.errors:
                column = column_for_path(e.field)
                if column is not None and column.key in failed_keys:
                    continue  # the cell's own conversion error says it already
                outcome.errors.append(_error(number, column, e.code, e.message, e.message_en))
        self._extras(outcome, parsed.extras)
        id_valid = not any(e.column == ID_COLUMN.title for e in outcome.errors)
        if parsed.id_number is not None and id_valid:
            first = self.first_row_of.setdefault(parsed.id_number, number)
            if first != number:
                outcome.errors.append(
                    _error(number, ID_COLUMN, "DUPLICATE_IN_FILE", f"与第{first}行的身份证号码重复（以第{first}行为准）", f"same ID number as row {first}")
                )
        managers, employee_no = self.managers, parsed.manager_no
        if employee_no is None:
            if managers.default_id is None:
                outcome.errors.append(_error(number, MANAGER_COLUMN, "REQUIRED", "请填写客户经理工号（或导入时指定默认客户经理）", "a manager employee number is required"))
            else:
                outcome.manager_id = managers.default_id
        elif employee_no in managers.of_branch:
            outcome.manager_id = managers.of_branch[employee_no]
        elif employee_no in managers.in_bank:
            outcome.errors.append(_error(number, MANAGER_COLUMN, "INVALID_MANAGER", "该工号不是导入网点在岗的客户经理", "not an active customer manager of the branch"))
        else:
            outcome.errors.append(_error(number, MANAGER_COLUMN, "UNKNOWN_MANAGER", "本行没有该工号的员工", "no staff member of the bank has this employee number"))
        if outcome.errors:
            outcome.archive = None
        return outcome

    def _extras(self, outcome: RowOutcome, given: dict[str, tuple[Column, str]]) -> None:
        """The extra-field columns of the sheet, checked as an archive's extra fields are; a
        required one fails its row only when the sheet has its column (left out, the collectors
        fill it in later, as for the other fields of a DRAFT)."""
        for column in self.extra_columns:
            code = column.extra.code
            if code not in given:
                if column.required:
                    label = column.extra.label_zh
                    outcome.errors.append(_error(outcome.number, column, "REQUIRED", f"{label}为必填项", f"{column.extra.label_en} is required"))
                continue
            try:
                outcome.extra[code] = extra_value(column.extra, given[code][1])
            except DomainError as exc:
                outcome.errors.extend(_error(outcome.number, column, e.code, e.message, e.message_en) for e in exc.errors)


def check_addresses(outcomes: list[RowOutcome], villages: dict[str, tuple[str, str]]) -> None:
    """Township and village codes must be in the bank's dictionary under the chosen county and
    township (``villages``: code -> (level, parent code)), as for archives entered by hand."""
    township_col = next(c for c in COLUMNS if c.key == "address.townshipCode")
    village_col = next(c for c in COLUMNS if c.key == "address.villageCode")
    for o in outcomes:
        if o.archive is None:
            continue
        address = o.archive.address
        if address.township_code and villages.get(address.township_code) != ("TOWNSHIP", address.region_code):
            o.errors.append(_error(o.number, township_col, "UNKNOWN_TOWNSHIP", "乡镇不在本行字典中，或不属于所选区县", "township not in the bank's dictionary under this county"))
        if address.village_code and villages.get(address.village_code) != ("VILLAGE", address.township_code):
            o.errors.append(_error(o.number, village_col, "UNKNOWN_VILLAGE", "村不在本行字典中，或不属于所选乡镇", "village not in the bank's dictionary under this township"))
        if o.errors:
            o.archive = None


def error_workbook(sheet: Sheet, failed: list[RowOutcome]) -> bytes:
    index_of = {column.title: index for index, column in sheet.layout}
    rows = []
    for o in failed:
        by_cell: dict[int, list[str]] = {}
        reasons = []
        for e in o.errors:
            reasons.append(f"{e.column}：{e.message}" if e.column else e.message)
            if e.column in index_of:
                by_cell.setdefault(index_of[e.column], []).append(e.message)
        rows.append((o.number, o.cells, by_cell, reasons))
    return build_error_workbook(sheet.header, sheet.layout, rows)


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _definition_copy(d: ExtraFieldDefinition) -> SimpleNamespace:
    """A plain copy of an extra field definition, read in worker threads after the session moved on."""
    return SimpleNamespace(
        code=d.code, label_zh=d.label_zh, label_en=d.label_en, kind=d.kind.value, required=d.required, choices=d.choices,
        min_value=d.min_value, max_value=d.max_value, pattern=d.pattern, max_length=d.max_length,
    )


# -- writing ----------------------------------------------------------------------------------
# -- the service ------------------------------------------------------------------------------
class ImportService:
    def __init__(
        self,
        session: AsyncSession,
        cipher: FieldCipher,
        outbox: Outbox,
        *,
        inline_max_rows: int = 5000,
        progress_sessions: async_sessionmaker[AsyncSession] | None = None,
        chunk_rows: int = CHUNK_ROWS,
    ) -> None:
        self.session = session
        self.cipher = cipher
        self.outbox = outbox
        # Larger files go to the worker (GraphQL uploads); the CLI always runs inline.
        self.inline_max_rows = inline_max_rows
        # The worker writes a batch's progress in short transactions of its own from these.
        self.progress_sessions = progress_sessions
        self.chunk_rows = chunk_rows

    async def import_archives(
        self,
        principal: Principal,
        content: bytes,
        file_name: str,
        *,
        branch_id: int | None = None,
        branch_code: str | None = None,
        manager_employee_no: str | None = None,
        always_inline: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Import the workbook into the branch, or return the earlier report of the same file.

        A file of more than ``inline_max_rows`` rows (``CIC_IMPORT_INLINE_MAX_ROWS``) becomes a PENDING batch that the worker
        runs (``imports.run_batch`` through the outbox), unless ``always_inline`` (the CLI).
        """
        if not principal.is_staff or not principal.can(Permission.ARCHIVE_IMPORT):
            raise PermissionDenied("only branch managers and bank administrators import archives")
        branch = await self._branch(principal, branch_id, branch_code)
        default_manager = await self._default_manager(branch, manager_employee_no) if manager_employee_no else None
        assert branch.bank_id is not None
        sheet = await asyncio.to_thread(read_header, content, await self.extra_columns(branch.bank_id))
        batch, created = await self._claim(principal, branch, content, file_name, default_manager)
        if not created:
            if batch.status != ImportStatus.FAILED:
                return report_of(batch, repeated=True)
            batch.status, batch.failure = ImportStatus.PENDING, None  # the earlier attempt broke: try again
        if not always_inline and sheet.estimated_rows is not None and sheet.estimated_rows > self.inline_max_rows:
            batch.source = seal_file(self.cipher, content, SOURCE_CONTEXT)
            batch.estimated_rows = sheet.estimated_rows
            await ImportRepository(self.session).clear_progress(batch.bank_id, batch.id)  # a retried batch starts again
            await self.session.flush()
            await self.outbox.enqueue(self.session, RUN_BATCH, BatchRef(batch.bank_id, batch.id))
            return report_of(batch)
        return await self._run(principal, batch, branch, content, sheet, progress)

    async def batch(self, principal: Principal, batch_id: uuid.UUID) -> ImportReport | None:
        """An import batch in the caller's scope (importers only), as its report."""
        if not principal.can(Permission.ARCHIVE_IMPORT):
            return None
        listed = await ImportRepository(self.session).listed(principal, batch_id)
        return listed_report(listed) if listed is not None else None

    async def batches(self, principal: Principal, *, branch_id: int | None = None, first: int = 20) -> list[ImportReport]:
        """The newest batches in the caller's scope (importers only), running ones with their progress."""
        if not principal.can(Permission.ARCHIVE_IMPORT):
            return []
        listed = await ImportRepository(self.session).recent(principal, branch_id=branch_id, first=max(1, min(first, 100)))
        return [listed_report(item) for item in listed]

    async def template(self, principal: Principal) -> bytes:
        """The template for the caller's bank: its extra-field columns and its township and
        village codes (a lookup sheet and drop-downs); the plain template without a bank."""
        if principal.bank_id is None:
            return template_bytes()
        extras = await self.extra_columns(principal.bank_id)
        parent = aliased(Village)
        rows = await self.session.execute(
            select(Village.level, Village.code, Village.name, Village.parent_code, parent.name)
            .outerjoin(parent, (parent.bank_id == Village.bank_id) & (parent.code == Village.parent_code))
            .where(Village.bank_id == principal.bank_id)
        )
        counties = current_regions()  # a township's parent is a county (GB/T 2260), named there
        places = [
            Place(level, code, name, parent_code, parent_name or (counties[parent_code].name if parent_code in counties else None))
            for level, code, name, parent_code, parent_name in rows
        ]
        return await asyncio.to_thread(bank_template_bytes, extras, places)

    async def extra_columns(self, bank_id: int) -> list[Column]:
        """The workbook columns of the bank's active extra fields, in their order."""
        definitions = await self.session.scalars(
            select(ExtraFieldDefinition)
            .where(ExtraFieldDefinition.bank_id == bank_id, ExtraFieldDefinition.active.is_(True))
            .order_by(ExtraFieldDefinition.position, ExtraFieldDefinition.code)
        )
        return [extra_column(_definition_copy(d)) for d in definitions]

    async def error_workbook(self, principal: Principal, batch_id: uuid.UUID) -> tuple[ImportBatch, bytes] | None:
        """A batch's error workbook (decrypted) for an importer in scope; the download is audited."""
        if not principal.can(Permission.ARCHIVE_IMPORT):
            return None
        batch = await ImportRepository(self.session).get(principal, batch_id, with_files=True)
        if batch is None or batch.error_workbook is None:
            return None
        await audit.record(
            self.session, action="import.errors_download", org_path=batch.org_path, principal=principal,
            target_type="ImportBatch", target_id=str(batch.id), detail={"failed_rows": batch.failed},
        )
        return batch, open_file(self.cipher, batch.error_workbook, ERROR_WORKBOOK_CONTEXT)

    async def run_batch(self, bank_id: int, batch_id: uuid.UUID, *, on_progress: ProgressSink | None = None) -> ImportReport | None:
        """The worker's side: run a PENDING batch from its stored file (exactly once).

        After each chunk the counts so far are written to ``import_progress`` in a transaction
        of their own (``progress_sessions``), so ``importBatch`` shows them while the import's
        own transaction is still open; ``on_progress`` is called after each write."""
        batch = (
            await self.session.scalars(
                select(ImportBatch).where(ImportBatch.bank_id == bank_id, ImportBatch.id == batch_id).with_for_update()
            )
        ).one_or_none()
        if batch is None or batch.status != ImportStatus.PENDING or batch.source is None:
            return report_of(batch) if batch is not None else None
        branch = await self.session.get(OrgUnit, batch.branch_id)
        assert branch is not None and branch.bank_id is not None
        principal = Principal(
            kind="staff", scope_path=branch.path, user_id=batch.created_by, username=batch.created_by_name,
            org_id=branch.id, org_level=OrgLevel.BRANCH, bank_id=branch.bank_id, roles=frozenset({Role.BRANCH_MANAGER}),
        )
        content = open_file(self.cipher, batch.source, SOURCE_CONTEXT)
        sessions = self.progress_sessions

        async def sink(counts: Counts) -> None:
            if sessions is not None:
                async with transaction(sessions) as session:
                    await ImportRepository(session).save_progress(bank_id, batch_id, counts)
            if on_progress is not None:
                await on_progress(counts)

        try:
            async with self.session.begin_nested():
                sheet = await asyncio.to_thread(read_header, content, await self.extra_columns(branch.bank_id))
                return await self._run(principal, batch, branch, content, sheet, None, sink)
        except DomainError as exc:  # the file was readable at upload; report what changed
            await self.session.refresh(batch)
            self._fail(batch, "; ".join(e.message for e in exc.errors))
        except Exception as exc:
            log.exception("import_batch_failed", batch_id=str(batch_id))
            await self.session.refresh(batch)
            self._fail(batch, f"内部错误（{type(exc).__name__}），请重新导入同一文件重试")
        await ImportRepository(self.session).clear_progress(bank_id, batch_id)
        await self.session.flush()
        return report_of(batch)

    def _fail(self, batch: ImportBatch, message: str) -> None:
        batch.status = ImportStatus.FAILED
        batch.failure = message[:500]
        batch.finished_at = datetime.now(UTC)

    async def _branch(self, principal: Principal, branch_id: int | None, branch_code: str | None) -> OrgUnit:
        if branch_id is None and branch_code is None:
            if principal.org_level != OrgLevel.BRANCH:
                raise field_error("branchId", "REQUIRED", "请选择网点", "branchId is required")
            branch_id = principal.org_id
        branch = await OrgRepository(self.session).branch(principal, branch_id=branch_id, code=branch_code)
        if branch is None or branch.bank_id is None:
            raise not_found("网点", "branchId")
        return branch

    async def _default_manager(self, branch: OrgUnit, employee_no: str) -> StaffUser:
        manager = (await self.session.scalars(select(StaffUser).where(StaffUser.employee_no == employee_no.strip()))).one_or_none()
        if (
            manager is None
            or manager.org_unit_id != branch.id
            or manager.status != StaffStatus.ACTIVE
            or Role.CUSTOMER_MANAGER.value not in manager.roles
        ):
            raise field_error("managerEmployeeNo", "INVALID_MANAGER", "默认客户经理须为该网点在岗的客户经理", "the default manager must be an active customer manager of the branch")
        return manager

    async def _claim(
        self, principal: Principal, branch: OrgUnit, content: bytes, file_name: str, default_manager: StaffUser | None
    ) -> tuple[ImportBatch, bool]:
        """Insert the batch row, or find the batch of the identical file (waiting for a
        concurrent import of it to commit: the unique index serializes them)."""
        digest = sha256_of(content)
        new_id = uuid.uuid4()
        inserted = await self.session.scalar(
            pg_insert(ImportBatch)
            .values(
                bank_id=branch.bank_id, id=new_id, branch_id=branch.id, org_path=branch.path, kind="ARCHIVES",
                file_name=(file_name or "import.xlsx")[-255:], file_sha256=digest,
                default_manager_id=default_manager.id if default_manager else None, status=ImportStatus.PENDING,
                total_rows=0, imported=0, skipped=0, failed=0, errors=[], skips=[],
                created_by=principal.user_id, created_by_name=(principal.username or principal.client_id),
            )
            .on_conflict_do_nothing()
            .returning(ImportBatch.id)
        )
        key = select(ImportBatch).where(
            ImportBatch.bank_id == branch.bank_id, ImportBatch.branch_id == branch.id, ImportBatch.kind == "ARCHIVES",
            ImportBatch.file_sha256 == digest,
            ImportBatch.default_manager_id.is_(None) if default_manager is None else ImportBatch.default_manager_id == default_manager.id,
        )
        if inserted is not None:
            key = select(ImportBatch).where(ImportBatch.bank_id == branch.bank_id, ImportBatch.id == inserted)
        batch = (await self.session.scalars(key.options(*WITHOUT_BLOBS).with_for_update())).one()
        return batch, inserted is not None

    async def _managers(self, branch: OrgUnit, default_id: int | None) -> Managers:
        rows = (
            await self.session.execute(
                select(StaffUser.id, StaffUser.employee_no, StaffUser.org_unit_id, StaffUser.roles, StaffUser.status).where(
                    StaffUser.bank_id == branch.bank_id
                )
            )
        ).all()
        of_branch = {
            r.employee_no: r.id
            for r in rows
            if r.org_unit_id == branch.id and r.status == StaffStatus.ACTIVE and Role.CUSTOMER_MANAGER.value in (r.roles or [])
        }
        return Managers(of_branch=of_branch, in_bank=frozenset(r.employee_no for r in rows), default_id=default_id)

    async def _villages(self, bank_id: int, outcomes: list[RowOutcome]) -> dict[str, tuple[str, str]]:
        codes = {
            code
            for o in outcomes
            if o.archive is not None
            for code in (o.archive.address.township_code, o.archive.address.village_code)
            if code
        }
        if not codes:
            return {}
        rows = await self.session.execute(
            select(Village.code, Village.level, Village.parent_code).where(Village.bank_id == bank_id, Village.code.in_(sorted(codes)))
        )
        return {r.code: (r.level, r.parent_code) for r in rows}

    async def _run(
        self,
        principal: Principal,
        batch: ImportBatch,
        branch: OrgUnit,
        content: bytes,
        sheet: Sheet,
        progress: Progress | None,
        sink: ProgressSink | None = None,
    ) -> ImportReport:
        """Stream the file chunk by chunk: check in a thread, write each chunk with one INSERT
        per table. Only the failed rows are kept (for the error workbook)."""
        assert branch.bank_id is not None
        checker = RowChecker(sheet, await self._managers(branch, batch.default_manager_id))
        rules = await rule_book(self.session, branch.bank_id)
        chunks = iter_chunks(content, sheet, self.chunk_rows)
        now = datetime.now(UTC)
        total = imported = 0
        failed: list[RowOutcome] = []
        skips: list[RowError] = []
        try:
            while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
                total += len(chunk)
                outcomes = await asyncio.to_thread(checker.check, chunk)
                check_addresses(outcomes, await self._villages(branch.bank_id, outcomes))
                failed.extend(o for o in outcomes if o.errors)
                good = [o for o in outcomes if o.archive is not None]
                rows = await asyncio.to_thread(self._customer_rows, principal, branch, good, now)
                inserted = set(
                    await bulk_insert(self.session, Customer.__table__, rows, suffix="ON CONFLICT (bank_id, id_number_bidx) DO NOTHING RETURNING id")
                )
                new = [(o, row) for o, row in zip(good, rows, strict=True) if row["id"] in inserted]
                skips.extend(
                    _error(o.number, ID_COLUMN, "ALREADY_EXISTS", "本行已有该身份证号码的客户档案，已跳过", "the bank already has an archive for this ID number; skipped")
                    for o, row in zip(good, rows, strict=True)
                    if row["id"] not in inserted
                )
                if new:
                    changes = await asyncio.to_thread(self._changes, principal, batch, new, now)
                    await bulk_insert(self.session, CustomerChange.__table__, changes)
                    await self._evaluate(rules, branch.bank_id, [row["id"] for _, row in new])
                imported += len(new)
                if progress:
                    progress("import", total, max(total, sheet.estimated_rows or 0))
                if sink:
                    await sink(Counts(rows_read=total, imported=imported, skipped=len(skips), failed=len(failed)))
        finally:
            chunks.close()
        if total == 0:
            raise _file_error("EMPTY_FILE", "文件中没有数据行（数据从第2行开始）", "the file has no data rows")
        if progress:
            progress("import", total, total)
        batch.total_rows, batch.imported, batch.skipped, batch.failed = total, imported, len(skips), len(failed)
        # The lists are capped (the counts are not); the error workbook holds every failed row.
        batch.errors = [e.as_dict() for o in failed for e in o.errors][:MAX_STORED_ERRORS]
        batch.skips = [s.as_dict() for s in skips][:MAX_STORED_ERRORS]
        workbook = await asyncio.to_thread(error_workbook, sheet, failed) if failed else None
        batch.error_workbook = seal_file(self.cipher, workbook, ERROR_WORKBOOK_CONTEXT) if workbook else None
        batch.source = None
        batch.status = ImportStatus.DONE
        await ImportRepository(self.session).clear_progress(batch.bank_id, batch.id)
        batch.finished_at = datetime.now(UTC)
        await self.session.flush()
        await audit.record(
            self.session, action="customer.import", org_path=branch.path, principal=principal,
            target_type="ImportBatch", target_id=str(batch.id),
            detail={
                "file_name": batch.file_name, "sha256": batch.file_sha256, "rows": batch.total_rows,
                "imported": batch.imported, "skipped": batch.skipped, "failed": batch.failed,
            },
        )
        log.info("archives_imported", batch_id=str(batch.id), imported=batch.imported, skipped=batch.skipped, failed=batch.failed)
        return report_of(batch)

    async def _evaluate(self, rules: RuleBook, bank_id: int, ids: list[uuid.UUID]) -> None:
        """The chunk's new archives against the integrity rules in force: one evaluating SELECT
        and one upsert for the whole chunk, as ``evaluate_one`` does for a single save."""
        where = "c.bank_id = :bank AND c.id = ANY(CAST(:ids AS uuid[]))"
        await store(self.session, rules, await evaluate(self.session, self.cipher, rules, where, {"bank": bank_id, "ids": ids}))

    def _customer_rows(self, principal: Principal, branch: OrgUnit, good: list[RowOutcome], now: datetime) -> list[dict[str, Any]]:
        """The customers rows of the good rows: ``archive_columns`` (encryption, blind indexes,
        derived fields) plus the branch, manager, status DRAFT and channel IMPORT."""
        columns = archive_columns(self.cipher, [o.archive for o in good if o.archive is not None])
        ids = new_ids(len(columns))
        return [
            values
            | {
                "bank_id": branch.bank_id, "id": row_id, "branch_id": branch.id, "org_path": branch.path,
                "manager_id": o.manager_id, "status": ArchiveStatus.DRAFT, "channel": Channel.IMPORT, "version": 1,
                "created_by": principal.user_id, "created_by_client": principal.client_id, "extra": o.extra,
                "created_at": now, "updated_at": now,
            }
            for o, values, row_id in zip(good, columns, ids, strict=True)
        ]

    def _changes(
        self, principal: Principal, batch: ImportBatch, imported: list[tuple[RowOutcome, dict[str, Any]]], now: datetime
    ) -> list[dict[str, Any]]:
        """One history row per imported archive, with the same masked diff as a CREATE."""
        return [
            {
                "bank_id": row["bank_id"], "customer_id": row["id"], "version": 1, "action": "IMPORT",
                "channel": Channel.IMPORT.value, "changed_by": principal.user_id, "changed_by_client": principal.client_id,
                "changed_at": now, "diff": history.seal(self.cipher, creation_diff(snapshot(self.cipher, SimpleNamespace(**row)))),  # type: ignore[arg-type]
                "note": f"批量导入 {batch.id} 第{o.number}行",
            }
            for o, row in imported
        ]
