"""Rule validation and compilation.

Simple kinds become SQL predicates over ``customers c`` ("this archive violates the rule"),
with every value a bound parameter and every field a catalog accessor, so an admin can never
inject SQL. Expressions are compiled with the Rust CEL implementation
(common-expression-language, ~8 us per evaluation) and checked at save against a fully
populated sample archive, so unknown fields and type errors are refused with their position.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import cel

from backend.errors import FieldError
from backend.images.models import ImageKind
from backend.inputs import date_problem, sane_decimal
from backend.rules.document import sample_document
from backend.rules.fields import FieldType, RuleField, field_for
from backend.rules.models import Rule, RuleKind, Severity

IMAGE_KINDS = frozenset(k.value for k in ImageKind)
CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]{2,47}$")
OPS = {"EQ": "=", "NE": "<>", "GT": ">", "GE": ">=", "LT": "<", "LE": "<="}
# Constructs that make regular expressions slow (nested quantifiers, backreferences); the
# evaluation statements also run under a statement timeout.
SLOW_REGEX = re.compile(r"\\[1-9]|\([^)]*[+*][^)]*\)[+*{]|\(\?[=!<]")
MAX_PATTERN = 200


class RuleError(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.code}" for e in errors))
        self.errors = errors


@dataclass
class Sql:
    text: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class CompiledRule:
    code: str
    kind: RuleKind
    severity: Severity
    origin: str  # PROVINCE | BANK
    message_zh: str
    message_en: str
    violated: Sql | None = None  # SQL path
    segment: Sql | None = None
    program: Any = None  # CEL path (expressions)
    overridable: bool = False  # an ERROR may be overridden at verification, with a reason


class _Params:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.values: dict[str, Any] = {}

    def bind(self, value: Any) -> str:
        name = f"{self.prefix}_{len(self.values)}"
        self.values[name] = value
        return f":{name}"


def _err(path: str, code: str, zh: str, en: str) -> FieldError:
    return FieldError(path, code, zh, en)


Lookup = Callable[[str, dict[str, str]], RuleField | None]  # (path, extra kinds) -> field


def _field(path: str, where: str, extra_kinds: dict[str, str], errors: list[FieldError], lookup: Lookup = field_for) -> RuleField | None:
    f = lookup(str(path or ""), extra_kinds)
    if f is None:
        errors.append(_err(where, "UNKNOWN_FIELD", f"未知的档案字段“{path}”", f"unknown archive field '{path}'"))
    return f


def _missing(f: RuleField) -> str:
    if f.type == FieldType.COUNT:
        return f"(COALESCE({f.sql}, 0) = 0)"
    if f.type == FieldType.BOOLEAN:
        return f"(COALESCE({f.sql}, false) = false)"
    return f"({f.sql} IS NULL)"


def _typed(f: RuleField, value: Any, where: str, errors: list[FieldError]) -> Any:
    try:
        if f.type in (FieldType.NUMBER, FieldType.COUNT):
            # A number PostgreSQL's numeric holds and compares: finite, of sane size.
            if isinstance(value, bool) or (number := sane_decimal(str(value))) is None:
                raise ValueError
            return number
        if f.type == FieldType.DATE:
            day = date.fromisoformat(str(value))
            if date_problem(day):
                raise ValueError
            return day
        if f.type == FieldType.BOOLEAN:
            if isinstance(value, bool):
                return value
            raise ValueError
        return str(value)
    except ValueError:
        errors.append(_err(where, "WRONG_TYPE", f"取值与字段类型（{f.type.value}）不符", f"value does not fit the field type {f.type.value}"))
        return None


def condition_sql(
    cond: Any, where: str, extra_kinds: dict[str, str], params: _Params, errors: list[FieldError], lookup: Lookup = field_for
) -> str:
    """{"field", "op", "value"} | {"all": [...]} | {"any": [...]} -> SQL boolean. ``lookup`` names
    the fields a condition may test (the archive's by default; a segment model's add the rating
    and the business aggregates)."""
    if not isinstance(cond, dict):
        errors.append(_err(where, "INVALID_CONDITION", "条件格式不正确", "a condition is an object"))
        return "true"
    for combinator, joiner in (("all", " AND "), ("any", " OR ")):
        if combinator in cond:
            parts = cond[combinator]
            if not isinstance(parts, list) or not parts:
                errors.append(_err(where, "INVALID_CONDITION", "组合条件至少需要一项", f"'{combinator}' needs a non-empty list"))
                return "true"
            return "(" + joiner.join(condition_sql(c, f"{where}.{combinator}[{i}]", extra_kinds, params, errors, lookup) for i, c in enumerate(parts)) + ")"
    f = _field(cond.get("field"), f"{where}.field", extra_kinds, errors, lookup)
    op = cond.get("op", "EQ")
    if not isinstance(op, str):
        op = ""  # not an operator: refused below
    if f is None:
        return "true"
    if op == "PRESENT":
        return f"(NOT {_missing(f)})"
    if op == "ABSENT":
        return _missing(f)
    if f.presence_only:
        errors.append(_err(f"{where}.op", "PRESENCE_ONLY", "个人信息字段只能判断是否填写", "personal fields can only be tested for presence"))
        return "true"
    if op == "IN":
        values = cond.get("value")
        if not isinstance(values, list) or not values:
            errors.append(_err(f"{where}.value", "REQUIRED", "须提供取值列表", "IN needs a list of values"))
            return "true"
        typed = [_typed(f, v, f"{where}.value", errors) for v in values]
        return f"({f.sql} = ANY({params.bind(typed)}))"
    if op not in OPS:
        errors.append(_err(f"{where}.op", "INVALID_OPERATOR", "不支持的比较方式", "op must be EQ NE GT GE LT LE IN PRESENT ABSENT"))
        return "true"
    value = _typed(f, cond.get("value"), f"{where}.value", errors)
    return f"({f.sql} {OPS[op]} {params.bind(value)})"


def compile_condition(
    cond: Any, where: str, extra_kinds: dict[str, str], lookup: Lookup = field_for, prefix: str = "k"
) -> tuple[str, dict[str, Any], list[FieldError]]:
    """A condition on its own (``condition_sql``): the SQL, its bound values (named
    ``:<prefix>_<n>``) and the problems found."""
    params, errors = _Params(prefix), []
    sql = condition_sql(cond, where, extra_kinds, params, errors, lookup)
    return sql, params.values, errors


def english_message(message_zh: str | None, message_en: str | None) -> str:
    """The English message is optional: without one, English readers see the Chinese message
    (better than nothing, and never a code)."""
    return (message_en or "").strip() or (message_zh or "").strip()


def _regex_ok(pattern: Any, where: str, errors: list[FieldError]) -> bool:
    if not isinstance(pattern, str) or not pattern or len(pattern) > MAX_PATTERN:
        errors.append(_err(where, "INVALID_PATTERN", f"正则表达式须为1-{MAX_PATTERN}个字符", f"pattern must be 1-{MAX_PATTERN} characters"))
        return False
    try:
        re.compile(pattern)
    except re.error as exc:
        errors.append(_err(where, "INVALID_PATTERN", f"正则表达式无效（第{(exc.pos or 0) + 1}个字符）", f"invalid pattern at {(exc.pos or 0) + 1}: {exc.msg}"))
        return False
    if SLOW_REGEX.search(pattern):
        errors.append(_err(where, "SLOW_PATTERN", "正则表达式含嵌套重复或回溯引用，可能极慢，请改写", "nested quantifiers, lookarounds or backreferences can take too long"))
        return False
    return True


def compile_expression(expression: Any, where: str, extra_kinds: dict[str, str], errors: list[FieldError]) -> Any:
    if not isinstance(expression, str) or not expression.strip() or len(expression) > 2000:
        errors.append(_err(where, "INVALID_EXPRESSION", "表达式须为1-2000个字符", "expression must be 1-2000 characters"))
        return None
    try:
        program = cel.compile(expression)
    except ValueError as exc:
        message = str(exc)
        match = re.search(r"<input>:(\d+):(\d+)", message)
        position = f"（第{match.group(1)}行第{match.group(2)}列）" if match else ""
        errors.append(_err(where, "EXPRESSION_SYNTAX", f"表达式语法错误{position}", message.splitlines()[0][:300]))
        return None
    try:
        result = program.execute(sample_document(extra_kinds))
    except Exception as exc:  # unknown field or wrong types against a complete archive
        message = str(exc)
        name = re.search(r"[Nn]o such key:? '?(\w+)", message)
        column = expression.find(name.group(1)) + 1 if name else 0
        position = f"（第{column}列附近“{name.group(1)}”）" if name and column else ""
        errors.append(_err(where, "EXPRESSION_INVALID", f"表达式引用了不存在的字段或类型不匹配{position}", message[:300]))
        return None
    if not isinstance(result, bool):
        errors.append(_err(where, "EXPRESSION_NOT_BOOLEAN", "表达式的结果须为真/假", f"the expression yields {type(result).__name__}, not a boolean"))
        return None
    return program


def compile_rule(rule: Rule, origin: str, extra_kinds: dict[str, str], index: int = 0) -> CompiledRule:
    """Validate one rule; raises RuleError with every problem, paths relative to ``rules[index]``."""
    errors: list[FieldError] = []
    base = f"rules[{index}]"
    p = rule.params or {}
    if not isinstance(p, dict):
        errors.append(_err(f"{base}.params", "INVALID_PARAMS", "规则参数须为对象", "params must be an object"))
        p = {}
    params = _Params(f"r{index}")
    if not CODE_RE.match(rule.code or ""):
        errors.append(_err(f"{base}.code", "INVALID_FORMAT", "规则代码须为3-48位大写字母开头的字母、数字、下划线", "code: 3-48 of A-Z 0-9 _"))
    if not (rule.message_zh or "").strip():
        errors.append(_err(f"{base}.messageZh", "REQUIRED", "须填写中文提示", "the Chinese message is required"))
    compiled = CompiledRule(
        code=rule.code, kind=rule.kind, severity=rule.severity, origin=origin, message_zh=rule.message_zh,
        message_en=english_message(rule.message_zh, rule.message_en),
        overridable=bool(rule.overridable),
    )
    kind = rule.kind
    where = f"{base}.params"
    if kind == RuleKind.REQUIRED:
        f = _field(p.get("field"), f"{where}.field", extra_kinds, errors)
        if f:
            compiled.violated = Sql(_missing(f))
    elif kind == RuleKind.PATTERN:
        f = _field(p.get("field"), f"{where}.field", extra_kinds, errors)
        if f and f.presence_only:
            errors.append(_err(f"{where}.field", "PRESENCE_ONLY", "个人信息字段已加密，不能用格式规则", "personal fields are encrypted: no pattern rules"))
        elif f and _regex_ok(p.get("pattern"), f"{where}.pattern", errors):
            compiled.violated = Sql(f"({f.sql} IS NOT NULL AND NOT ({f.sql}::text ~ {params.bind(p['pattern'])}))")
    elif kind == RuleKind.RANGE:
        f = _field(p.get("field"), f"{where}.field", extra_kinds, errors)
        if f and f.presence_only:
            errors.append(_err(f"{where}.field", "PRESENCE_ONLY", "个人信息字段只能判断是否填写", "personal fields can only be tested for presence"))
        elif f and f.type not in (FieldType.NUMBER, FieldType.DATE, FieldType.COUNT):
            errors.append(_err(f"{where}.field", "WRONG_TYPE", "范围规则只适用于数值或日期字段", "range rules need a number or date field"))
        elif f:
            bounds = []
            for key, op in (("min", "<"), ("max", ">")):
                if p.get(key) is not None:
                    bounds.append(f"{f.sql} {op} {params.bind(_typed(f, p[key], f'{where}.{key}', errors))}")
            if not bounds:
                errors.append(_err(f"{where}.min", "REQUIRED", "须至少给出最小值或最大值", "give min, max or both"))
            compiled.violated = Sql(f"({f.sql} IS NOT NULL AND ({' OR '.join(bounds) or 'false'}))")
    elif kind == RuleKind.ALLOWED_VALUES:
        f = _field(p.get("field"), f"{where}.field", extra_kinds, errors)
        values = p.get("values")
        if not isinstance(values, list) or not values:
            errors.append(_err(f"{where}.values", "REQUIRED", "须提供允许的取值", "values are required"))
        elif f and f.presence_only:
            errors.append(_err(f"{where}.field", "PRESENCE_ONLY", "个人信息字段只能判断是否填写", "personal fields can only be tested for presence"))
        elif f:
            typed = [_typed(f, v, f"{where}.values", errors) for v in values]
            compiled.violated = Sql(f"({f.sql} IS NOT NULL AND NOT ({f.sql} = ANY({params.bind(typed)})))")
    elif kind == RuleKind.CONDITIONAL_REQUIRED:
        condition = condition_sql(p.get("if"), f"{where}.if", extra_kinds, params, errors)
        f = _field(p.get("field"), f"{where}.field", extra_kinds, errors)
        if f:
            compiled.violated = Sql(f"({condition} AND {_missing(f)})")
    elif kind == RuleKind.EXPRESSION:
        compiled.program = compile_expression(p.get("expression"), f"{where}.expression", extra_kinds, errors)
    elif kind == RuleKind.ID_CONSISTENCY:
        pass  # evaluated in Python: the ID number is only readable after decryption
    elif kind == RuleKind.REQUIRED_IMAGES:
        kinds = p.get("kinds")
        if not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) for k in kinds) or not set(kinds) <= IMAGE_KINDS:
            errors.append(_err(f"{where}.kinds", "INVALID_IMAGE_KINDS", "影像类型须从预定义类型中选择", f"kinds must be among {sorted(IMAGE_KINDS)}"))
        else:
            # Every listed kind has a photo that is not deleted and not FAILED (RECEIVED counts:
            # the upload is stored; processing follows). One index probe per archive.
            compiled.violated = Sql(
                f"(NOT (CAST({params.bind(sorted(set(kinds)))} AS text[]) <@ COALESCE((SELECT array_agg(i.kind::text) FROM customer_images i"
                " WHERE i.bank_id = c.bank_id AND i.customer_id = c.id AND i.deleted_at IS NULL AND i.status <> 'FAILED'),"
                " ARRAY[]::text[])))"
            )
    elif kind == RuleKind.FRESHNESS:
        months = p.get("months")
        if not isinstance(months, int) or not 1 <= months <= 120:
            errors.append(_err(f"{where}.months", "OUT_OF_RANGE", "月数须为1到120之间的整数", "months must be 1-120"))
        else:
            compiled.violated = Sql(f"(COALESCE(c.reviewed_at, c.verified_at, c.created_at) < now() - make_interval(months => {params.bind(months)}))")
    if rule.segment is not None:
        compiled.segment = Sql(condition_sql(rule.segment, f"{base}.segment", extra_kinds, params, errors))
    if errors:
        raise RuleError(errors)
    for sql in (compiled.violated, compiled.segment):
        if sql is not None:
            sql.params = params.values
    return compiled
