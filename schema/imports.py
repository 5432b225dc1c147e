"""GraphQL types of bulk imports."""

from __future__ import annotations

import datetime as dt

import strawberry

from backend.imports import models
from backend.imports.service import ImportReport as ReportData
from backend.imports.service import RowError
from backend.customers import errors as customer_errors
from backend.imports import errors as import_errors
from schema.common import error_codes, error_type, from_attributes

ImportStatus = strawberry.enum(models.ImportStatus)
MAX_LISTED = 1000
ImportErrorCode = error_codes(
    "ImportErrorCode", import_errors.ERROR_CODES, customer_errors.ERROR_CODES,
    description="Why a workbook or one of its rows was refused; rows are checked as archives are (ArchiveErrorCode).",
)
ImportFileError = error_type(
    "ImportFileError", ImportErrorCode, description="Why the workbook as a whole was refused: the rule (code), the message."
)


@strawberry.type(description="A problem with one cell (or, without `column`, the whole row) of the imported file.")
class ImportRowError:
    row: int = strawberry.field(description="The row number in the workbook (the header is row 1).")
    column: str | None = strawberry.field(description="The column title, e.g. 身份证号码.")
    code: ImportErrorCode = strawberry.field(description="Stable code, e.g. ID_INVALID_CHECKSUM, DUPLICATE_IN_FILE, ALREADY_EXISTS.")
    message: str = strawberry.field(description="Message in Chinese.")
    message_en: str

    @classmethod
    def from_domain(cls, e: RowError) -> ImportRowError:
        return cls(row=e.row, column=e.column, code=ImportFileError.code_of(e.code), message=e.message, message_en=e.message_en)


def _first(items: list[RowError], first: int) -> list[ImportRowError]:
    return [ImportRowError.from_domain(e) for e in items[: max(0, min(first, MAX_LISTED))]]


@strawberry.type(description="The outcome of importing a workbook of archives.")
class ImportReport:
    batch_id: strawberry.ID | None = strawberry.field(description="Null when the file was refused as a whole (see fileErrors).")
    status: ImportStatus | None = strawberry.field(description="PENDING while the worker imports a large file (poll importBatch).")
    file_name: str | None = None
    total_rows: int = strawberry.field(default=0, description="Data rows in the file (blank rows are not counted).")
    imported: int = 0
    skipped: int = strawberry.field(default=0, description="Rows whose ID number the bank already holds: not imported again.")
    failed: int = 0
    repeated: bool = strawberry.field(
        default=False,
        description="True when this identical file was already imported into this branch: this is that earlier "
        "batch's report and nothing was imported again.",
    )
    created_at: dt.datetime | None = None
    failure: str | None = strawberry.field(default=None, description="Why a FAILED batch stopped; import the same file again to retry.")
    finished_at: dt.datetime | None = None
    estimated_rows: int | None = strawberry.field(
        default=None, description="For a file the worker imports: its data rows by the sheet's stored dimension (may count blank rows)."
    )
    running: bool = strawberry.field(
        default=False,
        description="PENDING and the worker has begun: totalRows is the rows read so far, imported/skipped/failed what became "
        "of them (imported archives become visible when the batch is DONE).",
    )
    branch_id: strawberry.ID | None = None
    branch_name: str | None = None
    created_by_name: str | None = strawberry.field(default=None, description="Who uploaded the file (a username, or cli:<os user>).")
    error_workbook_url: str | None = strawberry.field(
        default=None, description="GET it with the bearer token: the failed rows, bad cells highlighted, with 错误原因."
    )
    file_errors: list[ImportFileError] = strawberry.field(
        default_factory=list, description="Why the file as a whole was refused (not .xlsx, missing columns, ...): nothing was imported."
    )
    row_errors: strawberry.Private[list[RowError]] = strawberry.field(default_factory=list)
    row_skips: strawberry.Private[list[RowError]] = strawberry.field(default_factory=list)

    @strawberry.field(description="Per-cell errors of the failed rows, in row order.")
    def errors(self, first: int = 100) -> list[ImportRowError]:
        return _first(self.row_errors, first)

    @strawberry.field(description="The rows skipped because the bank already has an archive with that ID number.")
    def skips(self, first: int = 100) -> list[ImportRowError]:
        return _first(self.row_skips, first)

    @classmethod
    def from_report(cls, r: ReportData) -> ImportReport:
        return from_attributes(
            cls, r,
            batch_id=strawberry.ID(str(r.batch_id)),
            branch_id=strawberry.ID(str(r.branch_id)) if r.branch_id is not None else None,
            error_workbook_url=r.error_workbook_path,
            file_errors=[],
            row_errors=r.errors,
            row_skips=r.skips,
        )
