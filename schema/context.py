"""The typed per-request context.

Session rule (decided once, here): Strawberry resolves sibling fields concurrently and one
AsyncSession must never be used by two tasks at once. So every resolver and DataLoader batch
takes a short session of its own (``ctx.reader()``), and every mutation field runs in a
transaction of its own (``resolvers.common.run_mutation`` -> ``backend.db.session.transaction``),
committed when the field's work is done. Reads come from the replica until the request has
committed a mutation; from then on they come from the primary (a replica may lag behind what
the request just wrote), and the DataLoaders start afresh. With a replica configured, the
request's reads go to the primary also when the replica is down or behind, or has not replayed
the caller's last write of an earlier request (``backend.db.replica``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

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
    _primary_reads: bool = False
    _reads: async_sessionmaker[AsyncSession] | None = None
    _answer: Loaders | None = None

    def __post_init__(self) -> None:
        from resolvers.dataloaders import Loaders

        self.loaders = Loaders(self)

    @property
    def viewer(self) -> Principal:
        if self.principal is None:
            raise Unauthenticated(self.auth_error or "authentication required")
        return self.principal

    def answer_loaders(self) -> Loaders:
        """Fresh loaders for the answer of the mutation field in progress, to prime in its own
        transaction before the commit (which sees what it wrote, as a read after the commit
        would): ``wrote`` keeps them in place of empty ones if, and only if, the field committed."""
        from resolvers.dataloaders import Loaders

        self._answer = Loaders(self)
        return self._answer

    def wrote(self, committed: bool = False) -> None:
        """A mutation field finished: later reads see the primary, loaders forget what they cached
        (all but those its answer primed in its transaction, when it committed)."""
        from resolvers.dataloaders import Loaders

        self._primary_reads = True
        answer, self._answer = self._answer, None
        self.loaders = answer if committed and answer is not None else Loaders(self)

    async def _read_sessions(self) -> async_sessionmaker[AsyncSession]:
        if self._reads is None:  # decided once per request (concurrent first readers may both ask)
            self._reads = await self.services.reads(self.principal)
        return self._reads

    @asynccontextmanager
    async def reader(self) -> AsyncIterator[AsyncSession]:
        factory = self.services.db.sessions if self._primary_reads else await self._read_sessions()
        async with factory() as session:
            yield session
