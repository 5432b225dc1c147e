"""``cic reports build``: the report centre's facts of past days (docs/reports.md), e.g. after an
upgrade or a gap in the worker's nightly runs; ``cic reports monthly``: a month's workbooks again."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import typer

reports_app = typer.Typer(help="The report centre: daily facts and monthly reports.", no_args_is_help=True)


def _day(value: str | None, option: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise typer.BadParameter(f"{option} is a date, YYYY-MM-DD") from None


@reports_app.command("build")
def build_facts(
    since: str = typer.Option(None, "--since", help="The first day (default: --days before yesterday)."),
    until: str = typer.Option(None, "--until", help="The last day (default: yesterday, Fujian time)."),
    days: int = typer.Option(1, "--days", min=1, max=1100, help="How many days up to --until, without --since."),
) -> None:
    """Make (or remake) the facts of each day, one set-based statement per day, with a progress bar.

    Stocks of a past day are as exact as the tables can date them (an archive counts from its
    creation; the precise flag and the grade are today's): docs/reports.md."""
    from backend.cli import _rows_progress, data_services
    from backend.reports.service import yesterday

    last = _day(until, "--until") or yesterday()
    first = _day(since, "--since") or last - timedelta(days=days - 1)
    if first > last:
        raise typer.BadParameter("--since must not be after --until")
    span = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    with data_services() as settings:
        rows = asyncio.run(_build(settings, span, _rows_progress))
    typer.echo(f"facts of {len(span)} days ({first} to {last}): {rows} rows")


async def _build(settings, span: list[date], progress_bar) -> int:
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.reports.service import build

    db = create_database(settings)
    rows = 0
    try:
        with progress_bar("days") as progress:
            task = progress.add_task("build", total=len(span))
            for day in span:
                async with transaction(db.sessions) as session:
                    rows += await build(session, [day])
                progress.advance(task)
        return rows
    finally:
        await db.dispose()


@reports_app.command("monthly")
def monthly_reports(
    month: str = typer.Option(None, "--month", help="YYYY-MM (default: last month)."),
) -> None:
    """File the monthly report workbooks of the province and every bank for a month (replacing them)."""
    from backend.cli import data_services

    try:
        first = date.fromisoformat(f"{month}-01") if month else None
    except ValueError:
        raise typer.BadParameter("--month is YYYY-MM") from None
    with data_services() as settings:
        made = asyncio.run(_monthly(settings, first))
    typer.echo(f"{len(made)} monthly reports: {', '.join(made)}")


async def _monthly(settings, first: date | None) -> list[str]:
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.reports.service import monthly, yesterday

    db = create_database(settings)
    try:
        async with transaction(db.sessions) as session:
            # ``monthly`` files the month before the day it is given.
            return await monthly(session, (first.replace(day=28) + timedelta(days=4)).replace(day=1) if first else yesterday() + timedelta(days=1))
    finally:
        await db.dispose()
