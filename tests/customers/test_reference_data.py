"""Region picker, bank dictionaries, and bank-defined extra fields."""

from __future__ import annotations

from tests.customers.archive_fixtures import CREATE, archive
from tests.helpers import gql, login

REGIONS = "query($p: String) { regions(parentCode: $p) { code name level hasChildren } }"
EXTRA = """mutation($i: ExtraFieldDefinitionInput!) { defineExtraField(input: $i) {
  definition { code kind required choices } errors { field code } } }"""
EXTRA_OUT = """query($id: ID!) { customer(id: $id) { extraFields { code __typename
  ... on NumberFieldValue { number } ... on BooleanFieldValue { flag } ... on ChoiceFieldValue { choice }
  ... on DateFieldValue { date } ... on TextFieldValue { text } definition { labelZh } } } }"""


async def test_cascading_picker_from_province_to_village(client):
    token = await login(client, "fz1.cm1")
    provinces = (await gql(client, REGIONS, token=token))["data"]["regions"]
    assert {"code": "350000", "name": "福建省", "level": "PROVINCE", "hasChildren": True} in provinces
    cities = (await gql(client, REGIONS, {"p": "350000"}, token=token))["data"]["regions"]
    assert cities[0] == {"code": "350100", "name": "福州市", "level": "CITY", "hasChildren": True}
    counties = (await gql(client, REGIONS, {"p": "350100"}, token=token))["data"]["regions"]
    assert {"code": "350112", "name": "长乐区", "level": "COUNTY", "hasChildren": True} in counties
    townships = (await gql(client, REGIONS, {"p": "350112"}, token=token))["data"]["regions"]
    assert [t["name"] for t in townships] == ["潭头镇", "古槐镇"]
    villages = (await gql(client, REGIONS, {"p": "350112100"}, token=token))["data"]["regions"]
    assert villages == [
        {"code": "350112100001", "name": "潭头村", "level": "VILLAGE", "hasChildren": False},
        {"code": "350112100002", "name": "大宏村", "level": "VILLAGE", "hasChildren": False},
        {"code": "350112100003", "name": "福星村", "level": "VILLAGE", "hasChildren": False},
    ]
    # Another bank's dictionary is its own.
    qz = await login(client, "qz1.cm1")
    assert (await gql(client, REGIONS, {"p": "350112"}, token=qz))["data"]["regions"] == []


async def test_village_must_belong_to_the_chosen_township(client):
    token = await login(client, "fz1.cm1")
    good = archive(address={"regionCode": "350112", "townshipCode": "350112100", "villageCode": "350112100002", "line": "大宏村3组"})
    created = await gql(client, CREATE, {"i": {"archive": good}}, token=token)
    assert created["data"]["createArchive"]["errors"] == []
    bad = archive(idNumber="350102199208150024", familyMembers=[], address={"regionCode": "350112", "townshipCode": "350112100", "villageCode": "350112101001"})
    refused = await gql(client, CREATE, {"i": {"archive": bad}}, token=token)
    assert [(e["field"], e["code"]) for e in refused["data"]["createArchive"]["errors"]] == [("address.villageCode", "UNKNOWN_VILLAGE")]


async def test_bank_extra_fields_are_validated_and_typed(client):
    token = await login(client, "fz1.cm1")
    wrong = await gql(
        client, CREATE,
        {"i": {"archive": archive(), "extraFields": [{"code": "tea_garden_mu", "value": "abc"}, {"code": "cooperative", "value": "会长"}, {"code": "nope", "value": "1"}]}},
        token=token,
    )
    assert {(e["field"], e["code"]) for e in wrong["data"]["createArchive"]["errors"]} == {
        ("extraFields.tea_garden_mu", "INVALID_NUMBER"),
        ("extraFields.cooperative", "INVALID_CHOICE"),
        ("extraFields.nope", "UNKNOWN_FIELD"),
    }
    ok = await gql(
        client, CREATE,
        {"i": {"archive": archive(), "extraFields": [{"code": "tea_garden_mu", "value": "6.5"}, {"code": "poverty_exited", "value": "是"}, {"code": "cooperative", "value": "理事"}]}},
        token=token,
    )
    cid = ok["data"]["createArchive"]["customer"]["id"]
    fields = (await gql(client, EXTRA_OUT, {"id": cid}, token=token))["data"]["customer"]["extraFields"]
    assert fields == [
        {"code": "cooperative", "__typename": "ChoiceFieldValue", "choice": "理事", "definition": {"labelZh": "合作社成员"}},
        {"code": "poverty_exited", "__typename": "BooleanFieldValue", "flag": True, "definition": {"labelZh": "是否脱贫户"}},
        {"code": "tea_garden_mu", "__typename": "NumberFieldValue", "number": "6.5", "definition": {"labelZh": "茶园面积(亩)"}},
    ]


async def test_bank_admin_defines_a_required_field_that_then_applies(client):
    admin = await login(client, "fz.admin")
    defined = await gql(client, EXTRA, {"i": {"code": "visit_date", "labelZh": "走访日期", "labelEn": "Visit date", "kind": "DATE", "required": True, "minValue": "2020-01-01"}}, token=admin)
    assert defined["data"]["defineExtraField"] == {"definition": {"code": "visit_date", "kind": "DATE", "required": True, "choices": None}, "errors": []}
    bad = await gql(client, EXTRA, {"i": {"code": "X", "labelZh": "", "labelEn": "x", "kind": "CHOICE"}}, token=admin)
    assert {(e["field"], e["code"]) for e in bad["data"]["defineExtraField"]["errors"]} == {
        ("code", "INVALID_FORMAT"), ("labelZh", "REQUIRED"), ("choices", "REQUIRED"),
    }
    cm = await login(client, "fz1.cm1")
    missing = await gql(client, CREATE, {"i": {"archive": archive()}}, token=cm)
    assert [(e["field"], e["code"]) for e in missing["data"]["createArchive"]["errors"]] == [("extraFields.visit_date", "REQUIRED")]
    early = await gql(client, CREATE, {"i": {"archive": archive(), "extraFields": [{"code": "visit_date", "value": "2019-05-01"}]}}, token=cm)
    assert [(e["field"], e["code"]) for e in early["data"]["createArchive"]["errors"]] == [("extraFields.visit_date", "OUT_OF_RANGE")]
    # Other banks are unaffected; customer managers cannot define fields.
    qz = await gql(client, CREATE, {"i": {"archive": archive()}}, token=await login(client, "qz1.cm1"))
    assert qz["data"]["createArchive"]["errors"] == []
    denied = await gql(client, EXTRA, {"i": {"code": "abc", "labelZh": "a", "labelEn": "a", "kind": "TEXT"}}, token=cm)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_shown_definitions_are_kept_briefly_and_a_change_shows_at_once(client, count_queries, lasting_caches):
    """Showing an archive's extra fields reuses the definitions this process read within
    ``DEFINITIONS_SECONDS`` (a detail reads no definition table); a save validates against the
    table; a changed definition shows at once in this process."""

    token = await login(client, "fz1.cm1")
    ok = await gql(client, CREATE, {"i": {"archive": archive(), "extraFields": [{"code": "cooperative", "value": "理事"}]}}, token=token)
    cid = ok["data"]["createArchive"]["customer"]["id"]
    await gql(client, EXTRA_OUT, {"id": cid}, token=token)
    count_queries.statements.clear()
    fields = (await gql(client, EXTRA_OUT, {"id": cid}, token=token))["data"]["customer"]["extraFields"]
    assert fields == [{"code": "cooperative", "__typename": "ChoiceFieldValue", "choice": "理事", "definition": {"labelZh": "合作社成员"}}]
    assert not [s for s in count_queries.statements if "customer_extra_fields" in s], count_queries.statements

    admin = await login(client, "fz.admin")
    renamed = await gql(client, EXTRA, {"i": {"code": "cooperative", "labelZh": "合作社社员", "labelEn": "Cooperative member", "kind": "CHOICE",
                                             "choices": ["社员", "理事", "会长"]}}, token=admin)  # fmt: skip
    assert renamed["data"]["defineExtraField"]["errors"] == []
    fields = (await gql(client, EXTRA_OUT, {"id": cid}, token=token))["data"]["customer"]["extraFields"]
    assert fields[0]["definition"] == {"labelZh": "合作社社员"}
