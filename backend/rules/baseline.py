"""Load ``baseline.json`` as the province's published rule set when none exists."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.rules.models import (
    Rule,
    RuleKind,
    RuleScope,
    RuleSet,
    RuleSetStatus,
    Severity,
)

BASELINE_FILE = Path(__file__).with_name("baseline.json")


def baseline_rules() -> tuple[str, list[Rule]]:
    data = json.loads(BASELINE_FILE.read_text(encoding="utf-8"))
    rules = [
        Rule(
            code=r["code"], kind=RuleKind(r["kind"]), severity=Severity(r["severity"]), enabled=True,
            message_zh=r["message_zh"], message_en=r["message_en"], params=r.get("params", {}),
            segment=r.get("segment"), position=i, overridable=r.get("overridable", False),
        )
        for i, r in enumerate(data["rules"])
    ]
    return data["name"], rules


async def ensure_baseline(session: AsyncSession) -> bool:
    """Publish the shipped baseline as version 1 if the province has no rule set yet."""
    exists = await session.scalar(select(func.count()).select_from(RuleSet).where(RuleSet.scope == RuleScope.PROVINCE))
    if exists:
        return False
    name, rules = baseline_rules()
    rule_set = RuleSet(
        scope=RuleScope.PROVINCE, bank_id=None, version=1, status=RuleSetStatus.PUBLISHED, name=name,
        published_at=datetime.now(UTC),
    )
    session.add(rule_set)
    await session.flush()
    for rule in rules:
        rule.rule_set_id = rule_set.id
        session.add(rule)
    await session.flush()
    return True
