"""`cic demo accounts --json`: every role at the right level, and the accounts really log in."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from backend.cli import app
from backend.orgs.models import ROLE_LEVELS, OrgLevel, Role
from tests.helpers import token_response

LEVEL_OF_CODE = {1: OrgLevel.PROVINCE, 2: OrgLevel.BANK, 3: OrgLevel.BRANCH}


def test_demo_accounts_json_lists_every_role_at_its_level():
    result = CliRunner().invoke(app, ["demo", "accounts", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    staff = data["staff"]
    assert {r for a in staff for r in a["roles"]} == {r.value for r in Role}
    for account in staff:
        level = LEVEL_OF_CODE[len(account["org_code"].split("-"))]
        for role in account["roles"]:
            assert level in ROLE_LEVELS[Role(role)], account
    assert {c["client_id"] for c in data["clients"]} == {"mobile-banking", "lending-platform"}


async def test_printed_accounts_log_in(client):
    data = json.loads(CliRunner().invoke(app, ["demo", "accounts", "--json"]).output)
    for account in data["staff"][:: len(data["staff"]) // 6]:
        response = await token_response(client, account["username"], account["password"])
        assert response.status_code == 200, account["username"]
