"""BPMN 2.0 processes: what CIC accepts from a bank, and running them with SpiffWorkflow.

``outline(xml)`` validates a document and returns its ``Outline`` (or raises ``BpmnRefused``
with every reason, in Chinese and English). Supported: one executable process; a none start
event; none end events; user tasks; exclusive and parallel gateways; sequence flows whose
conditions are comparisons over the application's variables (``VARIABLES``); boundary timer
events (ISO 8601 durations) on user tasks, interrupting (escalate) or not (remind); lanes, each
mapped to an approver role and an org level with the attributes ``cic:role`` and ``cic:level``
(namespace ``CIC_NS``). Anything else (script and service tasks, call activities, messages...)
is refused: a bank's process can route and wait, never run code.

``Instance`` wraps a SpiffWorkflow ``BpmnWorkflow``: start, the ready user tasks, complete one,
fire due timers (with the caller's clock), cancel, and the serialized state kept in PostgreSQL.
"""

from __future__ import annotations

import ast
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any
from uuid import UUID

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from backend.auth.roles import ROLE_LEVELS, OrgLevel, Role

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CIC_NS = "http://cic.rcc/schema/bpmn/1.0"
NS = {"bpmn": BPMN_NS}

# The roles that may hold an approval lane, and the levels whose unit queues their tasks.
APPROVER_ROLES = (Role.BRANCH_MANAGER, Role.BANK_APPROVER)
QUEUE_LEVELS = (OrgLevel.BRANCH, OrgLevel.BANK)

# What a gateway condition may read: the application's variables (``variables_of``).
VARIABLES = {
    "amount": "申请金额（元）",
    "term": "期限（月）",
    "score": "评分",
    "grade": "评级",
    "grade_rank": "评级序号（1 为最好）",
    "product": "产品代码",
    "channel": "渠道",
    "recommended": "推荐额度（元）",
    "within_recommendation": "申请金额不超过推荐额度",
    "straight_through": "符合自动审批条件（准入通过且在推荐额度内）",
    "sampled": "被抽中人工复核",
}

_FLOW_ELEMENTS = {
    "startEvent", "endEvent", "userTask", "exclusiveGateway", "parallelGateway", "sequenceFlow", "boundaryEvent",
    "laneSet", "documentation", "extensionElements", "textAnnotation", "association",
}
_DURATION = re.compile(r"P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?")
_ALLOWED_NODES = (
    ast.Expression, ast.BoolOp, ast.And, ast.Or, ast.UnaryOp, ast.Not, ast.USub, ast.Compare, ast.Eq, ast.NotEq, ast.Lt,
    ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn, ast.Name, ast.Load, ast.Constant, ast.Tuple, ast.List,
)


@dataclass(frozen=True)
class Reason:
    element: str | None
    code: str
    message: str
    message_en: str


class BpmnRefused(Exception):
    def __init__(self, reasons: list[Reason]) -> None:
        super().__init__("; ".join(r.message_en for r in reasons))
        self.reasons = reasons


@dataclass
class Lane:
    name: str
    role: str
    level: str


@dataclass
class UserTask:
    id: str
    name: str
    lane: str


@dataclass
class Timer:
    id: str
    name: str
    task: str  # the user task it is attached to
    duration: str
    interrupting: bool  # True: escalate (the step is taken away); False: remind


@dataclass
class Outline:
    process_id: str
    name: str
    lanes: list[Lane] = field(default_factory=list)
    tasks: list[UserTask] = field(default_factory=list)
    timers: list[Timer] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def of(cls, data: dict[str, Any]) -> Outline:
        return cls(
            process_id=data["process_id"], name=data["name"], lanes=[Lane(**x) for x in data["lanes"]],
            tasks=[UserTask(**x) for x in data["tasks"]], timers=[Timer(**x) for x in data["timers"]],
        )

    def lane(self, name: str | None) -> Lane | None:
        return next((x for x in self.lanes if x.name == name), None)

    def timer(self, timer_id: str) -> Timer | None:
        return next((x for x in self.timers if x.id == timer_id), None)


def _local(el: Any) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def check_condition(expression: str) -> str | None:
    """None if the condition is a comparison over ``VARIABLES``; else why not (English)."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError:
        return "not a valid expression"
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            return f"{type(node).__name__} is not allowed"
        if isinstance(node, ast.Name) and node.id not in VARIABLES:
            return f"unknown variable {node.id}"
    return None


def outline(xml: str) -> Outline:
    """Validate a BPMN document for CIC; every problem found is a ``Reason``."""
    reasons: list[Reason] = []

    def refuse(element: str | None, code: str, zh: str, en: str) -> None:
        reasons.append(Reason(element, code, zh, en))

    try:
        root = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise BpmnRefused([Reason(None, "BPMN_NOT_XML", f"不是有效的 XML：{exc}", f"not well-formed XML: {exc}")]) from None
    if root.tag != f"{{{BPMN_NS}}}definitions":
        raise BpmnRefused([Reason(None, "BPMN_NOT_BPMN", "根元素不是 BPMN 2.0 definitions", "the root is not BPMN 2.0 definitions")])
    processes = root.findall("bpmn:process", NS)
    executable = [p for p in processes if p.get("isExecutable", "false") == "true"] or processes
    if len(executable) != 1:
        raise BpmnRefused([Reason(None, "BPMN_ONE_PROCESS", "须恰好包含一个可执行流程", "exactly one executable process is required")])
    process = executable[0]
    pid = process.get("id") or ""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{1,39}", pid):
        refuse(pid, "BPMN_PROCESS_ID", "流程标识须为2-40位字母、数字或下划线，以字母开头", "the process id must be 2-40 letters, digits or _")
    result = Outline(process_id=pid, name=process.get("name") or pid)

    elements = {el.get("id"): el for el in process.iter() if isinstance(el.tag, str) and el.get("id")}
    for el in process:
        kind = _local(el)
        if kind and kind not in _FLOW_ELEMENTS:
            refuse(el.get("id"), "BPMN_UNSUPPORTED_ELEMENT", f"不支持的元素：{kind}（只支持开始/结束事件、人工任务、网关、顺序流、定时边界事件）",
                   f"unsupported element: {kind}")
    for el in process.findall("bpmn:startEvent", NS) + process.findall("bpmn:endEvent", NS):
        definitions = [c for c in el if _local(c).endswith("EventDefinition")]
        if definitions:
            refuse(el.get("id"), "BPMN_UNSUPPORTED_EVENT", "开始和结束事件只支持空事件", "start and end events must be none events")
    if len(process.findall("bpmn:startEvent", NS)) != 1:
        refuse(pid, "BPMN_ONE_START", "须恰好有一个开始事件", "exactly one start event is required")
    if not process.findall("bpmn:endEvent", NS):
        refuse(pid, "BPMN_NO_END", "至少需要一个结束事件", "at least one end event is required")

    # Lanes: each mapped to an approver role and the level of the unit that queues its tasks.
    lane_of: dict[str, str] = {}
    for lane in process.iterfind(".//bpmn:lane", NS):
        name = lane.get("name") or lane.get("id") or ""
        role, level = lane.get(f"{{{CIC_NS}}}role"), lane.get(f"{{{CIC_NS}}}level")
        if role not in {r.value for r in APPROVER_ROLES}:
            refuse(lane.get("id"), "BPMN_LANE_ROLE", f"泳道“{name}”须用 cic:role 指定审批角色（网点负责人或法人行审核员）",
                   f"lane {name!r} needs cic:role, one of {', '.join(r.value for r in APPROVER_ROLES)}")
        elif level not in {lv.value for lv in QUEUE_LEVELS} or OrgLevel(level) not in ROLE_LEVELS[Role(role)]:
            refuse(lane.get("id"), "BPMN_LANE_LEVEL", f"泳道“{name}”须用 cic:level 指定与角色相符的机构层级",
                   f"lane {name!r} needs cic:level matching its role (BRANCH or BANK)")
        else:
            result.lanes.append(Lane(name=name, role=role, level=level))
        for ref in lane.iterfind("bpmn:flowNodeRef", NS):
            lane_of[(ref.text or "").strip()] = name

    for task in process.findall("bpmn:userTask", NS):
        tid, name = task.get("id") or "", task.get("name") or task.get("id") or ""
        lane = lane_of.get(tid)
        if lane is None:
            refuse(tid, "BPMN_TASK_LANE", f"人工任务“{name}”须放在映射了角色的泳道中", f"user task {name!r} must sit in a mapped lane")
        result.tasks.append(UserTask(id=tid, name=name, lane=lane or ""))

    for gateway in process.findall("bpmn:exclusiveGateway", NS):
        outgoing = [f for f in process.findall("bpmn:sequenceFlow", NS) if f.get("sourceRef") == gateway.get("id")]
        unconditioned = [f for f in outgoing if f.find("bpmn:conditionExpression", NS) is None and f.get("id") != gateway.get("default")]
        if len(outgoing) > 1 and unconditioned:
            refuse(gateway.get("id"), "BPMN_GATEWAY_CONDITION", f"网关“{gateway.get('name') or gateway.get('id')}”的每条出口须有条件或设为默认流",
                   "every outgoing flow of an exclusive gateway needs a condition or must be its default")
    for flow in process.findall("bpmn:sequenceFlow", NS):
        condition = flow.find("bpmn:conditionExpression", NS)
        if condition is None:
            continue
        why = check_condition(condition.text or "")
        if why:
            refuse(flow.get("id"), "BPMN_CONDITION", f"条件“{(condition.text or '').strip()}”不受支持：只能比较 {', '.join(VARIABLES)}",
                   f"condition {(condition.text or '').strip()!r}: {why}")

    for boundary in process.findall("bpmn:boundaryEvent", NS):
        bid = boundary.get("id") or ""
        timer = boundary.find("bpmn:timerEventDefinition", NS)
        attached = elements.get(boundary.get("attachedToRef"))
        if timer is None or attached is None or _local(attached) != "userTask":
            refuse(bid, "BPMN_BOUNDARY", "边界事件只支持人工任务上的定时事件", "boundary events must be timers on user tasks")
            continue
        duration_el = timer.find("bpmn:timeDuration", NS)
        duration = (duration_el.text or "").strip().strip("\"'") if duration_el is not None else ""
        if not _DURATION.fullmatch(duration) or _seconds(duration) < 60:
            refuse(bid, "BPMN_TIMER", f"定时事件“{boundary.get('name') or bid}”须为不短于1分钟的 ISO 8601 时长（如 PT24H）",
                   "a timer needs an ISO 8601 duration of at least one minute (e.g. PT24H)")
            continue
        result.timers.append(Timer(
            id=bid, name=boundary.get("name") or bid, task=attached.get("id") or "", duration=duration,
            interrupting=boundary.get("cancelActivity", "true") != "false",
        ))
    if not reasons:
        try:
            _parse(xml, pid)
        except (ValidationException, Exception) as exc:  # SpiffWorkflow's own checks (flows, references)
            refuse(pid, "BPMN_INVALID", f"流程无法解析：{exc}", f"the process cannot be parsed: {exc}")
    if reasons:
        raise BpmnRefused(reasons)
    return result


def _seconds(duration: str) -> float:
    parsed = TimerEventDefinition.parse_iso_duration(duration)
    return (parsed.get("years", 0) * 365 + parsed.get("months", 0) * 30 + parsed.get("weeks", 0) * 7 + parsed.get("days", 0)) * 86400 + \
        parsed.get("hours", 0) * 3600 + parsed.get("minutes", 0) * 60 + parsed.get("seconds", 0)


class _Engine(PythonScriptEngine):
    """Evaluates only what ``outline`` accepted: timer durations as literals, conditions over
    the application's variables (the workflow's data), without builtins."""

    def evaluate(self, task: Any, expression: str, external_context: Any = None) -> Any:
        literal = expression.strip().strip("\"'")
        if _DURATION.fullmatch(literal):
            return literal
        if check_condition(expression):
            raise ValueError(f"condition not allowed: {expression}")
        return eval(compile(ast.parse(expression.strip(), mode="eval"), "<condition>", "eval"), {"__builtins__": {}}, dict(task.workflow.data))  # noqa: S307

    def execute(self, task: Any, script: str, external_context: Any = None) -> Any:
        raise ValueError("scripts are not supported")


_ENGINE = _Engine()
_SERIALIZER = BpmnWorkflowSerializer()
_SPECS: dict[tuple[int, str], Any] = {}


def _parse(xml: str, process_id: str) -> Any:
    parser = BpmnParser()
    parser.add_bpmn_str(xml.encode("utf-8"))
    return parser.get_spec(process_id)


def _spec(definition_id: int, xml: str, process_id: str) -> Any:
    key = (definition_id, process_id)
    if key not in _SPECS:  # a definition's document never changes: parse it once per process
        _SPECS[key] = _parse(xml, process_id)
    return _SPECS[key]


@dataclass(frozen=True)
class ReadyTask:
    spiff_id: UUID
    element_id: str
    name: str
    lane: str | None


class Instance:
    """One application's process instance."""

    def __init__(self, workflow: BpmnWorkflow) -> None:
        self.workflow = workflow

    @classmethod
    def start(cls, definition_id: int, xml: str, process_id: str, variables: dict[str, Any]) -> Instance:
        workflow = BpmnWorkflow(_spec(definition_id, xml, process_id), script_engine=_ENGINE)
        workflow.data.update(variables)
        workflow.do_engine_steps()
        return cls(workflow)

    @classmethod
    def load(cls, state: dict[str, Any]) -> Instance:
        workflow = _SERIALIZER.from_dict(state)
        workflow.script_engine = _ENGINE
        return cls(workflow)

    def state(self) -> dict[str, Any]:
        return _SERIALIZER.to_dict(self.workflow)

    @property
    def completed(self) -> bool:
        return self.workflow.is_completed()

    def ready(self) -> list[ReadyTask]:
        return [
            ReadyTask(t.id, t.task_spec.name, t.task_spec.bpmn_name or t.task_spec.name, t.task_spec.lane)
            for t in self.workflow.get_tasks(state=TaskState.READY, manual=True)
        ]

    def complete(self, spiff_id: UUID, data: dict[str, Any]) -> None:
        task = self.workflow.get_task_from_id(spiff_id)
        if task.state != TaskState.READY:
            raise ValueError("the task is not ready")
        task.data.update(data)
        task.run()
        self.workflow.do_engine_steps()

    def timers(self) -> list[tuple[str, datetime]]:
        """The waiting timers (BPMN element id, when each fires)."""
        found = []
        for t in self.workflow.get_tasks(state=TaskState.WAITING):
            value = t._get_internal_data("event_value")
            if isinstance(value, str) and not t._get_internal_data("event_fired", False):
                found.append((t.task_spec.name, TimerEventDefinition.get_datetime(value)))
        return found

    def fire_due(self, now: datetime) -> list[str]:
        """Fire every timer due at ``now`` (the caller's clock) and run on; the timers fired."""
        fired = []
        waiting = {t.id for t in self.workflow.get_tasks(state=TaskState.WAITING)}
        for t in self.workflow.get_tasks(state=TaskState.WAITING):
            value = t._get_internal_data("event_value")
            if isinstance(value, str) and TimerEventDefinition.get_datetime(value) <= now:
                t._set_internal_data(event_fired=True)
                fired.append(t.task_spec.name)
        if fired:
            self.workflow.refresh_timers()
            self.workflow.do_engine_steps()
            # A timer armed by this step starts at ``now`` (SpiffWorkflow reads the wall clock):
            # the caller's clock is the one time runs on, in production and in tests alike.
            offset = now - datetime.now(timezone.utc)
            for t in self.workflow.get_tasks(state=TaskState.WAITING):
                value = t._get_internal_data("event_value")
                if t.id not in waiting and isinstance(value, str):
                    t._set_internal_data(event_value=(TimerEventDefinition.get_datetime(value) + offset).isoformat())
        return fired

    def rearm(self, now: datetime, durations: dict[str, str]) -> None:
        """Start every waiting timer again at ``now`` (its BPMN element id -> ISO duration)."""
        for t in self.workflow.get_tasks(state=TaskState.WAITING):
            duration = durations.get(t.task_spec.name)
            if duration and isinstance(t._get_internal_data("event_value"), str):
                delta = TimerEventDefinition.get_timedelta_from_start(TimerEventDefinition.parse_iso_duration(duration), now)
                t._set_internal_data(event_value=(now + delta).isoformat())

    def cancel(self) -> None:
        self.workflow.cancel()

    def completed_elements(self) -> list[str]:
        """BPMN elements a token has passed (for the diagram), without SpiffWorkflow's helpers."""
        names = {t.task_spec.name for t in self.workflow.get_tasks(state=TaskState.COMPLETED)}
        return sorted(n for n in names if not _internal(n))

    def current_elements(self) -> list[str]:
        names = {t.task_spec.name for t in self.workflow.get_tasks(state=TaskState.READY, manual=True)}
        return sorted(n for n in names if not _internal(n))


def _internal(name: str) -> bool:
    return "." in name or name in {"Start", "End"} or name.endswith("_EndJoin")
