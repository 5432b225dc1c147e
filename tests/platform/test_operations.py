"""Health, readiness, metrics, request ids and log scrubbing."""

from __future__ import annotations

from backend.logging import scrub_processor, scrub_text


async def test_health_and_ready(client):
    assert (await client.get("/health")).json() == {"status": "ok"}
    ready = await client.get("/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok", "objects": "ok"}}


async def test_ready_is_503_while_the_object_store_is_unreachable(client, s3_proxy):
    await s3_proxy.down()
    try:
        ready = await client.get("/ready")
    finally:
        await s3_proxy.up()
    assert ready.status_code == 503
    assert ready.json()["checks"]["objects"].startswith("error") and ready.json()["checks"]["database"] == "ok"
    assert (await client.get("/ready")).status_code == 200


async def test_metrics_count_requests_by_route(client):
    await client.get("/health")
    metrics = (await client.get("/metrics")).text
    assert 'cic_http_requests_total{method="GET",route="/health",status="200"}' in metrics
    assert "cic_http_request_duration_seconds_bucket" in metrics


async def test_request_id_is_echoed_or_generated(client):
    echoed = await client.get("/health", headers={"X-Request-ID": "abc12345-trace"})
    assert echoed.headers["x-request-id"] == "abc12345-trace"
    unsafe = await client.get("/health", headers={"X-Request-ID": "bad id\nwith newline"})
    assert unsafe.headers["x-request-id"] != "bad id\nwith newline"
    assert len(unsafe.headers["x-request-id"]) == 32


def test_log_lines_never_carry_secrets_id_numbers_or_phones():
    event = scrub_processor(
        None,
        "info",
        {
            "event": "login attempt",
            "password": "Cic@2026demo",
            "refresh_token": "abc",
            "form": {"username": "fz1.cm1", "client_secret": "s3cret"},
            "note": "customer 350102199003071234 phone 13812345678 auth Bearer eyJhbGciOi.eyJzdWIi.sig",
        },
    )
    assert event["password"] == "***"
    assert event["refresh_token"] == "***"
    assert event["form"] == {"username": "fz1.cm1", "client_secret": "***"}
    assert event["note"] == "customer 350102********1234 phone 138****5678 auth Bearer ***"
    assert scrub_text("35010219900307123X") == "350102********123X"


async def test_a_failed_statement_is_logged_without_the_values_postgresql_echoes(services, capsys):
    """PostgreSQL repeats the offending value in its error ("invalid input syntax ... "张翊骞...""),
    and a name or an address matches no pattern: database errors are logged without messages."""
    import structlog
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from backend.logging import configure_logging

    secret = "张翊骞 福州市鼓楼区东街1号"
    try:
        async with services.db.sessions() as session:
            await session.execute(text("SELECT CAST(:value AS integer) AS n"), {"value": secret})
    except DBAPIError as exc:
        failure = exc
    assert secret in str(failure)  # the driver's own words repeat the value, parameters hidden or not
    configure_logging("INFO")
    try:
        capsys.readouterr()
        structlog.get_logger("cic.test").error("graphql_unexpected_error", exc_info=failure)
        line = capsys.readouterr().err
    finally:
        configure_logging(services.settings.log_level)
    assert "张翊骞" not in line and "东街" not in line
    assert "(SQLSTATE 22" in line and "message withheld" in line and "SELECT CAST" in line and "Traceback" in line


async def test_a_client_that_goes_away_mid_request_is_not_a_server_error(app):
    """A tablet that loses its network while sending: a disconnect (logged at info, metrics 499),
    never an unhandled error raised out of the app (which the server logs as a crash)."""
    messages = iter([{"type": "http.request", "body": b'{"query": "{ me ', "more_body": True}, {"type": "http.disconnect"}])
    sent = []

    async def receive():
        return next(messages)

    async def send(message):
        sent.append(message)

    headers = [(b"content-type", b"application/json"), (b"content-length", b"100")]
    scope = {"type": "http", "method": "POST", "path": "/graphql", "raw_path": b"/graphql", "query_string": b"", "root_path": "",
             "headers": headers, "scheme": "http", "server": ("t", 80), "client": ("127.0.0.1", 5)}
    await app(scope, receive, send)  # does not raise
    assert sent == []  # nobody to answer


def test_each_log_line_is_written_whole_so_processes_sharing_stderr_never_merge_lines():
    """`cic run`'s processes share one stderr. A line written as two writes (the message, then its
    newline, as structlog's PrintLogger does) lets another process's line land between them: two
    events on one line and an empty one, which a reader of JSON lines (a log shipper, the cluster
    test waiting for the second API's ``api_started``) never sees. Every line, structlog's and the
    standard library's, must reach the file in one write."""
    import json
    import subprocess
    import sys

    child = """
import io, json, logging, sys
class Writes(io.TextIOBase):
    calls = []
    def write(self, text):
        Writes.calls.append(text)
        return len(text)
    def flush(self):
        pass
real, sys.stderr = sys.stderr, Writes()
from backend.logging import configure_logging, log
configure_logging("INFO")
log.info("api_started", env="test", name="张三")
logging.getLogger("uvicorn.error").info("Started server process")
try:
    raise ValueError("boom")
except ValueError:
    log.exception("unhandled_error")
sys.stdout.write(json.dumps(Writes.calls))
"""
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60, check=True)
    writes = json.loads(done.stdout)
    assert len(writes) == 3, writes
    for text in writes:
        assert text.endswith("\n") and text.count("\n") == 1, text
        json.loads(text)
    assert [json.loads(t)["event"] for t in writes] == ["api_started", "Started server process", "unhandled_error"]
