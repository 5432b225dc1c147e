"""The ordinary GraphQL request served straight from the schema, without Strawberry's HTTP view.

Nearly every request to ``/graphql`` is the same shape: a POST whose body is one JSON object with
a ``query`` text, perhaps ``variables``, an ``operationName`` and ``extensions``, answered with one
JSON object. Strawberry's view (``strawberry.asgi.GraphQL``) serves that shape and many others
(GraphiQL, GET, multipart uploads, batches, streamed subscriptions, WebSockets): for a search page
it built a Starlette request and a sub-response, parsed the content type with the standard
library's e-mail parser, read the body through two adapters and answered through a Starlette
``Response``, about a sixth of the request's CPU (docs/benchmarks.md, "GraphQL throughput against
PostGraphile").

``PlainGraphQL`` takes the ordinary shape itself and gives everything else to the view, with the
body it read handed on unchanged, so anything unusual is answered (and refused) exactly as before:

* only ``POST`` with the media type ``application/json`` (in lower case: the view refuses
  ``Application/JSON``) and no streaming ``Accept``
  (``multipart/mixed``, ``text/event-stream``);
* only a body that ``orjson`` reads as one object whose ``query`` is a string, ``variables`` and
  ``extensions`` an object or null, ``operationName`` a string or null (Strawberry's own checks);
  anything else (a batch, invalid JSON, JSON the standard library reads and orjson does not) goes
  to the view, which reports it. JSON that is neither an object nor a list (``3``, ``null``) is
  answered 400 here, for every request whose body the view reads as JSON (its media type
  contains ``application/json``: ``application/jsonx``, a streaming request's): the view failed
  on it with an internal error.

What it does is what the view did for that shape: the same context (``CICGraphQL.get_context``:
the token, the caller, the request id), the same ``schema.execute`` with the operation types a
POST allows, the same result (``strawberry.http.process_result``), the same 400 for an operation
the request may not run, encoded by orjson as ``CICGraphQL.encode_json`` does. The execution's
errors, their masking and logging are the schema's (``schema.schema.CICSchema``), unchanged.
tests/platform/test_graphql_http.py checks both paths answer alike.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.types import Receive, Scope, Send
from strawberry.http import process_result
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from backend.web.guards import replaying

POST_OPERATIONS = OperationType.from_http("POST")
STREAMING = (b"multipart/mixed", b"text/event-stream")
NOT_AN_OPERATION = b"The GraphQL request must be a JSON object (or a list of them)."
JSON_HEADERS = [(b"content-type", b"application/json")]
TEXT_HEADERS = [(b"content-type", b"text/plain; charset=utf-8")]  # as the view's PlainTextResponse
_UNREAD = object()


def _ordinary(data: Any) -> bool:
    """Whether a request body is one operation as Strawberry's view accepts it."""
    return (
        type(data) is dict
        and isinstance(data.get("query"), str)
        and isinstance(data.get("variables"), (dict, type(None)))
        and isinstance(data.get("extensions"), (dict, type(None)))
        and isinstance(data.get("operationName"), (str, type(None)))
    )


def _json_body(headers: list[tuple[bytes, bytes]]) -> tuple[bool, bool]:
    """Whether the request is plain (a JSON body, and an answer the client takes as one JSON
    object: no streaming), and whether its body is JSON as the view reads it: a media type that
    contains ``application/json`` (``application/jsonx``, a streaming request's JSON)."""
    content_type, streaming = None, False
    for name, value in headers:
        if name == b"content-type":
            content_type = value
        elif name == b"accept" and any(kind in value.lower() for kind in STREAMING):
            streaming = True
    if content_type is None:
        return False, False
    if content_type.split(b";", 1)[0].strip() == b"application/json":  # as the view reads it: case and all
        return not streaming, True
    # The view's own test (an unusual request: its parsing costs nothing here).
    return False, "application/json" in parse_content_type(content_type.decode("latin-1"))[0]


class PlainGraphQL:
    """``view`` (a ``CICGraphQL``) with its ordinary requests answered here (see the module)."""

    def __init__(self, view: Any) -> None:
        self.view = view  # the fallback, as an ASGI app
        self.schema = view.schema
        self.get_context = view.get_context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.view(scope, receive, send)
            return
        plain, json_body = _json_body(scope["headers"])
        if not json_body:
            await self.view(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError:
            data = _UNREAD  # the view reads it again and says why
        if data is None or isinstance(data, (str, int, float, bool)):
            # JSON, but not an object or a batch: Strawberry's view fails on it (500).
            await _answer(send, 400, NOT_AN_OPERATION, TEXT_HEADERS)
            return
        if not plain or not _ordinary(data):
            await self.view(scope, replaying(body, receive), send)
            return
        request = Request(scope, receive)
        context = await self.get_context(request, None)
        try:
            result = await self.schema.execute(
                data["query"],
                variable_values=data.get("variables"),
                context_value=context,
                operation_name=data.get("operationName"),
                allowed_operation_types=POST_OPERATIONS,
                operation_extensions=data.get("extensions"),
            )
        except (CannotGetOperationTypeError, InvalidOperationTypeError) as error:  # the view's 400, in its words
            reason = error.as_http_error_reason("POST") if isinstance(error, InvalidOperationTypeError) else error.as_http_error_reason()
            await _answer(send, 400, reason.encode(), TEXT_HEADERS)
            return
        await _answer(send, 200, orjson.dumps(process_result(result)), JSON_HEADERS)


async def _answer(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
