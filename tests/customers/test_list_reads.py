"""What a page of the archive list reads: the manager's and the branch's names in the search's own
statement (as their readable statements would give them), the JSON documents only when a section
is asked for (docs/customers.md#search)."""

from __future__ import annotations

from sqlalchemy import text

from tests.customers.archive_fixtures import CREATE, CUSTOMER_FIELDS, UPDATE, archive
from tests.customers.test_channels_and_assignment import user_id
from tests.helpers import gql, login

NAMES = """query($f: CustomerFilter) { customers(filter: $f, first: 20) {
  edges { node { id name manager { name username } branch { name code } } } } }"""
PLAIN = """query($f: CustomerFilter) { customers(filter: $f, first: 20) { edges { node { id name } } } }"""
DETAIL = "query($id: ID!) { customer(id: $id) { manager { name username } branch { name code } } }"


async def _create(client, token, name: str, id_number: str) -> str:
    r = await gql(client, CREATE, {"i": {"archive": archive(name=name, idNumber=id_number, mobile=None, familyMembers=[], maritalStatus="SINGLE")}}, token=token)
    assert r["data"]["createArchive"]["errors"] == [], r
    return r["data"]["createArchive"]["customer"]["id"]


async def test_the_names_come_with_the_page_and_a_manager_out_of_scope_stays_hidden(client, services, count_queries):
    cm = await login(client, "fz1.cm1")
    here = await _create(client, cm, "闵一", "350102199003071234")
    moved = await _create(client, cm, "闵二", "350102199208150024")
    # The second archive's manager works at another branch (moved there, the archive not yet
    # transferred): a branch manager of FJ-FZ-01 may not read that user, the bank admin may.
    bm, admin = await login(client, "fz1.manager"), await login(client, "fz.admin")
    elsewhere = await user_id(client, admin, "fz2.cm1")
    async with services.db.sessions() as s:
        await s.execute(text("UPDATE customers SET manager_id = :m WHERE id = :id"), {"m": int(elsewhere), "id": moved})
        await s.commit()

    expected = {bm: {here: "fz1.cm1", moved: None}, admin: {here: "fz1.cm1", moved: "fz2.cm1"}}
    for token, managers in expected.items():
        count_queries.count = 0
        page = await gql(client, NAMES, {"f": {"namePrefix": "闵"}}, token=token)
        with_names = count_queries.count
        count_queries.count = 0
        await gql(client, PLAIN, {"f": {"namePrefix": "闵"}}, token=token)
        assert with_names == count_queries.count, "the manager's and branch's names cost no statement of their own"
        nodes = {e["node"]["id"]: e["node"] for e in page["data"]["customers"]["edges"]}
        assert set(nodes) == {here, moved}
        for archive_id, manager in managers.items():  # the username, or None where hidden
            detail = await gql(client, DETAIL, {"id": archive_id}, token=token)
            assert detail["data"]["customer"]["manager"] == nodes[archive_id]["manager"]
            assert nodes[archive_id]["branch"] == detail["data"]["customer"]["branch"] == {"name": nodes[archive_id]["branch"]["name"], "code": "FJ-FZ-01"}
            assert (nodes[archive_id]["manager"] or {}).get("username") == manager


async def test_a_page_reads_the_documents_only_when_it_shows_a_section(client, count_queries):
    cm = await login(client, "fz1.cm1")
    created = await _create(client, cm, "闵三", "350521198511230015")
    count_queries.count, count_queries.statements[:] = 0, []
    await gql(client, PLAIN, {"f": {"namePrefix": "闵"}}, token=cm)
    searched = [s for s in count_queries.statements if "FROM customers" in s and "name_sort" in s]
    assert searched and all("customers.profile" not in s and "customers.extra" not in s for s in searched), searched

    # A page showing sections (and fields read from the documents) gets the same as the detail.
    sections = CUSTOMER_FIELDS.replace("branch { code } manager { username }", "extraFields { code } household { size isHead }")
    page = await gql(client, f"query($f: CustomerFilter) {{ customers(filter: $f, first: 20) {{ edges {{ node {{ {sections} }} }} }} }}", {"f": {"namePrefix": "闵"}}, token=cm)
    assert "errors" not in page, page
    detail = await gql(client, f"query($id: ID!) {{ customer(id: $id) {{ {sections} }} }}", {"id": created}, token=cm)
    node = next(e["node"] for e in page["data"]["customers"]["edges"] if e["node"]["id"] == created)
    assert node == detail["data"]["customer"]
    assert node["land"]["crops"] == ["水稻", "茶叶"] and node["income"]["farming"] is not None


ROWS_OWN = "id evaluation { completeness precise violations { code message } } blacklisted bankBusiness { depositBalance }"


async def test_a_pages_evaluations_and_blacklist_flags_come_in_its_own_statement(client, services, count_queries, lasting_caches):
    """A page asking its rows' evaluation and blacklist flag reads them in the search's statement
    (outer-joined): no statement of their own, whatever the rows hold (an aggregate, blacklisted or
    not, or none), and every row answers what its detail answers. A detail reads its archive,
    evaluation, aggregate, manager and branch in one statement."""
    cm = await login(client, "fz1.cm1")
    ids = [await _create(client, cm, name, number) for name, number in (("闵甲", "350102199510070017"), ("闵乙", "350102199610070014"), ("闵丙", "350102199710070011"))]
    from backend.business.models import BusinessAggregate
    from backend.db.copy import ensure_bank_partition

    async with services.db.sessions() as s:
        bank = await s.scalar(text("SELECT bank_id FROM customers WHERE id = :id"), {"id": ids[0]})
        await ensure_bank_partition(s, BusinessAggregate.__table__, bank)
        for archive_id, flag in zip(ids[:2], (True, False), strict=True):
            await s.execute(text("""INSERT INTO business_aggregates (bank_id, customer_id, as_of, deposit_balance, deposit_avg_90d, deposit_accounts,
                loan_balance, loan_count, overdue_days, max_overdue_days, wealth_balance, wealth_count, months_as_customer, services,
                active_services_30d, blacklisted) SELECT bank_id, id, current_date, 12345, 0, 1, 0, 0, 0, 0, 0, 0, 0, '[]', 0, :flag
                FROM customers WHERE id = :id"""), {"id": archive_id, "flag": flag})  # fmt: skip
        await s.commit()
    query = "query($f: CustomerFilter) { customers(filter: $f, first: 20) { edges { node { %s } } } }" % ROWS_OWN
    await gql(client, query, {"f": {"namePrefix": "闵"}}, token=cm)  # the rule book's key read once
    count_queries.statements.clear()
    page = await gql(client, query, {"f": {"namePrefix": "闵"}}, token=cm)
    assert "errors" not in page, page
    own = [st for st in count_queries.statements if "FROM archive_evaluations" in st or "FROM business_aggregates" in st]
    assert own == [], own
    nodes = {e["node"]["id"]: e["node"] for e in page["data"]["customers"]["edges"]}
    assert [nodes[i]["blacklisted"] for i in ids] == [True, False, False]
    assert all(nodes[i]["evaluation"]["violations"] for i in ids)
    for archive_id in ids:
        count_queries.statements.clear()
        detail = await gql(client, "query($id: ID!) { customer(id: $id) { %s manager { name } branch { name } } }" % ROWS_OWN, {"id": archive_id}, token=cm)
        assert {k: v for k, v in detail["data"]["customer"].items() if k not in ("manager", "branch")} == nodes[archive_id]
        assert detail["data"]["customer"]["manager"]["name"] and detail["data"]["customer"]["branch"]["name"]
        reads = [st for st in count_queries.statements if st.lstrip().startswith("SELECT")]
        assert len(reads) == 1 and "FROM customers" in reads[0], reads


async def test_a_kept_search_statement_binds_each_requests_values_and_keeps_each_callers_scope(client):
    """The search's statement is kept per scope and shape (backend/customers/repository.py): the
    same shape for another branch, another prefix, another list of statuses or another page
    must each answer for itself."""
    from tests.customers.test_search_order import resident_id

    mine = [await _create(client, await login(client, "fz1.cm1"), name, resident_id(10 + i)) for i, name in enumerate(("闵甲", "闵乙"))]
    theirs = await _create(client, await login(client, "fz2.cm1"), "闵丙", resident_id(13))
    fz1, fz2 = await login(client, "fz1.manager"), await login(client, "fz2.manager")
    query = """query($f: CustomerFilter, $first: Int, $after: String) { customers(filter: $f, first: $first, after: $after) {
      edges { node { id } } pageInfo { endCursor } totalCount } }"""

    async def ids(token, f, first=20, after=None):
        page = (await gql(client, query, {"f": f, "first": first, "after": after}, token=token))["data"]["customers"]
        found = [e["node"]["id"] for e in page["edges"]]
        if first >= 20:  # the count (kept as the page is) counts what the page lists
            assert page["totalCount"] == len(found), (f, page["totalCount"], found)
        return found, page["pageInfo"]["endCursor"]

    for _ in range(2):  # the second round reads the kept statements
        assert sorted((await ids(fz1, {"namePrefix": "闵"}))[0]) == sorted(mine)
        assert (await ids(fz2, {"namePrefix": "闵"}))[0] == [theirs]
        assert (await ids(fz1, {"namePrefix": "闵乙"}))[0] == [mine[1]]
        assert (await ids(fz2, {"namePrefix": "闵乙"}))[0] == []
        assert sorted((await ids(fz1, {"namePrefix": "闵", "statuses": ["DRAFT"]}))[0]) == sorted(mine)
        assert sorted((await ids(fz1, {"namePrefix": "闵", "statuses": ["VERIFIED", "DRAFT"]}))[0]) == sorted(mine)
        assert (await ids(fz1, {"namePrefix": "闵", "statuses": ["VERIFIED"]}))[0] == []
        first, cursor = await ids(fz1, {"namePrefix": "闵"}, first=1)
        second, _ = await ids(fz1, {"namePrefix": "闵"}, first=1, after=cursor)
        assert first == [mine[0]] and second == [mine[1]]  # 闵甲 (jia3) before 闵乙 (yi3)


async def test_kept_one_archive_statements_bind_each_requests_archive_and_keep_each_callers_scope(client):
    """The detail's, the save's lock and the save's answer statements are kept per scope too
    (backend/customers/repository.py, ``_kept``): each request's archive is its own, and a caller
    of another branch (or the archive's customer, through the mobile bank) reads within their own
    scope however warm the statements are."""
    from tests.customers.test_search_order import resident_id

    cm1, cm2 = await login(client, "fz1.cm1"), await login(client, "fz2.cm1")
    mine = [await _create(client, cm1, name, resident_id(20 + i)) for i, name in enumerate(("郁甲", "郁乙"))]
    theirs = await _create(client, cm2, "郁丙", resident_id(23))
    fz1, fz2 = await login(client, "fz1.manager"), await login(client, "fz2.manager")
    for _ in range(2):  # the second round reads the kept statements
        for token, readable in ((fz1, set(mine)), (fz2, {theirs}), (cm1, set(mine)), (cm2, {theirs})):
            for cid in (*mine, theirs):
                got = (await gql(client, "query($id: ID!) { customer(id: $id) { id name } }", {"id": cid}, token=token))["data"]["customer"]
                assert (got is not None and got["id"] == cid) == (cid in readable), (cid, readable)
        # A save locks and answers its own archive; another branch's archive is not found.
        for cid, name in ((mine[0], "郁甲"), (mine[1], "郁乙")):
            saved = (await gql(client, UPDATE, {"i": {"id": cid, "version": 1 if _ == 0 else 2,
                                                      "archive": archive(name=name, idNumber=resident_id(20 + mine.index(cid)), mobile=None, familyMembers=[],
                                                                         maritalStatus="SINGLE", social={"remarks": f"第{_}轮"})}}, token=cm1))["data"]["updateArchive"]
            assert saved["errors"] == [] and saved["customer"]["id"] == cid and saved["customer"]["name"] == name
        refused = (await gql(client, UPDATE, {"i": {"id": theirs, "version": 1, "archive": archive(name="郁丙", idNumber=resident_id(23))}}, token=cm1))["data"]["updateArchive"]
        assert refused["customer"] is None and [e["code"] for e in refused["errors"]] == ["NOT_FOUND"]


async def test_a_listed_row_holds_what_the_mapped_objects_hold(client, services):
    """The list, an archive's detail (``get_with``) and a save's answer (``brought``) read plain
    rows, not mapped objects (backend/customers/repository.py ``ListedRow``): each archive, manager
    and branch has every column its mapped object has, with the same values; a column a list did
    not ask for (``columns``: besides its keys and its order's column) raises."""
    import uuid

    import pytest
    from sqlalchemy import inspect

    from backend.customers.models import Customer
    from backend.customers.repository import EVERY_PERSON_COLUMN, PAGE_KEYS, CustomerFilter, CustomerRepository, ListedRow, People
    from backend.orgs.models import OrgUnit, StaffUser
    from tests.platform.test_tenant_rls import principal_of

    def columns(item, model) -> dict:
        return {c.key: getattr(item, c.key) for c in inspect(model).column_attrs}

    cm = await login(client, "fz1.cm1")
    await _create(client, cm, "闵三", "350102199003071234")
    principal = await principal_of(client, services, "fz.admin")
    async with services.db.sessions() as session:
        repository = CustomerRepository(session)
        for asked, people in ((frozenset({"name", "id_number_encrypted", "profile"}), People.of(frozenset({"name"}), frozenset({"code", "path"}))), (None, EVERY_PERSON_COLUMN)):
            listed = await repository.search(principal, CustomerFilter(), after=None, limit=50, columns=asked, people=people)
            assert listed and any(r.manager is not None for r in listed)
            for row in listed:
                mapped = await session.get(Customer, (row.archive.bank_id, uuid.UUID(str(row.archive.id))))
                for column in inspect(Customer).column_attrs:
                    if asked is not None and column.key not in asked | PAGE_KEYS | {"name_sort"}:
                        with pytest.raises(AttributeError):
                            getattr(row.archive, column.key)
                    else:
                        assert getattr(row.archive, column.key) == getattr(mapped, column.key), column.key
                for person, model, kept in ((row.manager, StaffUser, people.manager), (row.branch, OrgUnit, people.branch)):
                    if person is not None:
                        other = await session.get(model, person.id)
                        assert {k: getattr(person, k) for k in kept} == {k: v for k, v in columns(other, model).items() if k in kept}
                        assert set(vars(person)) == set(kept)
                if asked is None and row is next(r for r in listed if r.manager is not None):
                    detail = await repository.get_with(principal, mapped.id, people=people)
                    answer = await repository.brought(principal, mapped, people=people)
                    assert detail is not None and answer is not None and answer.archive is mapped
                    assert columns(detail.archive, Customer) == columns(mapped, Customer)
                    for found in (detail, answer):
                        assert [type(p) for p in (found.manager, found.branch) if p is not None] == [ListedRow] * 2
                        assert columns(found.manager, StaffUser) == columns(row.manager, StaffUser)
                        assert columns(found.branch, OrgUnit) == columns(row.branch, OrgUnit)


SAVED = "id version evaluation { completeness precise violations { code } } blacklisted extraFields { code } branch { name } manager { name }"


async def test_a_saved_archives_payload_reads_in_one_session_and_answers_what_a_detail_answers(client, services, count_checkouts, count_queries, lasting_caches):
    """After the save's transaction, the payload's archive reads what its evaluation, blacklist
    flag, extra fields, branch and manager need in one session (resolvers.customers._archive_mutation),
    not one per loader, in two statements (the manager, branch, evaluation and aggregate in one;
    the extra-field definitions); and its values and violations are what a detail read afterwards
    answers."""
    cm = await login(client, "fz1.cm1")
    created = await _create(client, cm, "闵四", "350102198807140018")
    sessions, statements, version = [], [], 1
    for name, fields in (("闵五", "id version"), ("闵六", SAVED)):  # each save a change: a new version
        count_checkouts.clear()
        count_queries.statements.clear()
        saved = await gql(
            client, "mutation($i: UpdateArchiveInput!) { updateArchive(input: $i) { errors { code } violations { code } customer { %s } } }" % fields,
            {"i": {"id": created, "version": version, "archive": archive(name=name, idNumber="350102198807140018", mobile=None, familyMembers=[], maritalStatus="SINGLE")}},
            token=cm,
        )  # fmt: skip
        assert saved["data"]["updateArchive"]["errors"] == [], saved
        sessions.append(len(count_checkouts))
        statements.append(len(count_queries.statements))
        version = saved["data"]["updateArchive"]["customer"]["version"]
    assert sessions[1] <= sessions[0] + 1, sessions
    assert statements[1] <= statements[0] + 2, statements
    payload = saved["data"]["updateArchive"]["customer"]
    assert payload["evaluation"] is not None and payload["branch"]["name"] and payload["manager"]["name"]
    assert saved["data"]["updateArchive"]["violations"] == payload["evaluation"]["violations"]
    detail = await gql(client, "query($id: ID!) { customer(id: $id) { %s } }" % SAVED, {"id": created}, token=cm)
    assert detail["data"]["customer"] == payload


async def test_a_pages_count_is_read_in_its_own_session_and_is_the_count(client, count_checkouts):
    """`totalCount` is counted in the search's session (no session of its own) and counts what the
    search finds, across pages."""
    cm = await login(client, "fz1.cm1")
    for i, number in enumerate(("350102199001011238", "350102199001021233", "350102199001031239")):
        await _create(client, cm, f"闵{'七八九'[i]}", number)
    sessions, pages = [], []
    for fields in ("edges { node { id } }", "totalCount pageInfo { endCursor } edges { node { id } }"):
        count_checkouts.clear()
        pages.append(await gql(client, "query($f: CustomerFilter) { customers(filter: $f, first: 2) { %s } }" % fields, {"f": {"namePrefix": "闵"}}, token=cm))
        sessions.append(len(count_checkouts))
    assert sessions[0] == sessions[1], sessions
    first = pages[1]["data"]["customers"]
    assert first["totalCount"] == 3
    after = await gql(
        client, "query($f: CustomerFilter, $a: String) { customers(filter: $f, first: 2, after: $a) { totalCount edges { node { id } } } }",
        {"f": {"namePrefix": "闵"}, "a": first["pageInfo"]["endCursor"]}, token=cm,
    )  # fmt: skip
    assert after["data"]["customers"]["totalCount"] == 3 and len(after["data"]["customers"]["edges"]) == 1
