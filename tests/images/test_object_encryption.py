"""Image objects are encrypted at rest (envelope encryption with the field keys), on moto's S3.

The bucket holds sealed bytes; the worker, the view links, verification and purge work on the
plaintext; objects stored before encryption are still read; a rotated field key still opens
what the old one sealed.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import uuid

import pytest
from PIL import Image
from pydantic import SecretStr
from sqlalchemy import select

from backend.auth.fieldcrypt import FieldCipher
from backend.images.envelope import MAGIC, ObjectUndecryptable, wrapping_key_id
from backend.images.models import CustomerImage
from backend.images.storage import EncryptedObjectStore, S3ObjectStore
from tests.helpers import gql, login, run_burst_worker
from tests.images.photos import IMAGE, capture, photo, upload, verify
from tests.images.test_image_platform import new_archive

ID_NUMBER = "350521198511230015"


def id_card_photo() -> bytes:
    """A JPEG that carries the full ID number in plain bytes (a comment, as some scanners write)."""
    out = io.BytesIO()
    Image.open(io.BytesIO(photo(900, 600, seed=11))).save(out, "JPEG", quality=90, comment=f"ID {ID_NUMBER}".encode())
    data = out.getvalue()
    assert ID_NUMBER.encode() in data
    return data


async def row_of(services, image_id: str) -> CustomerImage:
    async with services.db.sessions() as session:
        return await session.scalar(select(CustomerImage).where(CustomerImage.id == uuid.UUID(image_id)))


async def test_the_bucket_holds_sealed_bytes_and_every_reader_gets_the_exact_image(client, services, settings):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    original = id_card_photo()
    img = (await upload(client, cm, capture(customer_id, "ID_FRONT"), original))["image"]
    await run_burst_worker(settings)
    ready = (await gql(client, IMAGE, {"id": img["id"]}, token=cm))["data"]["image"]
    row = await row_of(services, img["id"])
    raw = services.objects.inner  # the S3 store under the encryption

    stored_original = await raw.get(row.original_key)
    assert stored_original.startswith(MAGIC) and not stored_original.startswith(b"\xff\xd8")
    assert ID_NUMBER.encode() not in stored_original
    assert await services.objects.get(row.original_key) == original  # the worker's read
    for key, sha256 in ((row.image_key, row.image_sha256), (row.thumbnail_key, row.thumbnail_sha256)):
        stored = await raw.get(key)
        # The derivative's C2PA manifest names the archive in plain bytes: not in the bucket.
        assert stored.startswith(MAGIC) and customer_id.encode() not in stored
        assert wrapping_key_id(stored) == services.cipher.current_kid
        assert hashlib.sha256(await services.objects.get(key)).hexdigest() == sha256

    full, thumb = await client.get(ready["url"]), await client.get(ready["thumbnailUrl"])
    assert full.status_code == thumb.status_code == 200
    assert hashlib.sha256(full.content).hexdigest() == row.image_sha256
    assert int(full.headers["content-length"]) == len(full.content)
    assert hashlib.sha256(thumb.content).hexdigest() == row.thumbnail_sha256
    assert (await verify(client, cm, full.content))["verdict"] == "AUTHENTIC"


async def test_objects_stored_before_encryption_are_still_read(client, services, settings):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    original = photo(800, 600, seed=12)
    img = (await upload(client, cm, capture(customer_id, "ID_BACK"), original))["image"]
    row = await row_of(services, img["id"])
    raw = services.objects.inner
    # As an upload stored before the change left it: plaintext in the bucket.
    await raw.put(row.original_key, original, content_type="image/jpeg")
    await run_burst_worker(settings)
    row = await row_of(services, img["id"])
    assert row.status.value == "READY"  # the worker read the plaintext original

    derivative = await services.objects.get(row.image_key)
    await raw.put(row.image_key, derivative, content_type="image/jpeg")  # a plaintext derivative
    url = (await gql(client, IMAGE, {"id": img["id"]}, token=cm))["data"]["image"]["url"]
    shown = await client.get(url)
    assert shown.status_code == 200 and shown.content == derivative
    assert hashlib.sha256(shown.content).hexdigest() == row.image_sha256


async def test_after_a_field_key_rotation_old_objects_still_open(client, services, settings, monkeypatch):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    img = (await upload(client, cm, capture(customer_id, "HOUSEHOLD_REGISTER"), photo(800, 600, seed=13)))["image"]
    await run_burst_worker(settings)
    row = await row_of(services, img["id"])
    (old_kid, old_key), *_ = settings.field_keys()
    sealed_before = await services.objects.inner.get(row.image_key)
    assert wrapping_key_id(sealed_before) == old_kid

    rotated = f"k2rot:{base64.b64encode(os.urandom(32)).decode()},{old_kid}:{base64.b64encode(old_key).decode()}"
    monkeypatch.setattr(settings, "field_encryption_keys", SecretStr(rotated))
    monkeypatch.delitem(services.__dict__, "cipher")
    monkeypatch.delitem(services.__dict__, "objects")
    try:
        assert services.cipher.current_kid == "k2rot"
        url = (await gql(client, IMAGE, {"id": img["id"]}, token=cm))["data"]["image"]["url"]
        shown = await client.get(url)
        assert shown.status_code == 200 and hashlib.sha256(shown.content).hexdigest() == row.image_sha256
        await services.objects.put("rotation-check/new", b"sealed under the new key", content_type="text/plain")
        assert wrapping_key_id(await services.objects.inner.get("rotation-check/new")) == "k2rot"
    finally:
        await services.objects.close()


@pytest.fixture
async def bucket(moto_server):
    s3 = S3ObjectStore(
        endpoint_url=moto_server.url, bucket=f"sealed-{uuid.uuid4().hex[:8]}", access_key="testing",
        secret_key="testing", region="us-east-1", server_side_encryption="AES256",
    )
    await s3.ensure_ready()
    yield s3
    await s3.close()


def cipher(*keys: tuple[str, bytes]) -> FieldCipher:
    return FieldCipher(keys=keys, index_key=b"\0" * 32)


async def test_sealed_objects_open_only_under_their_key_and_only_unchanged(bucket):
    k1, k2 = ("k1", os.urandom(32)), ("k2", os.urandom(32))
    before = EncryptedObjectStore(bucket, cipher(k1))
    await before.put("originals/1/a/b", b"\xff\xd8 an ID card", content_type="image/jpeg", metadata={"sha256": "x"})
    sealed = await bucket.get("originals/1/a/b")
    assert sealed.startswith(MAGIC) and b"ID card" not in sealed and wrapping_key_id(sealed) == "k1"
    assert (await before.head("originals/1/a/b")).metadata == {"sha256": "x"}

    after = EncryptedObjectStore(bucket, cipher(k2, k1))  # k2 wraps from now on, k1 still opens
    assert await after.get("originals/1/a/b") == b"\xff\xd8 an ID card"
    assert b"".join([c async for c in after.stream("originals/1/a/b", chunk_size=4)]) == b"\xff\xd8 an ID card"
    with pytest.raises(ObjectUndecryptable):  # k1 dropped too early
        await EncryptedObjectStore(bucket, cipher(k2)).get("originals/1/a/b")

    await bucket.put("originals/1/a/moved", sealed, content_type="image/jpeg")  # copied to another key
    with pytest.raises(ObjectUndecryptable):
        await after.get("originals/1/a/moved")
    changed = bytearray(sealed)
    changed[-20] ^= 0x01
    await bucket.put("originals/1/a/b", bytes(changed), content_type="image/jpeg")
    with pytest.raises(ObjectUndecryptable):
        await after.get("originals/1/a/b")


async def test_s3_server_side_encryption_is_requested_when_configured(bucket):
    await bucket.put("k", b"x", content_type="text/plain")
    s3 = await bucket.client()
    assert (await s3.head_object(Bucket=bucket.bucket, Key="k"))["ServerSideEncryption"] == "AES256"
