"""The image platform end to end: GraphQL multipart upload -> S3 (moto over HTTP) -> worker ->
watermarked, signed image viewed through signed URLs and verified; deletion, purge, rules."""

from __future__ import annotations

import asyncio
import hashlib
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select, update

from backend.audit.models import AuditRecord
from backend.images.models import CustomerImage
from backend.images.pipeline import process_upload, purge_due
from backend.outbox.models import OutboxMessage
from tests.customers.archive_fixtures import CREATE, archive
from tests.helpers import gql, login, run_burst_worker
from tests.images.photos import (
    ARCHIVE_IMAGES,
    DELETE,
    IMAGE,
    capture,
    multipart,
    photo,
    upload,
    verify,
)


async def new_archive(client, token, **overrides) -> str:
    result = await gql(client, CREATE, {"i": {"archive": archive(**overrides), "channel": "PAD"}}, token=token)
    assert result["data"]["createArchive"]["errors"] == [], result
    return result["data"]["createArchive"]["customer"]["id"]


async def count(services, model, *where) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def image_of(client, token, image_id) -> dict:
    return (await gql(client, IMAGE, {"id": image_id}, token=token))["data"]["image"]


async def test_an_upload_is_durable_first_then_watermarked_signed_viewable_and_verifiable(client, services, settings):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    original = photo(2400, 1800)
    result = await upload(client, cm, capture(customer_id, "HOUSE"), original)
    assert result["errors"] == [] and result["duplicate"] is False
    img = result["image"]
    assert img["status"] == "RECEIVED" and img["kindLabel"] == "房屋"
    assert img["originalSha256"] == hashlib.sha256(original).hexdigest()
    assert img["uploadedBy"]["username"] == "fz1.cm1" and img["uploadedByNo"] == img["uploadedBy"]["employeeNo"]
    assert img["url"] is None and img["thumbnailUrl"] is None  # nothing to view before processing

    # Acknowledged means: the original is in the S3 bucket, the row and the job are committed.
    async with services.db.sessions() as session:
        row = await session.scalar(select(CustomerImage).where(CustomerImage.id == uuid.UUID(img["id"])))
        assert await session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.task == "images.process")) == 1
    stored = await services.objects.head(row.original_key)
    assert stored is not None and stored.metadata["sha256"] == img["originalSha256"]
    assert await services.objects.get(row.original_key) == original

    await run_burst_worker(settings)
    ready = await image_of(client, cm, img["id"])
    assert ready["status"] == "READY" and ready["c2pa"] is True and ready["signature"] and ready["keyId"]
    assert max(ready["width"], ready["height"]) <= settings.image_max_edge

    thumb = await client.get(ready["thumbnailUrl"])
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.content)).size) <= settings.image_thumbnail_edge
    full = await client.get(ready["url"])
    assert full.status_code == 200
    assert hashlib.sha256(full.content).hexdigest() == ready["resultSha256"]
    shown = Image.open(io.BytesIO(full.content))
    assert shown.size == (ready["width"], ready["height"])
    assert 0x8825 not in shown.getexif() and 0x8825 not in Image.open(io.BytesIO(thumb.content)).getexif()  # no GPS

    # Every full-size view is audited, with the viewer; thumbnails are not.
    async with services.db.sessions() as session:
        views = (await session.scalars(select(AuditRecord).where(AuditRecord.action == "image.view"))).all()
    assert [(v.target_id, v.actor_username) for v in views] == [(img["id"], "fz1.cm1")]

    authentic = await verify(client, cm, full.content)
    assert authentic["verdict"] == "AUTHENTIC" and authentic["reason"] == "ISSUED_FILE"
    assert authentic["image"]["id"] == img["id"] and authentic["image"]["latitude"] == pytest.approx(26.074119)

    changed = bytearray(full.content)
    changed[len(changed) // 2] ^= 0x01
    altered = await verify(client, cm, bytes(changed))
    assert altered["verdict"] == "ALTERED", altered

    resaved = io.BytesIO()
    shown.save(resaved, "JPEG", quality=95)
    assert (await verify(client, cm, resaved.getvalue()))["verdict"] == "UNKNOWN"

    # Someone outside the archive's scope learns the verdict, not the capture record.
    other = await verify(client, await login(client, "qz1.cm1"), full.content)
    assert other["verdict"] == "AUTHENTIC" and other["image"] is None


async def test_a_view_link_is_signed_expires_and_dies_with_the_image(client, services, settings, monkeypatch):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    img = (await upload(client, cm, capture(customer_id), photo(800, 600)))["image"]
    await run_burst_worker(settings)
    url = (await image_of(client, cm, img["id"]))["url"]
    body, _, mac = url.rpartition("/")[2].partition(".")
    forged = url.replace(mac, ("A" if mac[0] != "A" else "B") + mac[1:])
    assert (await client.get(forged)).status_code == 403
    monkeypatch.setattr(settings, "image_url_ttl_seconds", -1)
    expired = (await image_of(client, cm, img["id"]))["url"]
    assert (await client.get(expired)).status_code == 403
    monkeypatch.setattr(settings, "image_url_ttl_seconds", 300)
    fresh = (await image_of(client, cm, img["id"]))["url"]
    result = await gql(client, DELETE, {"id": img["id"], "reason": "拍摄对象错误"}, token=cm)
    assert result["data"]["deleteImage"]["errors"] == []
    assert (await client.get(fresh)).status_code == 404


async def test_multipart_without_the_csrf_header_is_refused_and_stores_nothing(client, services):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    from tests.images.photos import UPLOAD

    response = await multipart(client, cm, UPLOAD, {"input": capture(customer_id)}, photo(400, 300), csrf=False)
    assert response.status_code == 400 and "CSRF_HEADER_REQUIRED" in response.text
    await _nothing_stored(services, customer_id)


async def test_a_retried_upload_returns_the_same_image_and_a_reused_id_is_refused(client, services):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    data = photo(640, 480)
    inp = capture(customer_id, "ID_FRONT")
    first, again = await asyncio.gather(upload(client, cm, inp, data), upload(client, cm, inp, data))
    assert first["image"]["id"] == again["image"]["id"]
    assert sorted([first["duplicate"], again["duplicate"]]) == [False, True]
    later = await upload(client, cm, inp, data)
    assert later["duplicate"] is True and later["image"]["id"] == first["image"]["id"]
    assert await count(services, CustomerImage) == 1
    originals = [k for k in await services.objects.list_keys("originals/") if customer_id in k]
    assert len(originals) == 1  # the concurrent loser removed its object

    reused = await upload(client, cm, inp, photo(640, 480, seed=7))
    assert [(e["field"], e["code"]) for e in reused["errors"]] == [("clientUploadId", "CLIENT_UPLOAD_ID_REUSED")]
    assert await count(services, CustomerImage) == 1


async def test_processing_twice_or_concurrently_yields_one_image(client, services):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    img = (await upload(client, cm, capture(customer_id), photo(1200, 900)))["image"]
    async with services.db.sessions() as session:
        row = await session.scalar(select(CustomerImage).where(CustomerImage.id == uuid.UUID(img["id"])))
    outcomes = await asyncio.gather(
        process_upload(services, row.bank_id, row.id, "test:a"), process_upload(services, row.bank_id, row.id, "test:b")
    )
    assert sorted(outcomes) == ["duplicate", "processed"]
    assert await process_upload(services, row.bank_id, row.id, "test:c") == "already_ready"
    derived = await services.objects.list_keys(f"images/{row.bank_id}/{row.customer_id}/{row.id}/")
    async with services.db.sessions() as session:
        done = await session.get(CustomerImage, (row.bank_id, row.id))
    assert derived == sorted([done.image_key, done.thumbnail_key])  # the loser's objects are gone
    stored = await services.objects.get(done.image_key)
    assert hashlib.sha256(stored).hexdigest() == done.image_sha256


def _truncated() -> bytes:
    data = photo(640, 480)
    return data[: len(data) // 2]


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), "red").save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "EMPTY_FILE"),
        (b"%PDF-1.7 not a photo at all" * 20, "NOT_AN_IMAGE"),
        (_truncated(), "TRUNCATED"),
        (_png(9000, 9000), "TOO_MANY_PIXELS"),  # a decompression bomb: 81 MP in a few KB
        (_gif(), "UNSUPPORTED_FORMAT"),
    ],
    ids=["empty", "not-an-image", "truncated", "bomb", "gif"],
)
async def test_bad_files_are_refused_with_a_typed_error_before_anything_is_stored(client, services, data, code):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    result = await upload(client, cm, capture(customer_id), data)
    assert result["image"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("file", code)]
    assert all(e["message"] and e["messageEn"] and e["messageEn"] != code.lower().replace("_", " ") for e in result["errors"])
    await _nothing_stored(services, customer_id)


async def _nothing_stored(services, customer_id: str) -> None:
    assert await count(services, CustomerImage) == 0
    assert await count(services, OutboxMessage, OutboxMessage.task == "images.process") == 0
    assert [k for k in await services.objects.list_keys("originals/") if customer_id in k] == []


async def test_a_file_over_the_size_limit_is_refused(client, services, settings, monkeypatch):
    monkeypatch.setattr(settings, "image_max_bytes", 20_000)
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    result = await upload(client, cm, capture(customer_id), photo(800, 600))
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("file", "TOO_LARGE")]
    await _nothing_stored(services, customer_id)


@pytest.mark.parametrize(
    "overrides, expected",
    [
        ({"latitude": 91.0}, [("latitude", "LATITUDE_OUT_OF_RANGE")]),
        ({"longitude": -180.5}, [("longitude", "LONGITUDE_OUT_OF_RANGE")]),
        ({"latitude": None, "accuracyM": None}, [("latitude", "LOCATION_INCOMPLETE")]),
        ({"accuracyM": -1.0}, [("accuracyM", "ACCURACY_OUT_OF_RANGE")]),
        ({"takenAt": (datetime.now(UTC) + timedelta(days=1)).isoformat()}, [("takenAt", "TAKEN_AT_IN_FUTURE")]),
        ({"customerId": str(uuid.uuid4())}, [("customerId", "NOT_FOUND")]),
    ],
    ids=["latitude", "longitude", "half-location", "accuracy", "future", "unknown-archive"],
)
async def test_bad_capture_metadata_is_refused_before_anything_is_stored(client, services, overrides, expected):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    result = await upload(client, cm, capture(customer_id, **overrides), photo(400, 300))
    assert [(e["field"], e["code"]) for e in result["errors"]] == expected
    await _nothing_stored(services, customer_id)


async def test_an_unknown_kind_and_an_archive_outside_the_callers_scope_are_refused(client, services):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    from tests.images.photos import UPLOAD

    response = await multipart(client, cm, UPLOAD, {"input": capture(customer_id, "SELFIE")}, photo(400, 300))
    body = response.json()
    error = body["errors"][0]
    assert "kind" in error["message"] and "SELFIE" in error["message"] and error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    elsewhere = await upload(client, await login(client, "qz1.cm1"), capture(customer_id), photo(400, 300))
    assert [(e["field"], e["code"]) for e in elsewhere["errors"]] == [("customerId", "NOT_FOUND")]
    other_branch = await upload(client, await login(client, "fz2.cm1"), capture(customer_id), photo(400, 300))
    assert [(e["field"], e["code"]) for e in other_branch["errors"]] == [("customerId", "NOT_FOUND")]
    await _nothing_stored(services, customer_id)


async def test_required_images_delete_with_reason_and_purge_after_retention(client, services, settings):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)

    async def violations() -> set[str]:
        data = await gql(client, ARCHIVE_IMAGES, {"id": customer_id, "all": False}, token=cm)
        return {v["code"] for v in data["data"]["customer"]["evaluation"]["violations"]}

    assert "BASE_REQUIRED_IMAGES" in await violations()
    ids = {}
    for kind in ("ID_FRONT", "ID_BACK", "VISIT_PHOTO"):
        ids[kind] = (await upload(client, cm, capture(customer_id, kind), photo(400, 300, seed=len(ids))))["image"]["id"]
    assert "BASE_REQUIRED_IMAGES" not in await violations()  # stored uploads count before processing
    await run_burst_worker(settings)

    refused = await gql(client, DELETE, {"id": ids["ID_BACK"], "reason": " "}, token=cm)
    assert [(e["field"], e["code"]) for e in refused["data"]["deleteImage"]["errors"]] == [("reason", "REASON_REQUIRED")]
    outsider = await gql(client, DELETE, {"id": ids["ID_BACK"], "reason": "重复上传"}, token=await login(client, "qz1.cm1"))
    assert [e["code"] for e in outsider["data"]["deleteImage"]["errors"]] == ["NOT_FOUND"]
    deleted = await gql(client, DELETE, {"id": ids["ID_BACK"], "reason": "照片模糊，重拍"}, token=cm)
    image = deleted["data"]["deleteImage"]["image"]
    assert image["deletedAt"] and image["deleteReason"] == "照片模糊，重拍" and image["url"] is None
    assert "BASE_REQUIRED_IMAGES" in await violations()
    listed = await gql(client, ARCHIVE_IMAGES, {"id": customer_id, "all": False}, token=cm)
    assert {i["kind"] for i in listed["data"]["customer"]["images"]} == {"ID_FRONT", "VISIT_PHOTO"}
    everything = await gql(client, ARCHIVE_IMAGES, {"id": customer_id, "all": True}, token=cm)
    assert len(everything["data"]["customer"]["images"]) == 3

    async with services.db.sessions() as session:
        row = await session.get(CustomerImage, (await _bank(services, ids["ID_BACK"]), uuid.UUID(ids["ID_BACK"])))
        audit = (await session.scalars(select(AuditRecord).where(AuditRecord.action == "image.delete"))).one()
    assert audit.detail["reason"] == "照片模糊，重拍" and audit.actor_username == "fz1.cm1"
    assert row.purge_after - row.deleted_at == timedelta(days=settings.image_retention_days)
    keys = [row.original_key, row.image_key, row.thumbnail_key]
    assert all([await services.objects.head(k) for k in keys])

    assert await purge_due(services) == 0  # kept for the retention period
    async with services.db.sessions() as session, session.begin():
        await session.execute(update(CustomerImage).where(CustomerImage.id == row.id).values(purge_after=datetime.now(UTC) - timedelta(seconds=1)))
    assert await purge_due(services) == 1
    assert [await services.objects.head(k) for k in keys] == [None, None, None]
    async with services.db.sessions() as session:
        purged = await session.get(CustomerImage, (row.bank_id, row.id))
        assert purged.purged_at is not None and purged.image_sha256 == row.image_sha256  # the record stays
        assert await session.scalar(select(func.count()).select_from(AuditRecord).where(AuditRecord.action == "image.purge")) == 1
    others = [await services.objects.head(k) for k in await services.objects.list_keys(f"originals/{row.bank_id}/{row.customer_id}/")]
    assert len(others) == 2  # the other two images are untouched


async def _bank(services, image_id: str) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(CustomerImage.bank_id).where(CustomerImage.id == uuid.UUID(image_id)))


CONSENT_STATE = """query($id: ID!) { customer(id: $id) { version consent { formImageRef }
  history { action channel diff } evaluation { violations { code } } } }"""


async def test_a_consent_form_photo_becomes_the_consent_records_form_reference(client, services):
    from tests.customers.archive_fixtures import CONSENT, UPDATE

    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive(), "channel": "PAD", "consent": CONSENT}}, token=cm)
    customer_id = created["data"]["createArchive"]["customer"]["id"]

    async def state() -> dict:
        return (await gql(client, CONSENT_STATE, {"id": customer_id}, token=cm))["data"]["customer"]

    before = await state()
    assert before["consent"]["formImageRef"] is None
    assert "BASE_CONSENT_FORM" in {v["code"] for v in before["evaluation"]["violations"]}

    form = (await upload(client, cm, capture(customer_id, "CONSENT_FORM"), photo(600, 800)))["image"]
    linked = await state()
    assert linked["consent"]["formImageRef"] == form["id"]
    assert linked["version"] == 1  # a system change: an offline edit based on version 1 does not conflict
    assert {"action": "CONSENT_FORM", "channel": "SYSTEM", "diff": {"consent.formImageRef": [None, form["id"]]}} in linked["history"]
    assert "BASE_CONSENT_FORM" not in {v["code"] for v in linked["evaluation"]["violations"]}

    # A tablet that does not track the reference sends the consent without it: the link stays.
    edited = await gql(client, UPDATE, {"i": {"id": customer_id, "version": 1, "archive": archive(mobile="13900001111"), "consent": CONSENT}}, token=cm)
    assert edited["data"]["updateArchive"]["errors"] == []
    assert (await state())["consent"]["formImageRef"] == form["id"]

    # A second form photo does not replace the first; deleting the linked one moves the link to it.
    second = (await upload(client, cm, capture(customer_id, "CONSENT_FORM"), photo(600, 800, seed=3)))["image"]
    assert (await state())["consent"]["formImageRef"] == form["id"]
    await gql(client, DELETE, {"id": form["id"], "reason": "拍摄不清晰"}, token=cm)
    assert (await state())["consent"]["formImageRef"] == second["id"]
    await gql(client, DELETE, {"id": second["id"], "reason": "拍错了客户"}, token=cm)
    gone = await state()
    assert gone["consent"]["formImageRef"] is None
    assert "BASE_CONSENT_FORM" in {v["code"] for v in gone["evaluation"]["violations"]}
