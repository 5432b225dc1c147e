"""Evaluating archives against the rules in force for their bank.

One SQL statement per chunk of archives computes, for every SQL-compiled rule, whether it
applies (segment) and whether it is violated. Expression rules are CEL programs: those in the
subset ``backend.rules.cel_sql`` translates (comparisons, ``&&``/``||``, ``exists``/``all``,
``size``...: the baseline's) are evaluated in the same statement; the others, and the
ID-consistency rule (it decrypts the ID number), run in Python on the same rows, reading only
what they need (the ID number; for an expression, the document sections its program names).
Results are written with one ``INSERT ... SELECT FROM unnest`` per chunk. The same path serves
a single archive on save and a million in a batch; figures in docs/benchmarks.md ("Integrity
rules").
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from cachetools import LRUCache, TTLCache
from sqlalchemy import bindparam, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import TextClause
from stdnum.cn import ric

from backend.auth.contexts import ID_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.identifiers import (
    IdentifierError,
    parse_resident_id,
    region_valid_for_birth,
)
from backend.customers.models import (
    ArchiveStatus,
    Channel,
    Customer,
    ExtraFieldDefinition,
    ExtraFieldKind,
)
from backend.db.session import finish
from backend.rules.cel_sql import translate as translate_cel
from backend.rules.compiler import CompiledRule, compile_rule
from backend.rules.document import SECTIONS
from backend.rules.models import (
    Rule,
    RuleKind,
    RuleScope,
    RuleSet,
    RuleSetStatus,
    Severity,
)

STATEMENT_TIMEOUT_MS = 60_000  # bounds a pathological pattern; never blocks the baseline's others
CHUNK = 20_000  # archives per chunk (and per transaction) in a batch


@dataclass
class RuleBook:
    """The compiled rules in force for one bank: baseline (minus overridden) + the bank's own."""

    bank_id: int
    rules: list[CompiledRule]
    versions: dict[str, Any]
    _plan: Plan | None = field(default=None, repr=False, compare=False)

    @property
    def sql_rules(self) -> list[CompiledRule]:
        return [r for r in self.rules if r.violated is not None]

    @property
    def python_rules(self) -> list[CompiledRule]:
        return [r for r in self.rules if r.violated is None]

    @property
    def plan(self) -> Plan:
        if self._plan is None:
            self._plan = Plan(self.rules, self.versions)
        return self._plan


@dataclass(frozen=True)
class PythonRule:
    rule: CompiledRule
    index: int  # among the Python rules (the position in ``python_in_segment``)
    segmented: bool
    id_check: bool
    sections: tuple[str, ...]  # the document sections a CEL program names


class Plan:
    """How a rule book is evaluated: the SQL statement (minus its WHERE), what the Python rules
    read, and the violation lists already built (many archives fail the same rules).

    Expression rules whose CEL program is in the subset ``backend.rules.cel_sql`` translates
    are evaluated in the statement like the simple kinds (``translate=False``: all in CEL).
    Violations keep the rule book's order: SQL-compiled rules, then the others."""

    def __init__(self, rules: list[CompiledRule], versions: dict[str, Any], *, translate: bool = True) -> None:
        self.sql_rules = [r for r in rules if r.violated is not None]
        others = [r for r in rules if r.violated is None]
        self.translated: list[tuple[int, CompiledRule, str, dict[str, Any]]] = []  # (index among others, rule, SQL, params)
        self.python_rules: list[PythonRule] = []
        for i, r in enumerate(others):
            if translate and r.kind == RuleKind.EXPRESSION and (sql := translate_cel(r.program.source, f"x{i}")) is not None:
                self.translated.append((i, r, *sql))
                continue
            self.python_rules.append(
                PythonRule(
                    rule=r, index=i, segmented=r.segment is not None, id_check=r.kind == RuleKind.ID_CONSISTENCY,
                    sections=_sections(r.program) if r.kind != RuleKind.ID_CONSISTENCY else (),
                )
            )
        self.extra_kinds: dict[str, str] = versions.get("extraKinds") or {}
        self.versions_json = json.dumps({k: v for k, v in versions.items() if k != "extraKinds"})
        self.sections = tuple(name for name in SECTIONS if any(name in r.sections for r in self.python_rules))
        self.id_check = any(r.id_check for r in self.python_rules)
        self.segmented = any(r.segmented for r in self.python_rules)
        self.codes = [(r.code, r.severity.value, r.origin) for r in [*self.sql_rules, *others]]
        self._violations: dict[tuple[int, ...], tuple[str, int, int]] = {}
        self.select, self.params = self._statement()
        self._kept: dict[tuple[str, str], TextClause] = {}

    def _statement(self) -> tuple[str, dict[str, Any]]:
        params: dict[str, Any] = {"verified": ArchiveStatus.VERIFIED.value}
        applies, violated = [], []
        for i, rule in enumerate(self.sql_rules):
            segment = rule.segment.text if rule.segment else "true"
            for sql in (rule.violated, rule.segment):
                if sql is not None:
                    params.update(sql.params)
            applies.append(f"CASE WHEN {segment} THEN 1 ELSE 0 END")
            violated.append(f"CASE WHEN ({segment}) AND {rule.violated.text} THEN {i} END")
        for i, rule, holds, holds_params in self.translated:
            segment = rule.segment.text if rule.segment else "true"
            if rule.segment is not None:
                params.update(rule.segment.params)
            params.update(holds_params)
            applies.append(f"CASE WHEN {segment} THEN 1 ELSE 0 END")
            violated.append(f"CASE WHEN ({segment}) AND NOT {holds} THEN {len(self.sql_rules) + i} END")
        columns = [
            "c.bank_id", "c.id", "c.branch_id",
            f"array_remove(ARRAY[{', '.join(violated) or 'NULL::int'}]::int[], NULL) AS violated",
            f"({' + '.join(applies) or '0'}) AS applicable",
            # As ``row.consent is not None`` read it: a JSON null decodes to None too.
            "(c.consent IS NOT NULL AND c.consent <> 'null'::jsonb AND c.status = :verified) AS precise_base",
        ]  # fmt: skip
        if self.segmented:
            python_segments = [f"CASE WHEN {p.rule.segment.text} THEN {p.index} END" for p in self.python_rules if p.segmented]
            columns.append(f"array_remove(ARRAY[{', '.join(python_segments)}]::int[], NULL) AS python_in_segment")
            for p in self.python_rules:
                if p.segmented:
                    params.update(p.rule.segment.params)
        if self.id_check:
            columns += ["c.id_number_encrypted", "c.birth_date AS id_birth_date", "c.gender AS id_gender"]
        wanted = [column for name in self.sections for column in SECTIONS[name].columns]
        columns += [f"c.{column}" for column in dict.fromkeys(wanted)]
        keys = {key for name in self.sections for key in SECTIONS[name].profile}
        if keys:
            # Only the profile keys the expressions read: far less JSON to decode.
            others = sorted({key for s in SECTIONS.values() for key in s.profile} - keys)
            columns.append("(c.profile - CAST(:profile_drop AS text[])) AS profile" if others else "c.profile")
            if others:
                params["profile_drop"] = others
        # The archive is read in a fenced subquery (``OFFSET 0``) where ``#> '{}'`` (the whole value)
        # decompresses the profile once: each of the rules' ``c.profile`` accessors would otherwise
        # decompress it again.
        inner = ", ".join("(c.profile #> '{}') AS profile" if col.name == "profile" else f"c.{col.name}" for col in Customer.__table__.c)
        return f"SELECT {', '.join(columns)} FROM (SELECT {inner} FROM customers c WHERE ", params

    def sql(self, where: str, tail: str = "") -> str:
        """The statement for the archives ``where`` selects (then ``tail``: ORDER BY, LIMIT)."""
        return f"{self.select}{where} {tail} OFFSET 0) c"

    def statement(self, where: str, tail: str = "") -> TextClause:
        """``sql`` as a ``text`` construct, built once per shape of ``where`` and ``tail`` (the
        callers' own few, their values bound): parsing the long statement for its bind
        parameters again on every save was about 7 % of a save's evaluation."""
        kept = self._kept.get((where, tail))
        if kept is None:
            if len(self._kept) >= 64:  # the callers have a handful of shapes; a bound all the same
                self._kept.clear()
            kept = self._kept[(where, tail)] = text(self.sql(where, tail))
        return kept

    def violations(self, failed: tuple[int, ...]) -> tuple[str, int, int]:
        """(JSON, errors, count) of the violations of the rules at these positions (SQL, then Python)."""
        known = self._violations.get(failed)
        if known is None:
            listed = [{"code": self.codes[i][0], "severity": self.codes[i][1], "origin": self.codes[i][2]} for i in failed]
            errors = sum(1 for v in listed if v["severity"] == Severity.ERROR.value)
            known = (json.dumps(listed), errors, len(listed))
            if len(self._violations) < 100_000:
                self._violations[failed] = known
        return known


def _sections(program: Any) -> tuple[str, ...]:
    """The document sections a CEL program can read: its variables (comprehension variables are
    listed too and ignored; a name it does not mention cannot change its result)."""
    try:
        names = set(program.variables())
    except Exception:
        return tuple(SECTIONS)
    return tuple(name for name in SECTIONS if name in names)


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


def extra_kinds_column(bank: Any) -> Any:
    """The bank's extra fields' kinds as one JSON object: a column of a cache key's statement
    (read back with ``extra_kinds_of``), so that a key costs one statement."""
    return (
        select(func.jsonb_object_agg(ExtraFieldDefinition.code, ExtraFieldDefinition.kind))
        .where(ExtraFieldDefinition.bank_id == bank)
        .scalar_subquery()
    )


def extra_kinds_of(column: dict[str, str] | None) -> dict[str, str]:
    """``extra_kinds_column``'s value as ``extra_kinds`` answers it (kinds by code)."""
    return {code: ExtraFieldKind[kind].value for code, kind in (column or {}).items()}


def merge(baseline: list[Rule], bank: list[Rule]) -> list[tuple[Rule, str]]:
    """Baseline rules a bank rule overrides give way to it; everything else applies."""
    overridden = {r.overrides for r in bank if r.overrides}
    merged = [(r, RuleScope.PROVINCE.value) for r in baseline if r.enabled and r.code not in overridden]
    merged += [(r, RuleScope.BANK.value) for r in bank if r.enabled]
    return merged


def _published_id(scope: RuleScope, bank_id: Any) -> Any:
    stmt = select(RuleSet.id).where(RuleSet.scope == scope, RuleSet.status == RuleSetStatus.PUBLISHED)
    stmt = stmt.where(RuleSet.bank_id == bank_id) if bank_id is not None else stmt.where(RuleSet.bank_id.is_(None))
    return stmt.order_by(RuleSet.version.desc()).limit(1).scalar_subquery()


# The cache key of the book in force for a bank: the published set ids and the bank's extra
# field kinds, in one statement (built once: building it costs as much as running it).
_BOOK_KEY = select(
    _published_id(RuleScope.PROVINCE, None),
    _published_id(RuleScope.BANK, bindparam("bank")),
    extra_kinds_column(bindparam("bank")),
)


# The book key each bank had when this process last read it, and until when a wording-only
# reader may take it instead of reading it again (``WORDING_KEY_SECONDS``): the archives' lists,
# details and a save's answer name their violations from the book in force, and reading the key
# was one statement of a list's six. Evaluating (a save, a submit, a re-evaluation) always reads
# the key afresh (and refreshes this entry); so does every reader of this process right after it
# published a rule set (``forget_book_keys``). Another process may name violations with the
# previous book's wording for up to that long after a publication. (The key's extra-field kinds
# change how rules compile, not their wording.)
WORDING_KEY_SECONDS = 2.0
BOOK_KEYS: TTLCache = TTLCache(maxsize=1_000, ttl=WORDING_KEY_SECONDS)  # bank id -> key


def forget_book_keys() -> None:
    """A rule set was published: read every bank's key afresh."""
    BOOK_KEYS.clear()


async def _book_key(session: AsyncSession, bank_id: int, *, fresh: bool) -> tuple:
    if not fresh and (kept := BOOK_KEYS.get(bank_id)) is not None:
        return kept
    baseline_id, bank_set_id, kinds = (await session.execute(_BOOK_KEY, {"bank": bank_id})).one()
    key = (tuple(i for i in (baseline_id, bank_set_id) if i is not None), tuple(sorted(extra_kinds_of(kinds).items())))
    BOOK_KEYS[bank_id] = key
    return key


async def _cached_book(session: AsyncSession, bank_id: int, *, fresh: bool = True) -> RuleBook | None:
    """The compiled book in force, if cached: one statement instead of loading every rule (what
    a save's evaluation needs), none for a wording-only reader within ``WORDING_KEY_SECONDS``."""
    cached = _BOOKS.get(await _book_key(session, bank_id, fresh=fresh))
    if cached is None:
        return None
    return RuleBook(bank_id=bank_id, rules=cached.rules, versions=cached.versions, _plan=cached.plan)


async def rule_book(
    session: AsyncSession, bank_id: int, *, bank_set: RuleSet | None = None, baseline_set: RuleSet | None = None, fresh: bool = True
) -> RuleBook:
    """The rules in force for a bank (or, for a dry run, with a draft bank or baseline set).
    ``fresh=False``: for wording only, the key this process read within ``WORDING_KEY_SECONDS``
    will do."""
    if bank_set is None and baseline_set is None and (cached := await _cached_book(session, bank_id, fresh=fresh)) is not None:
        return cached
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
    # A draft changes while it is edited: its compiled book is kept by what it compiles from (each
    # rule's every column, the sets' versions, the extra fields' kinds), so an edit is a new key.
    draft_key = (key, tuple((s.id, s.version) for s in sets), tuple(_content(r) for s in sets for r in rules_by_set[s.id])) if drafts else None
    cached = _DRAFT_BOOKS.get(draft_key) if drafts else _BOOKS.get(key)
    if cached is not None:
        return RuleBook(bank_id=bank_id, rules=cached.rules, versions=cached.versions, _plan=cached.plan)
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
    else:  # a draft's, by its content (a dry run compiled it on every request: 7 % of its CPU)
        _DRAFT_BOOKS[draft_key] = book
    return book


_BOOKS: dict[tuple, RuleBook] = {}
_DRAFT_BOOKS: LRUCache = LRUCache(maxsize=64)
_RULE_COLUMNS = tuple(c.key for c in Rule.__table__.columns)


def _content(rule: Rule) -> tuple[Any, ...]:
    """A rule's every column, hashable (its JSON documents as canonical JSON text)."""
    return tuple(
        json.dumps(v, sort_keys=True, default=str) if isinstance(v, (dict, list)) else v for v in (getattr(rule, k) for k in _RULE_COLUMNS)
    )


@dataclass
class Batch:
    """Evaluations of a chunk, column by column (what ``store`` writes)."""

    banks: list[int] = field(default_factory=list)
    ids: list[uuid.UUID] = field(default_factory=list)
    branches: list[int] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)  # JSON
    errors: list[int] = field(default_factory=list)
    completeness: list[int] = field(default_factory=list)
    precise: list[bool] = field(default_factory=list)
    failed: list[tuple[int, ...]] = field(default_factory=list)  # positions in Plan.codes
    applicable: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)


class _Archive:
    """What the document sections read of a row (the enums as the ORM model has them)."""

    __slots__ = ("_row", "profile")

    def __init__(self, row: Any, profile: Any) -> None:
        self._row = row
        self.profile = profile

    def __getattr__(self, name: str) -> Any:
        return getattr(self._row, name)

    @property
    def status(self) -> ArchiveStatus:
        return ArchiveStatus(self._row.status)

    @property
    def channel(self) -> Channel:
        return Channel(self._row.channel)


async def _select(session: AsyncSession, plan: Plan, where: str, params: dict[str, Any], tail: str = "") -> list[Any]:
    # The timeout bounds a pathological pattern; once per transaction (a batch chunk, a save).
    transaction = session.sync_session.get_transaction()
    if transaction is None or session.info.get("rules_timeout") is not transaction:
        await session.execute(text(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}"))
        session.info["rules_timeout"] = session.sync_session.get_transaction()
    values = {**plan.params, "rules_today": date.today(), **params}
    # On the session's connection: the ORM's execution of a text statement adds nothing here.
    connection = await session.connection()
    return list((await connection.execute(plan.statement(where, tail), values)).all())


def _compute(plan: Plan, cipher: FieldCipher, rows: list[Any]) -> Batch:
    """The Python rules over the selected rows, and each row's result (pure CPU)."""
    batch = Batch()
    python_rules = plan.python_rules
    translated = bool(plan.translated)
    offset = len(plan.sql_rules)
    today = date.today()
    ids_ok: list[bool] = []
    if plan.id_check:
        plaintexts = cipher.decrypt_many([row.id_number_encrypted for row in rows], context=ID_CONTEXT)
        ids_ok = [
            plain is not None and _id_matches(plain, row.id_birth_date, row.id_gender, today)
            for plain, row in zip(plaintexts, rows, strict=True)
        ]
    sections = [(name, SECTIONS[name].build) for name in plan.sections]
    with_profile = any(SECTIONS[name].profile for name in plan.sections)
    kinds = plan.extra_kinds
    violations = plan.violations
    for n, row in enumerate(rows):
        bank_id, customer_id, branch_id, violated, applicable, precise_base = row[:6]
        failed = tuple(violated)
        if python_rules:
            in_segment = row.python_in_segment if plan.segmented else ()
            document: dict[str, Any] | None = None
            extra: list[int] = []
            for p in python_rules:
                if p.segmented and p.index not in in_segment:
                    continue
                applicable += 1
                if p.id_check:
                    ok = ids_ok[n]
                else:
                    if document is None:
                        archive = _Archive(row, row.profile if with_profile else None)
                        profile = archive.profile or {}
                        document = {name: build(archive, profile, kinds, today) for name, build in sections}
                    try:
                        ok = p.rule.program.execute({name: document[name] for name in p.sections}) is True
                    except Exception:  # a missing optional value: the rule is not met
                        ok = False
                if not ok:
                    extra.append(offset + p.index)
            if extra:
                failed = tuple(sorted(failed + tuple(extra))) if translated else failed + tuple(extra)
        payload, errors, count = violations(failed)
        batch.banks.append(bank_id)
        batch.ids.append(customer_id)
        batch.branches.append(branch_id)
        batch.violations.append(payload)
        batch.errors.append(errors)
        batch.completeness.append(100 if applicable == 0 else round(100 * (applicable - count) / applicable))
        batch.precise.append(errors == 0 and precise_base)
        batch.failed.append(failed)
        batch.applicable.append(applicable)
    return batch


_ID18 = re.compile(r"[0-9]{17}[0-9X]")


def _id_matches(number: str, birth_date: date, gender: str, today: date) -> bool:
    """The ID number is valid (as ``parse_resident_id`` checks it) and gives this birth date and
    gender. Well-formed 18-digit numbers, nearly all of them, take a fast path with the same
    checks (check digit, birth date, the region not abolished before the birth year); anything
    else goes through ``parse_resident_id`` itself."""
    if _ID18.fullmatch(number) is None:
        try:
            rid = parse_resident_id(number, today=today)
        except (IdentifierError, ValueError):
            return False
        return rid.birth_date == birth_date and rid.gender == gender
    if number[17] != ric.calc_check_digit(number):
        return False
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if birth > today or birth.year < 1900 or not region_valid_for_birth(number[:6], birth.year):
        return False
    return birth == birth_date and ("MALE" if int(number[16]) % 2 == 1 else "FEMALE") == gender


def _evaluations(plan: Plan, batch: Batch) -> list[Evaluation]:
    results = []
    for i in range(len(batch)):
        result = Evaluation(bank_id=batch.banks[i], customer_id=batch.ids[i], branch_id=batch.branches[i], applicable=batch.applicable[i])
        result.violations = [{"code": plan.codes[j][0], "severity": plan.codes[j][1], "origin": plan.codes[j][2]} for j in batch.failed[i]]
        result.precise = batch.precise[i]
        results.append(result)
    return results


async def evaluate(
    session: AsyncSession, cipher: FieldCipher, book: RuleBook, where: str, params: dict[str, Any]
) -> list[Evaluation]:
    """Evaluate the archives ``where`` selects (a condition over ``customers c``); stores nothing."""
    plan = book.plan
    return _evaluations(plan, _compute(plan, cipher, await _select(session, plan, where, params)))


_UPSERT = text(
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
)


async def _store(session: AsyncSession, plan: Plan, batch: Batch) -> None:
    if not len(batch):
        return
    await session.execute(
        _UPSERT,
        {
            "banks": batch.banks, "ids": batch.ids, "branches": batch.branches, "violations": batch.violations,
            "errors": batch.errors, "completeness": batch.completeness, "precise": batch.precise,
            "versions": plan.versions_json, "now": datetime.now(UTC),
        },
    )  # fmt: skip


async def store(session: AsyncSession, book: RuleBook, results: list[Evaluation]) -> None:
    if not results:
        return
    batch = Batch(
        banks=[r.bank_id for r in results],
        ids=[r.customer_id for r in results],
        branches=[r.branch_id for r in results],
        violations=[json.dumps(r.violations) for r in results],
        errors=[r.error_count for r in results],
        completeness=[r.completeness for r in results],
        precise=[r.precise for r in results],
    )
    await _store(session, book.plan, batch)


async def evaluate_many(session: AsyncSession, cipher: FieldCipher, bank_id: int, customer_ids: list[uuid.UUID]) -> None:
    """Evaluate and store many archives of a bank: one evaluating SELECT and one upsert."""
    if not customer_ids:
        return
    book = await rule_book(session, bank_id)
    batch = _compute(
        book.plan, cipher, await _select(session, book.plan, "c.bank_id = :bank AND c.id = ANY(:ids)", {"bank": bank_id, "ids": customer_ids})
    )
    await _store(session, book.plan, batch)


async def rules_in_force(session: AsyncSession, bank_id: int) -> dict[str, tuple[str, str, bool]]:
    """Wording and overridability of the rules in force for a bank, by code: the book whose key
    this process read within ``WORDING_KEY_SECONDS`` (an evaluation just before, in the same
    transaction, read it afresh: its violations and this wording come from one book)."""
    book = await rule_book(session, bank_id, fresh=False)
    return {r.code: (r.message_zh, r.message_en, r.overridable) for r in book.rules}


async def evaluate_one(session: AsyncSession, cipher: FieldCipher, bank_id: int, customer_id: uuid.UUID) -> Evaluation | None:
    """Evaluate and store one archive (on save and submit): the rule book's cache key (one
    statement; the compiled book is cached per published set), the evaluating SELECT (after a
    ``SET LOCAL statement_timeout`` once per transaction) and the upsert."""
    book = await rule_book(session, bank_id)
    plan = book.plan
    batch = _compute(plan, cipher, await _select(session, plan, "c.bank_id = :bank AND c.id = :id", {"bank": bank_id, "id": customer_id}))
    await _store(session, plan, batch)
    return _evaluations(plan, batch)[0] if len(batch) else None


async def _banks(session: AsyncSession) -> list[int]:
    """The banks that hold archives (a skip scan over the primary key)."""
    rows = await session.scalars(
        text(
            """
            WITH RECURSIVE b(id) AS (
                SELECT min(bank_id) FROM customers
                UNION ALL
                SELECT (SELECT min(bank_id) FROM customers WHERE bank_id > b.id) FROM b WHERE b.id IS NOT NULL
            )
            SELECT id FROM b WHERE id IS NOT NULL
            """
        )
    )
    return list(rows)


async def evaluate_all(
    sessions: Any,
    cipher: FieldCipher,
    *,
    bank_id: int | None = None,
    chunk: int = CHUNK,
    after: tuple[int, uuid.UUID] | None = None,
    progress: Any = None,
) -> int:
    """Re-evaluate every archive (of one bank, or all), keyset-chunked by (bank, id), one
    transaction per chunk: one evaluating SELECT and one upsert.

    ``after`` resumes behind the last finished key; ``progress(done, last_key)`` is called
    after each committed chunk, in key order.

    The work is pipelined over three chunks: while the Python rules run over one chunk (in a
    thread, so the event loop stays free), PostgreSQL already selects the next one and writes
    the previous one, so both cores work. A chunk's upsert starts only once the previous chunk
    is committed and reported: when ``progress`` raises, nothing behind the last reported key
    has been written; after a crash at most the chunk behind it may have been, and a resumed
    run evaluates it again (the upsert makes that harmless).
    """
    done = 0
    async with sessions() as session:
        banks = [bank_id] if bank_id is not None else await _banks(session)
    ahead: asyncio.Task | None = None  # the next chunk's SELECT, in its own transaction
    writing: asyncio.Task | None = None  # the previous chunk's upsert and commit
    writing_key: tuple[int, Any] | None = None
    previous = Batch()  # the chunk being written

    async def committed_and_reported() -> None:
        """Wait for the previous chunk's commit (if one is being written), then count and report it."""
        nonlocal writing, done
        if writing is None:
            return
        await writing
        writing = None
        done += len(previous)
        if progress is not None:
            await progress(done, writing_key)

    try:
        for bank in banks:
            if after is not None and bank < after[0]:
                continue
            async with sessions() as session:
                plan = (await rule_book(session, bank)).plan
            ahead = asyncio.create_task(_open_chunk(sessions, plan, bank, after[1] if after and bank == after[0] else None, chunk))
            while ahead is not None:
                session, rows = await ahead
                ahead = None
                if not rows:
                    await session.close()
                    break
                try:
                    if len(rows) == chunk:
                        ahead = asyncio.create_task(_open_chunk(sessions, plan, bank, rows[-1][1], chunk))
                    batch = await asyncio.to_thread(_compute, plan, cipher, rows)
                    await committed_and_reported()
                except BaseException:
                    await session.close()
                    raise
                previous, writing_key = batch, (bank, rows[-1][1])
                writing = asyncio.create_task(_write_chunk(session, plan, batch))
        await committed_and_reported()
    finally:
        for task in (ahead, writing):
            if task is not None and not task.done():
                task.cancel()
            if task is not None:
                try:
                    result = await task
                except BaseException:  # cancelled, or its own error (already being raised here)
                    continue
                if task is ahead:
                    await result[0].close()
    return done


async def _open_chunk(sessions: Any, plan: Plan, bank: int, last: Any, chunk: int) -> tuple[AsyncSession, list[Any]]:
    """Begin a chunk's transaction and select its archives (behind ``last``, in key order)."""
    session = sessions()
    try:
        where, params = "c.bank_id = :bank", {"bank": bank, "n": chunk}
        if last is not None:
            where += " AND c.id > :after_id"
            params["after_id"] = last
        return session, await _select(session, plan, where, params, "ORDER BY c.bank_id, c.id LIMIT :n")
    except BaseException:
        await session.close()
        raise


async def _write_chunk(session: AsyncSession, plan: Plan, batch: Batch) -> None:
    try:
        await _store(session, plan, batch)
        await finish(session)
    finally:
        await session.close()
