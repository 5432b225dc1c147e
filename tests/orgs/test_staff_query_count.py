"""The staff list with nested org units costs a fixed number of SQL statements (no N+1)."""

from __future__ import annotations

from tests.helpers import gql, login

STAFF = "query($n: Int!) { staffUsers(first: $n) { edges { node { id name phone lockedUntil orgUnit { name } } } } }"


async def statements_for(client, count_queries, token: str, n: int) -> tuple[int, list[str], dict]:
    start = len(count_queries.statements)
    before = count_queries.count
    result = await gql(client, STAFF, {"n": n}, token=token)
    return count_queries.count - before, count_queries.statements[start:], result


async def test_staff_list_runs_the_same_number_of_statements_for_2_and_30_rows(client, count_queries):
    # given prov.admin, logged in before counting so that login statements are excluded
    token = await login(client, "prov.admin")
    # when the list is fetched with 2 and with 30 rows
    small, small_sql, small_result = await statements_for(client, count_queries, token, 2)
    large, large_sql, large_result = await statements_for(client, count_queries, token, 30)
    # then both pages are complete, their org units resolved from several distinct units
    small_nodes = [e["node"] for e in small_result["data"]["staffUsers"]["edges"]]
    large_nodes = [e["node"] for e in large_result["data"]["staffUsers"]["edges"]]
    assert "errors" not in small_result and "errors" not in large_result
    assert len(small_nodes) == 2 and len(large_nodes) == 30
    assert all(n["orgUnit"] and n["orgUnit"]["name"] and n["phone"] for n in large_nodes)
    assert len({n["orgUnit"]["name"] for n in large_nodes}) >= 8
    # and the statement count does not grow with the page size
    assert small > 0
    assert small == large, "\n---\n".join(large_sql)
    assert [s.split()[0] for s in small_sql] == [s.split()[0] for s in large_sql]
