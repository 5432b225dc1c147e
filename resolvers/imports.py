"""Import resolvers: read the upload, call the import service, map the report."""

from __future__ import annotations

import strawberry
from strawberry import Info
from strawberry.file_uploads import Upload

from backend.imports.service import MAX_FILE_BYTES
from resolvers.common import parse_id, parse_uuid, read_one, run_mutation
from schema.imports import ImportFileError, ImportReport


async def _read(file: Upload) -> tuple[bytes, str]:
    content = await file.read(MAX_FILE_BYTES + 1)  # one byte more than allowed: the service refuses it
    return content, getattr(file, "filename", None) or "import.xlsx"


async def import_archives(
    info: Info,
    file: Upload,
    branch_id: strawberry.ID,
    manager_employee_no: str | None = None,
) -> ImportReport:
    """Import a workbook of legacy archives into a branch (DRAFT, channel IMPORT)."""
    ctx = info.context
    content, name = await _read(file)

    async def work(session):
        return await ctx.services.imports(session).import_archives(
            ctx.viewer,
            content,
            name,
            branch_id=parse_id(branch_id, "branchId"),
            manager_employee_no=manager_employee_no.strip() if manager_employee_no and manager_employee_no.strip() else None,
        )

    report, errors = await run_mutation(info, work)
    if report is None:
        return ImportReport(batch_id=None, status=None, file_name=name, file_errors=ImportFileError.of(errors))
    return ImportReport.from_report(report)


async def import_batch(info: Info, id: strawberry.ID) -> ImportReport | None:
    """An import batch in your scope (poll a PENDING one)."""
    ctx = info.context
    key = parse_uuid(id)
    return await read_one(info, lambda session: ctx.services.imports(session).batch(ctx.viewer, key), ImportReport.from_report)


async def import_batches(info: Info, first: int = 20, branch_id: strawberry.ID | None = None) -> list[ImportReport]:
    """The newest import batches in your scope, running ones with their progress."""
    ctx = info.context
    branch = parse_id(branch_id, "branchId") if branch_id is not None else None
    async with ctx.reader() as session:
        reports = await ctx.services.imports(session).batches(ctx.viewer, branch_id=branch, first=first)
    return [ImportReport.from_report(r) for r in reports]
