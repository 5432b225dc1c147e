"""Building a day's report facts, set-based (docs/reports.md "How the figures are made").

One statement per day: every source table is read once, grouped by (branch path, manager) into
the *grain*; the grain is written as the MANAGER rows and, summed over each branch's ancestors
(a path like ``/1/4/12/`` names them), as the rows of every branch, bank and the province. The
day's rows are replaced, so a rebuild is idempotent. Stocks are taken as of now with what the
tables can date (an archive counts from its ``created_at``, a quota from its ``created_at`` until
its ``valid_to``); the precise flag and the grade are the current ones, which is exact for the
nightly run and an approximation for days rebuilt later (``cic reports build --since``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.approvals.service import LOCAL
from backend.rating.service import previous_quarter, quarter_of

CONVERSION_WINDOW_DAYS = 90  # a contact after a reminder counts for an application within this many days

STOCKS = ("archives", "verified", "evaluated", "precise", "rated", "quotas_active", "quota_amount", "quota_used")
TOTALS = (
    "created_total", "applications_total", "decided_total", "approved_total", "rejected_total", "quotas_total",
    "reminders_total", "reminders_done_total", "contacts_total", "contacted_reminders_total",
    "converted_applications_total", "converted_quotas_total", "decision_seconds_total", "approved_amount_total",
    "granted_amount_total",
)  # fmt: skip
COLUMNS = STOCKS + TOTALS


def day_end(day: date) -> datetime:
    """The end of a business day in Fujian, as an instant."""
    return datetime.combine(day + timedelta(days=1), time(), LOCAL)


def _zeros(*present: str) -> str:
    """The grain's select list: the named columns as they are, every other one 0."""
    return ", ".join(name if name in present else f"0 AS {name}" for name in COLUMNS)


# Applications (and quotas through theirs) that a reminder's contact led to: the customer was
# contacted about a reminder within the window before the application.
_CONVERTED = f"""EXISTS (SELECT 1 FROM contacts k WHERE k.bank_id = a.bank_id AND k.customer_id = a.customer_id
                  AND k.reminder_id IS NOT NULL AND k.contacted_at <= a.created_at
                  AND k.contacted_at > a.created_at - interval '{CONVERSION_WINDOW_DAYS} days')"""

GRAIN = f"""
  SELECT x.org_path AS path, coalesce(x.manager_id, -1) AS mgr, {_zeros("archives", "verified", "evaluated", "precise", "rated", "created_total")}
  FROM (SELECT c.org_path, c.manager_id,
               count(*) FILTER (WHERE c.status <> 'ARCHIVED') AS archives,
               count(*) FILTER (WHERE c.status = 'VERIFIED') AS verified,
               count(e.customer_id) FILTER (WHERE c.status <> 'ARCHIVED') AS evaluated,
               count(*) FILTER (WHERE e.precise AND c.status <> 'ARCHIVED') AS precise,
               count(r.customer_id) FILTER (WHERE c.status <> 'ARCHIVED') AS rated,
               count(*) AS created_total
        FROM customers c
        LEFT JOIN archive_evaluations e ON e.bank_id = c.bank_id AND e.customer_id = c.id
        LEFT JOIN customer_ratings r ON r.bank_id = c.bank_id AND r.customer_id = c.id
        WHERE c.created_at < :end GROUP BY c.org_path, c.manager_id) x
  UNION ALL
  SELECT x.org_path, coalesce(x.manager_id, -1), {_zeros("applications_total", "decided_total", "approved_total", "rejected_total",
                                                          "decision_seconds_total", "approved_amount_total", "converted_applications_total")}
  FROM (SELECT a.org_path, c.manager_id, count(*) AS applications_total,
               count(*) FILTER (WHERE a.status IN ('APPROVED', 'REJECTED') AND a.decided_at < :end) AS decided_total,
               count(*) FILTER (WHERE a.status = 'APPROVED' AND a.decided_at < :end) AS approved_total,
               count(*) FILTER (WHERE a.status = 'REJECTED' AND a.decided_at < :end) AS rejected_total,
               coalesce(sum(extract(epoch FROM a.decided_at - a.created_at)::bigint)
                        FILTER (WHERE a.status IN ('APPROVED', 'REJECTED') AND a.decided_at < :end), 0) AS decision_seconds_total,
               coalesce(sum(a.approved_amount) FILTER (WHERE a.status = 'APPROVED' AND a.decided_at < :end), 0) AS approved_amount_total,
               count(*) FILTER (WHERE {_CONVERTED}) AS converted_applications_total
        FROM applications a JOIN customers c ON c.bank_id = a.bank_id AND c.id = a.customer_id
        WHERE a.created_at < :end GROUP BY a.org_path, c.manager_id) x
  UNION ALL
  SELECT x.org_path, coalesce(x.manager_id, -1), {_zeros("quotas_active", "quota_amount", "quota_used", "quotas_total",
                                                          "granted_amount_total", "converted_quotas_total")}
  FROM (SELECT q.org_path, c.manager_id,
               count(*) FILTER (WHERE q.status IN ('ACTIVE', 'FROZEN') AND q.valid_to >= :day) AS quotas_active,
               coalesce(sum(q.amount) FILTER (WHERE q.status IN ('ACTIVE', 'FROZEN') AND q.valid_to >= :day), 0) AS quota_amount,
               coalesce(sum(q.used_amount) FILTER (WHERE q.status IN ('ACTIVE', 'FROZEN') AND q.valid_to >= :day), 0) AS quota_used,
               count(*) AS quotas_total, coalesce(sum(q.amount), 0) AS granted_amount_total,
               count(*) FILTER (WHERE {_CONVERTED}) AS converted_quotas_total
        FROM quotas q JOIN customers c ON c.bank_id = q.bank_id AND c.id = q.customer_id
        JOIN applications a ON a.bank_id = q.bank_id AND a.id = q.application_id
        WHERE q.created_at < :end GROUP BY q.org_path, c.manager_id) x
  UNION ALL
  SELECT x.org_path, coalesce(x.manager_id, -1), {_zeros("reminders_total", "reminders_done_total", "contacted_reminders_total")}
  FROM (SELECT m.org_path, m.manager_id, count(*) AS reminders_total,
               count(*) FILTER (WHERE m.status = 'DONE' AND m.closed_at < :end) AS reminders_done_total,
               count(k.reminder_id) AS contacted_reminders_total
        FROM reminders m
        LEFT JOIN (SELECT DISTINCT bank_id, reminder_id FROM contacts WHERE reminder_id IS NOT NULL AND contacted_at < :end) k
               ON k.bank_id = m.bank_id AND k.reminder_id = m.id
        WHERE m.created_at < :end AND m.customer_id IS NOT NULL GROUP BY m.org_path, m.manager_id) x
  UNION ALL
  SELECT x.org_path, x.staff_id, {_zeros("contacts_total")}
  FROM (SELECT org_path, staff_id, count(*) AS contacts_total FROM contacts WHERE contacted_at < :end GROUP BY org_path, staff_id) x
"""

# Customers per grade, and per move of grade between last quarter's rating and this quarter's.
GRADES = """
  SELECT c.org_path AS path, coalesce(c.manager_id, -1) AS mgr, 'g' AS kind, r.grade AS key, count(*) AS n
  FROM customer_ratings r JOIN customers c ON c.bank_id = r.bank_id AND c.id = r.customer_id
  WHERE c.status <> 'ARCHIVED' AND c.created_at < :end GROUP BY 1, 2, 4
  UNION ALL
  SELECT c.org_path, coalesce(c.manager_id, -1), 'm', p.grade || '>' || h.grade, count(*)
  FROM rating_history h
  JOIN rating_history p ON p.bank_id = h.bank_id AND p.customer_id = h.customer_id AND p.quarter = :previous
  JOIN customers c ON c.bank_id = h.bank_id AND c.id = h.customer_id
  WHERE h.quarter = :quarter AND c.status <> 'ARCHIVED' GROUP BY 1, 2, 4
"""

_SUMS = ", ".join(f"sum({name})::bigint AS {name}" for name in COLUMNS)
_NAMES = ", ".join(COLUMNS)

BUILD = f"""
WITH grain AS MATERIALIZED (
  SELECT g.path, g.mgr, b.id AS branch_id, b.path AS branch_path, {_SUMS}
  FROM ({GRAIN}) g JOIN org_units b ON b.path = g.path
  GROUP BY g.path, g.mgr, b.id, b.path
),
labels AS MATERIALIZED (
  SELECT l.path, l.mgr, b.id AS branch_id, l.kind, l.key, l.n FROM ({GRADES}) l JOIN org_units b ON b.path = l.path
),
-- every unit a branch belongs to, the branch included: the ids its path names
ancestry AS (
  SELECT DISTINCT b.id AS branch_id, a.id::bigint AS unit_id
  FROM org_units b CROSS JOIN LATERAL unnest(string_to_array(trim(BOTH '/' FROM b.path), '/')) AS a(id)
  WHERE b.id IN (SELECT branch_id FROM grain UNION SELECT branch_id FROM labels)
),
unit_labels AS (
  SELECT unit_id, jsonb_object_agg(key, n) FILTER (WHERE kind = 'g') AS grades, jsonb_object_agg(key, n) FILTER (WHERE kind = 'm') AS moves
  FROM (SELECT x.unit_id, l.kind, l.key, sum(l.n)::int AS n FROM labels l JOIN ancestry x ON x.branch_id = l.branch_id GROUP BY 1, 2, 3) t
  GROUP BY unit_id
),
manager_labels AS (
  SELECT branch_id, mgr, jsonb_object_agg(key, n) FILTER (WHERE kind = 'g') AS grades, jsonb_object_agg(key, n) FILTER (WHERE kind = 'm') AS moves
  FROM (SELECT branch_id, mgr, kind, key, sum(n)::int AS n FROM labels GROUP BY 1, 2, 3, 4) t
  GROUP BY branch_id, mgr
),
units AS (
  SELECT x.unit_id, {", ".join(f"sum(g.{name})::bigint AS {name}" for name in COLUMNS)}
  FROM grain g JOIN ancestry x ON x.branch_id = g.branch_id GROUP BY x.unit_id
)
INSERT INTO report_facts (day, unit_id, manager_id, level, parent_id, org_path, {_NAMES}, grades, grade_moves)
SELECT CAST(:day AS date), u.id, 0, u.level, u.parent_id, u.path, {", ".join(f"coalesce(s.{name}, 0)" for name in COLUMNS)},
       coalesce(ul.grades, '{{}}'), coalesce(ul.moves, '{{}}')
FROM org_units u LEFT JOIN units s ON s.unit_id = u.id LEFT JOIN unit_labels ul ON ul.unit_id = u.id
UNION ALL
SELECT CAST(:day AS date), k.branch_id, k.mgr, 'MANAGER', k.branch_id, b.path, {", ".join(f"coalesce(g.{name}, 0)" for name in COLUMNS)},
       coalesce(ml.grades, '{{}}'), coalesce(ml.moves, '{{}}')
FROM (SELECT branch_id, mgr FROM grain UNION SELECT branch_id, mgr FROM manager_labels) k
JOIN org_units b ON b.id = k.branch_id
LEFT JOIN grain g ON g.branch_id = k.branch_id AND g.mgr = k.mgr  -- one row per (branch, manager) already
LEFT JOIN manager_labels ml ON ml.branch_id = k.branch_id AND ml.mgr = k.mgr
"""


async def build_day(session: AsyncSession, day: date) -> int:
    """Replace the facts of ``day``; answers the rows written."""
    await session.execute(text("DELETE FROM report_facts WHERE day = :day"), {"day": day})
    quarter = quarter_of(day)
    result = await session.execute(
        text(BUILD), {"day": day, "end": day_end(day), "quarter": quarter, "previous": previous_quarter(quarter)}
    )
    return result.rowcount or 0
