"""A bank's own logo for the watermark: upload checks, re-encoding, audit, and the worker
tiling it on the bank's new photos instead of the seal generated from the bank's name."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from backend.audit.models import AuditRecord
from backend.images.models import BankLogo
from tests.helpers import gql, login, run_burst_worker
from tests.images.photos import IMAGE, capture, multipart, upload
from tests.images.test_image_platform import new_archive

UPLOAD_LOGO = """mutation($file: Upload!) { uploadBankLogo(file: $file) {
  logo { width height sha256 dataUrl } errors { field code message } } }"""
REMOVE_LOGO = """mutation { removeBankLogo { logo { sha256 } errors { code } } }"""
LOGO = """query { bankLogo { width height sha256 dataUrl } }"""


def _image(fmt: str, size: tuple[int, int], color=(20, 60, 230, 255), **save) -> bytes:
    out = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, color[: len(mode)]).save(out, fmt, **save)
    return out.getvalue()


async def _upload_logo(client, token, data: bytes, name: str = "logo.png") -> dict:
    response = await multipart(client, token, UPLOAD_LOGO, {}, data, name=name)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"not an image at all", "NOT_AN_IMAGE"),
        (_image("GIF", (200, 200), (1, 2, 3)), "UNSUPPORTED_FORMAT"),
        (_image("WEBP", (200, 200), (1, 2, 3)), "UNSUPPORTED_FORMAT"),
        (_image("PNG", (300, 40)), "LOGO_TOO_SMALL"),
        (b"", "EMPTY_FILE"),
    ],
)
async def test_a_bad_logo_is_refused_with_a_typed_error_and_nothing_is_stored(client, services, data, code):
    admin = await login(client, "fz.admin")
    body = await _upload_logo(client, admin, data)
    payload = body["data"]["uploadBankLogo"]
    assert payload["logo"] is None and [(e["field"], e["code"]) for e in payload["errors"]] == [("file", code)]
    async with services.db.sessions() as session:
        assert (await session.scalars(select(BankLogo))).all() == []


async def test_a_logo_over_two_megabytes_is_refused(client, services):
    admin = await login(client, "fz.admin")
    noise = Image.frombytes("RGB", (1400, 1400), bytes((i * 7919) % 251 for i in range(1400 * 1400 * 3)))
    out = io.BytesIO()
    noise.save(out, "PNG", compress_level=0)
    assert len(out.getvalue()) > 2 * 1024 * 1024
    payload = (await _upload_logo(client, admin, out.getvalue()))["data"]["uploadBankLogo"]
    assert [e["code"] for e in payload["errors"]] == ["TOO_LARGE"]


async def test_only_a_banks_administrators_set_its_logo(client, services):
    manager = await login(client, "fz1.manager")
    body = await _upload_logo(client, manager, _image("PNG", (200, 200)))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    province = await login(client, "prov.admin")  # ORG_ADMIN without a bank
    body = await _upload_logo(client, province, _image("PNG", (200, 200)))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with services.db.sessions() as session:
        assert (await session.scalars(select(BankLogo))).all() == []


async def test_the_logo_is_re_encoded_stored_audited_and_tiled_on_new_photos(client, services, settings):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    gray = _image("JPEG", (1600, 1200), (128, 128, 128), quality=95)

    async def watermarked() -> Image.Image:
        img = (await upload(client, cm, capture(customer_id), gray))["image"]
        await run_burst_worker(settings)
        ready = (await gql(client, IMAGE, {"id": img["id"]}, token=cm))["data"]["image"]
        assert ready["status"] == "READY"
        return Image.open(io.BytesIO((await client.get(ready["url"])).content)).convert("RGB")

    def tinted(img: Image.Image) -> tuple[int, int]:
        """Pixels of the upper half (above the text band) clearly bluer / redder than gray."""
        top = img.crop((0, 0, img.width, img.height // 2))
        blue = red = 0
        data = top.tobytes()
        for i in range(0, len(data), 3):
            blue += data[i + 2] - data[i] > 25
            red += data[i] - data[i + 2] > 25
        return blue, red

    with_seal = tinted(await watermarked())
    assert with_seal[1] > 1000 and with_seal[0] == 0  # the red seal generated from the bank's name

    admin = await login(client, "fz.admin")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: stored upright
    logo_jpeg = _image("JPEG", (900, 300), (20, 60, 230), quality=95, exif=exif.tobytes())
    payload = (await _upload_logo(client, admin, logo_jpeg, "标志.jpg"))["data"]["uploadBankLogo"]
    assert payload["errors"] == [] and (payload["logo"]["width"], payload["logo"]["height"]) == (171, 512)
    stored = (await gql(client, LOGO, {}, token=admin))["data"]["bankLogo"]
    assert stored["sha256"] == payload["logo"]["sha256"] and stored["dataUrl"].startswith("data:image/png;base64,")
    async with services.db.sessions() as session:
        row = (await session.scalars(select(BankLogo))).one()
        audits = (await session.scalars(select(AuditRecord).where(AuditRecord.action == "image.bank_logo_upload"))).all()
    png = await services.objects.get(row.object_key)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and Image.open(io.BytesIO(png)).getexif() == {}  # re-encoded, no metadata
    assert [(a.actor_username, a.detail["sha256"]) for a in audits] == [("fz.admin", row.sha256)]
    # Another bank's staff do not see it; its photos keep their own seal.
    assert (await gql(client, LOGO, {}, token=await login(client, "qz.admin")))["data"]["bankLogo"] is None

    with_logo = tinted(await watermarked())
    assert with_logo[0] > 1000 and with_logo[1] == 0, with_logo  # blue tiles, no red seal

    removed = (await gql(client, REMOVE_LOGO, {}, token=admin))["data"]["removeBankLogo"]
    assert removed == {"logo": None, "errors": []}
    again = tinted(await watermarked())
    assert again[1] > 1000 and again[0] == 0
