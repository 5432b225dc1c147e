"""`cic clients`: an operator registers a mobile bank (its scopes, bank and public keys) and the
lending platform, rotates a secret, disables a client (docs/security.md, "Machine clients")."""

from __future__ import annotations

import asyncio
import json
import re
import warnings

from joserfc.jwk import OKPKey, RSAKey
from sqlalchemy import select
from typer.testing import CliRunner

from backend.audit.models import AuditRecord
from backend.auth.models import OAuthClient
from backend.cli import app
from backend.integrations.mobile_banking import CUSTOMER_SCOPES, public_jwks
from tests.approvals.conftest import eligible_archive
from tests.mobile_banking.helpers import exchange, id_number_of


async def cic(*args: str):
    return await asyncio.to_thread(CliRunner().invoke, app, ["clients", *args])


def secret_of(output: str) -> str:
    return re.search(r"\(shown once[^)]*\): (\S+)", output)[1]  # type: ignore[index]


async def test_an_operator_registers_a_mobile_bank_and_its_keys(client, services, settings, tmp_path):
    archive = await eligible_archive(services, seed=131)
    added = await cic("add", "fz-mobile", "--name", "福州农商银行手机银行", "--kind", "mobile_banking", "--bank", "FZ",
                      *[a for s in CUSTOMER_SCOPES.split() for a in ("--scope", s)])
    assert added.exit_code == 0, added.output
    secret = secret_of(added.output)
    key = OKPKey.generate_key("Ed25519")
    id_number = await id_number_of(services, archive.id)
    # no keys registered yet: its assertions are refused
    assert (await exchange(client, settings, id_number, client_id="fz-mobile", secret=secret, key=key)).json()["code"] == "ASSERTION_NOT_ALLOWED"

    # a private key is refused and nothing is stored; the public half is accepted
    private = tmp_path / "private.json"
    private.write_text(json.dumps({"keys": [{**key.as_dict(private=True), "kid": "k1"}]}))
    refused = await cic("set-jwks", "fz-mobile", str(private))
    assert refused.exit_code == 2 and "jwks.keys[0]: PRIVATE_KEY" in refused.output
    short_rsa = tmp_path / "rsa.json"
    with warnings.catch_warnings():  # joserfc warns about the short key it is asked for
        warnings.simplefilter("ignore")
        weak = RSAKey.generate_key(1024)
    short_rsa.write_text(json.dumps({"keys": [{**weak.as_dict(private=False), "kid": "r1"}]}))
    assert "KEY_TOO_SHORT" in (await cic("set-jwks", "fz-mobile", str(short_rsa))).output
    async with services.db.sessions() as session:
        assert (await session.get(OAuthClient, "fz-mobile")).jwks is None
    public = tmp_path / "jwks.json"
    public.write_text(json.dumps(public_jwks(key)))
    registered = await cic("set-jwks", "fz-mobile", str(public))
    assert registered.exit_code == 0 and key.thumbprint() in registered.output
    answer = await exchange(client, settings, id_number, client_id="fz-mobile", secret=secret, key=key)
    assert answer.status_code == 200, answer.text
    # another key (someone else's) is still refused
    assert (await exchange(client, settings, id_number, client_id="fz-mobile", secret=secret, key=OKPKey.generate_key("Ed25519"))).status_code == 400

    listed = json.loads((await cic("list", "--json")).output)
    mine = next(c for c in listed if c["client_id"] == "fz-mobile")
    assert (mine["bank"], mine["kind"], mine["key_ids"], mine["active"]) == ("FJ-FZ", "MOBILE_BANKING", [key.thumbprint()], True)
    assert secret not in (await cic("list")).output  # never shown again
    async with services.db.sessions() as session:
        audited = (await session.execute(select(AuditRecord.action, AuditRecord.actor_username, AuditRecord.detail)
                                         .where(AuditRecord.target_type == "OAuthClient").order_by(AuditRecord.id))).all()
    assert [a for a, _, _ in audited] == ["client.add", "client.set_jwks"]
    assert all(actor.startswith("cli:") for _, actor, _ in audited) and secret not in json.dumps([d for _, _, d in audited])


async def test_scopes_secrets_and_disabling(client, services, tmp_path):
    wrong = await cic("add", "lp2", "--name", "贷款平台", "--kind", "lending_platform", "--scope", "quota:apply")
    assert wrong.exit_code == 2 and "scope: SCOPE_NOT_ALLOWED" in wrong.output
    assert (await cic("add", "mobile-banking", "--name", "x", "--kind", "mobile_banking", "--scope", "quota:read")).output.count("CLIENT_EXISTS") == 1
    keys = tmp_path / "jwks.json"
    keys.write_text(json.dumps(public_jwks(OKPKey.generate_key("Ed25519"))))
    assert "client_id: NOT_A_MOBILE_BANK" in (await cic("set-jwks", "lending-platform", str(keys))).output
    added = await cic("add", "lp2", "--name", "贷款平台", "--kind", "lending_platform", "--scope", "lending:callback")
    first = secret_of(added.output)

    async def token(secret: str) -> int:
        return (await client.post("/auth/token", data={"grant_type": "client_credentials", "scope": "lending:callback"},
                                  auth=("lp2", secret))).status_code

    assert await token(first) == 200
    second = secret_of((await cic("rotate-secret", "lp2")).output)
    assert (await token(first), await token(second)) == (401, 200)
    assert (await cic("disable", "lp2")).exit_code == 0
    assert await token(second) == 401
    assert (await cic("enable", "lp2")).exit_code == 0 and await token(second) == 200
    assert (await cic("rotate-secret", "nobody")).exit_code == 2
