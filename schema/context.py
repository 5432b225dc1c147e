"""The typed per-request context.

Session rule (decided once, here): Strawberry resolves sibling fields concurrently and one
AsyncSession must never be used by two tasks at once. So

* a query's resolvers and DataLoaders each take a short read-only session from the replica
  factory (``ctx.reader()``);
* a mutation uses the request's single primary session (``ctx.writer()``); once it exists,
  ``ctx.reader()`` hands out that same session behind a lock, so payload fields read what the
  mutation wrote and never touch the session concurrently.

The request's primary session is committed in one place: ``TransactionExtension``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.errors import Unauthenticated

if TYPE_CHECKING:
    from backend.services import Services
    from resolvers.dataloaders import Loaders


@dataclass
class Context:
    services: Services
    principal: Principal | None
    auth_error: str | None
    request_id: str
    loaders: Loaders = field(init=False)
    _write_session: AsyncSession | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        from resolvers.dataloaders import Loaders

        self.loaders = Loaders(self)

    @property
    def viewer(self) -> Principal:
        if self.principal is None:
            raise Unauthenticated(self.auth_error or "authentication required")
        return self.principal

    def writer(self) -> AsyncSession:
        if self._write_session is None:
            self._write_session = self.services.db.sessions()
        return self._write_session

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[AsyncSession]:
        if self._write_session is not None:
            async with self._lock:
                yield self._write_session
            return
        async with self.services.db.read_sessions() as session:
            yield session
