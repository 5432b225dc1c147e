"""Both object stores keep the same contract: the S3 one over HTTP to moto, the local directory."""

from __future__ import annotations

import uuid

import pytest

from backend.images.storage import (
    LocalObjectStore,
    ObjectNotFound,
    ObjectStoreUnavailable,
    S3ObjectStore,
)


@pytest.fixture(params=["s3", "local"])
async def store(request, tmp_path, moto_server):
    if request.param == "local":
        yield LocalObjectStore(tmp_path / "objects")
        return
    s3 = S3ObjectStore(
        endpoint_url=moto_server.url, bucket=f"contract-{uuid.uuid4().hex[:8]}", access_key="testing",
        secret_key="testing", region="us-east-1",
    )
    await s3.ensure_ready()
    await s3.ensure_ready()  # idempotent: the bucket exists now
    yield s3
    await s3.close()


async def test_put_get_head_list_stream_delete(store):
    await store.ensure_ready()
    await store.put("a/b/one.jpg", b"\xff\xd8one", content_type="image/jpeg", metadata={"sha256": "abc", "Image-Id": "42"})
    await store.put("a/b/two.jpg", b"two", content_type="image/jpeg")
    await store.put("a/c/three.jpg", b"three", content_type="image/jpeg")
    assert await store.get("a/b/one.jpg") == b"\xff\xd8one"
    head = await store.head("a/b/one.jpg")
    assert (head.size, head.content_type, head.metadata) == (5, "image/jpeg", {"sha256": "abc", "image-id": "42"})
    assert await store.list_keys("a/b/") == ["a/b/one.jpg", "a/b/two.jpg"]
    assert b"".join([chunk async for chunk in store.stream("a/c/three.jpg", chunk_size=2)]) == b"three"
    await store.put("a/b/one.jpg", b"replaced", content_type="image/jpeg")
    assert await store.get("a/b/one.jpg") == b"replaced"
    await store.delete("a/b/one.jpg")
    await store.delete("a/b/one.jpg")  # deleting a missing object is not an error
    assert await store.head("a/b/one.jpg") is None
    with pytest.raises(ObjectNotFound):
        await store.get("a/b/one.jpg")


@pytest.mark.parametrize("key", ["../escape", "a/../../b", "/abs", "a/", "with space", ""])
async def test_keys_that_could_escape_or_confuse_are_refused(store, key):
    with pytest.raises(ValueError):
        await store.put(key, b"x", content_type="text/plain")


async def test_metadata_must_be_ascii(store):
    with pytest.raises(ValueError):
        await store.put("k", b"x", content_type="text/plain", metadata={"name": "张三"})


async def test_an_unreachable_s3_server_is_unavailable_not_an_error():
    from tests.faults import refused_port

    with refused_port() as port:
        s3 = S3ObjectStore(
            endpoint_url=f"http://127.0.0.1:{port}", bucket="b", access_key="x", secret_key="y", region="us-east-1",
            connect_timeout=0.5, read_timeout=0.5,
        )
        try:
            with pytest.raises(ObjectStoreUnavailable):
                await s3.get("k")
        finally:
            await s3.close()
