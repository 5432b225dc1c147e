"""One permission table: the API's guards, the field descriptions and what the clients are told."""

from __future__ import annotations

from backend.auth.permissions import ROLE_PERMISSIONS, Permission, roles_with
from backend.auth.roles import Role
from tests.customers.archive_fixtures import CONSENT, CREATE, SUBMIT, archive
from tests.customers.test_channels_and_assignment import client_token
from tests.helpers import gql, login

ME = "{ me { roles permissions } }"
ACTIONS = """query($id: ID!) { customer(id: $id) { viewerCan { edit submit verify returnForRework close transfer uploadImage deleteImage }
  revealable { type field } } }"""


async def test_me_tells_each_caller_exactly_what_the_table_gives_their_roles(client):
    for username in ("fz1.cm1", "fz1.manager", "fz.approver", "fz.admin", "prov.admin", "prov.analyst", "prov.auditor"):
        me = (await gql(client, ME, token=await login(client, username)))["data"]["me"]
        expected = set().union(*(ROLE_PERMISSIONS[Role(r)] for r in me["roles"]))
        assert set(me["permissions"]) == {p.value for p in expected}, username
    machine = (await gql(client, ME, token=await client_token(client, "self_service")))["data"]["me"]
    assert machine == {"roles": [], "permissions": ["ARCHIVE_COLLECT"]}


async def test_the_guards_read_the_table_and_the_descriptions_say_who_holds_it(client, services):
    from schema.schema import build_schema

    schema = build_schema(services.settings)._schema
    description = schema.mutation_type.fields["verifyArchive"].description
    assert "Requires ARCHIVE_REVIEW: BRANCH_MANAGER, BANK_APPROVER." in description
    assert roles_with(Permission.ARCHIVE_REVIEW) == (Role.BRANCH_MANAGER, Role.BANK_APPROVER)
    # A customer manager lacks ARCHIVE_REVIEW: the field refuses, naming the permission.
    refused = await gql(client, "{ reviewInbox { totalCount } }", token=await login(client, "fz1.cm1"))
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN" and "ARCHIVE_REVIEW" in refused["errors"][0]["message"]


async def test_per_archive_actions_and_reveals_follow_permissions_status_and_policy(client):
    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive(), "consent": CONSENT}}, token=cm)
    cid = created["data"]["createArchive"]["customer"]["id"]
    draft = (await gql(client, ACTIONS, {"id": cid}, token=cm))["data"]["customer"]
    assert draft["viewerCan"] == {
        "edit": True, "submit": True, "verify": False, "returnForRework": False, "close": False, "transfer": False,
        "uploadImage": True, "deleteImage": True,
    }
    # A customer manager sees phones and the address in full and may reveal the ID number only.
    assert draft["revealable"] == [{"type": "Customer", "field": "idNumber"}]
    await gql(client, SUBMIT, {"i": {"id": cid, "version": 1}}, token=cm)
    submitted = (await gql(client, ACTIONS, {"id": cid}, token=cm))["data"]["customer"]["viewerCan"]
    assert (submitted["edit"], submitted["submit"]) == (False, False)  # under review: reviewers only
    bm = (await gql(client, ACTIONS, {"id": cid}, token=await login(client, "fz1.manager")))["data"]["customer"]
    assert bm["viewerCan"]["verify"] and bm["viewerCan"]["edit"] and bm["viewerCan"]["close"]
    auditor = (await gql(client, ACTIONS, {"id": cid}, token=await login(client, "fz.auditor")))["data"]["customer"]
    assert not any(auditor["viewerCan"].values())
    assert {(r["type"], r["field"]) for r in auditor["revealable"]} == {
        ("Customer", "idNumber"), ("Customer", "mobile"), ("Customer", "altPhone"), ("Address", "line"),
        ("Household", "registerNo"), ("Social", "remarks"),
    }
    admin = (await gql(client, ACTIONS, {"id": cid}, token=await login(client, "fz.admin")))["data"]["customer"]
    assert admin["revealable"] == []  # masked for bank admins: nothing to reveal
