"""The built front ends are single-page apps: deep links get index.html, missing assets a 404."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount

from backend.web.frontends import SinglePageApp


async def test_deep_links_get_the_app_and_missing_files_404(tmp_path):
    (tmp_path / "index.html").write_text("<div id=root></div>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "app.js").write_text("console.log(1)")
    app = Starlette(routes=[Mount("/pc", app=SinglePageApp(directory=tmp_path, html=True))])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        assert (await client.get("/pc/")).text == "<div id=root></div>"
        deep = await client.get("/pc/archives/0b3a/edit")
        assert deep.status_code == 200 and deep.text == "<div id=root></div>"
        assert (await client.get("/pc/assets/app.js")).text == "console.log(1)"
        assert (await client.get("/pc/assets/gone.js")).status_code == 404
