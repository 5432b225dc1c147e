"""``cic clients ...``: register the machine clients of the token endpoint (a mobile bank, the
lending platform): add, list, rotate a secret, register a mobile bank's public keys, disable.
Secrets are printed once and stored only as argon2id hashes; every change is audited with the
operator's login name (docs/security.md, "Machine clients")."""

from __future__ import annotations

import asyncio
import getpass
import json
from pathlib import Path
from typing import Any

import typer

from backend.auth.models import ClientKind

clients_app = typer.Typer(help="Machine clients of the token endpoint (mobile banks, the lending platform).", no_args_is_help=True)


def _run(work: Any) -> Any:
    """``work(registry)`` in one transaction; a refused change exits 2 with the field, rule and message."""
    from backend.auth.clients import ClientError, ClientRegistry
    from backend.config import get_settings
    from backend.db.engine import create_database
    from backend.db.session import transaction

    async def go() -> Any:
        db = create_database(get_settings())
        try:
            async with transaction(db.sessions) as session:
                return await work(ClientRegistry(session, f"cli:{getpass.getuser()}"[:64]))
        finally:
            await db.dispose()

    try:
        return asyncio.run(go())
    except ClientError as exc:
        typer.echo(f"refused: {exc.field}: {exc.code}: {exc.message} ({exc.message_zh})", err=True)
        raise typer.Exit(2) from None


@clients_app.command("list")
def list_clients(as_json: bool = typer.Option(False, "--json", help="JSON instead of a table.")) -> None:
    """The registered clients: kind, scopes, bank, active, the ids of their assertion keys."""
    from dataclasses import asdict

    rows = _run(lambda registry: registry.list())
    if as_json:
        typer.echo(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("client_id", "name", "kind", "scopes", "bank", "active", "keys")
    for r in rows:
        table.add_row(r.client_id, r.name, r.kind, " ".join(r.scopes), r.bank or "-", "yes" if r.active else "no", " ".join(r.key_ids) or "-")
    Console().print(table)


@clients_app.command("add")
def add(
    client_id: str = typer.Argument(..., help="The client's id (letters, digits, - _ .)."),
    name: str = typer.Option(..., help="What the client is, e.g. 福州农商银行手机银行."),
    kind: ClientKind = typer.Option(..., case_sensitive=False, help="MOBILE_BANKING or LENDING_PLATFORM."),
    scope: list[str] = typer.Option([], "--scope", help="A scope to grant; repeat for several (at least one)."),
    bank: str = typer.Option(None, help="Bind the client to one bank (code, e.g. FZ): its tokens see only that bank."),
) -> None:
    """Register a client; prints its secret once (give it to the client's operator over a safe channel)."""
    secret = _run(lambda registry: registry.add(client_id, name, kind, scope, bank))
    typer.echo(f"client {client_id} registered; its secret (shown once): {secret}")


@clients_app.command("rotate-secret")
def rotate_secret(client_id: str = typer.Argument(...)) -> None:
    """A new secret for the client; the old one stops working at once. Prints it once."""
    secret = _run(lambda registry: registry.rotate_secret(client_id))
    typer.echo(f"new secret of {client_id} (shown once; the old one no longer works): {secret}")


@clients_app.command("set-jwks")
def set_jwks(
    client_id: str = typer.Argument(...),
    jwks: Path = typer.Argument(..., exists=True, dir_okay=False, help="The mobile bank's JWK Set (public keys), a JSON file."),
) -> None:
    """Register the public keys a mobile bank signs its customers' assertions with (RFC 7523),
    replacing the earlier ones: to rotate, register a set holding the old and the new key, then the new one alone."""
    try:
        document = json.loads(jwks.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        typer.echo(f"refused: jwks: JWKS_INVALID: not JSON: {exc} (不是 JSON 文件)", err=True)
        raise typer.Exit(2) from None
    kids = _run(lambda registry: registry.set_jwks(client_id, document))
    typer.echo(f"{client_id} now accepts assertions signed by: {', '.join(kids)}")


@clients_app.command("disable")
def disable(client_id: str = typer.Argument(...)) -> None:
    """Refuse the client's token requests and its tokens (within the principal cache's seconds)."""
    _run(lambda registry: registry.set_active(client_id, False))
    typer.echo(f"{client_id} disabled")


@clients_app.command("enable")
def enable(client_id: str = typer.Argument(...)) -> None:
    _run(lambda registry: registry.set_active(client_id, True))
    typer.echo(f"{client_id} enabled")
