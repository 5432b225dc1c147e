"""The draft rule set the load benchmarks dry-run (``bench/sustained_load.py``, ``bench/cpu_ab.py``):
one per bank, named ``RULE_SET_NAME``, made by the first script that finds none and reused by both
(and by every later run on the database)."""

from __future__ import annotations

from typing import Any

RULE_SET_NAME = "负载测试草稿"
RULE_SETS = "{ ruleSets(scope: BANK) { id name status bankId } }"
SAVE_RULES = "mutation($i: SaveRuleSetInput!) { saveRuleSet(input: $i) { ruleSet { id status } errors { field code message } } }"


def draft_of(rule_sets: list[dict[str, Any]]) -> str | None:
    """The id of the bank's load draft among ``ruleSets``' answer, if there is one."""
    return next((r["id"] for r in rule_sets if r["name"] == RULE_SET_NAME and r["status"] == "DRAFT"), None)


def new_draft(prefix: str) -> dict[str, Any]:
    """``SAVE_RULES``' variables for a bank's load draft (``prefix``: its code, as ``FZ``)."""
    rules = [
        {"code": f"{prefix}_LOAD_INCOME", "kind": "RANGE", "severity": "WARNING", "messageZh": "家庭年收入偏低",
         "messageEn": "low household income", "params": {"field": "income.total", "min": "20000"}},
        {"code": f"{prefix}_LOAD_MOBILE", "kind": "REQUIRED", "severity": "ERROR", "messageZh": "须登记手机号码",
         "messageEn": "a mobile number is required", "params": {"field": "customer.mobile"}},
    ]  # fmt: skip
    return {"i": {"scope": "BANK", "name": RULE_SET_NAME, "rules": rules}}
