"""GraphQL types of drawdowns (loans) handed to the lending platform."""

from __future__ import annotations

import datetime as dt

import strawberry

from backend.loans import errors as loan_errors
from backend.loans import models
from schema.common import error_codes, error_type, from_attributes
from schema.customers import Money
from schema.products import percent

LoanErrorCode = error_codes("LoanErrorCode", loan_errors.ERROR_CODES, description="Why a drawdown was refused.")
LoanError = error_type("LoanError", LoanErrorCode, description="A refused drawdown: the field, the rule (code), the message.")
LoanStatus = strawberry.enum(models.LoanStatus, name="LoanStatus", description="Where a drawdown stands at the lending platform.")


@strawberry.type(description="A drawdown (用信) against a quota, and what the lending platform reported of it.")
class Loan:
    id: strawberry.ID
    number: str = strawberry.field(description="借据号 as CIC numbers it (JK + date + sequence).")
    quota_id: strawberry.ID
    product_code: str
    status: LoanStatus
    amount: Money = strawberry.field(description="Requested.")
    term: int = strawberry.field(description="Months.")
    rate: str = strawberry.field(description="Annual rate in percent.")
    repayment_method: str
    account: str = strawberry.field(description="The disbursement account, masked (the full number is stored encrypted).")
    channel: str
    platform_loan_id: str | None
    disbursed_amount: Money
    outstanding: Money = strawberry.field(description="Principal not yet repaid.")
    overdue_days: int
    reason: str | None = strawberry.field(description="The platform's refusal code (REFUSED).")
    created_at: dt.datetime
    disbursed_at: dt.datetime | None
    closed_at: dt.datetime | None

    @classmethod
    def from_model(cls, m: models.Loan) -> Loan:
        return from_attributes(
            cls, m, id=strawberry.ID(str(m.id)), quota_id=strawberry.ID(str(m.quota_id)), amount=Money(str(m.amount)),
            rate=percent(m.rate_bp), account=m.account_masked, disbursed_amount=Money(str(m.disbursed_amount)),
            outstanding=Money(str(m.outstanding)),
        )


@strawberry.input(description="Draw on one of my quotas: the money goes to `account` through the lending platform.")
class DrawdownInput:
    quota_id: strawberry.ID
    amount: Money
    term: int = strawberry.field(description="Months, at most the quota's term.")
    account: str = strawberry.field(description="The disbursement account: a 16-19 digit card or account number of the bank.")
    request_id: strawberry.ID | None = strawberry.field(
        default=None, description="A UUID the caller chooses: sending the same request again returns the same loan."
    )


@strawberry.type
class DrawdownPayload:
    loan: Loan | None = None
    errors: list[LoanError] = strawberry.field(default_factory=list)  # type: ignore[valid-type]
