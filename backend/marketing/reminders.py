"""Raising reminders, set-based: one ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` per kind.

Each statement names the occasion in ``dedupe_key`` (unique per bank), so a second nightly run,
or two workers, raise nothing twice; a reminder done or dismissed is not raised again for the same
occasion, and a new occasion (the next quota's end, a new quarter's warning) raises a new one.
The titles are Chinese, for the manager's inbox, and carry no personal data beyond what the
inbox's reader may see of the archive anyway (dates, grades).
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import TextClause, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.approvals.service import LOCAL  # the business day the allowance counts in
from backend.marketing.models import ReminderKind

QUOTA_DAYS = 30  # an active quota ending within this many days
ID_DAYS = 60  # an ID card expiring within this many days
DEPOSIT_DAYS = 30  # a time deposit maturing within this many days
RETURNED_DUE_DAYS = 7  # a returned archive should be corrected within a week
NOT_PRECISE_DUE_DAYS = 14

_INSERT = "INSERT INTO reminders (bank_id, id, customer_id, org_path, manager_id, kind, model_id, dedupe_key, title, due_on, status)"
_DONE = "ON CONFLICT (bank_id, dedupe_key) DO NOTHING"

# Built-in reminders: (kind, SELECT of the columns after ``id``), ``:today`` bound.
BUILT_IN: dict[ReminderKind, str] = {
    ReminderKind.GRADE_MIGRATION: """
        SELECT w.bank_id, gen_random_uuid(), w.customer_id, w.org_path, w.manager_id, 'GRADE_MIGRATION', NULL::bigint,
               'GRADE:' || w.customer_id || ':' || w.quarter || ':' || w.kind,
               CASE w.kind WHEN 'DOWNGRADE' THEN '评级下调两级以上：' WHEN 'WATCH' THEN '评级进入关注等级：' ELSE '新增否决项：' END
                 || COALESCE(w.from_grade, '-') || ' → ' || w.to_grade || '（' || w.quarter || '）',
               CAST(:today AS date) + 14, 'OPEN'
        FROM rating_warnings w""",
    ReminderKind.QUOTA_EXPIRING: f"""
        SELECT q.bank_id, gen_random_uuid(), q.customer_id, q.org_path, c.manager_id, 'QUOTA_EXPIRING', NULL::bigint,
               'QUOTA:' || q.id || ':' || q.valid_to, '授信额度将于' || to_char(q.valid_to, 'YYYY-MM-DD') || '到期，可联系客户续授信',
               q.valid_to, 'OPEN'
        FROM quotas q JOIN customers c ON c.bank_id = q.bank_id AND c.id = q.customer_id
        WHERE q.status = 'ACTIVE' AND q.valid_to BETWEEN CAST(:today AS date) AND CAST(:today AS date) + {QUOTA_DAYS}""",
    ReminderKind.ID_EXPIRING: f"""
        SELECT c.bank_id, gen_random_uuid(), c.id, c.org_path, c.manager_id, 'ID_EXPIRING', NULL::bigint,
               'ID:' || c.id || ':' || c.id_expiry, '身份证将于' || to_char(c.id_expiry, 'YYYY-MM-DD') || '到期，请提醒客户换领并更新档案',
               c.id_expiry, 'OPEN'
        FROM customers c
        WHERE c.status <> 'ARCHIVED' AND NOT c.id_long_term AND c.id_expiry BETWEEN CAST(:today AS date) AND CAST(:today AS date) + {ID_DAYS}""",
    ReminderKind.ARCHIVE_RETURNED: f"""
        SELECT c.bank_id, gen_random_uuid(), c.id, c.org_path, c.manager_id, 'ARCHIVE_RETURNED', NULL::bigint,
               'RETURNED:' || c.id || ':' || COALESCE(to_char(c.reviewed_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISS'), '-'),
               '档案被退回，请按退回原因修改后重新提交', COALESCE(c.reviewed_at::date, CAST(:today AS date)) + {RETURNED_DUE_DAYS}, 'OPEN'
        FROM customers c WHERE c.status = 'RETURNED'""",
    # "No longer precise": verified, and the latest evaluation says not precise. One per archive
    # and month while it stays so.
    ReminderKind.NOT_PRECISE: f"""
        SELECT c.bank_id, gen_random_uuid(), c.id, c.org_path, c.manager_id, 'NOT_PRECISE', NULL::bigint,
               'NOT_PRECISE:' || c.id || ':' || to_char(CAST(:today AS date), 'YYYY-MM'), '档案已不满足精准建档要求，请补充完善',
               CAST(:today AS date) + {NOT_PRECISE_DUE_DAYS}, 'OPEN'
        FROM customers c JOIN archive_evaluations e ON e.bank_id = c.bank_id AND e.customer_id = c.id
        WHERE c.status = 'VERIFIED' AND NOT e.precise""",
    ReminderKind.DEPOSIT_MATURING: f"""
        SELECT d.bank_id, gen_random_uuid(), d.customer_id, c.org_path, c.manager_id, 'DEPOSIT_MATURING', NULL::bigint,
               'DEPOSIT:' || d.account_no || ':' || d.matures_on, '定期存款将于' || to_char(d.matures_on, 'YYYY-MM-DD') || '到期，可联系客户续存或理财',
               d.matures_on, 'OPEN'
        FROM deposit_accounts d JOIN customers c ON c.bank_id = d.bank_id AND c.id = d.customer_id
        WHERE d.matures_on BETWEEN CAST(:today AS date) AND CAST(:today AS date) + {DEPOSIT_DAYS} AND c.status <> 'ARCHIVED'""",
    # For the approver holding the task (or, unclaimed, the queue's unit).
    ReminderKind.APPROVAL_OVERDUE: """
        SELECT t.bank_id, gen_random_uuid(), a.customer_id, t.queue_path, t.claimed_by, 'APPROVAL_OVERDUE', NULL::bigint,
               'TASK:' || t.id, '审批任务“' || t.name || '”已超过处理时限', t.due_at::date, 'OPEN'
        FROM approval_tasks t JOIN applications a ON a.bank_id = t.bank_id AND a.id = t.application_id
        WHERE t.status IN ('OPEN', 'CLAIMED') AND t.due_at < now()""",
}


async def raise_built_in(session: AsyncSession, today: date) -> dict[ReminderKind, int]:
    """Every built-in reminder due ``today``: how many of each were raised."""
    raised = {}
    for kind, select in BUILT_IN.items():
        result = await session.execute(text(f"{_INSERT} {select} {_DONE}"), {"today": today})
        raised[kind] = result.rowcount
    return raised


# A model reminds each manager of at most this many of its members a day: a broad model (half a
# bank's archives) would otherwise flood an inbox with thousands; the rest are the model's member
# list, which the manager can work from, and are reminded on later evaluations of the model.
MODEL_REMINDERS_PER_DAY = 50


async def raise_for_models(session: AsyncSession, titles: dict[int, str], today: date, *, joined_today: bool) -> int:
    """A reminder for members of the models (id -> text), once per membership (a member who leaves
    and comes back is reminded again), at most ``MODEL_REMINDERS_PER_DAY`` per manager and model
    and day (those raised earlier the same day count), the first by archive id: nightly for the
    day's new members (``joined_today``), after a save or an evaluation on demand for every member
    not yet reminded. One statement."""
    if not titles:
        return 0
    result = await session.execute(models_statement(joined_today=joined_today), models_parameters(titles, today))
    return result.rowcount


def models_statement(*, joined_today: bool) -> TextClause:
    """``raise_for_models``'s statement (a test reads its plan)."""
    # The day's new members through the index on each row's newest day (migration 0029), not by
    # unnesting every membership row: the same expression as the index's, so the planner uses it.
    today_only = "AND cic_latest_since(m.since) >= CAST(:today AS date) AND x.since = CAST(:today AS date)" if joined_today else ""
    return text(f"""{_INSERT}
                 SELECT bank_id, gen_random_uuid(), customer_id, org_path, manager_id, 'MODEL', model_id, dedupe_key, title,
                        CAST(:today AS date) + 14, 'OPEN'
                 FROM (SELECT m.bank_id, m.customer_id, m.org_path, m.manager_id, x.id AS model_id, t.title, k.dedupe_key,
                              row_number() OVER (PARTITION BY m.manager_id, x.id ORDER BY m.customer_id) AS n
                       FROM segment_memberships m
                       CROSS JOIN LATERAL unnest(m.model_ids, m.since) x(id, since)
                       JOIN unnest(CAST(:ids AS bigint[]), CAST(:titles AS text[])) t(id, title) ON t.id = x.id
                       CROSS JOIN LATERAL (SELECT 'MODEL:' || x.id || ':' || m.customer_id || ':' || x.since AS dedupe_key) k
                       WHERE m.model_ids && CAST(:ids AS bigint[]) {today_only}
                         AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.bank_id = m.bank_id AND r.dedupe_key = k.dedupe_key)) s
                 LEFT JOIN (SELECT manager_id AS earlier_manager, model_id AS earlier_model, count(*) AS earlier FROM reminders
                            WHERE kind = 'MODEL' AND model_id = ANY(CAST(:ids AS bigint[])) AND created_at >= :since
                            GROUP BY 1, 2) e ON e.earlier_manager IS NOT DISTINCT FROM s.manager_id AND e.earlier_model = s.model_id
                 WHERE n <= :cap - coalesce(e.earlier, 0) {_DONE}""")  # fmt: skip


def models_parameters(titles: dict[int, str], today: date) -> dict[str, object]:
    return {"ids": list(titles), "titles": list(titles.values()), "today": today, "cap": MODEL_REMINDERS_PER_DAY,
            "since": datetime.combine(today, time(), LOCAL)}  # fmt: skip


async def raise_for_model(session: AsyncSession, model_id: int, title: str, today: date) -> int:
    """After the model is saved or evaluated on demand: its members not yet reminded (capped)."""
    return await raise_for_models(session, {model_id: title}, today, joined_today=False)


async def wake_snoozed(session: AsyncSession, today: date) -> int:
    """Snoozed reminders whose day has come are open again."""
    result = await session.execute(
        text("UPDATE reminders SET status = 'OPEN', snoozed_until = NULL WHERE status = 'SNOOZED' AND snoozed_until <= :today"),
        {"today": today},
    )
    return result.rowcount
