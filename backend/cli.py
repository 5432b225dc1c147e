"""``cic``: run, serve, worker, migrate, seed, demo, schema, simulate."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from collections.abc import Iterator
from pathlib import Path

import typer

from backend.config import PROJECT_ROOT, Settings, get_settings

app = typer.Typer(help="CIC - Customer Information Collection system", no_args_is_help=True)
demo_app = typer.Typer(help="Demo data.", no_args_is_help=True)
seed_app = typer.Typer(help="Load data.", no_args_is_help=True)
schema_app = typer.Typer(help="GraphQL schema.", no_args_is_help=True)
simulate_app = typer.Typer(help="Simulators of connected systems.", no_args_is_help=True)
app.add_typer(demo_app, name="demo")
app.add_typer(seed_app, name="seed")
app.add_typer(schema_app, name="schema")
app.add_typer(simulate_app, name="simulate")

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
    from backend.db.migrate import upgrade

    assert settings.database_url
    upgrade(settings.database_url)


async def _seed_demo_if_empty(settings: Settings) -> bool:
    from backend.auth.fieldcrypt import cipher_from_settings
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.demo import database_is_empty, load_demo

    db = create_database(settings)
    try:
        async with transaction(db.sessions) as session:
            if not await database_is_empty(session):
                return False
            await load_demo(session, cipher_from_settings(settings))
            return True
    finally:
        await db.dispose()


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
        "backend.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_config=None,
        access_log=False,
        proxy_headers=True,
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
def run() -> None:
    """Everything for development: embedded services, migrate, demo data, API and worker."""
    with data_services() as settings:
        typer.echo("migrating ...")
        _migrate(settings)
        if asyncio.run(_seed_demo_if_empty(settings)):
            typer.echo("loaded demo data into the empty database")
        env = {**os.environ, "CIC_DATABASE_URL": settings.database_url or "", "CIC_REDIS_URL": settings.redis_url or ""}
        cic = [sys.executable, "-m", "backend.cli"]
        children = [
            subprocess.Popen([*cic, "serve"], env=env, start_new_session=True),
            subprocess.Popen([*cic, "worker"], env=env, start_new_session=True),
        ]
        base = f"http://{settings.host}:{settings.port}"
        _print_banner(base)
        stopping = False

        def stop(*_args: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(c.poll() is None for c in children):
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


def _print_banner(base: str) -> None:
    from backend.demo import DEMO_PASSWORD, demo_accounts

    lines = [
        "",
        "CIC is starting:",
        f"  GraphQL   {base}/graphql   (GraphiQL in development)",
        f"  Login     {base}/auth/token (OAuth2, form-encoded)",
        f"  PC        {base}/pc/",
        f"  PAD       {base}/pad/",
        f"  Health    {base}/health  {base}/ready  {base}/metrics",
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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
