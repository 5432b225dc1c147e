"""The product catalog (产品目录): each bank's credit products, versioned.

A product is 农e贷, 富e贷 or a bank's own: amount range, terms, rate range, repayment methods,
eligibility, channels, validity and the approval process per amount band. Saving a product
stores a new version and retires the one in force; a quota application keeps the version it
was made under.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ARRAY, BigInteger, Date, DateTime, Identity, Index, Integer, SmallInteger, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum


class ProductStatus(StrEnum):
    ACTIVE = "ACTIVE"  # the version in force
    SUPERSEDED = "SUPERSEDED"  # replaced by a later version
    RETIRED = "RETIRED"  # withdrawn from sale


class RepaymentMethod(StrEnum):
    EQUAL_INSTALLMENT = "EQUAL_INSTALLMENT"  # 等额本息
    EQUAL_PRINCIPAL = "EQUAL_PRINCIPAL"  # 等额本金
    INTEREST_FIRST = "INTEREST_FIRST"  # 按月付息、到期还本
    BULLET = "BULLET"  # 利随本清


class ProductChannel(StrEnum):
    BRANCH = "BRANCH"  # the PC at the counter
    PAD = "PAD"  # the customer manager's tablet in the field
    MOBILE_BANKING = "MOBILE_BANKING"  # self-service


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bank_id: Mapped[int] = mapped_column(BigInteger)
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # the bank's: who may read it
    code: Mapped[str] = mapped_column(String(32))  # stable across versions, e.g. NONG_E_DAI
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[ProductStatus] = mapped_column(str_enum(ProductStatus, "product_status", 16))
    name: Mapped[str] = mapped_column(String(60))
    description: Mapped[str | None] = mapped_column(String(500))
    amount_min: Mapped[int] = mapped_column(BigInteger)  # fen
    amount_max: Mapped[int] = mapped_column(BigInteger)  # fen
    terms: Mapped[list[int]] = mapped_column(ARRAY(SmallInteger))  # months
    rate_min_bp: Mapped[int] = mapped_column(Integer)  # annual rate in basis points (435 = 4.35 %)
    rate_max_bp: Mapped[int] = mapped_column(Integer)
    repayment_methods: Mapped[list[str]] = mapped_column(ARRAY(String(24)))
    channels: Mapped[list[str]] = mapped_column(ARRAY(String(16)))
    # ``backend.products.service.Eligibility`` as JSON.
    eligibility: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # The approval process per amount band, ascending: [{"maxAmount": fen | null, "process": key}].
    processes: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    sample_rate: Mapped[int] = mapped_column(SmallInteger, default=0)  # % of straight-through applications sampled for review
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("uq_products_version", "bank_id", "code", "version", unique=True),
        Index("uq_products_in_force", "bank_id", "code", unique=True, postgresql_where="status = 'ACTIVE'"),
        Index("ix_products_scope", "org_path", "code"),
    )
