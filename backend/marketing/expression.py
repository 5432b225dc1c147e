"""Segment model conditions written in CEL, for advanced users (docs/marketing.md "CEL").

The text is parsed by cel-python's CEL grammar (``celpy.celparser``, Lark) and translated into
the same condition tree the condition builder makes (``{"all"|"any": [...]}`` of ``{"field",
"op", "value"}``), which then compiles to SQL like any model: a CEL model runs in the nightly
pass at the same cost, and the field policy and the field catalog check it the same way. The
subset: ``&&``, ``||``, parentheses; ``field <op> literal`` (or ``literal <op> field``) with
``== != < <= > >=``; ``field in [literals]``; ``has(field)`` and ``!has(field)``; literals are
numbers, strings and booleans. Anything else (arithmetic, functions, ``!`` of a group, a
ternary) is refused as EXPRESSION_UNSUPPORTED with its line and column, a syntax error as
EXPRESSION_SYNTAX. ``to_expression`` writes any condition back as CEL, so the PC shows a
builder-made model in CEL too.
"""

from __future__ import annotations

import json
from typing import Any

from celpy.celparser import CELParseError, CELParser
from lark import Token, Tree

from backend.errors import field_error

MAX_LENGTH = 2000
OPS = {"relation_eq": "EQ", "relation_ne": "NE", "relation_lt": "LT", "relation_le": "LE", "relation_gt": "GT", "relation_ge": "GE"}
FLIPPED = {"EQ": "EQ", "NE": "NE", "LT": "GT", "LE": "GE", "GT": "LT", "GE": "LE"}
SYMBOLS = {"EQ": "==", "NE": "!=", "LT": "<", "LE": "<=", "GT": ">", "GE": ">="}

_parser: CELParser | None = None


class Unsupported(Exception):
    def __init__(self, node: Tree | Token, what: str) -> None:
        super().__init__(what)
        meta = getattr(node, "meta", None)
        self.line = getattr(node, "line", None) or (getattr(meta, "line", None) if meta is not None and not meta.empty else None)
        self.column = getattr(node, "column", None) or (getattr(meta, "column", None) if meta is not None and not meta.empty else None)
        self.what = what


def _down(node: Tree | Token) -> Tree | Token:
    """Through the grammar's single-child levels (expr, conditionalor, ..., member, primary)."""
    while isinstance(node, Tree) and len(node.children) == 1 and node.data in (
        "expr", "conditionalor", "conditionaland", "relation", "addition", "multiplication", "unary", "member", "primary"
    ):
        node = node.children[0]
    return node


def _field(node: Tree | Token) -> str | None:
    node = _down(node)
    if isinstance(node, Tree) and node.data == "ident":
        return str(node.children[0])
    if isinstance(node, Tree) and node.data == "member_dot":
        head = _field(node.children[0])
        return f"{head}.{node.children[1]}" if head else None
    return None


def _literal(node: Tree | Token) -> Any:
    node = _down(node)
    if isinstance(node, Tree) and node.data == "literal":
        text = str(node.children[0])
        if text in ("true", "false"):
            return text == "true"
        if text[:1] in "\"'" and text[-1:] == text[:1] and not text.startswith(('"""', "'''")):
            return json.loads('"' + text[1:-1].replace('"', '\\"') + '"') if text[0] == "'" else json.loads(text)
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                pass
    if isinstance(node, Tree) and node.data == "list_lit":
        items = node.children[0].children if node.children else []
        return [_scalar(item) for item in items]
    raise Unsupported(node, "a number, a string, true or false")


def _scalar(node: Tree | Token) -> Any:
    value = _literal(node)
    if isinstance(value, list):
        raise Unsupported(node, "a number, a string, true or false")
    return value


def _has(node: Tree | Token) -> str | None:
    node = _down(node)
    if isinstance(node, Tree) and node.data == "ident_arg" and str(node.children[0]) == "has" and len(node.children) == 2:
        args = node.children[1].children
        if len(args) == 1 and (name := _field(args[0])):
            return name
    return None


def _condition(node: Tree | Token) -> dict[str, Any]:
    if not isinstance(node, Tree):
        raise Unsupported(node, "a comparison")
    if node.data == "expr" and len(node.children) > 1:
        raise Unsupported(node, "a condition without ?:")
    if node.data in ("conditionalor", "conditionaland") and len(node.children) == 2:
        key = "any" if node.data == "conditionalor" else "all"
        parts = [_condition(child) for child in node.children]
        return {key: [q for p in parts for q in (p[key] if set(p) == {key} else [p])]}
    if node.data == "relation" and len(node.children) == 2 and isinstance(node.children[0], Tree):
        kind, right = node.children[0].data, node.children[1]
        left = node.children[0].children[0]
        if kind == "relation_in":
            name = _field(left)
            values = _literal(right)
            if not name or not isinstance(values, list):
                raise Unsupported(node, "field in [values]")
            return {"field": name, "op": "IN", "value": values}
        if kind in OPS:
            op = OPS[kind]
            if name := _field(left):
                return {"field": name, "op": op, "value": _scalar(right)}
            if name := _field(right):
                return {"field": name, "op": FLIPPED[op], "value": _scalar(left)}
            raise Unsupported(node, "a comparison of a field with a value")
    if node.data == "unary" and len(node.children) == 2 and isinstance(node.children[0], Tree) and node.children[0].data == "unary_not":
        if name := _has(node.children[1]):
            return {"field": name, "op": "ABSENT"}
        raise Unsupported(node, "! only before has(...)")
    if (name := _has(node)) is not None:
        return {"field": name, "op": "PRESENT"}
    inner = _down(node)
    if isinstance(inner, Tree) and inner.data == "paren_expr":
        return _condition(inner.children[0])
    if inner is not node:
        return _condition(inner)
    raise Unsupported(node, "a comparison, field in [...], has(field), && or ||")


def to_condition(source: str) -> dict[str, Any]:
    """The condition a CEL text means; DomainError on ``expression`` when it cannot be one."""
    global _parser
    text = (source or "").strip()
    if not 1 <= len(text) <= MAX_LENGTH:
        raise field_error("expression", "INVALID_EXPRESSION", f"表达式须为1-{MAX_LENGTH}个字符", f"the expression is 1-{MAX_LENGTH} characters")
    _parser = _parser or CELParser()
    try:
        tree = _parser.parse(text)
    except CELParseError as exc:
        line, column = getattr(exc, "line", None), getattr(exc, "column", None)
        where = f"（第{line}行第{column}列）" if line else ""
        at = f" at line {line} column {column}" if line else ""
        raise field_error("expression", "EXPRESSION_SYNTAX", f"表达式语法错误{where}", f"syntax error{at}") from None
    try:
        condition = _condition(tree)
    except Unsupported as exc:
        where = f"（第{exc.line}行第{exc.column}列）" if exc.line else ""
        at = f" at line {exc.line} column {exc.column}" if exc.line else ""
        raise field_error(
            "expression", "EXPRESSION_UNSUPPORTED", f"模型表达式只支持比较、in、has()、&& 与 ||{where}", f"expected {exc.what}{at}"
        ) from None
    return condition if set(condition) & {"all", "any"} else {"all": [condition]}


def _cel_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_cel_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def to_expression(condition: Any, *, top: bool = True) -> str:
    """A condition written as CEL (what ``to_condition`` reads back into the same condition)."""
    if isinstance(condition, dict) and ("all" in condition or "any" in condition):
        key, joiner = ("all", " && ") if "all" in condition else ("any", " || ")
        parts = [to_expression(c, top=False) for c in condition[key]]
        text = joiner.join(parts)
        return text if top or len(parts) == 1 else f"({text})"
    field, op = condition.get("field"), condition.get("op")
    if op == "PRESENT":
        return f"has({field})"
    if op == "ABSENT":
        return f"!has({field})"
    if op == "IN":
        return f"{field} in {_cel_value(condition.get('value') or [])}"
    return f"{field} {SYMBOLS.get(op, op)} {_cel_value(condition.get('value'))}"
