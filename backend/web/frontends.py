"""Serving a built single-page front end (``frontend-pc/dist``, ``frontend-pad/dist``)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope


class SinglePageApp(StaticFiles):
    """Static files, and ``index.html`` for any other path without a file extension.

    The front ends route in the browser (``/pc/archives/<id>``): a bookmarked or reloaded deep
    link must get the app, not a 404. Paths that look like files (``/pc/assets/x.js``) still 404
    when missing, so a stale asset is an error rather than HTML parsed as JavaScript.
    """

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or scope["method"] not in ("GET", "HEAD") or PurePosixPath(path).suffix:
                raise
        assert self.directory is not None
        return FileResponse(Path(self.directory) / "index.html", headers={"Cache-Control": "no-cache"})
