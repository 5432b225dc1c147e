"""Photos for image tests (made with Pillow and numpy) and the GraphQL documents that move them."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import numpy as np
from PIL import Image

IMAGE_FIELDS = """
  id customerId kind kindLabel status takenAt receivedAt processedAt latitude longitude accuracyM deviceId
  uploadedByNo width height originalSha256 resultSha256 signature keyId c2pa failure deletedAt deleteReason
  url thumbnailUrl uploadedBy { username employeeNo }
"""
UPLOAD = f"""
mutation($input: UploadImageInput!, $file: Upload!) {{
  uploadImage(input: $input, file: $file) {{ duplicate errors {{ field code message messageEn }} image {{ {IMAGE_FIELDS} }} }}
}}"""
VERIFY = f"""
mutation($file: Upload!) {{
  verifyImage(file: $file) {{ verdict reason details errors {{ field code }} image {{ {IMAGE_FIELDS} }} }}
}}"""
DELETE = f"""
mutation($id: ID!, $reason: String!) {{
  deleteImage(id: $id, reason: $reason) {{ errors {{ field code message }} image {{ {IMAGE_FIELDS} }} }}
}}"""
IMAGE = f"query($id: ID!) {{ image(id: $id) {{ {IMAGE_FIELDS} }} }}"
ARCHIVE_IMAGES = f"""
query($id: ID!, $all: Boolean!) {{
  customer(id: $id) {{ images(includeDeleted: $all) {{ {IMAGE_FIELDS} }}
    evaluation {{ violations {{ code }} }} }}
}}"""


def photo(width: int = 1600, height: int = 1200, *, gps: bool = True, orientation: int | None = None, seed: int = 1) -> bytes:
    """A photo-like JPEG (gradients and noise), with GPS EXIF as a phone camera writes it."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([(x * 255 // max(1, width - 1)), (y * 255 // max(1, height - 1)), ((x + y) * 127 // max(1, width + height))], axis=-1)
    pixels = np.clip(base + rng.normal(0, 18, size=(height, width, 3)), 0, 255).astype(np.uint8)
    img = Image.fromarray(pixels, "RGB")
    exif = Image.Exif()
    exif[0x0110] = "TabletCam"  # Model
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (26.0, 4.0, 26.83), 3: "E", 4: (119.0, 17.0, 47.29)}
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def capture(customer_id: str, kind: str = "HOUSE", **overrides: Any) -> dict[str, Any]:
    value = {
        "customerId": customer_id,
        "kind": kind,
        "clientUploadId": str(uuid.uuid4()),
        "takenAt": (datetime.now(UTC) - timedelta(minutes=5)).isoformat(),
        "latitude": 26.074119,
        "longitude": 119.296470,
        "accuracyM": 12.0,
        "deviceId": "PAD-FZ01-0007",
    }
    value.update(overrides)
    return value


async def multipart(
    client: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any], data: bytes, *, csrf: bool = True, name: str = "photo.jpg"
) -> httpx.Response:
    """A GraphQL multipart request (the multipart request spec) with the file as ``$file``."""
    operations = json.dumps({"query": query, "variables": {**variables, "file": None}})
    headers = {"Authorization": f"Bearer {token}"}
    if csrf:
        headers["x-cic-csrf"] = "1"
    return await client.post(
        "/graphql",
        data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, data, "application/octet-stream")},
        headers=headers,
    )


async def upload(client: httpx.AsyncClient, token: str, inp: dict[str, Any], data: bytes) -> dict[str, Any]:
    response = await multipart(client, token, UPLOAD, {"input": inp}, data)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["uploadImage"]


REQUIRED_KINDS = ("ID_FRONT", "ID_BACK", "VISIT_PHOTO")  # the baseline's required photos (BASE_REQUIRED_IMAGES)


async def upload_required_photos(client: httpx.AsyncClient, token: str, customer_id: str) -> None:
    """The photos the province baseline requires, so that an archive can be verified."""
    for n, kind in enumerate(REQUIRED_KINDS):
        uploaded = await upload(client, token, capture(customer_id, kind), photo(320, 240, seed=n))
        assert uploaded["errors"] == [], uploaded


async def verify(client: httpx.AsyncClient, token: str, data: bytes) -> dict[str, Any]:
    response = await multipart(client, token, VERIFY, {}, data)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["verifyImage"]


async def verify_public(client: httpx.AsyncClient, data: bytes, *, csrf: bool = True) -> httpx.Response:
    """POST /images/verify without login: the file as the multipart field ``file``."""
    headers = {"x-cic-csrf": "1"} if csrf else {}
    return await client.post("/images/verify", files={"file": ("photo.jpg", data, "image/jpeg")}, headers=headers)
