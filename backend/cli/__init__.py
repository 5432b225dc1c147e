"""``cic``: run, serve, worker, migrate, seed, demo, rules, schema, simulate, rating, clients, ..."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from backend.cli.clients import clients_app
from backend.cli.imports import import_app
from backend.cli.rating import rating_app
from backend.cli.reports import reports_app
from backend.cli.warehouse import warehouse_app
from backend.config import PROJECT_ROOT, Settings, get_settings

app = typer.Typer(help="CIC - Customer Information Collection system", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)
seed_app = typer.Typer(help="Load data.", no_args_is_help=True)
schema_app = typer.Typer(help="GraphQL schema.", no_args_is_help=True)
simulate_app = typer.Typer(help="Simulators of connected systems.", no_args_is_help=True)
keys_app = typer.Typer(help="Field-encryption keys.", no_args_is_help=True)
images_app = typer.Typer(help="Customer images.", no_args_is_help=True)
app.add_typer(demo_app, name="demo")
app.add_typer(seed_app, name="seed")
app.add_typer(schema_app, name="schema")
app.add_typer(simulate_app, name="simulate")
rules_app = typer.Typer(help="Integrity rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
ecif_app = typer.Typer(help="ECIF (unified customer numbers).", no_args_is_help=True)
app.add_typer(ecif_app, name="ecif")
outbox_app = typer.Typer(help="The outbox: jobs that gave up.", no_args_is_help=True)
app.add_typer(outbox_app, name="outbox")
app.add_typer(import_app, name="import")
app.add_typer(warehouse_app, name="warehouse")
app.add_typer(rating_app, name="rating")
app.add_typer(reports_app, name="reports")
app.add_typer(keys_app, name="keys")
app.add_typer(images_app, name="images")
app.add_typer(clients_app, name="clients")

SCHEMA_FILE = PROJECT_ROOT / "schema" / "schema.graphql"


@contextmanager
def data_services() -> Iterator[Settings]:
    """Settings whose database and Redis URLs are filled, starting embedded servers if needed."""
    from backend.embedded import EmbeddedServices

    settings = get_settings()
    embedded = EmbeddedServices(settings)
    env = embedded.start()
    os.environ.update(env)
    get_settings.cache_clear()
    try:
        yield get_settings()
    finally:
        embedded.stop()


def _migrate(settings: Settings) -> None:
    """Schema migrations, then the reference data every deployment needs (the rule baseline, the
    province's scorecard)."""
    from backend.db.migrate import upgrade

    assert settings.database_url
    upgrade(settings.database_url)
    asyncio.run(_reference_data(settings))


async def _reference_data(settings: Settings) -> None:
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.approvals.service import ensure_templates
    from backend.images.storage import object_store_from_settings
    from backend.rating.service import ensure_province_card
    from backend.rules.baseline import ensure_baseline

    db = create_database(settings)
    objects = object_store_from_settings(settings)
    try:
        async with transaction(db.sessions) as session:
            await ensure_baseline(session)
            await ensure_province_card(session)
            await ensure_templates(session)
        await objects.ensure_ready()  # the bucket (S3) or directory (local)
    finally:
        await objects.close()
        await db.dispose()


async def _seed_demo_if_empty(settings: Settings) -> bool:
    from backend.auth.fieldcrypt import cipher_from_settings
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.demo import database_is_empty, load_demo
    from backend.seeding.images import evaluate_archives, load_demo_images
    from backend.images.storage import object_store_from_settings

    db = create_database(settings)
    objects = object_store_from_settings(settings)
    cipher = cipher_from_settings(settings)
    try:
        async with transaction(db.sessions) as session:
            if not await database_is_empty(session):
                return False
            await load_demo(session, cipher)
            await evaluate_archives(session, cipher, await load_demo_images(session, objects))
        await _demo_business_data_and_ratings(settings, db, cipher)
        from backend.seeding.applications import load_demo_applications

        await load_demo_applications(db.sessions)
        from backend.demo import load_demo_contacts, load_demo_models

        async with transaction(db.sessions) as session:
            await load_demo_models(session)
            await load_demo_contacts(session)
        await _demo_reports(db)
        return True
    finally:
        await objects.close()
        await db.dispose()


async def _demo_reports(db, days: int = 30) -> None:
    """The report centre's facts of the last ``days`` days (what the worker makes nightly) and
    last month's workbooks (what it files on the first), so the screens have a trend to show."""
    from datetime import timedelta

    from backend.db.session import transaction
    from backend.reports.service import build, monthly, yesterday

    last = yesterday()
    async with transaction(db.sessions) as session:
        await build(session, [last - timedelta(days=n) for n in range(days - 1, -1, -1)] + [last + timedelta(days=1)])
        await monthly(session, last + timedelta(days=1))


async def _demo_business_data_and_ratings(settings: Settings, db, cipher, days: int = 3) -> None:
    """Two quarters of business data and ratings: the warehouse's delivery of the previous
    quarter's last business date and that quarter's rating batch, then the deliveries of the last
    ``days`` business dates (written into the delivery folder and imported, as the worker's cron
    would) and the current quarter's batch, as the worker runs it every night. The grades that
    moved between the two batches give the demo its migration matrix and warnings."""
    from datetime import date, timedelta

    from backend.business.service import import_delivery
    from backend.business.simulator import simulate_warehouse
    from backend.rating.service import quarter_of, rate_quarter

    folder = settings.warehouse_delivery_dir()
    today = date.today()
    quarter_end = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1) - timedelta(days=1)
    recent = [today - timedelta(days=n) for n in range(days, 0, -1)]
    for day in [quarter_end, *recent]:
        async with db.sessions() as session:
            await simulate_warehouse(session, cipher, folder, day, broken_trailer=day == recent[-1])
        await import_delivery(db.sessions, cipher, folder, day, started_by="demo")
        if day == quarter_end:
            await rate_quarter(db.sessions, quarter_of(quarter_end))
    await rate_quarter(db.sessions, quarter_of(today))


@app.command()
def migrate() -> None:
    """Apply database migrations (Alembic) up to the newest."""
    with data_services() as settings:
        _migrate(settings)
    typer.echo("database migrated")


@seed_app.command("demo")
def seed_demo() -> None:
    """Load the demo org tree, staff and clients into an empty database."""
    with data_services() as settings:
        _migrate(settings)
        loaded = asyncio.run(_seed_demo_if_empty(settings))
    typer.echo("demo data loaded" if loaded else "database not empty: demo data left as it is")


def _rows_progress(label: str):
    """A rich progress bar: done/total, rows per second, elapsed and remaining time."""
    from rich.progress import (
        BarColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RowsPerSecond(ProgressColumn):
        def render(self, task) -> Text:
            return Text(f"{task.speed:,.0f} rows/s" if task.speed else "- rows/s", style="progress.data.speed")

    return Progress(
        TextColumn(f"[bold]{label}"), BarColumn(), TextColumn("{task.completed:,}/{task.total:,}"),
        RowsPerSecond(), TimeElapsedColumn(), TimeRemainingColumn(),
    )  # fmt: skip


async def _seed_customers(settings: Settings, count: int, banks: list[str] | None, seed: int) -> tuple[int, float]:
    from backend.auth.fieldcrypt import cipher_from_settings
    from backend.db.engine import create_database
    from sqlalchemy import text

    from backend.db.session import transaction
    from backend.seeding.synthetic import seed_customers

    db = create_database(settings)
    started = time.perf_counter()
    try:
        with _rows_progress("archives") as progress:
            task = progress.add_task("seed", total=count)
            async with transaction(db.sessions) as session:
                added = await seed_customers(
                    session, cipher_from_settings(settings), count, bank_codes=banks, seed=seed,
                    progress=lambda n: progress.advance(task, n),
                )  # fmt: skip
                progress.update(task, description="commit")
            # The planner's statistics for what was just loaded (autovacuum may be off, or not
            # yet round): without them a search picks the wrong index and the list's total is
            # counted instead of estimated.
            progress.update(task, description="analyze")
            async with db.sessions() as session:
                await session.execute(text("ANALYZE customers, customer_changes"))
                await session.commit()
    finally:
        await db.dispose()
    return added, time.perf_counter() - started


@seed_app.command("customers")
def seed_customers_command(
    count: int = typer.Option(..., "--count", min=1, help="How many archives to add."),
    bank: list[str] = typer.Option(None, "--bank", help="Bank code (FZ or FJ-FZ); repeatable. Default: every bank."),
    seed: int = typer.Option(0, "--seed", help="Random seed (a rerun still adds new, distinct archives)."),
    evaluate: bool = typer.Option(False, "--evaluate", help="Then evaluate the chosen banks' archives against the integrity rules."),
) -> None:
    """Add synthetic customer archives (valid IDs, households, income...) with COPY."""
    with data_services() as settings:
        _migrate(settings)
        try:
            added, seconds = asyncio.run(_seed_customers(settings, count, bank or None, seed))
        except ValueError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        typer.echo(f"added {added:,} archives in {seconds:.1f} s ({added / seconds:,.0f} rows/s)")
        if not evaluate:
            typer.echo("the new archives have no integrity evaluation yet: run `cic rules evaluate` (or seed with --evaluate)")
            return
        done, seconds = asyncio.run(_evaluate_rules(settings, bank or None))
    typer.echo(f"evaluated {done:,} archives in {seconds:.1f} s ({done / max(seconds, 1e-9):,.0f} rows/s)")


async def _evaluate_rules(settings: Settings, banks: list[str] | None) -> tuple[int, float]:
    """``evaluate_all`` over the chosen banks (default: every archive), with a progress bar."""
    from sqlalchemy import func, select

    from backend.auth.fieldcrypt import cipher_from_settings
    from backend.customers.models import Customer
    from backend.db.engine import create_database
    from backend.orgs.models import OrgLevel, OrgUnit
    from backend.rules.engine import evaluate_all

    db = create_database(settings)
    started = time.perf_counter()
    done = 0
    try:
        async with db.sessions() as session:
            scopes: list[int | None] = [None]
            if banks:
                rows = (await session.execute(select(OrgUnit.id, OrgUnit.code).where(OrgUnit.level == OrgLevel.BANK))).all()
                wanted = [b.upper() for b in banks]
                scopes = [i for i, code in rows if any(code.upper() == w or code.upper().endswith("-" + w) for w in wanted)]
                unknown = [w for w in wanted if not any(code.upper() == w or code.upper().endswith("-" + w) for _, code in rows)]
                if unknown:
                    raise ValueError(f"unknown bank code(s): {', '.join(unknown)}")
            count = select(func.count()).select_from(Customer)
            total = await session.scalar(count if banks is None else count.where(Customer.bank_id.in_(scopes)))
        with _rows_progress("evaluations") as progress:
            task = progress.add_task("evaluate", total=total or 0)
            for bank_id in scopes:
                base = done

                async def advance(n: int, _last: object, base: int = base) -> None:
                    progress.update(task, completed=base + n)

                done += await evaluate_all(db.sessions, cipher_from_settings(settings), bank_id=bank_id, progress=advance)
    finally:
        await db.dispose()
    return done, time.perf_counter() - started


@rules_app.command("evaluate")
def rules_evaluate(
    bank: list[str] = typer.Option(None, "--bank", help="Bank code (FZ or FJ-FZ); repeatable. Default: every bank."),
) -> None:
    """Evaluate archives against the integrity rules in force (as after a publish), in chunks."""
    with data_services() as settings:
        try:
            done, seconds = asyncio.run(_evaluate_rules(settings, bank or None))
        except ValueError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
    typer.echo(f"evaluated {done:,} archives in {seconds:.1f} s ({done / max(seconds, 1e-9):,.0f} rows/s)")


@demo_app.command("accounts")
def demo_accounts(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """The demo staff accounts and machine clients."""
    from backend.demo import accounts_as_dicts, demo_clients

    accounts = accounts_as_dicts()
    if as_json:
        typer.echo(json.dumps({"staff": accounts, "clients": demo_clients()}, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="CIC demo accounts (password for all: %s)" % accounts[0]["password"])
    for col in ("username", "roles", "org", "name"):
        table.add_column(col)
    for a in accounts:
        table.add_row(str(a["username"]), ", ".join(a["roles"]), f"{a['org_name']} ({a['org_code']})", str(a["name"]))
    Console().print(table)


@keys_app.command("rotate")
def keys_rotate(batch_size: int = typer.Option(5000, help="Rows per transaction.")) -> None:
    """Re-encrypt personal data under the first key of CIC_FIELD_ENCRYPTION_KEYS."""
    from rich.progress import Progress

    from backend.auth.fieldcrypt import cipher_from_settings
    from backend.keys.rotation import count_stale, rotate
    from backend.db.engine import create_database

    async def go(settings: Settings) -> int:
        db = create_database(settings)
        cipher = cipher_from_settings(settings)
        try:
            async with db.sessions() as session:
                stale = await count_stale(session, cipher)
            with Progress() as bar:
                task = bar.add_task(f"re-encrypting under key {cipher.current_kid}", total=stale)
                return await rotate(db.sessions, cipher, batch_size=batch_size, progress=lambda n: bar.advance(task, n))
        finally:
            await db.dispose()

    with data_services() as settings:
        done = asyncio.run(go(settings))
    typer.echo(f"re-encrypted {done} values")


@images_app.command("c2pa-chain")
def images_c2pa_chain(directory: Path = typer.Argument(..., help="Where to write chain.pem, signer.key and root.pem.")) -> None:
    """Generate a self-signed C2PA signing chain (EC P-256 root + leaf) for a test cluster.

    Production should use a certificate from a CA that C2PA validators trust; point
    CIC_C2PA_CERT_CHAIN_FILE / CIC_C2PA_PRIVATE_KEY_FILE at it.
    """
    from backend.images.c2pa_signing import dev_chain_files

    chain, key = dev_chain_files(directory)
    typer.echo(f"CIC_C2PA_CERT_CHAIN_FILE={chain}\nCIC_C2PA_PRIVATE_KEY_FILE={key}")


@images_app.command("purge")
def images_purge() -> None:
    """Purge the objects of images deleted longer ago than CIC_IMAGE_RETENTION_DAYS (the worker
    does this hourly)."""
    from backend.db.engine import create_database
    from backend.images.pipeline import purge_due
    from backend.services import Services

    async def work(settings: Settings) -> int:
        services = Services(settings=settings, db=create_database(settings), redis=None)
        try:
            total = 0
            while purged := await purge_due(services):
                total += purged
            return total
        finally:
            await services.close_clients()
            await services.db.dispose()

    with data_services() as settings:
        typer.echo(f"purged {asyncio.run(work(settings))} images")


@schema_app.command("export")
def schema_export(check: bool = typer.Option(False, help="Fail if schema/schema.graphql is stale.")) -> None:
    """Write the GraphQL SDL to schema/schema.graphql."""
    from schema.schema import build_schema

    sdl = build_schema(Settings(env="development")).as_str() + "\n"
    if check:
        if not SCHEMA_FILE.exists() or SCHEMA_FILE.read_text() != sdl:
            typer.echo("schema/schema.graphql is stale: run `cic schema export`", err=True)
            raise typer.Exit(1)
        typer.echo("schema/schema.graphql is up to date")
        return
    SCHEMA_FILE.write_text(sdl)
    typer.echo(f"wrote {SCHEMA_FILE.relative_to(PROJECT_ROOT)}")


@app.command()
def serve(
    host: str = typer.Option(None, help="Default: CIC_HOST."),
    port: int = typer.Option(None, help="Default: CIC_PORT."),
    workers: int = typer.Option(1, help="Uvicorn worker processes."),
) -> None:
    """Serve the API (needs CIC_DATABASE_URL and CIC_REDIS_URL, or run `cic run`)."""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "backend.web.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        timeout_keep_alive=settings.keep_alive_seconds,
    )


@app.command()
def worker(burst: bool = typer.Option(False, help="Run queued jobs, then exit.")) -> None:
    """Run the arq worker (jobs and cron: outbox relay)."""
    from arq.worker import Worker

    from workers.settings import worker_settings

    options = worker_settings()
    if burst:
        options.update(burst=True)
    Worker(**options).run()


@app.command()
def run(
    api_processes: int = typer.Option(1, min=1, help="API processes serving the one port (uvicorn workers)."),
    workers: int = typer.Option(1, min=1, help="arq worker processes (jobs and cron, each cron tick once across them)."),
) -> None:
    """Everything for development: embedded services, migrate, demo data, API and worker."""
    with data_services() as settings:
        typer.echo("migrating ...")
        _migrate(settings)
        if asyncio.run(_seed_demo_if_empty(settings)):
            typer.echo("loaded demo data into the empty database")
        env = {**os.environ, "CIC_DATABASE_URL": settings.database_url or "", "CIC_REDIS_URL": settings.redis_url or ""}
        env.update(_fitted_pools(settings, api_processes=api_processes, workers=workers))
        children_plan = _children(settings, env, api_processes=api_processes, workers=workers)
        children = [subprocess.Popen(command, env=child_env, start_new_session=True) for command, child_env in children_plan]
        base = f"http://{settings.host}:{settings.port}"
        from backend.integrations.simulators import SIMULATORS

        by_name = {sim.name: sim for sim in SIMULATORS}
        simulated = [
            f"{by_name[command[4]].title:<9} {children_plan[-1][1][by_name[command[4]].url_env]} (simulator)"
            for command, _ in children_plan
            if command[3:4] == ["simulate"] and command[4] in by_name
        ]
        _print_banner(base, simulated)
        stopping = False

        def stop(*_args: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        # The API and the workers are the run; a simulator that dies (its port taken) is reported,
        # not fatal: jobs that need it retry, lookups answer "unavailable".
        essential, simulators = children[-1 - workers :], children[: -1 - workers]
        try:
            while not stopping and all(c.poll() is None for c in essential):
                for sim in [s for s in simulators if s.poll() is not None]:
                    simulators.remove(sim)
                    typer.echo(
                        f"warning: a simulator exited ({sim.returncode}); is port {settings.simulator_port} taken? "
                        "Set CIC_SIMULATOR_PORT, or CIC_ECIF_URL to a running ECIF.",
                        err=True,
                    )
                time.sleep(0.3)
        finally:
            typer.echo("stopping API and worker ...")
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 20
            for child in children:
                try:
                    child.wait(max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [c.returncode for c in children if c.returncode not in (0, -signal.SIGTERM, None)]
    typer.echo("stopped")
    if failed and not stopping:
        raise typer.Exit(1)


@app.command("e2e-server")
def e2e_server(port: int = typer.Option(None, help="Default: a free port.")) -> None:
    """A throw-away CIC for browser tests: fresh database with the demo data, API, worker, ECIF
    simulator; prints `E2E_READY <url>`; drops the database on SIGTERM/SIGINT (backend/cli/e2e.py)."""
    from backend.cli.e2e import run as run_e2e

    try:
        run_e2e(port)
    except KeyboardInterrupt:
        pass


def _fitted_pools(settings: Settings, *, api_processes: int, workers: int) -> dict[str, str]:
    """The pool sizes (as environment) for the processes `cic run` starts, scaled down so that
    the fleet cannot hold more connections than the server can spare (backend/db/fleet.py); the
    sizes set in the environment are kept as given. Empty when the settings fit as they are."""
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    from backend.db import fleet
    from backend.db.engine import async_url

    async def room() -> tuple[int, int]:
        engine = create_async_engine(async_url(settings.database_url or ""), poolclass=NullPool)
        try:
            return await fleet.free_connections(engine)
        finally:
            await engine.dispose()

    free, most = asyncio.run(room())
    given = fleet.Pools(settings.database_pool_size, settings.database_pool_overflow, settings.database_identity_pool_size,
                        settings.worker_max_jobs)  # fmt: skip
    fixed = frozenset(name for name, variable in fleet.SETTINGS.items() if variable in os.environ)
    allowed = fleet.budget(free, most)
    fitted = fleet.fit(given, api_processes=api_processes, workers=workers, budget=allowed, fixed=fixed)
    held = fleet.ceiling(fitted, api_processes=api_processes, workers=workers)
    if fitted != given:
        typer.echo(
            f"pools fitted to the database's {most} connections ({allowed} for this run): {fitted.api_pool} per API "
            f"engine (+{fitted.api_overflow}), {fitted.worker_jobs} jobs per worker; at most {held} connections"
        )
    if held > allowed:
        typer.echo(f"warning: these processes may hold {held} connections, the database can spare {allowed} "
                   "(docs/operations.md, Connections)", err=True)  # fmt: skip
    return fitted.env() if fitted != given else {}


def _children(
    settings: Settings, env: dict[str, str], *, api_processes: int = 1, workers: int = 1
) -> list[tuple[list[str], dict[str, str]]]:
    """What `cic run` starts: simulators of connected systems that are not configured (in
    development), then the API (``api_processes`` uvicorn workers sharing its one listening
    socket) and ``workers`` arq workers, pointed at those simulators."""
    from backend.integrations.simulators import SIMULATORS

    cic = [sys.executable, "-m", "backend.cli"]
    children: list[tuple[list[str], dict[str, str]]] = []
    public_url = f"http://{settings.host}:{settings.port}"
    for sim in SIMULATORS:
        if settings.is_development and not sim.configured(settings):
            port = settings.simulator_port + sim.port_offset
            children.append(([*cic, "simulate", sim.name, "--port", str(port)], env))
            env = {**env, **sim.env(f"http://127.0.0.1:{port}", public_url)}
    children.append(([*cic, "serve", *(["--workers", str(api_processes)] if api_processes > 1 else [])], env))
    children += [([*cic, "worker"], env)] * workers
    return children


def _print_banner(base: str, simulated: list[str] | None = None) -> None:
    from backend.demo import DEMO_PASSWORD, demo_accounts

    lines = [
        "",
        "CIC is starting:",
        f"  GraphQL   {base}/graphql   (GraphiQL in development)",
        f"  Login     {base}/auth/token (OAuth2, form-encoded)",
        f"  PC        {base}/pc/",
        f"  PAD       {base}/pad/",
        f"  Health    {base}/health  {base}/ready  {base}/metrics",
        *(f"  {line}" for line in simulated or []),
        "",
        f"Demo accounts (password {DEMO_PASSWORD}); full list: uv run cic demo accounts",
    ]
    for a in demo_accounts():
        if a.username in {"prov.admin", "prov.analyst", "prov.auditor", "fz.admin", "fz.approver", "fz1.manager", "fz1.cm1"}:
            lines.append(f"  {a.username:<14} {', '.join(a.roles):<18} {a.org_name}")
    lines.append("Press Ctrl-C to stop.\n")
    typer.echo("\n".join(lines))


@simulate_app.command("uup")
def simulate_uup(port: int = typer.Option(8101)) -> None:
    """Run the unified-user-platform simulator."""
    import uvicorn

    from backend.integrations.unified_user import simulator_app

    uvicorn.run(simulator_app(), host="127.0.0.1", port=port)


def _serve_simulator(name: str, port: int | None, host: str) -> None:
    """One simulator of ``backend.integrations.simulators`` under uvicorn. No access log: requests
    may carry personal data in their paths. uvicorn's start-up lines stay: the last one ("Uvicorn
    running on URL") says where it listens, which `cic run`'s users and the tests wait for (with
    --port 0 it is the only way to learn the port)."""
    import uvicorn

    from backend.integrations.simulators import simulator

    settings = get_settings()
    sim = simulator(name)
    port = settings.simulator_port + sim.port_offset if port is None else port
    public_url = settings.public_url or f"http://{settings.host}:{settings.port}"
    uvicorn.run(sim.app(settings, public_url), host=host, port=port, access_log=False, log_level="info")


@simulate_app.command("ecif")
def simulate_ecif(
    port: int = typer.Option(None, help="Default: CIC_SIMULATOR_PORT (8101); 0: a free port."),
    host: str = typer.Option("127.0.0.1"),
) -> None:
    """Run the ECIF simulator (unified customer numbers; a few seeded people for lookup)."""
    _serve_simulator("ecif", port, host)


@simulate_app.command("sms")
def simulate_sms(
    port: int = typer.Option(None, help="Default: CIC_SIMULATOR_PORT + 1 (8102); 0: a free port."),
    host: str = typer.Option("127.0.0.1"),
) -> None:
    """Run the SMS platform simulator (accepts messages, sends signed delivery receipts back)."""
    _serve_simulator("sms", port, host)


@simulate_app.command("lending")
def simulate_lending(
    port: int = typer.Option(None, help="Default: CIC_SIMULATOR_PORT + 4 (8105); 0: a free port."),
    host: str = typer.Option("127.0.0.1"),
) -> None:
    """Run the internet lending platform simulator (takes drawdowns, sends signed callbacks to CIC)."""
    _serve_simulator("lending", port, host)


@simulate_app.command("fingerprint")
def simulate_fingerprint(
    port: int = typer.Option(None, help="Default: CIC_SIMULATOR_PORT + 7 (8108); 0: a free port."),
    host: str = typer.Option("127.0.0.1"),
) -> None:
    """Run the fingerprint platform's simulator (every demo account's demo finger enrolled)."""
    _serve_simulator("fingerprint", port, host)


@simulate_app.command("fingerprint-reader")
def simulate_fingerprint_reader(
    port: int = typer.Option(None, help="Default: CIC_SIMULATOR_PORT + 8 (8109); 0: a free port."),
    host: str = typer.Option("127.0.0.1"),
) -> None:
    """Run a simulated fingerprint reader (the capture device's local service the login screens call)."""
    _serve_simulator("fingerprint-reader", port, host)


@simulate_app.command("ims")
def simulate_ims(
    port: int = typer.Option(None, help="Default: CIC_SIMULATOR_PORT + 6 (8107); 0: a free port."),
    host: str = typer.Option("127.0.0.1"),
) -> None:
    """Run the information management system's simulator (customer managers of record)."""
    _serve_simulator("ims", port, host)


@simulate_app.command("mobile-banking")
def simulate_mobile_banking(
    port: int = typer.Option(None, help="Default: CIC_SIMULATOR_PORT + 5 (8106); 0: a free port."),
    host: str = typer.Option("127.0.0.1"),
) -> None:
    """Run a demo mobile bank: an H5 page where a customer logs in, sees products and quotas,
    applies and draws down, through CIC's JWT bearer grant (docs/channels.md)."""
    _serve_simulator("mobile-banking", port, host)


@simulate_app.command("warehouse")
def simulate_warehouse(
    business_date: str = typer.Option(..., "--date", help="The (last) business date, YYYY-MM-DD."),
    out: Path = typer.Option(..., help="The folder to write the delivery into."),
    days: int = typer.Option(1, min=1, max=400, help="Also the days before, oldest first."),
    bank: list[str] = typer.Option([], help="Only these bank codes (default: every bank)."),
    broken_trailer: bool = typer.Option(False, help="Give the last day's wealth file a trailer one record short."),
) -> None:
    """Write the data warehouse's T+1 feeds for the archives in the database (docs/business-data.md)."""
    from backend.cli.warehouse import _day, _simulate

    with data_services() as settings:
        written = asyncio.run(_simulate(settings, out, _day(business_date), days, bank or None, broken_trailer))
    for day, banks in written.items():
        for code, counts in banks.items():
            typer.echo(f"{day} {code}: " + ", ".join(f"{s} {n}" for s, n in counts.items()))


@ecif_app.command("resync")
def ecif_resync(limit: int = typer.Option(100_000, help="At most this many archives per run.")) -> None:
    """Queue ECIF pushes for verified archives that have no unified customer number yet."""
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.customers.ecif import enqueue_missing_ecif_pushes

    async def go(settings: Settings) -> int:
        db = create_database(settings)
        try:
            async with transaction(db.sessions) as session:
                return await enqueue_missing_ecif_pushes(session, limit=limit)
        finally:
            await db.dispose()

    with data_services() as settings:
        queued = asyncio.run(go(settings))
    typer.echo(f"queued {queued} ECIF pushes (the workers' outbox relay sends them)")


@outbox_app.command("failed")
def outbox_failed(task: str = typer.Option(None, help="Only this task, e.g. notifications.send_sms."),
                  limit: int = typer.Option(100, min=1)) -> None:
    """List outbox rows that gave up after their task's last try (newest first)."""
    from backend.db.engine import create_database
    from backend.outbox.service import failed_rows

    async def go(settings: Settings) -> list:
        db = create_database(settings)
        try:
            async with db.sessions() as session:
                return await failed_rows(session, task, limit)
        finally:
            await db.dispose()

    with data_services() as settings:
        rows = asyncio.run(go(settings))
    for row in rows:
        typer.echo(f"{row.id}\t{row.task}\t{row.attempts} tries\tfailed {row.failed_at:%Y-%m-%d %H:%M:%S}\t{(row.last_error or '')[:120]}")
    typer.echo(f"{len(rows)} failed rows")


@outbox_app.command("retry")
def outbox_retry(ids: list[int] = typer.Argument(None, help="Outbox ids (default: every failed row)."),
                 task: str = typer.Option(None, help="Only this task.")) -> None:
    """Make failed rows due again, tries counted afresh; the workers' relay wakes their drains."""
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.outbox.service import retry_failed

    async def go(settings: Settings) -> list[str]:
        db = create_database(settings)
        try:
            async with transaction(db.sessions) as session:
                return await retry_failed(session, task=task, ids=ids or ())
        finally:
            await db.dispose()

    with data_services() as settings:
        tasks = asyncio.run(go(settings))
    typer.echo(f"{len(tasks)} rows due again ({', '.join(sorted(set(tasks))) or 'none'})")


def main() -> None:
    app()

