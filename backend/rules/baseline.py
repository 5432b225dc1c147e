"""Load ``baseline.json`` as the province's published rule set when none exists."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.rules import models

BASELINE_FILE = Path(__file__).with_name("baseline.json")


def baseline_rules() -> tuple[str, list[models.Rule]]:
    data = json.loads(BASELINE_FILE.read_text(encoding="utf-8"))
    rules = [
        models.Rule(
            code=r["code"], kind=models.RuleKind(r["kind"]), severity=models.Severity(r["severity"]), enabled=True,
            message_zh=r["message_zh"], message_en=r["message_en"], params=r.get("params", {}),
            segment=r.get("segment"), position=i, overridable=r.get("overridable", False),
        )
        for i, r in enumerate(data["rules"])
    ]
    return data["name"], rules


async def ensure_baseline(session: AsyncSession) -> bool:
    """Publish the shipped baseline as version 1 if the province has no rule set yet."""
    province = models.RuleSet.scope == models.RuleScope.PROVINCE
    if await session.scalar(select(func.count()).select_from(models.RuleSet).where(province)):
        return False
    await store_published(session, models.RuleScope.PROVINCE, None, *baseline_rules())
    return True


async def store_published(
    session: AsyncSession, scope: models.RuleScope, bank_id: int | None, name: str, rules: list[models.Rule]
) -> models.RuleSet:
    """Store ``rules`` as version 1 of a published rule set as they are: no validation and no
    second administrator (the shipped baseline, test set-ups)."""
    rule_set = models.RuleSet(
        scope=scope, bank_id=bank_id, version=1, status=models.RuleSetStatus.PUBLISHED, name=name, published_at=datetime.now(UTC)
    )
    session.add(rule_set)
    await session.flush()
    for rule in rules:
        rule.rule_set_id = rule_set.id
        session.add(rule)
    await session.flush()
    return rule_set
