"""Hostile input gets typed errors, never INTERNAL: each example of the issue as a plain API test.

Every refusal names the camelCase path of the value and leaves nothing stored; query arguments
are top-level ``BAD_USER_INPUT`` errors with ``extensions.field``.
"""

from __future__ import annotations

import json
import uuid

from sqlalchemy import func, select, text

from backend.customers.models import Customer, CustomerChange
from tests.customers.archive_fixtures import CONSENT, CREATE, SEARCH, archive
from tests.helpers import gql, login
from tests.imports.workbooks import branch_id, import_file, person, workbook
from tests.imports.workbooks import resident_id as valid_resident_id

CLOSE = "mutation($i: ArchiveTransitionInput!) { closeArchive(input: $i) { errors { field code message messageEn } customer { status } } }"
TRANSFER = "mutation($i: TransferArchivesInput!) { transferArchives(input: $i) { moved errors { field code message } } }"
DEFINE = "mutation($i: ExtraFieldDefinitionInput!) { defineExtraField(input: $i) { definition { code maxLength } errors { field code message } } }"
SAVE_RULES = "mutation($i: SaveRuleSetInput!) { saveRuleSet(input: $i) { ruleSet { id } errors { field code message } } }"
CUSTOMER = "query($id: ID!) { customer(id: $id) { id name mobile branch { code } } }"
ORG_UNIT = "query($id: ID!) { orgUnit(id: $id) { id } }"


async def raw_gql(client, token: str, query: str, variables: dict) -> dict:
    """json.dumps escapes NUL and lone surrogates as \\u escapes, exactly as a hostile client sends them."""
    response = await client.post(
        "/graphql",
        content=json.dumps({"query": query, "variables": variables}),
        headers={"Authorization": f"Bearer {token}", "content-type": "application/json"},
    )
    assert response.status_code == 200, response.text
    return response.json()


async def archives(services) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(func.count()).select_from(Customer))


def codes(payload: dict) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in payload["errors"]]


async def test_nul_bytes_and_lone_surrogates_in_free_text_are_refused_with_their_path(client, services):
    cm = await login(client, "fz1.cm1")
    hostile = archive(address={"regionCode": "350102", "line": "东街\x001号"}, familyMembers=[{"relation": "CHILD", "name": "张\ud800明"}])
    result = await raw_gql(client, cm, CREATE, {"i": {"archive": hostile}})
    payload = result["data"]["createArchive"]
    assert codes(payload) == [("address.line", "CONTROL_CHARACTER"), ("familyMembers[0].name", "CONTROL_CHARACTER")]
    assert payload["errors"][0]["message"] == "内容含有不允许的控制字符" and payload["customer"] is None
    assert await archives(services) == 0


async def test_nul_bytes_in_filters_are_bad_user_input_naming_the_filter(client):
    cm = await login(client, "fz1.cm1")
    for variables, field in (({"f": {"namePrefix": "张\x00"}}, "filter.namePrefix"), ({"f": {"regionCode": "\x00"}}, "filter.regionCode")):
        result = await raw_gql(client, cm, SEARCH, variables)
        (error,) = result["errors"]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field, "reason": "CONTROL_CHARACTER", "messageZh": "内容含有不允许的控制字符"}
    auditor = await login(client, "prov.auditor")
    result = await raw_gql(client, auditor, "query($a: String) { auditRecords(action: $a) { edges { cursor } } }", {"a": "x\x00"})
    assert result["errors"][0]["extensions"]["field"] == "action"


async def test_ids_beyond_bigint_or_in_other_digits_are_invalid_ids(client, services):
    admin = await login(client, "prov.admin")
    for bad in ("99999999999999999999", "9223372036854775808", "²", "١٢", "-1", "0"):
        result = await gql(client, ORG_UNIT, {"id": bad}, token=admin)
        assert result["data"] == {"orgUnit": None}
        assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "id", "reason": "INVALID_ID", "messageZh": "编号格式不正确"}, bad
    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive(), "branchId": "99999999999999999999"}}, token=cm)
    assert codes(created["data"]["createArchive"]) == [("branchId", "INVALID_ID")]
    search = await gql(client, SEARCH, {"f": {"managerId": "9" * 30}}, token=cm)
    assert search["errors"][0]["extensions"]["field"] == "filter.managerId"
    revealed = await gql(client, "mutation($i: RevealInput!) { reveal(input: $i) { value errors { field code } } }",
                         {"i": {"type": "StaffUser", "id": "9" * 20, "field": "phone"}}, token=admin)
    assert revealed["data"]["reveal"] == {"value": None, "errors": [{"field": "id", "code": "INVALID_ID"}]}
    assert await archives(services) == 0


async def test_money_with_an_absurd_exponent_or_sent_as_a_json_number_is_refused(client, services):
    cm = await login(client, "fz1.cm1")
    cases = [
        ({"farming": "1e999999999"}, "AMOUNT_TOO_LARGE"),
        ({"farming": "-1e999999999"}, "NEGATIVE_AMOUNT"),
        ({"farming": "1e-999999999"}, "INVALID_MONEY"),
        ({"farming": 1234.5}, "INVALID_MONEY"),  # a float, as the docs say: refused, not rounded
        ({"farming": 1234}, "INVALID_MONEY"),
    ]
    for income, code in cases:
        result = await gql(client, CREATE, {"i": {"archive": archive(income=income)}}, token=cm)
        assert codes(result["data"]["createArchive"]) == [("income.farming", code)], income
    inline = await gql(client, 'mutation { createArchive(input: {archive: {name: "张三", idNumber: "350102196503051148", income: {wages: 12.5}}}) { errors { field code } } }', token=cm)
    assert inline["data"]["createArchive"]["errors"] == [{"field": "income.wages", "code": "INVALID_MONEY"}]
    assert await archives(services) == 0


async def test_one_hostile_cell_is_that_cells_error_and_the_rest_of_the_file_imports(client, services):
    manager = await login(client, "fz1.manager")
    rows = [
        person(1),
        person(2, **{"年收入-种养殖(元)": "1e999999999"}),
        person(3, 证件有效期="9999-12-31", 长期有效="否"),
        person(4, 身份证号码="".join(chr(ord(c) + 0xFEE0) for c in valid_resident_id(4))),  # full-width, typed through an IME
    ]
    report = await import_file(client, manager, workbook(rows), await branch_id(services))
    assert (report["totalRows"], report["imported"], report["failed"]) == (4, 2, 2), report["errors"]
    assert {(e["row"], e["column"], e["code"]) for e in report["errors"]} == {
        (3, "年收入-种养殖(元)", "AMOUNT_TOO_LARGE"),
        (4, "证件有效期", "DATE_OUT_OF_RANGE"),
    }
    assert await archives(services) == 2


async def test_a_consent_time_in_year_1_or_9999_is_out_of_range(client, services):
    cm = await login(client, "fz1.cm1")
    for at in ("0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-08:00"):
        result = await gql(client, CREATE, {"i": {"archive": archive(), "consent": {**CONSENT, "consentedAt": at}}}, token=cm)
        payload = result["data"]["createArchive"]
        assert codes(payload) == [("consent.consentedAt", "DATE_OUT_OF_RANGE")], at
        assert payload["errors"][0]["message"] == "日期须在1900年至2199年之间"
    search = await gql(client, SEARCH, {"f": {"updatedFrom": "0001-01-01T00:00:00+14:00"}}, token=cm)
    assert search["errors"][0]["extensions"]["field"] == "filter.updatedFrom"
    assert await archives(services) == 0


async def test_reasons_and_rule_messages_longer_than_their_columns_are_too_long(client, services):
    cm, manager, admin = [await login(client, u) for u in ("fz1.cm1", "fz1.manager", "fz.admin")]
    created = (await gql(client, CREATE, {"i": {"archive": archive()}}, token=cm))["data"]["createArchive"]["customer"]
    closed = await gql(client, CLOSE, {"i": {"id": created["id"], "version": 1, "reason": "迁" * 501}}, token=manager)
    assert codes(closed["data"]["closeArchive"]) == [("reason", "TOO_LONG")]
    moved = await gql(client, TRANSFER, {"i": {"customerIds": [created["id"]], "toManagerId": "1", "reason": "调" * 501}}, token=manager)
    assert codes(moved["data"]["transferArchives"]) == [("reason", "TOO_LONG")]
    rule = {"code": "FZ_LONG", "kind": "REQUIRED", "severity": "WARNING", "messageZh": "长" * 201, "messageEn": "x", "params": {"field": "customer.mobile"}}
    saved = await gql(client, SAVE_RULES, {"i": {"scope": "BANK", "name": "规则", "rules": [rule]}}, token=admin)
    assert codes(saved["data"]["saveRuleSet"]) == [("rules[0].messageZh", "TOO_LONG")]
    async with services.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(CustomerChange)) == 1  # the CREATE only


async def test_a_client_chosen_archive_id_taken_in_another_bank_is_refused(client, services):
    qz, fz = await login(client, "qz1.cm1"), await login(client, "fz1.cm1")
    chosen = str(uuid.uuid4())
    first = await gql(client, CREATE, {"i": {"archive": archive(), "id": chosen}}, token=qz)
    assert first["data"]["createArchive"]["customer"]["id"] == chosen
    again = await gql(client, CREATE, {"i": {"archive": archive(idNumber=valid_resident_id(5)), "id": chosen}}, token=fz)
    payload = again["data"]["createArchive"]
    assert codes(payload) == [("id", "ID_TAKEN")] and payload["customer"] is None
    same_bank = await gql(client, CREATE, {"i": {"archive": archive(idNumber=valid_resident_id(6)), "id": chosen}}, token=qz)
    assert codes(same_bank["data"]["createArchive"]) == [("id", "ID_TAKEN")]
    # Province-level reads of that id find the one archive.
    read = await gql(client, CUSTOMER, {"id": chosen}, token=await login(client, "prov.admin"))
    assert "errors" not in read and read["data"]["customer"]["branch"]["code"] == "FJ-QZ-01"
    assert await archives(services) == 1


async def test_extra_field_settings_are_validated(client, services):
    admin = await login(client, "fz.admin")
    cases = [
        ({"kind": "TEXT", "maxLength": -5}, [("maxLength", "OUT_OF_RANGE")]),
        ({"kind": "TEXT", "maxLength": 0}, [("maxLength", "OUT_OF_RANGE")]),
        ({"kind": "NUMBER", "minValue": "1e999999999"}, [("minValue", "INVALID_BOUND")]),
        ({"kind": "NUMBER", "minValue": "NaN"}, [("minValue", "INVALID_BOUND")]),
        ({"kind": "NUMBER", "minValue": "10", "maxValue": "1"}, [("maxValue", "INVALID_BOUND")]),
        ({"kind": "DATE", "maxValue": "0001-01-01"}, [("maxValue", "INVALID_BOUND")]),
        ({"kind": "TEXT", "pattern": "a" * 201}, [("pattern", "TOO_LONG")]),
        ({"kind": "CHOICE", "choices": ["甲", "乙" * 65]}, [("choices", "INVALID_CHOICES")]),
    ]
    for settings, expected in cases:
        result = await gql(client, DEFINE, {"i": {"code": "tea_mu", "labelZh": "茶园", "labelEn": "tea", **settings}}, token=admin)
        assert codes(result["data"]["defineExtraField"]) == expected, settings
    fine = await gql(client, DEFINE, {"i": {"code": "tea_mu", "labelZh": "茶园", "labelEn": "tea", "kind": "NUMBER", "minValue": "0", "maxValue": "1000"}}, token=admin)
    assert fine["data"]["defineExtraField"]["errors"] == []
    cm = await login(client, "fz1.cm1")
    huge = await gql(client, CREATE, {"i": {"archive": archive(), "extraFields": [{"code": "tea_mu", "value": "1e999999999"}]}}, token=cm)
    assert codes(huge["data"]["createArchive"]) == [("extraFields.tea_mu", "INVALID_NUMBER")]


async def test_full_width_digits_are_stored_as_ascii_and_found_by_search_other_digits_refused(client, services):
    cm = await login(client, "fz1.cm1")
    full_width = "１３８１２３４５６７８"
    created = await gql(client, CREATE, {"i": {"archive": archive(idNumber="３５０１０２１９６５０３０５１１４８", mobile=full_width)}}, token=cm)
    customer = created["data"]["createArchive"]["customer"]
    assert customer["mobile"] == "13812345678" and customer["idNumber"] == "350102********1148"
    for typed in (full_width, "13812345678"):
        found = await gql(client, SEARCH, {"f": {"mobile": typed}}, token=cm)
        assert [e["node"]["id"] for e in found["data"]["customers"]["edges"]] == [customer["id"]], typed
    by_id = await gql(client, SEARCH, {"f": {"idNumber": "３５０１０２１９６５０３０５１１４８"}}, token=cm)
    assert [e["node"]["id"] for e in by_id["data"]["customers"]["edges"]] == [customer["id"]]
    for foreign in ("١٣٨١٢٣٤٥٦٧٨", "138١٢٣٤٥٦٧٨"):  # Arabic-Indic, and mixed
        refused = await gql(client, CREATE, {"i": {"archive": archive(idNumber=valid_resident_id(2), mobile=foreign)}}, token=cm)
        assert codes(refused["data"]["createArchive"]) == [("mobile", "NON_ASCII_CHARACTERS")], foreign
        search = await gql(client, SEARCH, {"f": {"mobile": foreign}}, token=cm)
        assert search["errors"][0]["extensions"]["reason"] == "NON_ASCII_CHARACTERS"
    assert await archives(services) == 1


async def test_a_person_born_before_their_region_code_existed_is_accepted(client, services):
    cm = await login(client, "fz1.cm1")
    result = await gql(client, CREATE, {"i": {"archive": archive(idNumber="350102196503051148")}}, token=cm)
    payload = result["data"]["createArchive"]
    assert payload["errors"] == [] and payload["customer"]["gender"] == "FEMALE"
    async with services.db.sessions() as session:
        stored = await session.scalar(select(Customer.birth_date))
    assert stored.isoformat() == "1965-03-05"


async def test_a_request_body_nested_beyond_the_recursion_limit_is_a_bad_request(client):
    cm = await login(client, "fz1.cm1")
    deep = "[" * 100_000 + "]" * 100_000
    body = '{"query": "query($f: CustomerFilter) { customers(filter: $f) { edges { cursor } } }", "variables": {"f": ' + deep + "}}"
    response = await client.post("/graphql", content=body, headers={"Authorization": f"Bearer {cm}", "content-type": "application/json"})
    assert response.status_code == 400 and "JSON" in response.text
    nested = {"scope": "BANK", "name": "规则", "rules": [{"code": "FZ_DEEP", "kind": "CONDITIONAL_REQUIRED", "severity": "WARNING",
              "messageZh": "x", "messageEn": "x", "params": {"field": "customer.mobile", "if": json.loads("[" * 50 + "]" * 50)}}]}
    result = await gql(client, SAVE_RULES, {"i": nested}, token=await login(client, "fz.admin"))
    ((field, code),) = codes(result["data"]["saveRuleSet"])
    assert code == "TOO_DEEP" and field.startswith("rules[0].params.if[0][0]")


async def test_hostile_oauth_form_parameters_are_invalid_requests_not_server_errors(client, services):
    async with services.db.sessions() as session:
        before = await session.scalar(text("SELECT count(*) FROM login_throttles"))
    for form, code in (
        ({"grant_type": "password", "username": "fz1.cm1\x00", "password": "x"}, "CONTROL_CHARACTER"),
        ({"grant_type": "password", "username": "x" * 5000, "password": "x"}, "TOO_LONG"),
        ({"grant_type": "password", "username": "x" * 65, "password": "x"}, "INVALID_CREDENTIALS"),  # no such user can exist
        ({"grant_type": "refresh_token", "refresh_token": "a\x00b"}, "CONTROL_CHARACTER"),
        ({"grant_type": "client_credentials", "client_id": "mobile-banking\x00", "client_secret": "x"}, "CONTROL_CHARACTER"),
    ):
        response = await client.post("/auth/token", data=form)
        assert (response.status_code, response.json()["code"]) == (400, code), form
    async with services.db.sessions() as session:
        assert await session.scalar(text("SELECT count(*) FROM login_throttles")) == before
