"""Declarative base shared by every domain's models."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


def import_all_models() -> None:
    """Import every domain's models so that ``Base.metadata`` is complete (Alembic, tests)."""
    from backend.audit import models as _audit  # noqa: F401
    from backend.auth import models as _auth  # noqa: F401
    from backend.customers import models as _customers  # noqa: F401
    from backend.dual_control import models as _dual_control  # noqa: F401
    from backend.imports import models as _imports  # noqa: F401
    from backend.orgs import models as _orgs  # noqa: F401
    from backend.outbox import models as _outbox  # noqa: F401
    from backend.images import models as _images  # noqa: F401
    from backend.rules import models as _rules  # noqa: F401
