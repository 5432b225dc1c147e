"""The archive history as people read it: field labels, yuan, old -> new, under the field policy."""

from __future__ import annotations

from backend.customers.history import entries, seal
from tests.customers.archive_fixtures import CREATE, UPDATE, archive
from tests.helpers import gql, login

CHANGES = """query($id: ID!) { customer(id: $id) { history {
  version action changes { path label labelEn kind enumType before after withheld }
} } }"""


def _by_path(change: dict) -> dict[str, dict]:
    return {c["path"]: c for c in change["changes"]}


async def _history(client, token, cid):
    result = await gql(client, CHANGES, {"id": cid}, token=token)
    assert "errors" not in result, result
    return {h["version"]: h for h in result["data"]["customer"]["history"]}


async def _created_and_edited(client):
    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive(), "channel": "PC"}}, token=cm)
    cid = created["data"]["createArchive"]["customer"]["id"]
    edited = archive(
        education="COLLEGE",
        income={"farming": "85000.50", "wages": "12000.50"},
        address={"regionCode": "350102", "line": "仓山区建新镇8号"},
        social={"villageCreditRating": "AA", "remarks": "邻里评价良好"},
        familyMembers=[
            {"relation": "SPOUSE", "name": "李秀兰", "idNumber": "350102199208150024", "annualIncome": "36000.00"},
            {"relation": "CHILD", "name": "张小明", "labourCapacity": "NONE"},
        ],
    )
    updated = await gql(client, UPDATE, {"i": {"id": cid, "version": 1, "archive": edited}}, token=cm)
    assert updated["data"]["updateArchive"]["errors"] == [], updated
    return cm, cid


async def test_a_change_lists_each_field_by_label_with_old_and_new_values_in_yuan(client, services):
    cm, cid = await _created_and_edited(client)
    history = await _history(client, cm, cid)

    update = _by_path(history[2])
    assert update["income.farming"] == {
        "path": "income.farming", "label": "种养殖收入", "labelEn": "Farming income", "kind": "MONEY", "enumType": None,
        "before": "80000.00", "after": "85000.50", "withheld": False,
    }
    assert update["education"] | {} == {
        "path": "education", "label": "文化程度", "labelEn": "Education", "kind": "ENUM", "enumType": "Education",
        "before": "SENIOR", "after": "COLLEGE", "withheld": False,
    }
    assert (update["familyMembers[0].name"]["label"], update["familyMembers[0].name"]["before"], update["familyMembers[0].name"]["after"]) == (
        "家庭成员1 · 姓名", "李秀英", "李秀兰",
    )
    # The address line is kept masked in the history whoever reads it (the archive has the full one).
    assert (update["address.line"]["before"], update["address.line"]["after"]) == ("鼓***", "仓***")
    assert (update["social.remarks"]["label"], update["social.remarks"]["after"]) == ("社会评价备注", "邻里评价良好")
    # The form's order: identity, contact, household, income.
    assert list(update) == ["education", "address.line", "familyMembers[0].name", "income.farming", "social.remarks"]

    creation = _by_path(history[1])
    assert creation["name"]["label"] == "姓名" and creation["name"]["before"] is None and creation["name"]["after"] == "张建国"
    assert creation["familyMembers[0].annualIncome"]["after"] == "36000.00"
    assert creation["livestock[0].kind"] == {
        "path": "livestock[0].kind", "label": "养殖1 · 品种", "labelEn": "Livestock 1 · kind", "kind": "ENUM",
        "enumType": "LivestockKind", "before": None, "after": "PIG", "withheld": False,
    }
    assert creation["land.crops"]["after"] == "水稻、茶叶"


async def test_protected_values_in_the_history_are_shown_as_their_field_is_shown(client, services):
    _, cid = await _created_and_edited(client)

    admin = _by_path((await _history(client, await login(client, "fz.admin"), cid))[2])
    # The bank admin sees the remarks masked, in the history as on the archive.
    remarks = admin["social.remarks"]
    assert remarks["after"] and remarks["after"] != "邻里评价良好" and "*" in remarks["after"] and not remarks["withheld"]
    assert (admin["address.line"]["before"], admin["address.line"]["after"]) == ("鼓***", "仓***")
    assert admin["income.farming"]["after"] == "85000.50"  # not personal: as it is

    analyst = _by_path((await _history(client, await login(client, "prov.analyst"), cid))[2])
    name = analyst["familyMembers[0].name"]
    assert "李秀英" not in (name["before"] or "") and "李秀兰" not in (name["after"] or "")
    assert name["before"] and name["before"].startswith("李")


def test_a_value_the_reader_may_not_see_is_withheld_not_shown(services):
    cipher = services.cipher
    stored = seal(cipher, {"social.remarks": [None, "邻里评价良好"], "income.other": [0, 150000]})
    shown = {e.path: e for e in entries(cipher, stored, None)}
    assert (shown["social.remarks"].after, shown["social.remarks"].withheld) == (None, True)
    assert (shown["income.other"].before, shown["income.other"].after, shown["income.other"].withheld) == ("0.00", "1500.00", False)
