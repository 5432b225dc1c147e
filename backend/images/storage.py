"""Object storage for image bytes: one interface, an S3 implementation and a local directory.

``S3ObjectStore`` talks to any S3-compatible server (MinIO in docker-compose, moto's server in
tests, a cloud bucket in production) through aioboto3. ``LocalObjectStore`` keeps objects as
files under ``var/objects`` (the embedded default of ``cic run``): writes are atomic (temporary
file + rename) and each object's content type and metadata live in a ``.meta.json`` beside it.

Both raise ``ObjectStoreUnavailable`` when the store cannot be reached (a job retries on it, an
upload is refused with STORAGE_UNAVAILABLE) and ``ObjectNotFound`` for a missing key.

``object_store_from_settings`` wraps either in ``EncryptedObjectStore``: every object is sealed
with its own data key wrapped by the field keys (``backend.images.envelope``), and objects stored
before that (plaintext) are still read. ``CIC_S3_SERVER_SIDE_ENCRYPTION`` adds the S3 server's own
encryption at rest where the store offers it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from backend.auth.fieldcrypt import FieldCipher, cipher_from_settings
from backend.config import Settings
from backend.images.envelope import seal, unseal

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-/]{0,500}$")


class ObjectStoreUnavailable(Exception):
    """The store did not answer (connection refused, timeout, 5xx): try again later."""


class ObjectNotFound(Exception):
    pass


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    content_type: str
    metadata: dict[str, str] = field(default_factory=dict)


class ObjectStore(Protocol):
    async def put(self, key: str, data: bytes, *, content_type: str, metadata: dict[str, str] | None = None) -> None: ...

    async def get(self, key: str) -> bytes: ...

    def stream(self, key: str, chunk_size: int = 256 * 1024) -> AsyncIterator[bytes]: ...

    async def head(self, key: str) -> StoredObject | None: ...

    async def delete(self, key: str) -> None: ...

    async def list_keys(self, prefix: str) -> list[str]:
        """Keys under ``prefix`` (operations: orphan checks; tests)."""

    async def ensure_ready(self) -> None:
        """Create the bucket or directory if missing; raise ObjectStoreUnavailable if unreachable."""

    async def ping(self) -> None:
        """Raise unless the bucket or directory is there and answers (readiness; no side effects)."""

    async def close(self) -> None: ...


def check_key(key: str) -> str:
    if not KEY_PATTERN.match(key) or ".." in key.split("/") or key.endswith("/"):
        raise ValueError(f"bad object key {key!r}")
    return key


def _ascii_metadata(metadata: dict[str, str] | None) -> dict[str, str]:
    """S3 user metadata travels in HTTP headers: ASCII only (callers put ids and hashes there)."""
    out: dict[str, str] = {}
    for name, value in (metadata or {}).items():
        value = str(value)
        if not value.isascii() or not name.isascii():
            raise ValueError(f"object metadata must be ASCII: {name}")
        out[name.lower()] = value
    return out


class LocalObjectStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    async def put(self, key: str, data: bytes, *, content_type: str, metadata: dict[str, str] | None = None) -> None:
        meta = {"content_type": content_type, "metadata": _ascii_metadata(metadata)}
        await asyncio.to_thread(self._put, self._path(key), data, meta)

    @staticmethod
    def _put(path: Path, data: bytes, meta: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        for target, content in ((path.with_name(path.name + ".meta.json"), json.dumps(meta).encode()), (path, data)):
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)

    async def get(self, key: str) -> bytes:
        path = self._path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except FileNotFoundError as exc:
            raise ObjectNotFound(key) from exc

    async def stream(self, key: str, chunk_size: int = 256 * 1024) -> AsyncIterator[bytes]:
        data = await self.get(key)
        for start in range(0, len(data), chunk_size):
            yield data[start : start + chunk_size]

    async def head(self, key: str) -> StoredObject | None:
        path = self._path(key)
        try:
            size = path.stat().st_size
            meta = json.loads(path.with_name(path.name + ".meta.json").read_text())
        except FileNotFoundError:
            return None
        return StoredObject(key=key, size=size, content_type=meta["content_type"], metadata=meta["metadata"])

    async def delete(self, key: str) -> None:
        path = self._path(key)
        for target in (path, path.with_name(path.name + ".meta.json")):
            target.unlink(missing_ok=True)

    async def list_keys(self, prefix: str) -> list[str]:
        def walk() -> list[str]:
            if not self.root.exists():
                return []
            return sorted(
                str(p.relative_to(self.root))
                for p in self.root.rglob("*")
                if p.is_file() and not p.name.endswith(".meta.json") and not p.name.startswith(".")
                and str(p.relative_to(self.root)).startswith(prefix)
            )

        return await asyncio.to_thread(walk)

    async def ensure_ready(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    async def ping(self) -> None:
        if not self.root.is_dir() or not os.access(self.root, os.W_OK):
            raise ObjectStoreUnavailable(f"{self.root} is missing or not writable")

    async def close(self) -> None:
        return None


class S3ObjectStore:
    """aioboto3 client kept open for the life of the process (one connection pool)."""

    def __init__(
        self,
        *,
        endpoint_url: str | None,
        bucket: str,
        access_key: str | None,
        secret_key: str | None,
        region: str,
        connect_timeout: float = 3.0,
        read_timeout: float = 20.0,
        server_side_encryption: str | None = None,
    ) -> None:
        self.endpoint_url = endpoint_url
        self._sse = {"ServerSideEncryption": server_side_encryption} if server_side_encryption else {}
        self.bucket = bucket
        self._credentials = (access_key, secret_key)
        self.region = region
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self._client = None
        self._stack: contextlib.AsyncExitStack | None = None
        self._lock = asyncio.Lock()

    async def client(self):
        if self._client is None:
            async with self._lock:
                if self._client is None:
                    import aioboto3
                    from botocore.config import Config

                    session = aioboto3.Session(
                        aws_access_key_id=self._credentials[0],
                        aws_secret_access_key=self._credentials[1],
                        region_name=self.region,
                    )
                    config = Config(
                        connect_timeout=self.connect_timeout,
                        read_timeout=self.read_timeout,
                        retries={"max_attempts": 2, "mode": "standard"},
                        s3={"addressing_style": "path"},
                        signature_version="s3v4",
                    )
                    stack = contextlib.AsyncExitStack()
                    self._client = await stack.enter_async_context(
                        session.client("s3", endpoint_url=self.endpoint_url, config=config)
                    )
                    self._stack = stack
        return self._client

    @contextlib.asynccontextmanager
    async def _call(self, key: str | None = None):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            yield await self.client()
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code = str(error.get("Code", ""))
            status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
            if code in ("NoSuchKey", "404", "NotFound"):
                raise ObjectNotFound(key or "") from exc
            if status >= 500 or code in ("SlowDown", "ServiceUnavailable", "RequestTimeout", "InternalError"):
                raise ObjectStoreUnavailable(f"{code} ({status})") from exc
            raise
        except (BotoCoreError, OSError, asyncio.TimeoutError) as exc:
            # EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError, aiohttp errors ...
            raise ObjectStoreUnavailable(type(exc).__name__) from exc
        except Exception as exc:
            if type(exc).__module__.startswith("aiohttp"):
                raise ObjectStoreUnavailable(type(exc).__name__) from exc
            raise

    async def put(self, key: str, data: bytes, *, content_type: str, metadata: dict[str, str] | None = None) -> None:
        async with self._call(key) as s3:
            await s3.put_object(
                Bucket=self.bucket, Key=check_key(key), Body=data, ContentType=content_type, Metadata=_ascii_metadata(metadata),
                **self._sse,
            )

    async def get(self, key: str) -> bytes:
        async with self._call(key) as s3:
            response = await s3.get_object(Bucket=self.bucket, Key=check_key(key))
            async with response["Body"] as body:
                return await body.read()

    async def stream(self, key: str, chunk_size: int = 256 * 1024) -> AsyncIterator[bytes]:
        async with self._call(key) as s3:
            response = await s3.get_object(Bucket=self.bucket, Key=check_key(key))
            body = response["Body"]  # aiobotocore's StreamingBody
            try:
                async for chunk in body.iter_chunks(chunk_size):
                    yield chunk
            finally:
                body.close()

    async def head(self, key: str) -> StoredObject | None:
        try:
            async with self._call(key) as s3:
                r = await s3.head_object(Bucket=self.bucket, Key=check_key(key))
        except ObjectNotFound:
            return None
        return StoredObject(key=key, size=int(r["ContentLength"]), content_type=r.get("ContentType", ""), metadata=r.get("Metadata", {}))

    async def delete(self, key: str) -> None:
        async with self._call(key) as s3:
            await s3.delete_object(Bucket=self.bucket, Key=check_key(key))

    async def list_keys(self, prefix: str) -> list[str]:
        keys: list[str] = []
        async with self._call() as s3:
            paginator = s3.get_paginator("list_objects_v2")
            async for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
                keys.extend(item["Key"] for item in page.get("Contents", []))
        return sorted(keys)

    async def ensure_ready(self) -> None:
        from botocore.exceptions import ClientError

        async with self._call() as s3:
            try:
                await s3.head_bucket(Bucket=self.bucket)
            except ClientError as exc:
                if str(exc.response.get("Error", {}).get("Code")) not in ("404", "NoSuchBucket", "NotFound"):
                    raise
                await s3.create_bucket(Bucket=self.bucket)

    async def ping(self) -> None:
        async with self._call() as s3:
            await s3.head_bucket(Bucket=self.bucket)

    async def close(self) -> None:
        if self._stack is not None:
            await self._stack.aclose()
        self._client = None
        self._stack = None


class EncryptedObjectStore:
    """Seals what it stores and opens what it reads (``backend.images.envelope``); the rest of the
    contract is the inner store's. ``head`` reports the stored (sealed) size; ``get``/``stream``
    raise ``ObjectUndecryptable`` for an object no configured field key opens."""

    def __init__(self, inner: ObjectStore, cipher: FieldCipher) -> None:
        self.inner = inner
        self.cipher = cipher

    async def put(self, key: str, data: bytes, *, content_type: str, metadata: dict[str, str] | None = None) -> None:
        sealed = await asyncio.to_thread(seal, data, key=check_key(key), cipher=self.cipher)
        await self.inner.put(key, sealed, content_type=content_type, metadata=metadata)

    async def get(self, key: str) -> bytes:
        blob = await self.inner.get(key)
        return await asyncio.to_thread(unseal, blob, key=key, cipher=self.cipher)

    async def stream(self, key: str, chunk_size: int = 256 * 1024) -> AsyncIterator[bytes]:
        # GCM is checked over the whole object before any byte is released.
        data = await self.get(key)
        for start in range(0, len(data), chunk_size):
            yield data[start : start + chunk_size]

    async def head(self, key: str) -> StoredObject | None:
        return await self.inner.head(key)

    async def delete(self, key: str) -> None:
        await self.inner.delete(key)

    async def list_keys(self, prefix: str) -> list[str]:
        return await self.inner.list_keys(prefix)

    async def ensure_ready(self) -> None:
        await self.inner.ensure_ready()

    async def ping(self) -> None:
        await self.inner.ping()

    async def close(self) -> None:
        await self.inner.close()


def object_store_from_settings(settings: Settings, cipher: FieldCipher | None = None) -> EncryptedObjectStore:
    """The configured store (S3 when CIC_S3_ENDPOINT_URL is set, else the directory), encrypting
    with ``cipher`` (by default the field keys of ``settings``)."""
    inner: ObjectStore
    if settings.s3_endpoint_url:
        inner = S3ObjectStore(
            endpoint_url=settings.s3_endpoint_url,
            bucket=settings.s3_bucket,
            access_key=settings.s3_access_key.get_secret_value() if settings.s3_access_key else None,
            secret_key=settings.s3_secret_key.get_secret_value() if settings.s3_secret_key else None,
            region=settings.s3_region,
            connect_timeout=settings.s3_connect_timeout_seconds,
            read_timeout=settings.s3_read_timeout_seconds,
            server_side_encryption=settings.s3_server_side_encryption,
        )
    else:
        inner = LocalObjectStore(settings.object_store_dir())
    return EncryptedObjectStore(inner, cipher or cipher_from_settings(settings))
