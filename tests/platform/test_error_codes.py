"""Error codes are typed: each domain lists the codes it answers with (backend/<domain>/errors.py),
the SDL publishes them as one enum per domain (ArchiveErrorCode, ...), and the source raises no
code its domain does not list. (docs/architecture.md, "Errors".)

A code is recognised in the source the way every error is written here: an UPPER_SNAKE string
followed by its Chinese message and then its English one (``field_error(field, "CODE", "中文",
"English")``, ``FieldError(...)``, ``PydanticCustomError("CODE", "中文", {"en": ...})`` and the
``(code, zh, en)`` tables).
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from graphql import GraphQLEnumType, GraphQLList, GraphQLNonNull, GraphQLObjectType

from backend.config import PROJECT_ROOT
from backend.errors import COMMON_CODES, FieldError
from schema.common import UserError
from schema.schema import build_schema

BACKEND = PROJECT_ROOT / "backend"
CODE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^[A-Z]{4,}$")
CJK = re.compile(r"[\u4e00-\u9fff]")
SENTENCE = re.compile(r"[，。；！？]")  # a message, where a label ("草稿", "法人行社") has none
# Outer layers answer over plain HTTP (JSON bodies with their own codes), not in GraphQL payloads.
HTTP_LAYERS = {"web", "cli"}
SHARED = [
    *sorted(BACKEND.glob("*.py")),
    PROJECT_ROOT / "schema" / "inputs.py",
    PROJECT_ROOT / "schema" / "common.py",
    PROJECT_ROOT / "resolvers" / "common.py",
]


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        return None if left is None and right is None else (left or "") + (right or "")
    return None


def codes_raised(paths: list[Path]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            items = node.args if isinstance(node, ast.Call) else node.elts if isinstance(node, ast.Tuple) else None
            for code, zh, en in zip(items or [], (items or [])[1:], (items or [])[2:]):
                c, z, e = _text(code), _text(zh), _text(en)
                if c and CODE.match(c) and z and CJK.search(z) and not (e and CJK.search(e)):
                    found.add(c)
            if isinstance(node, ast.Dict):  # a table of Chinese messages (sentences, not labels) by code
                for key, value in zip(node.keys, node.values):
                    c, z = _text(key) if key else None, _text(value)
                    if c and CODE.match(c) and z and CJK.search(z) and SENTENCE.search(z):
                        found.add(c)
    return found


def _domain_sources(domain: str) -> list[Path]:
    layers = [PROJECT_ROOT / layer / f"{domain}.py" for layer in ("schema", "resolvers", "workers")]
    return [*(BACKEND / domain).rglob("*.py"), *(p for p in layers if p.exists())]


schema = build_schema()
DOMAINS = sorted(
    p.name for p in BACKEND.iterdir() if (p / "__init__.py").exists() and p.name not in HTTP_LAYERS and p.name != "db"
)


def test_the_recogniser_finds_codes_written_the_usual_ways() -> None:
    source = '''
field_error("phone", "INVALID_MOBILE", "手机号码格式不正确", "invalid mobile")
FieldError(None, "MISSING_COLUMNS", "缺少必填列：" + ", ".join(x), "missing " + y)
PydanticCustomError("AGE_OUT_OF_RANGE", "客户年龄须在18至70岁之间", {"en": "age"})
TABLE = {"missing": ("REQUIRED", "此项为必填项", "this field is required")}
Column("姓名", "name", "TEXT", "1-30个汉字", required=True)
MESSAGES = {"NOT_AN_IMAGE": "无法识别该文件，请重新上传。", "TOO_MANY_PIXELS": f"图片过大（{x}），请压缩。", "OTHER": "plain"}
LABELS = {"DRAFT": "草稿", "BANK": "法人行社"}
'''
    path = PROJECT_ROOT / "var" / "test_error_codes_sample.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text(source, encoding="utf-8")
    try:
        assert codes_raised([path]) == {
            "INVALID_MOBILE", "MISSING_COLUMNS", "AGE_OUT_OF_RANGE", "REQUIRED", "NOT_AN_IMAGE", "TOO_MANY_PIXELS"
        }
    finally:
        path.unlink()


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_code_a_domain_raises_is_listed(domain: str) -> None:
    raised = codes_raised(_domain_sources(domain))
    module = BACKEND / domain / "errors.py"
    if not raised:
        return
    assert module.exists(), f"backend/{domain} raises {sorted(raised)} but has no errors.py listing them"
    listed = importlib.import_module(f"backend.{domain}.errors").ERROR_CODES
    unlisted = raised - listed - COMMON_CODES
    assert not unlisted, f"backend/{domain}/errors.py does not list {sorted(unlisted)}"
    stale = listed - raised
    assert not stale, f"backend/{domain}/errors.py lists codes nothing raises: {sorted(stale)}"


def test_the_shared_checks_raise_only_common_codes() -> None:
    raised = codes_raised(SHARED)
    assert raised, "the recogniser found no code in the shared modules"
    assert raised <= COMMON_CODES, f"add {sorted(raised - COMMON_CODES)} to backend.errors.COMMON_CODES"


def _error_list_types() -> dict[str, GraphQLObjectType]:
    """Every ``[X!]!`` of a UserError type in a payload, by ``Payload.field``."""
    found: dict[str, GraphQLObjectType] = {}
    for name, type_ in schema._schema.type_map.items():
        if not isinstance(type_, GraphQLObjectType) or name.startswith("__"):
            continue
        for field_name, field in type_.fields.items():
            inner = field.type
            while isinstance(inner, GraphQLNonNull | GraphQLList):
                inner = inner.of_type
            if isinstance(inner, GraphQLObjectType) and any(i.name == "UserError" for i in inner.interfaces):
                found[f"{name}.{field_name}"] = inner
    return found


def test_every_payload_error_is_a_domain_error_with_an_enum_code() -> None:
    lists = _error_list_types()
    assert {"ArchivePayload.errors", "VerifyArchivePayload.errors", "RuleSetPayload.errors", "ImportReport.fileErrors"} <= set(lists)
    for where, error_type in lists.items():
        code = error_type.fields["code"].type
        assert isinstance(code, GraphQLNonNull) and isinstance(code.of_type, GraphQLEnumType), where
        assert COMMON_CODES <= set(code.of_type.values), f"{where}: {code.of_type.name} lacks the shared codes"


def test_each_domain_enum_holds_its_domain_codes() -> None:
    type_map = schema._schema.type_map
    for enum_name, domain in [
        ("ArchiveErrorCode", "customers"), ("ImageErrorCode", "images"), ("ImportErrorCode", "imports"),
        ("OrgErrorCode", "orgs"), ("RuleErrorCode", "rules"), ("PendingChangeErrorCode", "dual_control"),
        ("AuthErrorCode", "auth"),
    ]:
        enum = type_map[enum_name]
        assert isinstance(enum, GraphQLEnumType)
        assert importlib.import_module(f"backend.{domain}.errors").ERROR_CODES <= set(enum.values), enum_name
    # The lifecycle of archives never answers with an image's code, and a reveal never with an archive's.
    assert "TAKEN_AT_IN_FUTURE" not in type_map["ArchiveErrorCode"].values  # type: ignore[union-attr]
    assert "VERSION_CONFLICT" not in type_map["AuthErrorCode"].values  # type: ignore[union-attr]


def test_verify_cannot_answer_with_a_conflict_and_transitions_with_no_duplicate() -> None:
    type_map = schema._schema.type_map
    verify = type_map["VerifyArchivePayload"]
    transition = type_map["ArchiveTransitionPayload"]
    assert isinstance(verify, GraphQLObjectType) and isinstance(transition, GraphQLObjectType)
    assert "conflict" not in verify.fields and "duplicateOf" not in verify.fields and "warnings" not in verify.fields
    assert "conflict" in transition.fields and "duplicateOf" not in transition.fields
    mutations = schema._schema.mutation_type
    assert mutations is not None
    assert mutations.fields["verifyArchive"].type.name == "VerifyArchivePayload"  # type: ignore[union-attr]
    assert mutations.fields["submitArchive"].type.name == "ArchiveTransitionPayload"  # type: ignore[union-attr]


def test_an_unlisted_code_still_reaches_the_client_as_a_field_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import schema.common
    from schema.customers import ArchiveError

    logged: list[tuple[str, dict]] = []

    class Recorder:
        def error(self, event: str, **values: object) -> None:
            logged.append((event, values))

    # The configured logger caches its output stream (cache_logger_on_first_use), so record the
    # call itself rather than what reaches a captured stream.
    monkeypatch.setattr(schema.common, "log", Recorder())

    assert issubclass(ArchiveError, UserError)
    listed = ArchiveError.from_domain(FieldError("phone", "INVALID_MOBILE", "手机号码格式不正确", "invalid mobile"))
    assert listed.code == "INVALID_MOBILE"  # type: ignore[attr-defined]
    stray = ArchiveError.from_domain(FieldError("phone", "NO_SUCH_CODE", "不符合要求", "invalid"))
    assert (stray.field, stray.code, stray.message) == ("phone", "INVALID", "不符合要求")  # type: ignore[attr-defined]
    assert logged == [("error_code_unlisted", {"code": "NO_SUCH_CODE", "error_type": "ArchiveError"})]
