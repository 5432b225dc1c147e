"""``cic import ...``: the archive template, and bulk import of a workbook with a progress bar."""

from __future__ import annotations

import asyncio
import getpass
import time
from pathlib import Path

import typer

import_app = typer.Typer(help="Bulk imports (Excel).", no_args_is_help=True)

PHASES = {"import": "导入"}


@import_app.command("template")
def template(out: Path = typer.Argument(..., help="Where to write the .xlsx template.")) -> None:
    """Write the archive import template (客户档案 sheet, drop-downs, 说明 sheet)."""
    from backend.imports.template import template_bytes

    out.write_bytes(template_bytes())
    typer.echo(f"wrote {out}")


async def _import(settings, content: bytes, name: str, branch: str, manager: str | None, progress):
    from sqlalchemy import select

    from backend.auth.principal import Principal
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.errors import not_found
    from backend.orgs.models import OrgLevel, OrgUnit, Role
    from backend.services import Services

    db = create_database(settings)
    services = Services(settings=settings, db=db, redis=None)
    try:
        async with transaction(db.sessions) as session:
            unit = (await session.scalars(select(OrgUnit).where(OrgUnit.code == branch, OrgUnit.level == OrgLevel.BRANCH))).one_or_none()
            if unit is None or unit.bank_id is None:
                raise not_found("网点", "--branch")
            bank = await session.get(OrgUnit, unit.bank_id)
            assert bank is not None
            # The operator at the console acts as an administrator of the branch's bank.
            principal = Principal(
                kind="staff", scope_path=bank.path, username=f"cli:{getpass.getuser()}"[:64], org_id=bank.id,
                org_level=OrgLevel.BANK, bank_id=bank.id, roles=frozenset({Role.BANK_ADMIN}),
            )
            report = await services.imports(session).import_archives(
                principal, content, name, branch_id=unit.id, manager_employee_no=manager, always_inline=True, progress=progress
            )
            error_workbook = None
            if report.has_error_workbook:
                from backend.imports.models import ImportBatch

                batch = await session.get(ImportBatch, (unit.bank_id, report.batch_id))
                from backend.auth.contexts import ERROR_WORKBOOK_CONTEXT
                from backend.imports.service import open_file

                error_workbook = open_file(services.cipher, batch.error_workbook, ERROR_WORKBOOK_CONTEXT) if batch and batch.error_workbook else None
            return report, error_workbook
    finally:
        await db.dispose()


@import_app.command("archives")
def archives(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="The .xlsx workbook (see `cic import template`)."),
    branch: str = typer.Option(..., "--branch", help="Code of the branch the archives belong to, e.g. FJ-FZ-01."),
    manager: str = typer.Option(None, "--manager", help="Employee number of the customer manager for rows without one."),
    errors_out: Path = typer.Option(None, "--errors-out", help="Write the error workbook (failed rows) here."),
    show: int = typer.Option(20, "--show", help="How many row errors to print."),
) -> None:
    """Import legacy archives from Excel into a branch (DRAFT, channel IMPORT); idempotent per file."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.table import Table

    from backend.cli import _migrate, data_services
    from backend.errors import DomainError

    console = Console()
    content = file.read_bytes()
    with Progress(
        TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=False
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(PHASES.get(phase, phase), total=total)
            bar.update(tasks[phase], completed=done, total=total)

        with data_services() as settings:
            _migrate(settings)
            started = time.perf_counter()
            try:
                report, error_workbook = asyncio.run(_import(settings, content, file.name, branch, manager, progress))
                elapsed = time.perf_counter() - started
            except DomainError as exc:
                bar.stop()
                for e in exc.errors:
                    console.print(f"[red]{e.field or 'file'}: {e.code} {e.message} ({e.message_en})[/red]")
                raise typer.Exit(2) from None

    summary = Table(title=f"导入结果 {file.name}", show_header=False)
    summary.add_row("batch", str(report.batch_id))
    if report.repeated:
        summary.add_row("note", "[yellow]同一文件已导入过：以下为上次导入的结果，本次未导入任何数据[/yellow]")
    summary.add_row("rows", str(report.total_rows))
    summary.add_row("imported", f"[green]{report.imported}[/green]")
    summary.add_row("skipped (already exist)", str(report.skipped))
    summary.add_row("failed", f"[red]{report.failed}[/red]" if report.failed else "0")
    if not report.repeated and elapsed > 0:
        summary.add_row("time", f"{elapsed:.2f} s ({report.total_rows / elapsed:,.0f} rows/s)")
    console.print(summary)
    if report.errors and show > 0:
        errors = Table("row", "column", "code", "message", title=f"errors (first {min(show, len(report.errors))} of {len(report.errors)})")
        for e in report.errors[:show]:
            errors.add_row(str(e.row), e.column or "", e.code, e.message)
        console.print(errors)
    if errors_out is not None and error_workbook is not None:
        errors_out.write_bytes(error_workbook)
        console.print(f"error workbook written to {errors_out}")
