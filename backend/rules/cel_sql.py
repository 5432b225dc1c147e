"""CEL expressions as SQL: the set-based path for the common expression rules.

An expression rule is a CEL program over the document of ``backend.rules.document``; the engine
runs it per archive in Python, which costs a CEL conversion of the document each time. Most
expressions admins write are simple: comparisons of document fields, ``&&``/``||``/``!``,
``exists``/``all`` over a list, ``size``. Those are translated here into one SQL predicate over
``customers c`` (the same accessors the document builders read), so a chunk of a million
archives evaluates them inside the evaluating SELECT.

The translation is exact for archives as the system stores them (every write path validates
the profile: its keys are present and typed); anything outside the subset (``extra`` fields,
``has``, maps, ``null``, int arithmetic, escapes in strings, regular expressions, ...) returns
None and the rule stays a CEL program. The subset never raises: all accessors are non-null,
so the predicate is TRUE or FALSE, never NULL, and CEL could not have raised either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MAX_EXACT_INT = 2**53  # ints compared with doubles go through float8: exact up to here

P = "c.profile"


def _text(path: str) -> str:
    return f"COALESCE({P}#>>'{{{path}}}', '')"


def _yuan(sql: str) -> str:
    """``int(v or 0) / 100`` of a fen amount: float8 division of an exact integer, like Python's."""
    return f"(COALESCE(({sql})::bigint, 0)::float8 / 100::float8)"


def _truthy(jsonb: str) -> str:
    """Python's ``bool()`` of a decoded JSON value (absent: False)."""
    return f"COALESCE({jsonb} NOT IN ('null'::jsonb, 'false'::jsonb, '0'::jsonb, '\"\"'::jsonb, '[]'::jsonb, '{{}}'::jsonb), false)"


def _date(column: str) -> str:
    return f"to_char({column}, 'YYYY-MM-DD')"


# The document: (CEL type, SQL) per field. Types: "string" "int" "double" "bool",
# ("list", element) with element a scalar type or an element schema (dict), or a schema (dict).
# Element fields are written over ``{e}``, the jsonb element.
AGE = (
    "((date_part('year', CAST(:rules_today AS date)) - date_part('year', c.birth_date))::bigint"
    " - CASE WHEN to_char(CAST(:rules_today AS date), 'MMDD') < to_char(c.birth_date, 'MMDD') THEN 1 ELSE 0 END)"
)
SCHEMA: dict[str, Any] = {
    "customer": {
        "name": ("string", "c.name"),
        "gender": ("string", "c.gender"),
        "age": ("int", AGE),
        "ethnicity": ("string", "COALESCE(c.ethnicity, '')"),
        "education": ("string", "COALESCE(c.education, '')"),
        "maritalStatus": ("string", "COALESCE(c.marital_status, '')"),
        "health": ("string", "COALESCE(c.health, '')"),
        "idLongTerm": ("bool", "COALESCE(c.id_long_term, false)"),
        "idExpiry": ("string", f"COALESCE({_date('c.id_expiry')}, '')"),
        "hasMobile": ("bool", "(c.mobile_encrypted IS NOT NULL)"),
        "hasAltPhone": ("bool", "(c.alt_phone_encrypted IS NOT NULL)"),
        "status": ("string", "c.status"),
        "channel": ("string", "c.channel"),
    },
    "address": {
        "regionCode": ("string", "COALESCE(c.region_code, '')"),
        "townshipCode": ("string", "COALESCE(c.township_code, '')"),
        "villageCode": ("string", "COALESCE(c.village_code, '')"),
        "hasLine": ("bool", "(c.address_encrypted IS NOT NULL)"),
    },
    "household": {"size": ("int", f"COALESCE(({P}->'household'->>'size')::bigint, 1)")},
    "familyMembers": (
        ("list", {
            "relation": ("string", "COALESCE({e}->>'relation', '')"),
            "occupation": ("string", "COALESCE({e}->>'occupation', '')"),
            "annualIncome": ("double", _yuan("{e}->>'annual_income'")),
            "labourCapacity": ("string", "COALESCE({e}->>'labour_capacity', '')"),
            "hasIdNumber": ("bool", _truthy("{e}->'id_number_encrypted'")),
        }),
        f"COALESCE({P}->'family_members', '[]'::jsonb)",
    ),
    "land": {
        "contractedMu": ("double", f"COALESCE(NULLIF({P}->'land'->>'contracted_mu', '')::float8, 0)"),
        "rentedMu": ("double", f"COALESCE(NULLIF({P}->'land'->>'rented_mu', '')::float8, 0)"),
        "crops": (("list", "string"), f"COALESCE(NULLIF({P}->'land'->'crops', 'null'::jsonb), '[]'::jsonb)"),
    },
    "livestock": (
        ("list", {
            "kind": ("string", "COALESCE({e}->>'kind', '')"),
            "count": ("int", "COALESCE(({e}->>'count')::bigint, 0)"),
            "value": ("double", _yuan("{e}->>'value'")),
        }),
        f"COALESCE({P}->'livestock', '[]'::jsonb)",
    ),
    "assets": (
        ("list", {"kind": ("string", "COALESCE({e}->>'kind', '')"), "value": ("double", _yuan("{e}->>'value'"))}),
        f"COALESCE({P}->'assets', '[]'::jsonb)",
    ),
    "income": {
        **{k: ("double", _yuan(f"{P}->'income'->>'{k}'")) for k in ("farming", "business", "wages", "other")},
        "total": (
            "double",
            "((" + " + ".join(f"COALESCE(({P}->'income'->>'{k}')::bigint, 0)" for k in ("farming", "business", "wages", "other"))
            + ")::float8 / 100::float8)",
        ),
    },
    "liabilities": (
        ("list", {
            "lender": ("string", "COALESCE({e}->>'lender', '')"),
            "amount": ("double", _yuan("{e}->>'amount'")),
            "overdue": ("bool", _truthy("{e}->'overdue'")),
            "overdueAmount": ("double", _yuan("{e}->>'overdue_amount'")),
        }),
        f"COALESCE({P}->'liabilities', '[]'::jsonb)",
    ),
    "hasBusiness": ("bool", _truthy(f"{P}->'business'")),
    "business": {
        "name": ("string", _text("business,name")),
        "industry": ("string", _text("business,industry")),
        "creditCode": ("string", _text("business,credit_code")),
        "annualTurnover": ("double", _yuan(f"{P}->'business'->>'annual_turnover'")),
        "employees": ("int", f"COALESCE(({P}->'business'->>'employees')::bigint, 0)"),
    },
    "social": {"villageCreditRating": ("string", _text("social,village_credit_rating"))},
    "consent": {
        "present": ("bool", "(c.consent IS NOT NULL AND c.consent <> 'null'::jsonb)"),
        "wordingVersion": ("string", "COALESCE(c.consent->>'wording_version', '')"),
    },
}

TOKEN = re.compile(
    r"""\s+|//[^\n]*
    |(?P<double>\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+)
    |(?P<int>\d+)(?![\w.])
    |(?P<string>"[^"\\\n]*"|'[^'\\\n]*')
    |(?P<ident>[A-Za-z_][A-Za-z0-9_]*)
    |(?P<op>&&|\|\||==|!=|<=|>=|[-+*/%<>!?:.,()\[\]{}])""",
    re.VERBOSE,
)
MACROS = {"exists", "all", "exists_one"}
RESERVED = {"true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let",
            "loop", "package", "namespace", "return", "var", "void", "while"}  # fmt: skip


class Unsupported(Exception):
    """Outside the translated subset: the rule stays a CEL program."""


@dataclass
class Node:
    type: Any  # "string" "int" "double" "bool", ("list", element), or a schema dict
    sql: str = ""
    literal: bool = False
    element: str | None = None  # a list element of a schema type: its jsonb (an SQL alias)


@dataclass
class _State:
    tokens: list[tuple[str, str]]
    prefix: str
    pos: int = 0
    params: dict[str, Any] = field(default_factory=dict)
    scopes: list[dict[str, Node]] = field(default_factory=list)
    aliases: int = 0

    def peek(self, offset: int = 0) -> tuple[str, str]:
        i = self.pos + offset
        return self.tokens[i] if i < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None, kind: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if (value is not None and token[1] != value) or (kind is not None and token[0] != kind) or token[0] == "end":
            raise Unsupported(f"expected {value or kind}, got {token[1]!r}")
        self.pos += 1
        return token

    def accept(self, value: str) -> bool:
        if self.peek() == ("op", value):
            self.pos += 1
            return True
        return False

    def bind(self, value: Any) -> str:
        name = f"{self.prefix}_{len(self.params)}"
        self.params[name] = value
        return f"CAST(:{name} AS text)"


def translate(expression: str, prefix: str) -> tuple[str, dict[str, Any]] | None:
    """SQL (a boolean over ``customers c``, TRUE exactly when the program yields true) and its
    bind parameters (named ``<prefix>_<n>``, plus ``rules_today``), or None when outside the subset."""
    try:
        tokens = []
        pos = 0
        while pos < len(expression):
            match = TOKEN.match(expression, pos)
            if match is None:
                raise Unsupported(f"cannot read {expression[pos:pos + 10]!r}")
            pos = match.end()
            if match.lastgroup is not None:
                tokens.append((match.lastgroup, match.group(match.lastgroup)))
        state = _State(tokens, prefix)
        node = _ternary(state)
        if state.peek()[0] != "end" or node.type != "bool":
            raise Unsupported("not a boolean expression")
        return f"({node.sql})", state.params
    except (Unsupported, RecursionError):
        return None


def _ternary(s: _State) -> Node:
    condition = _or(s)
    if not s.accept("?"):
        return condition
    _want(condition, "bool")
    yes = _ternary(s)
    s.take(":")
    no = _ternary(s)
    if yes.type != no.type or yes.type not in ("string", "int", "double", "bool"):
        raise Unsupported("ternary branches of different types")
    return Node(yes.type, f"(CASE WHEN {condition.sql} THEN {yes.sql} ELSE {no.sql} END)")


def _or(s: _State) -> Node:
    return _logical(s, "||", "OR", _and)


def _and(s: _State) -> Node:
    return _logical(s, "&&", "AND", _relation)


def _logical(s: _State, op: str, sql_op: str, operand: Callable[[_State], Node]) -> Node:
    """A chain of ``operand op operand ...`` of booleans, left to right."""
    node = operand(s)
    while s.accept(op):
        right = operand(s)
        _want(node, "bool")
        _want(right, "bool")
        node = Node("bool", f"({node.sql} {sql_op} {right.sql})")
    return node


def _relation(s: _State) -> Node:
    node = _additive(s)
    while True:
        kind, value = s.peek()
        if kind == "op" and value in ("==", "!=", "<", "<=", ">", ">="):
            s.pos += 1
            node = _compare(node, value, _additive(s))
        elif kind == "ident" and value == "in":
            s.pos += 1
            node = _in(s, node)
        else:
            return node


def _compare(left: Node, op: str, right: Node) -> Node:
    sql_op = "<>" if op == "!=" else ("=" if op == "==" else op)
    numeric = ("int", "double")
    if left.type in numeric and right.type in numeric:
        if left.type != right.type:
            return Node("bool", f"({_float(left)} {sql_op} {_float(right)})")
        return Node("bool", f"({left.sql} {sql_op} {right.sql})")
    if left.type == right.type == "string":
        collate = ' COLLATE "C"' if sql_op not in ("=", "<>") else ""
        return Node("bool", f"({left.sql}{collate} {sql_op} {right.sql}{collate})")
    if left.type == right.type == "bool" and sql_op in ("=", "<>"):
        return Node("bool", f"({left.sql} {sql_op} {right.sql})")
    raise Unsupported("comparison of these types")


def _float(node: Node) -> str:
    """An int compared with a double: CEL compares the numbers; float8 holds our ints exactly."""
    return f"({node.sql})::float8" if node.type == "int" else node.sql


def _in(s: _State, left: Node) -> Node:
    if left.type not in ("string", "int", "double", "bool"):
        raise Unsupported("in over a non-scalar")
    s.take("[")
    items: list[Node] = []
    while not s.accept("]"):
        if items:
            s.take(",")
            if s.accept("]"):
                break
        items.append(_literal_or_fail(s))
    if not items:
        return Node("bool", "false")
    return Node("bool", "(" + " OR ".join(_compare(left, "==", item).sql for item in items) + ")")


def _literal_or_fail(s: _State) -> Node:
    node = _unary(s)
    if not node.literal:
        raise Unsupported("only literal lists")
    return node


def _additive(s: _State) -> Node:
    node = _multiplicative(s)
    while s.peek() in (("op", "+"), ("op", "-")):
        op = s.take()[1]
        node = _arithmetic(node, op, _multiplicative(s))
    return node


def _multiplicative(s: _State) -> Node:
    node = _unary(s)
    while s.peek() in (("op", "*"), ("op", "/"), ("op", "%")):
        op = s.take()[1]
        if op != "*":
            raise Unsupported("division can fail")
        node = _arithmetic(node, op, _unary(s))
    return node


def _arithmetic(left: Node, op: str, right: Node) -> Node:
    # Doubles only: int arithmetic can overflow (a CEL error, a PostgreSQL error); string and
    # list concatenation are left to CEL.
    if left.type == right.type == "double":
        return Node("double", f"({left.sql} {op} {right.sql})")
    raise Unsupported("arithmetic other than on doubles")


def _unary(s: _State) -> Node:
    if s.accept("!"):
        node = _unary(s)
        _want(node, "bool")
        return Node("bool", f"(NOT {node.sql})")
    if s.peek() == ("op", "-") and s.peek(1)[0] in ("int", "double"):
        s.pos += 1
        return _number(s, negative=True)
    return _member(s)


def _number(s: _State, negative: bool = False) -> Node:
    kind, value = s.take()
    if kind == "int":
        number = int(value)
        if number > MAX_EXACT_INT:
            raise Unsupported("large int literal")
        return Node("int", f"CAST({'-' if negative else ''}{number} AS bigint)", literal=True)
    number = float(value)  # the token is a plain decimal literal: safe to inline
    if not (1e-300 <= number <= 1e300 or (number == 0 and not value.lstrip("0.").split("e")[0].split("E")[0])):
        raise Unsupported("a double PostgreSQL would not read (inf, underflow)")
    return Node("double", f"CAST('{'-' if negative else ''}{value}' AS float8)", literal=True)


def _member(s: _State) -> Node:
    node = _primary(s)
    while True:
        if s.accept("."):
            name = s.take(kind="ident")[1]
            if s.peek() == ("op", "("):
                node = _method(s, node, name)
            else:
                node = _select(node, name)
        elif s.peek() == ("op", "["):
            raise Unsupported("indexing")
        else:
            return node


def _select(node: Node, name: str) -> Node:
    if not isinstance(node.type, dict) or name not in node.type:
        raise Unsupported(f"no field {name}")
    type_, sql = node.type[name]
    if isinstance(type_, dict):
        return Node(type_)
    return Node(type_, sql.replace("{e}", node.element) if node.element else sql)


def _method(s: _State, target: Node, name: str) -> Node:
    s.take("(")
    if name in MACROS:
        if not (isinstance(target.type, tuple) and target.type[0] == "list"):
            raise Unsupported("macro over a non-list")
        variable = s.take(kind="ident")[1]
        if variable in RESERVED or variable in SCHEMA:
            raise Unsupported("comprehension variable shadows a name")
        s.take(",")
        s.aliases += 1
        alias = f"rule_e{s.aliases}"
        element_type = target.type[1]
        if isinstance(element_type, dict):
            element = Node(element_type, element=f"{alias}.v")
            source = f"jsonb_array_elements({target.sql}) AS {alias}(v)"
        else:
            element = Node(element_type, f"{alias}.v")
            if element_type != "string":
                raise Unsupported("list of non-strings")
            source = f"jsonb_array_elements_text({target.sql}) AS {alias}(v)"
        s.scopes.append({variable: element})
        predicate = _ternary(s)
        s.scopes.pop()
        s.take(")")
        _want(predicate, "bool")
        if name == "exists":
            return Node("bool", f"EXISTS (SELECT 1 FROM {source} WHERE {predicate.sql})")
        if name == "all":
            return Node("bool", f"(NOT EXISTS (SELECT 1 FROM {source} WHERE NOT {predicate.sql}))")
        return Node("bool", f"((SELECT count(*) FROM {source} WHERE {predicate.sql}) = 1)")
    if name == "size":
        s.take(")")
        return _size(target)
    if name in ("contains", "startsWith", "endsWith"):
        argument = _ternary(s)
        s.take(")")
        _want(target, "string")
        _want(argument, "string")
        if name == "contains":
            return Node("bool", f"(strpos({target.sql}, {argument.sql}) > 0)")
        if name == "startsWith":
            return Node("bool", f"starts_with({target.sql}, {argument.sql})")
        return Node("bool", f"(right({target.sql}, char_length({argument.sql})) = {argument.sql})")
    raise Unsupported(f"function {name}")


def _size(node: Node) -> Node:
    if isinstance(node.type, tuple) and node.type[0] == "list":
        return Node("int", f"jsonb_array_length({node.sql})::bigint")
    if node.type == "string":  # this CEL counts UTF-8 bytes (the database is UTF-8)
        return Node("int", f"octet_length({node.sql})::bigint")
    raise Unsupported("size of this type")


def _primary(s: _State) -> Node:
    kind, value = s.peek()
    if kind in ("int", "double"):
        return _number(s)
    if kind == "string":
        s.pos += 1
        return Node("string", s.bind(value[1:-1]), literal=True)
    if kind == "op" and value == "(":
        s.pos += 1
        node = _ternary(s)
        s.take(")")
        return node
    if kind != "ident":
        raise Unsupported(f"unexpected {value!r}")
    s.pos += 1
    if value in ("true", "false"):
        return Node("bool", value, literal=True)
    if value == "size" and s.peek() == ("op", "("):
        s.take("(")
        node = _ternary(s)
        s.take(")")
        return _size(node)
    for scope in reversed(s.scopes):
        if value in scope:
            return scope[value]
    if value not in SCHEMA or s.peek() == ("op", "("):
        raise Unsupported(f"unknown name {value}")
    entry = SCHEMA[value]
    if isinstance(entry, dict):
        return Node(entry)
    return Node(entry[0], entry[1])


def _want(node: Node, type_: str) -> None:
    if node.type != type_:
        raise Unsupported(f"expected {type_}")
