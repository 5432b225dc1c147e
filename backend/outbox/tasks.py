"""Typed task contracts: what the outbox can schedule and what a job receives.

A ``Task`` names a job (the arq function) and the dataclass its payload is. The domain that
schedules the work owns the contract (``backend/<domain>/tasks.py``): its service enqueues it
(``Outbox.enqueue(session, TASK, Payload(...))``) and ``workers/<domain>.py`` implements it
(``outbox_job(TASK)``), so a name or a payload field cannot drift between the two. Every
contract registers itself in ``TASKS``; a test proves each one has a job in the worker.

A task with a ``batch_size`` is worked in batches (``workers.base.outbox_batch_job``): its rows
are not sent to arq one by one; the ``outbox.drain`` job takes up to ``batch_size`` due rows at a
time and takes effect for all of them in one transaction (docs/architecture.md "Jobs").
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, get_type_hints

P = TypeVar("P")
TASKS: dict[str, Task[Any]] = {}


@dataclass(frozen=True)
class Task(Generic[P]):
    name: str
    payload: type[P]
    batch_size: int = 0  # > 0: drained in batches of at most this many rows

    @property
    def batched(self) -> bool:
        return self.batch_size > 0

    def __post_init__(self) -> None:
        if not dataclasses.is_dataclass(self.payload):
            raise TypeError(f"the payload of {self.name} must be a dataclass")
        if TASKS.get(self.name, self) != self:
            raise ValueError(f"task {self.name} is defined twice")
        TASKS[self.name] = self

    def encode(self, payload: P) -> dict[str, Any]:
        """The payload as stored in the outbox (JSON)."""
        if not isinstance(payload, self.payload):
            raise TypeError(f"{self.name} takes a {self.payload.__name__}, not a {type(payload).__name__}")
        return {f.name: _to_json(getattr(payload, f.name)) for f in dataclasses.fields(payload)}

    def decode(self, data: dict[str, Any]) -> P:
        """The payload a job receives, typed again."""
        hints = get_type_hints(self.payload)
        return self.payload(**{f.name: _from_json(hints[f.name], data[f.name]) for f in dataclasses.fields(self.payload)})


def _to_json(value: Any) -> Any:
    return str(value) if isinstance(value, uuid.UUID) else value


def _from_json(kind: Any, value: Any) -> Any:
    if kind is uuid.UUID:
        return uuid.UUID(str(value))
    if kind is int:
        return int(value)
    return value
