"""backend/web/graphql_http.py: the ordinary request answered without Strawberry's view, and every
request answered as the view answers it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from backend.web.graphql_http import PlainGraphQL
from tests.customers.test_search_order import make
from tests.helpers import login

SEARCH = "query($p: String!) { customers(filter: {namePrefix: $p}, first: 3) { edges { node { id name idNumber mobile manager { name } } } } }"


def _plain(app: Any) -> tuple[Any, PlainGraphQL]:
    """The body limit in front of /graphql, and the plain path it calls."""
    route = next(r for r in app.routes if getattr(r, "path", None) == "/graphql")
    limited = route.app
    assert isinstance(limited.app, PlainGraphQL)
    return limited, limited.app


async def _surname(client: Any, token: str) -> str:
    """A surname of two archives the caller made."""
    for n, name in enumerate(("林一", "林二")):
        made = await make(client, token, name, n)
        assert made["name"] == name
    return "林"


def _requests(token: str, surname: str) -> list[tuple[str, dict[str, Any]]]:
    auth = {"Authorization": f"Bearer {token}"}
    as_json = {**auth, "Content-Type": "application/json"}
    return [
        ("a search with variables", {"json": {"query": SEARCH, "variables": {"p": surname}}, "headers": auth}),
        ("the media type with its charset", {"content": b'{"query": "{ me { kind } }"}', "headers": {**auth, "Content-Type": "application/json; charset=utf-8"}}),
        ("the media type in capitals", {"content": b'{"query": "{ me { kind } }"}', "headers": {**auth, "Content-Type": "Application/JSON"}}),
        ("no token", {"json": {"query": SEARCH, "variables": {"p": surname}}}),
        ("a field that does not exist", {"json": {"query": "{ me { nothing } }"}, "headers": auth}),
        ("a syntax error", {"json": {"query": "{ me { "}, "headers": auth}),
        ("a variable of the wrong type", {"json": {"query": SEARCH, "variables": {"p": 3}}, "headers": auth}),
        ("a refused input", {"json": {"query": "{ customers(first: 0) { edges { node { id } } } }"}, "headers": auth}),
        ("an operation name the document lacks", {"json": {"query": "query A { me { kind } }", "operationName": "B"}, "headers": auth}),
        ("two operations, none named", {"json": {"query": "query A { me { kind } } query B { me { kind } }"}, "headers": auth}),
        ("a mutation", {"json": {"query": 'mutation { createOrgUnit(input: {parentId: "1", code: "X1", name: "x"}) { orgUnit { id } } }'}, "headers": auth}),
        ("variables that are a list", {"json": {"query": SEARCH, "variables": ["林"]}, "headers": auth}),
        ("a query that is not a string", {"json": {"query": 3}, "headers": auth}),
        ("no query", {"json": {"variables": {}}, "headers": auth}),
        ("a batch", {"json": [{"query": "{ me { kind } }"}], "headers": auth}),
        ("invalid JSON", {"content": b"{not json", "headers": as_json}),
        ("JSON only the standard library reads", {"content": b'{"query": "{ me { kind } }", "variables": {"x": NaN}}', "headers": as_json}),
        ("text, not JSON", {"content": b'{"query": "{ me { kind } }"}', "headers": {**auth, "Content-Type": "text/plain"}}),
        ("a streaming client", {"json": {"query": "{ me { kind } }"}, "headers": {**auth, "Accept": "multipart/mixed"}}),
        ("a media type the view reads as JSON", {"content": b'{"query": "{ me { kind } }"}', "headers": {**auth, "Content-Type": "application/jsonx"}}),
    ]


async def _answers(client: Any, token: str, surname: str) -> dict[str, tuple[int, str, bytes]]:
    answers = {}
    for name, request in _requests(token, surname):
        response = await client.post("/graphql", **request)
        answers[name] = (response.status_code, response.headers.get("content-type"), response.content)
    return answers


@pytest.mark.asyncio
async def test_every_request_is_answered_as_strawberrys_view_answers_it(app, client, monkeypatch):
    token = await login(client, "fz1.cm1")
    surname = await _surname(client, token)
    limited, plain = _plain(app)
    view_calls: list[str] = []
    view = plain.view

    async def counted_view(scope, receive, send):
        view_calls.append(scope["path"])
        await view(scope, receive, send)

    monkeypatch.setattr(plain, "view", counted_view)
    ours = await _answers(client, token, surname)
    taken = len(view_calls)
    # JSON that is not an object: a 400 here, where the view failed with an internal error, for
    # every request whose body the view reads as JSON.
    for headers in ({"Content-Type": "application/json"}, {"Content-Type": "application/jsonx"},
                    {"Content-Type": "application/json", "Accept": "multipart/mixed"}):  # fmt: skip
        for body in (b"3", b"null", b'"query"'):
            response = await client.post("/graphql", content=body, headers=headers)
            assert (response.status_code, response.text) == (400, "The GraphQL request must be a JSON object (or a list of them)."), headers
    monkeypatch.setattr(limited, "app", view)  # Strawberry's view alone, as before
    theirs = await _answers(client, token, surname)
    for name in ours:
        assert ours[name] == theirs[name], name
    # The ordinary shapes never reached the view; the others (ten of them) did, once each.
    assert taken == 10
    search = ours["a search with variables"]
    assert search[0] == 200 and search[1] == "application/json"
    edges = json.loads(search[2])["data"]["customers"]["edges"]
    assert edges and all("*" in e["node"]["idNumber"] for e in edges)  # masked on this path too


@pytest.mark.asyncio
async def test_a_body_sent_in_parts_is_read_whole(app, client):
    token = await login(client, "fz1.cm1")
    surname = await _surname(client, token)

    async def parts():
        yield b'{"query": "query($p: String!) { customers(filter: {namePrefix: $p}, first: 3) '
        yield b'{ edges { node { name } } } }", "variables": {"p": "' + surname.encode() + b'"}}'

    response = await client.post("/graphql", content=parts(), headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert response.status_code == 200
    names = [e["node"]["name"] for e in response.json()["data"]["customers"]["edges"]]
    assert names and all(n.startswith(surname) for n in names)
