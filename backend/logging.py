"""structlog JSON logging with request id and user id bound per request.

A processor scrubs every event before it is written: keys that name secrets are dropped to
``***`` and anything that looks like a resident ID number, a mobile number or a bearer token is
masked, so a careless ``log.info(..., body=form)`` cannot leak them.

Database errors get more: PostgreSQL echoes the offending value in its messages (``invalid input
syntax for type integer: "张建国"``, ``Key (id)=(...) already exists``), and names or addresses do
not look like anything a pattern could mask. So an exception of the database driver is logged as
its type, SQLSTATE and statement (parameters are hidden by the engines) with the stack, never
its message (``redact_database_errors``).
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from typing import Any

import structlog

SECRET_KEYS = re.compile(r"pass(word)?|secret|token|authorization|cookie|key$", re.IGNORECASE)
ID_NUMBER = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)")
MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
BEARER = re.compile(r"(?i)(bearer\s+)[\w\-.~+/]+=*")
JWT_LIKE = re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+")


def scrub_text(text: str) -> str:
    text = ID_NUMBER.sub(r"\1********\2", text)
    text = MOBILE.sub(r"\1****\2", text)
    text = BEARER.sub(r"\1***", text)
    return JWT_LIKE.sub("***", text)


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {k: ("***" if SECRET_KEYS.search(str(k)) else _scrub(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub(v) for v in value]
    return value


def _database_error(exc: BaseException) -> bool:
    module = type(exc).__module__
    return module.startswith(("sqlalchemy", "asyncpg", "psycopg"))


def _redacted(exc: BaseException) -> str:
    """An exception chain as type, SQLSTATE, statement and stack, without messages."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        if _database_error(current):
            orig = getattr(current, "orig", None)
            sqlstate = getattr(current, "sqlstate", None) or getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
            statement = getattr(current, "statement", None)
            summary = f"{type(current).__module__}.{type(current).__name__} (SQLSTATE {sqlstate or '?'}; message withheld)"
            if statement:
                summary += f"\n  statement: {' '.join(str(statement).split())[:1000]}"
        else:
            summary = f"{type(current).__name__}: {scrub_text(str(current))}"
        lines.append(f"Traceback (most recent call last):\n{frames}{summary}")
        current = current.__cause__ or current.__context__
    return "\n\nCaused by / during:\n".join(reversed(lines))


def redact_database_errors(_logger: Any, _name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """Replace ``exc_info`` of a database error (anywhere in the chain) by a redacted rendering."""
    exc_info = event_dict.get("exc_info")
    if not exc_info:
        return event_dict
    if exc_info is True:
        exc_info = sys.exc_info()
    exc = exc_info if isinstance(exc_info, BaseException) else exc_info[1] if isinstance(exc_info, tuple) else None
    chain, current = [], exc
    while current is not None and len(chain) < 20:
        chain.append(current)
        current = current.__cause__ or current.__context__
    if any(_database_error(e) for e in chain):
        event_dict.pop("exc_info")
        event_dict["exception"] = _redacted(exc)
    return event_dict


def scrub_processor(_logger: Any, _name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    return {k: ("***" if SECRET_KEYS.search(k) and k != "event" else _scrub(v)) for k, v in event_dict.items()}


def configure_logging(level: str = "INFO") -> None:
    processors: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact_database_errors,
        structlog.processors.format_exc_info,
        scrub_processor,
        structlog.processors.JSONRenderer(ensure_ascii=False),
    ]
    structlog.configure(
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        # One write per line: PrintLogger writes the message and its newline separately, so the
        # processes of `cic run` sharing one stderr merged each other's lines (1,616 of 40,000 in
        # a test of two processes logging at once), and a reader of the JSON lines lost events.
        logger_factory=structlog.WriteLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )
    # Route stdlib loggers (uvicorn, arq, sqlalchemy) through the same JSON renderer.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *processors[-1:]],
            foreign_pre_chain=processors[:-1],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


log = structlog.get_logger("cic")
