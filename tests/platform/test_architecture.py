"""The layering, checked on the source: what may import what, where scope and SQL may appear,
and that every job the code can schedule has a worker. (docs/architecture.md, "Layers".)"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import backend
from backend.config import PROJECT_ROOT

BACKEND = PROJECT_ROOT / "backend"
# Packages that are not business domains: the platform every domain may use, and the outer
# layers (HTTP, CLI, seeding, key management) that may use every domain.
PLATFORM = {"auth", "audit", "outbox", "db", "integrations"}
OUTER = {"web", "cli", "seeding", "keys"}


def _modules(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.py") if "migrations" not in p.parts]


def _imports(path: Path) -> list[str]:
    """Every module a file imports, at any depth, except under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING" for n in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names)
    return found


def _packages() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(backend.__path__) if m.ispkg)


def _domains() -> list[str]:
    return [p for p in _packages() if p not in PLATFORM | OUTER and (BACKEND / p / "models.py").exists()]


def _package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {p: set() for p in _packages()}
    for package in graph:
        for path in _modules(BACKEND / package):
            for module in _imports(path):
                parts = module.split(".")
                if parts[0] == "backend" and len(parts) > 1 and parts[1] in graph and parts[1] != package:
                    graph[package].add(parts[1])
    return graph


def test_the_domains_depend_on_each_other_without_cycles():
    graph = _package_graph()
    domains = set(_domains())
    assert {"customers", "orgs", "rules", "images", "imports", "dual_control"} <= domains
    edges = {d: graph[d] & domains for d in domains}
    # Depth-first search for a back edge.
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt] if nxt in path else [*path, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for domain in sorted(domains):
        if domain not in state:
            visit(domain, [domain])
    assert cycles == []


def test_the_platform_knows_no_domain():
    graph = _package_graph()
    domains = set(_domains())
    for package in ("db", "audit", "outbox"):
        assert graph[package] & domains == set(), package


def test_the_core_knows_no_graphql_http_or_cli():
    """Domains and the platform import no GraphQL, web framework or CLI, and nothing of the
    layers above them (only the integrations' simulators are small web apps)."""
    forbidden = re.compile(r"^(strawberry|starlette|typer|uvicorn|schema|resolvers|workers|backend\.(web|cli|seeding|keys|services))(\.|$)")
    offenders = []
    for package in [*_domains(), "db", "audit", "outbox", "auth"]:
        for path in _modules(BACKEND / package):
            offenders += [f"{path.relative_to(PROJECT_ROOT)}: {m}" for m in _imports(path) if forbidden.match(m)]
    assert offenders == []


def test_every_package_with_tables_reads_them_through_a_repository():
    """Domains, and the platform packages whose rows someone reads (auth, audit), keep their
    queries in ``repository.py``. The outbox is the exception: its rows are read only by the
    relay that sends them, in ``backend/outbox/service.py``."""
    packages = [*_domains(), "auth", "audit"]
    assert [p for p in packages if not (BACKEND / p / "repository.py").exists()] == []


SCOPE_FILTER = re.compile(r"starts_with\([^)]*scope_path|\.startswith\(\s*[\w.]*scope_path|scope_condition\(")


def test_only_repositories_filter_by_the_callers_scope():
    offenders = []
    for folder in ("backend", "resolvers", "schema", "workers"):
        for path in _modules(PROJECT_ROOT / folder):
            if path.name.endswith("repository.py") or path.name == "principal.py":  # can_read_path: a loaded row
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if SCOPE_FILTER.search(line) and "def scope_condition" not in line:
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{number}")
    assert offenders == []


# A prefix as SQL LIKE: under the tenant policies it is applied after the policy and loses its
# index (LIKE is not leakproof; backend/db/prefix.py). Prefixes are ``starts_with`` (``^@``).
LIKE_PREFIX = re.compile(r"\.startswith\([^)]*autoescape|literal\([^)]*\)\.startswith\(|\.like\([^)]*%|LIKE\s+\S+\s*\|\|\s*'%'")


def test_no_query_tests_a_prefix_with_like():
    offenders = []
    for folder in ("backend", "resolvers", "schema", "workers"):
        for path in _modules(PROJECT_ROOT / folder):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if LIKE_PREFIX.search(line):
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}")
    assert offenders == []


SESSION_CALLS = {"execute", "scalars", "scalar", "get", "get_one", "add", "add_all", "delete", "merge", "flush", "stream"}


def test_resolvers_and_workers_run_no_sql():
    """They call services (and repositories' read methods); the SQL lives in the domains."""
    offenders = []
    for folder in ("resolvers", "workers"):
        for path in _modules(PROJECT_ROOT / folder):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sqlalchemy"):
                    allowed = {"AsyncSession", "async_sessionmaker"} if node.module == "sqlalchemy.ext.asyncio" else set()
                    if node.module == "sqlalchemy.exc" and path.name == "base.py":  # the retry policy reads driver errors
                        continue
                    bad = [a.name for a in node.names if a.name not in allowed]
                    if bad:
                        offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} imports {bad} from {node.module}")
                if (
                    isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SESSION_CALLS
                    and isinstance(node.func.value, ast.Name) and "session" in node.func.value.id
                ):
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} {node.func.value.id}.{node.func.attr}()")
    assert offenders == []


def test_every_task_the_code_can_schedule_has_a_job_in_the_worker(settings):
    from backend.outbox.tasks import TASKS
    from workers.settings import worker_settings

    for package in _packages():
        if (BACKEND / package / "tasks.py").exists():
            importlib.import_module(f"backend.{package}.tasks")
    from workers.base import BATCH_JOBS, DRAIN

    functions = {f.name for f in worker_settings()["functions"]}
    # a batched task's rows are worked by the drain, with the body registered for the task
    assert set(TASKS) == functions - {DRAIN} | set(BATCH_JOBS)
    assert {name for name, task in TASKS.items() if task.batched} == set(BATCH_JOBS) and DRAIN in functions
    assert {"customers.push_to_ecif", "images.process", "rules.evaluate_run", "imports.run_batch", "auth.end_sessions"} <= set(TASKS)
    # Nothing is scheduled by a bare name: every enqueue names a Task constant.
    offenders = []
    for path in _modules(BACKEND):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "enqueue" and len(node.args) >= 2:
                if isinstance(node.args[1], ast.Constant):
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert offenders == []
