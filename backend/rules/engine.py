"""Evaluating archives against the rules in force for their bank.

One SQL statement per chunk of archives computes, for every SQL-compiled rule, whether it
applies (segment) and whether it is violated; expression and ID-consistency rules run in Python
on the same rows; results are written with one ``INSERT ... SELECT FROM unnest`` per chunk. The
same path serves a single archive on save and a million in a batch.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.fieldcrypt import FieldCipher
from backend.customers.identity import IdentifierError, parse_resident_id
from backend.customers.models import ArchiveStatus, Channel, ExtraFieldDefinition
from backend.customers.service import ID_CONTEXT
from backend.rules.compiler import CompiledRule, compile_rule
from backend.rules.document import archive_document
from backend.rules.models import Rule, RuleKind, RuleScope, RuleSet, RuleSetStatus, Severity

STATEMENT_TIMEOUT_MS = 60_000  # bounds a pathological pattern; never blocks the baseline's others


@dataclass
class RuleBook:
    """The compiled rules in force for one bank: baseline (minus overridden) + the bank's own."""

    bank_id: int
    rules: list[CompiledRule]
    versions: dict[str, Any]

    @property
    def sql_rules(self) -> list[CompiledRule]:
        return [r for r in self.rules if r.violated is not None and not r.deferred]

    @property
    def python_rules(self) -> list[CompiledRule]:
        return [r for r in self.rules if r.violated is None and not r.deferred]


@dataclass
class Evaluation:
    bank_id: int
    customer_id: uuid.UUID
    branch_id: int
    violations: list[dict[str, str]] = field(default_factory=list)
    applicable: int = 0
    precise: bool = False

    @property
    def error_count(self) -> int:
        return sum(1 for v in self.violations if v["severity"] == Severity.ERROR.value)

    @property
    def completeness(self) -> int:
        if self.applicable == 0:
            return 100
        return round(100 * (self.applicable - len(self.violations)) / self.applicable)


async def published_set(session: AsyncSession, scope: RuleScope, bank_id: int | None) -> RuleSet | None:
    stmt = select(RuleSet).where(RuleSet.scope == scope, RuleSet.status == RuleSetStatus.PUBLISHED)
    stmt = stmt.where(RuleSet.bank_id == bank_id) if bank_id is not None else stmt.where(RuleSet.bank_id.is_(None))
    return (await session.scalars(stmt.order_by(RuleSet.version.desc()).limit(1))).first()


async def extra_kinds(session: AsyncSession, bank_id: int | None) -> dict[str, str]:
    rows = await session.execute(
        select(ExtraFieldDefinition.code, ExtraFieldDefinition.kind).where(ExtraFieldDefinition.bank_id == bank_id)
    )
    return {code: kind.value for code, kind in rows}


def merge(baseline: list[Rule], bank: list[Rule]) -> list[tuple[Rule, str]]:
    """Baseline rules a bank rule overrides give way to it; everything else applies."""
    overridden = {r.overrides for r in bank if r.overrides}
    merged = [(r, RuleScope.PROVINCE.value) for r in baseline if r.enabled and r.code not in overridden]
    merged += [(r, RuleScope.BANK.value) for r in bank if r.enabled]
    return merged


async def rule_book(session: AsyncSession, bank_id: int, *, bank_set: RuleSet | None = None, baseline_set: RuleSet | None = None) -> RuleBook:
    """The rules in force for a bank (or, for a dry run, with a draft bank or baseline set)."""
    baseline_set = baseline_set or await published_set(session, RuleScope.PROVINCE, None)
    bank_set = bank_set or await published_set(session, RuleScope.BANK, bank_id)
    sets = [s for s in (baseline_set, bank_set) if s is not None]
    rules_by_set: dict[uuid.UUID, list[Rule]] = {s.id: [] for s in sets}
    if sets:
        for rule in await session.scalars(
            select(Rule).where(Rule.rule_set_id.in_([s.id for s in sets])).order_by(Rule.position, Rule.code)
        ):
            rules_by_set[rule.rule_set_id].append(rule)
    kinds = await extra_kinds(session, bank_id)
    drafts = any(s.status == RuleSetStatus.DRAFT for s in sets)
    key = (tuple(s.id for s in sets), tuple(sorted(kinds.items())))
    if not drafts and key in _BOOKS:
        return RuleBook(bank_id=bank_id, rules=_BOOKS[key].rules, versions=_BOOKS[key].versions)
    merged = merge(rules_by_set.get(baseline_set.id, []) if baseline_set else [], rules_by_set.get(bank_set.id, []) if bank_set else [])
    compiled = [compile_rule(rule, origin, kinds, i) for i, (rule, origin) in enumerate(merged)]
    versions = {
        "province": baseline_set.version if baseline_set else None,
        "bank": bank_set.version if bank_set else None,
        "extraKinds": kinds,
    }
    book = RuleBook(bank_id=bank_id, rules=compiled, versions=versions)
    if not drafts:  # published sets never change: their compiled form can be reused
        if len(_BOOKS) > 500:
            _BOOKS.clear()
        _BOOKS[key] = book
    return book


_BOOKS: dict[tuple, RuleBook] = {}


def _statement(book: RuleBook, where: str) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {}
    applies, violated = [], []
    for i, rule in enumerate(book.sql_rules):
        segment = rule.segment.text if rule.segment else "true"
        for sql in (rule.violated, rule.segment):
            if sql is not None:
                params.update(sql.params)
        applies.append(f"CASE WHEN {segment} THEN 1 ELSE 0 END")
        violated.append(f"CASE WHEN ({segment}) AND {rule.violated.text} THEN {i} END")
    python_segments = [
        f"CASE WHEN {r.segment.text} THEN {i} END" for i, r in enumerate(book.python_rules) if r.segment is not None
    ]
    for r in book.python_rules:
        if r.segment is not None:
            params.update(r.segment.params)
    sql = f"""
        SELECT c.bank_id, c.id, c.branch_id, c.status, c.channel, c.name, c.gender, c.birth_date, c.id_expiry,
               c.id_long_term, c.ethnicity, c.education, c.marital_status, c.health, c.mobile_encrypted,
               c.alt_phone_encrypted, c.region_code, c.township_code, c.village_code, c.address_encrypted,
               c.profile, c.extra, c.consent, c.id_number_encrypted,
               array_remove(ARRAY[{', '.join(violated) or 'NULL::int'}]::int[], NULL) AS violated,
               ({' + '.join(applies) or '0'}) AS applicable,
               array_remove(ARRAY[{', '.join(python_segments) or 'NULL::int'}]::int[], NULL) AS python_in_segment
        FROM customers c
        WHERE {where}
    """
    return sql, params


async def evaluate(
    session: AsyncSession, cipher: FieldCipher, book: RuleBook, where: str, params: dict[str, Any]
) -> list[Evaluation]:
    sql, rule_params = _statement(book, where)
    await session.execute(text(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}"))
    rows = (await session.execute(text(sql), {**rule_params, **params})).mappings().all()
    sql_rules, python_rules = book.sql_rules, book.python_rules
    results = []
    for row in rows:
        result = Evaluation(bank_id=row["bank_id"], customer_id=row["id"], branch_id=row["branch_id"], applicable=row["applicable"])
        for i in row["violated"]:
            rule = sql_rules[i]
            result.violations.append({"code": rule.code, "severity": rule.severity.value, "origin": rule.origin})
        if python_rules:
            in_segment = set(row["python_in_segment"])
            archive = SimpleNamespace(**row)
            archive.status = ArchiveStatus(row["status"])
            archive.channel = Channel(row["channel"])
            document = None
            for i, rule in enumerate(python_rules):
                if rule.segment is not None and i not in in_segment:
                    continue
                result.applicable += 1
                if rule.kind == RuleKind.ID_CONSISTENCY:
                    ok = _id_consistent(cipher, archive)
                else:
                    document = document or archive_document(archive, book.versions["extraKinds"])
                    try:
                        ok = rule.program.execute(document) is True
                    except Exception:  # a missing optional value: the rule is not met
                        ok = False
                if not ok:
                    result.violations.append({"code": rule.code, "severity": rule.severity.value, "origin": rule.origin})
        result.precise = (
            result.error_count == 0 and row["consent"] is not None and row["status"] == ArchiveStatus.VERIFIED.value
        )
        results.append(result)
    return results


def _id_consistent(cipher: FieldCipher, archive: Any) -> bool:
    try:
        rid = parse_resident_id(cipher.decrypt(archive.id_number_encrypted, context=ID_CONTEXT))
    except (IdentifierError, ValueError):
        return False
    return rid.birth_date == archive.birth_date and rid.gender == archive.gender


async def store(session: AsyncSession, book: RuleBook, results: list[Evaluation]) -> None:
    if not results:
        return
    import json

    await session.execute(
        text(
            """
            INSERT INTO archive_evaluations AS e
                (bank_id, customer_id, branch_id, violations, error_count, completeness, precise, rule_versions, evaluated_at)
            SELECT v.bank_id, v.customer_id, v.branch_id, CAST(v.violations AS jsonb), v.error_count, v.completeness,
                   v.precise, CAST(:versions AS jsonb), :now
            FROM unnest(CAST(:banks AS bigint[]), CAST(:ids AS uuid[]), CAST(:branches AS bigint[]), CAST(:violations AS text[]),
                        CAST(:errors AS smallint[]), CAST(:completeness AS smallint[]), CAST(:precise AS boolean[]))
                 AS v(bank_id, customer_id, branch_id, violations, error_count, completeness, precise)
            ON CONFLICT (bank_id, customer_id) DO UPDATE SET
                branch_id = EXCLUDED.branch_id, violations = EXCLUDED.violations, error_count = EXCLUDED.error_count,
                completeness = EXCLUDED.completeness, precise = EXCLUDED.precise, rule_versions = EXCLUDED.rule_versions,
                evaluated_at = EXCLUDED.evaluated_at
            """
        ),
        {
            "banks": [r.bank_id for r in results],
            "ids": [r.customer_id for r in results],
            "branches": [r.branch_id for r in results],
            "violations": [json.dumps(r.violations) for r in results],
            "errors": [r.error_count for r in results],
            "completeness": [r.completeness for r in results],
            "precise": [r.precise for r in results],
            "versions": json.dumps({k: v for k, v in book.versions.items() if k != "extraKinds"}),
            "now": datetime.now(UTC),
        },
    )


async def evaluate_one(session: AsyncSession, cipher: FieldCipher, bank_id: int, customer_id: uuid.UUID) -> Evaluation | None:
    """Evaluate and store one archive (on save and submit); ~1 SQL statement plus the upsert."""
    book = await rule_book(session, bank_id)
    results = await evaluate(session, cipher, book, "c.bank_id = :bank AND c.id = :id", {"bank": bank_id, "id": customer_id})
    await store(session, book, results)
    return results[0] if results else None


async def evaluate_all(
    sessions: Any,
    cipher: FieldCipher,
    *,
    bank_id: int | None = None,
    chunk: int = 5000,
    after: tuple[int, uuid.UUID] | None = None,
    progress: Any = None,
) -> int:
    """Re-evaluate every archive (of one bank, or all), keyset-chunked, one transaction per chunk.

    ``after`` resumes behind the last finished key; ``progress(done, last_key)`` is called
    after each committed chunk.
    """
    from backend.db.session import transaction

    done = 0
    books: dict[int, RuleBook] = {}
    while True:
        async with transaction(sessions) as session:
            where = ["true"]
            params: dict[str, Any] = {"n": chunk}
            if bank_id is not None:
                where.append("c.bank_id = :bank")
                params["bank"] = bank_id
            if after is not None:
                where.append("(c.bank_id, c.id) > (:after_bank, :after_id)")
                params.update(after_bank=after[0], after_id=after[1])
            keys = (
                await session.execute(
                    text(f"SELECT c.bank_id, c.id FROM customers c WHERE {' AND '.join(where)} ORDER BY c.bank_id, c.id LIMIT :n"),
                    params,
                )
            ).all()
            if not keys:
                return done
            for bank in sorted({k[0] for k in keys}):
                if bank not in books:
                    books[bank] = await rule_book(session, bank)
                ids = [k[1] for k in keys if k[0] == bank]
                results = await evaluate(
                    session, cipher, books[bank], "c.bank_id = :bank AND c.id = ANY(CAST(:ids AS uuid[]))", {"bank": bank, "ids": ids}
                )
                await store(session, books[bank], results)
            after = (keys[-1][0], keys[-1][1])
            done += len(keys)
        if progress is not None:
            await progress(done, after)
