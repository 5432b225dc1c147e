"""``cic rating run``: the quarterly batch by hand; ``cic rating fit`` and ``cic rating score``: a
scorecard fitted from labelled history, and applied.

The work is in ``backend.rating.fitting``; it is imported inside the commands because optbinning
and scikit-learn take seconds to load and ``cic --help`` should not wait for them.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import typer

rating_app = typer.Typer(help="Credit rating: the 1,200-point scorecard.", no_args_is_help=True)


@rating_app.command("fit")
def fit(
    train: Path = typer.Argument(..., exists=True, dir_okay=False, help="Labelled history (CSV)."),
    target: str = typer.Option(..., "--target", help="The column that is 1 for a bad outcome, 0 for a good one."),
    out: Path = typer.Option(..., "--out", help="Where to write the card (CARD.json)."),
    report: Path = typer.Option(None, "--report", file_okay=False, help="A folder for report.json, report.md and a chart per item."),
    exclude: list[str] = typer.Option([], "--exclude", help="A column that must not become an item (an id, a date); repeatable."),
    test: Path = typer.Option(None, "--test", exists=True, dir_okay=False, help="Held-out labelled rows (CSV) for the report's test figures and PSI."),
) -> None:
    """Fit a scorecard (monotonic optimal bins, WoE, logistic regression) and write it as JSON."""
    from backend.rating import fitting

    frame = fitting.read_csv(train)
    try:
        fitted = fitting.fit(frame, target, exclude=exclude)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    out.write_text(json.dumps(fitted.card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    typer.echo(f"wrote {out}: {len(fitted.items)} items, base points {fitted.base_points}")
    if report is not None:
        result = fitting.report(fitted, frame, fitting.read_csv(test) if test else None)
        fitting.write_report(result, report)
        figures = ", ".join(f"{s} KS {result[s]['ks']:.3f} AUC {result[s]['auc']:.3f}" for s in ("train", "test") if s in result)
        typer.echo(f"wrote the report to {report}: {figures}")


@rating_app.command("score")
def score(
    card: Path = typer.Argument(..., exists=True, dir_okay=False, help="A card (CARD.json)."),
    data: Path = typer.Argument(..., exists=True, dir_okay=False, help="The rows to score (CSV)."),
    out: Path = typer.Option(..., "--out", help="Where to write the scores: one `score` column, in the input's row order."),
) -> None:
    """Score every row of DATA with CARD."""
    import polars as pl

    from backend.rating import fitting

    frame = fitting.read_csv(data)
    try:
        scores = fitting.score(json.loads(card.read_text(encoding="utf-8")), frame)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    pl.DataFrame({"score": scores}).write_csv(out)
    typer.echo(f"wrote {len(scores)} scores to {out}")


@rating_app.command("run")
def run(
    quarter: str = typer.Option(..., "--quarter", help="The quarter, e.g. 2026Q4."),
    bank: list[str] = typer.Option([], help="Only these bank codes (default: every bank)."),
    chunk: int = typer.Option(50_000, min=1, help="Archives per statement and transaction (a crash loses at most one per connection); fixed when a bank's run begins."),
    workers: int = typer.Option(None, min=1, max=16, help="Connections rating chunks at once (default: CIC_RATING_BATCH_WORKERS, 2)."),
) -> None:
    """Rate every archive of every bank (or of --bank) for the quarter, with a progress bar.

    What the worker's nightly job does for the current quarter: a bank already done is skipped,
    a run stopped half-way resumes after its last committed chunk."""
    from backend.cli import _rows_progress, data_services
    from backend.rating.service import check_quarter

    try:
        check_quarter(quarter)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    with data_services() as settings:
        outcomes = asyncio.run(_run(settings, quarter, bank or None, chunk, workers or settings.rating_batch_workers, _rows_progress))
    for o in outcomes:
        state = "already done" if o.already_done else ("resumed, " if o.resumed else "") + f"{o.rated} rated"
        typer.echo(f"{o.bank_code} {o.quarter}: {state} ({o.total} in the quarter)")


async def _run(settings, quarter: str, banks: list[str] | None, chunk: int, workers: int, progress_bar) -> list:
    from sqlalchemy import func, select

    from backend.customers.models import Customer
    from backend.db.engine import create_database
    from backend.rating.service import rate_quarter

    db = create_database(settings)
    try:
        async with db.sessions() as session:
            total = await session.scalar(select(func.count()).select_from(Customer))
        with progress_bar(f"rating {quarter}") as progress:
            task = progress.add_task("rate", total=total)
            return await rate_quarter(
                db.sessions, quarter, banks=banks, chunk=chunk, workers=workers, on_chunk=lambda _bank, n: progress.advance(task, n)
            )
    finally:
        await db.dispose()


@rating_app.command("import")
def import_card(
    card: Path = typer.Argument(..., exists=True, dir_okay=False, help="A fitted card (CARD.json from `cic rating fit`)."),
    bank: str = typer.Option(..., "--bank", help="The bank's code (e.g. FJ-FZ) whose draft it becomes."),
    mapping: list[str] = typer.Option([], "--map", help="COLUMN=VARIABLE: the CIC variable a fitted column is (e.g. income=income.total); one per item."),
    name: str = typer.Option(None, "--name", help="The draft's name (default: the file's name)."),
    by: str = typer.Option("cli", "--by", help="Who imports it (recorded as the draft's author and in the audit log)."),
) -> None:
    """Import a fitted card as a draft card of a bank, with the grades and vetoes of the bank's
    card in force; dry-run and publish it in the PC (评分卡), approved by a second admin."""
    pairs = [m.split("=", 1) for m in mapping]
    if any(len(p) != 2 or not p[0] or not p[1] for p in pairs):
        raise typer.BadParameter("each --map is COLUMN=VARIABLE")
    fitted = json.loads(card.read_text(encoding="utf-8"))
    from backend.cli import data_services

    with data_services() as settings:
        stored = asyncio.run(_import(settings, fitted, bank, dict(pairs), name or card.stem, by))
    if isinstance(stored, list):
        for line in stored:
            typer.echo(line, err=True)
        raise typer.Exit(2)
    typer.echo(stored)


async def _import(settings, fitted: dict, bank_code: str, mapping: dict[str, str], name: str, by: str) -> str | list[str]:
    from sqlalchemy import select

    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.errors import DomainError
    from backend.orgs.models import OrgLevel, OrgUnit
    from backend.rating.service import RatingService

    db = create_database(settings)
    try:
        async with transaction(db.sessions) as session:
            bank_id = await session.scalar(select(OrgUnit.id).where(OrgUnit.code == bank_code, OrgUnit.level == OrgLevel.BANK))
            if bank_id is None:
                return [f"--bank: no bank {bank_code}"]
            try:
                row = await RatingService(session).import_fitted(bank_id, fitted, mapping, name=name, by=by)
            except ValueError as exc:
                return [str(exc)]
            except DomainError as exc:
                return [f"{e.field or '-'}: {e.code} {e.message_en}" for e in exc.errors]
            return f"draft card {row.id} (version {row.version}) of {bank_code}: {len(row.definition['items'])} items; dry-run and publish it in the PC"
    finally:
        await db.dispose()
