"""Declarative base shared by every domain's models."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, Enum, MetaData, func
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


def str_enum(cls: type[StrEnum], name: str, length: int) -> Enum:
    """The column type of a ``StrEnum``: its values as VARCHAR(``length``), not a PostgreSQL enum
    type (a new value needs no ``ALTER TYPE``)."""
    return Enum(cls, name=name, native_enum=False, length=length)


def import_all_models() -> None:
    """Import every domain's models so that ``Base.metadata`` is complete (Alembic, tests).

    Discovered, not listed: every ``backend.<package>.models`` module, so a new domain's tables
    are found without editing this file (and the database layer depends on no domain)."""
    import importlib.util
    import pkgutil

    import backend

    for package in pkgutil.iter_modules(backend.__path__):
        if package.ispkg and importlib.util.find_spec(f"backend.{package.name}.models") is not None:
            importlib.import_module(f"backend.{package.name}.models")
