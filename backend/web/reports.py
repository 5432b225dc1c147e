"""Report downloads (docs/reports.md), with a staff bearer token like every export:

* ``GET /exports/report.xlsx?since=&until=[&orgUnitId=][&level=][&locale=en]`` - the report on
  the screen as a workbook (summary and ranking sheet), audited as ``report.export``;
* ``GET /reports/monthly/{id}.xlsx`` - a monthly report (月报) of a unit in the caller's scope.

Errors answer like the GraphQL field would: 400 with the field and the reason, 403 without
REPORT_READ, 404 for a file outside the caller's scope.
"""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.db.session import transaction
from backend.errors import BadInput, PermissionDenied
from backend.reports.service import LEVELS, ReportService
from backend.services import Services
from backend.web.imports import _attachment, _principal


def _bad(field: str, message: str, reason: str = "INVALID") -> Response:
    return JSONResponse({"error": "bad_request", "field": field, "reason": reason, "message": message}, status_code=400)


async def export_report(request: Request) -> Response:
    principal = await _principal(request)
    if isinstance(principal, Response):
        return principal
    params = request.query_params
    try:
        since, until = date.fromisoformat(params.get("since", "")), date.fromisoformat(params.get("until", ""))
    except ValueError:
        return _bad("since", "since and until are dates, YYYY-MM-DD")
    level = params.get("level") or None
    if level is not None and level not in LEVELS:
        return _bad("level", f"one of {', '.join(LEVELS)}")
    raw_unit = params.get("orgUnitId")
    if raw_unit is not None and not raw_unit.isdigit():
        return _bad("orgUnitId", "an org unit id")
    services: Services = request.app.state.services
    try:
        async with transaction(services.db.sessions) as session:
            content, report = await ReportService(session).export(
                principal, int(raw_unit) if raw_unit else None, since, until, level, english=params.get("locale") == "en"
            )
    except BadInput as refused:
        return JSONResponse({"error": "bad_request", **refused.extensions, "message": str(refused)}, status_code=400)
    except PermissionDenied as refused:
        return JSONResponse({"error": "forbidden", "message": str(refused)}, status_code=403)
    stem = f"{report.unit.code}-{since:%Y%m%d}-{until:%Y%m%d}"
    return _attachment(content, f"报表-{report.unit.name}-{since:%Y%m%d}-{until:%Y%m%d}.xlsx", f"cic-report-{stem}.xlsx")


async def monthly_report(request: Request) -> Response:
    principal = await _principal(request)
    if isinstance(principal, Response):
        return principal
    not_found = JSONResponse({"error": "not_found", "message": "no such monthly report in your scope"}, status_code=404)
    raw = request.path_params["file_id"]
    if not raw.isdigit():
        return not_found
    services: Services = request.app.state.services
    try:
        async with (await services.reads(principal))() as session:
            found = await ReportService(session).monthly_file(principal, int(raw))
    except PermissionDenied as refused:
        return JSONResponse({"error": "forbidden", "message": str(refused)}, status_code=403)
    if found is None:
        return not_found
    return _attachment(found.content, f"月报-{found.month}.xlsx", f"cic-monthly-{found.month}-{found.unit_id}.xlsx")
