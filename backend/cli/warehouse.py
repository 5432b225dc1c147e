"""``cic warehouse import`` and ``cic simulate warehouse``: the warehouse's daily feeds by hand."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path

import typer

warehouse_app = typer.Typer(help="Business data from the data warehouse (T+1 feeds).", no_args_is_help=True)


def _day(value: str) -> date:
    try:
        return datetime.strptime(value.replace("-", ""), "%Y%m%d").date()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD or YYYYMMDD)") from None


async def _import(settings, directory: Path | None, day: date, banks: list[str] | None) -> list:
    from backend.auth.fieldcrypt import cipher_from_settings
    from backend.business.feed import declared_count, file_name
    from backend.business.models import Subject
    from backend.business.service import import_delivery
    from backend.business.sources import DatabaseSource, FileSource
    from backend.cli import _rows_progress
    from backend.db.engine import create_database, create_warehouse_engine

    engine = create_warehouse_engine(settings.warehouse_database_url) if directory is None else None
    source = DatabaseSource(engine) if engine is not None else FileSource(directory)  # type: ignore[arg-type]
    codes = banks or await source.banks(day)
    total = None  # rows to import: known up front for files (the database source says as it goes)
    if directory is not None:
        files = [directory / file_name(c, s, day) for c in codes for s in Subject]
        total = sum(declared_count(p) for p in files if p.exists())
    db = create_database(settings)
    try:
        with _rows_progress(f"business date {day}") as progress:
            task = progress.add_task("import", total=total)
            return await import_delivery(
                db.sessions, cipher_from_settings(settings), source, day, started_by="cli", banks=codes,
                on_file=lambda o: progress.advance(task, o.imported + o.rejected),
                parallel_files=settings.warehouse_parallel_files,
            )  # fmt: skip
    finally:
        await db.dispose()
        if engine is not None:
            await engine.dispose()


@warehouse_app.command("import")
def import_(
    directory: Path | None = typer.Argument(None, exists=True, file_okay=False, help="The folder of the delivery."),
    business_date: str = typer.Option(..., "--date", help="Business date, YYYY-MM-DD."),
    bank: list[str] = typer.Option([], help="Only these bank codes (default: every bank whose delivery is complete)."),
    from_database: bool = typer.Option(False, help="Read the warehouse database (CIC_WAREHOUSE_DATABASE_URL) instead of a folder."),
) -> None:
    """Import one business date's feeds (every subject, every bank whose flag file is present).

    Running a date again changes nothing; a refused file imports nothing and says why."""
    from backend.cli import data_services

    day = _day(business_date)
    if (directory is None) != from_database:
        raise typer.BadParameter("give either a delivery folder or --from-database")
    with data_services() as settings:
        if from_database and not settings.warehouse_database_url:
            raise typer.BadParameter("--from-database needs CIC_WAREHOUSE_DATABASE_URL")
        outcomes = asyncio.run(_import(settings, directory, day, bank or None))
    if not outcomes:
        typer.echo(f"no complete delivery for {day} in {directory} (no <bank>_{day:%Y%m%d}.ok flag file)")
        raise typer.Exit(1)
    for o in outcomes:
        detail = f"refused: {o.error}" if o.error else f"{o.imported} rows, {o.rejected} rejected, {o.unmatched} without an archive"
        typer.echo(f"{o.bank_code} {o.subject.value:<9} {o.status.value:<8} {detail}")


async def _simulate(settings, out: Path, day: date, days: int, banks: list[str] | None, broken_trailer: bool) -> dict:
    from datetime import timedelta

    from backend.auth.fieldcrypt import cipher_from_settings
    from backend.business.simulator import simulate_warehouse
    from backend.db.engine import create_database

    db = create_database(settings)
    written: dict = {}
    try:
        async with db.sessions() as session:
            for n in range(days - 1, -1, -1):
                d = day - timedelta(days=n)
                written[d.isoformat()] = await simulate_warehouse(
                    session, cipher_from_settings(settings), out, d, bank_codes=banks,
                    broken_trailer=broken_trailer and n == 0,
                )  # fmt: skip
    finally:
        await db.dispose()
    return written
