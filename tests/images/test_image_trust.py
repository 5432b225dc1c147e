"""Tamper evidence anyone can check: the signing key ring survives a rotation, is published with
the C2PA trust anchors, and anyone can verify a file without login (rate-limited, nothing personal)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image
from pydantic import SecretStr
from sqlalchemy import select

from backend.audit.models import AuditRecord
from backend.customers.models import Customer
from backend.images.models import CustomerImage
from backend.images.pipeline import process_upload
from tests.helpers import gql, login, run_burst_worker
from tests.images.photos import IMAGE, capture, photo, upload, verify, verify_public
from tests.images.test_image_platform import new_archive
from tests.waiting import HANG_GUARD_SECONDS

KEYS_URL = "/.well-known/cic/image-signing-keys.json"
ANCHORS_URL = "/.well-known/cic/c2pa-trust-anchors.pem"


async def issued_image(client, services, token: str, customer_id: str, *, seed: int = 1, kind: str = "HOUSE") -> tuple[dict, bytes]:
    """Upload, process and download one image: (its record, the issued file). Processed with the
    API's services, whose keys a test may have rotated (a worker reads its settings afresh)."""
    img = (await upload(client, token, capture(customer_id, kind), photo(800, 600, seed=seed)))["image"]
    async with services.db.sessions() as session:
        bank_id = await session.scalar(select(CustomerImage.bank_id).where(CustomerImage.id == uuid.UUID(img["id"])))
    assert await process_upload(services, bank_id, uuid.UUID(img["id"]), f"test:{img['id']}") == "processed"
    ready = (await gql(client, IMAGE, {"id": img["id"]}, token=token))["data"]["image"]
    assert ready["status"] == "READY", ready
    full = await client.get(ready["url"])
    assert full.status_code == 200
    return ready, full.content


def rotate(monkeypatch, services, settings, key: Ed25519PrivateKey, *, retire: list[dict] | None) -> str:
    """``key`` becomes the current key; ``retire``: the published entries of the keys that stay verifiable."""
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    monkeypatch.setattr(settings, "image_signing_key", SecretStr(pem.decode()))
    monkeypatch.setattr(settings, "image_signing_keys_retired", json.dumps(retire) if retire is not None else None)
    monkeypatch.delitem(services.__dict__, "image_keys", raising=False)  # the API's keys are built again
    return services.image_keys.key_id


async def test_after_a_rotation_old_and_new_images_verify_and_a_dropped_key_verifies_nothing(client, services, settings, monkeypatch):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    key_a = services.image_keys.ring()[0]
    old, old_file = await issued_image(client, services, cm, customer_id, seed=1)
    assert old["keyId"] == key_a.key_id

    b = Ed25519PrivateKey.generate()
    key_b = rotate(monkeypatch, services, settings, b, retire=[key_a.jwk()])
    new, new_file = await issued_image(client, services, cm, customer_id, seed=2)
    assert new["keyId"] == key_b != key_a.key_id
    for data, image in ((old_file, old), (new_file, new)):
        answer = await verify(client, cm, data)
        assert (answer["verdict"], answer["reason"], answer["image"]["keyId"]) == ("AUTHENTIC", "ISSUED_FILE", image["keyId"])
        public = (await verify_public(client, data)).json()
        assert (public["verdict"], public["capture"]["keyId"]) == ("AUTHENTIC", image["keyId"])
    published = (await client.get(KEYS_URL)).json()["keys"]
    assert [(k["kid"], k["status"]) for k in published] == [(key_b, "current"), (key_a.key_id, "retired")]
    assert published[0]["x"] == base64.urlsafe_b64encode(b.public_key().public_bytes_raw()).rstrip(b"=").decode()

    # Key A dropped from the ring: its manifests name an unknown key id; B's still verify.
    rotate(monkeypatch, services, settings, b, retire=None)
    answer = await verify(client, cm, old_file)
    assert (answer["verdict"], answer["reason"]) == ("ALTERED", "SIGNATURE_INVALID")
    assert (await verify(client, cm, new_file))["verdict"] == "AUTHENTIC"


async def test_the_key_ring_and_the_trust_anchors_are_published_without_login_and_cacheable(client, services, settings):
    response = await client.get(KEYS_URL)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "public, max-age=3600" and response.headers["access-control-allow-origin"] == "*"
    (current,) = response.json()["keys"]
    raw = base64.urlsafe_b64decode(current["x"] + "==")
    assert current == {
        "kty": "OKP", "crv": "Ed25519", "x": current["x"], "kid": hashlib.sha256(raw).hexdigest()[:16],
        "use": "sig", "alg": "Ed25519", "status": "current",
    }
    assert current["kid"] == services.image_keys.key_id
    unchanged = await client.get(KEYS_URL, headers={"If-None-Match": response.headers["etag"]})
    assert unchanged.status_code == 304 and unchanged.content == b""

    anchors = await client.get(ANCHORS_URL)
    assert anchors.status_code == 200 and anchors.headers["content-type"] == "application/x-pem-file"
    assert anchors.headers["cache-control"] == "public, max-age=3600"
    (root,) = x509.load_pem_x509_certificates(anchors.content)
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    # The root of the chain that signs the C2PA manifests (the development chain in tests).
    chain = x509.load_pem_x509_certificates((settings.secrets_dir / "c2pa" / "chain.pem").read_bytes())
    assert root == chain[-1] and chain[0].issuer == root.subject


PUBLIC_KEYS = {"verdict", "reason", "details", "capture"}
PUBLIC_CAPTURE_KEYS = {"imageId", "kind", "kindLabel", "takenAt", "signedAt", "bankName", "keyId", "sha256"}


async def test_anyone_can_verify_a_file_and_learns_nothing_personal(client, services, settings):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    original = photo(800, 600, seed=5)
    img = (await upload(client, cm, capture(customer_id, "ID_FRONT"), original))["image"]
    await run_burst_worker(settings)
    ready = (await gql(client, IMAGE, {"id": img["id"]}, token=cm))["data"]["image"]
    issued = (await client.get(ready["url"])).content
    manifest = (await gql(client, "query($id: ID!) { image(id: $id) { manifest } }", {"id": img["id"]}, token=cm))["data"]["image"]["manifest"]

    response = await verify_public(client, issued)
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    body = response.json()
    assert set(body) == PUBLIC_KEYS and set(body["capture"]) == PUBLIC_CAPTURE_KEYS
    assert body == {
        "verdict": "AUTHENTIC", "reason": "ISSUED_FILE", "details": [],
        "capture": {
            "imageId": img["id"], "kind": "ID_FRONT", "kindLabel": "身份证正面", "takenAt": manifest["taken_at"],
            "signedAt": manifest["processed_at"], "bankName": "福州农村商业银行", "keyId": ready["keyId"],
            "sha256": hashlib.sha256(issued).hexdigest(),
        },
    }
    for personal in (customer_id, manifest["staff_no"], manifest["device_id"], str(manifest["latitude"])):
        assert personal not in response.text

    changed = bytearray(issued)
    changed[len(changed) // 2] ^= 0x01
    altered = (await verify_public(client, bytes(changed))).json()
    assert (altered["verdict"], altered["reason"], altered["capture"]) == ("ALTERED", "C2PA_INVALID", None)
    assert "assertion.dataHash.mismatch" in altered["details"]

    resaved = io.BytesIO()
    Image.open(io.BytesIO(issued)).save(resaved, "JPEG", quality=95)
    reencoded = (await verify_public(client, resaved.getvalue())).json()
    assert (reencoded["verdict"], reencoded["reason"], reencoded["capture"]) == ("UNKNOWN", "NO_PROVENANCE", None)

    # The unwatermarked ID-card photo itself: staff learn it is an upload, an anonymous caller
    # learns nothing (no oracle for "this person's ID card is filed with a bank").
    assert (await verify(client, cm, original))["reason"] == "ORIGINAL_UPLOAD"
    assert (await verify_public(client, original)).json() == reencoded

    async with services.db.sessions() as session:
        records = (
            await session.scalars(select(AuditRecord).where(AuditRecord.action == "image.verify_public").order_by(AuditRecord.id))
        ).all()
        archive_path = await session.scalar(select(Customer.org_path).where(Customer.id == uuid.UUID(customer_id)))
    assert [(r.actor_username, r.actor_user_id, r.target_id, r.org_path, r.detail["verdict"], r.detail["found"]) for r in records] == [
        ("anonymous", None, img["id"], archive_path, "AUTHENTIC", "ISSUED_FILE"),
        ("anonymous", None, img["id"], archive_path, "ALTERED", "C2PA_INVALID"),
        ("anonymous", None, None, "/", "UNKNOWN", "NO_PROVENANCE"),
        ("anonymous", None, img["id"], archive_path, "UNKNOWN", "ORIGINAL_UPLOAD"),
    ]
    assert all(set(r.detail) == {"verdict", "reason", "found", "sha256", "bytes"} for r in records)


async def test_public_verification_refuses_bad_requests_with_typed_errors(client, services, settings, monkeypatch):
    def codes(response) -> list[tuple[str | None, str]]:
        return [(e["field"], e["code"]) for e in response.json()["errors"]]

    no_header = await verify_public(client, photo(64, 64), csrf=False)
    assert no_header.status_code == 400 and codes(no_header) == [(None, "CSRF_HEADER_REQUIRED")]
    empty = await verify_public(client, b"")
    assert empty.status_code == 400 and codes(empty) == [("file", "EMPTY_FILE")]
    assert all(e["message"] and e["messageEn"] for e in empty.json()["errors"])
    no_file = await client.post("/images/verify", data={"other": "x"}, headers={"x-cic-csrf": "1"})
    assert no_file.status_code == 400 and codes(no_file) == [("file", "FILE_REQUIRED")]
    monkeypatch.setattr(settings, "image_max_bytes", 20_000)
    just_over = await verify_public(client, b"\xff" * 20_001)  # the body fits, the file does not
    assert just_over.status_code == 413 and codes(just_over) == [("file", "TOO_LARGE")]
    far_over = await verify_public(client, b"\xff" * 200_000)  # refused before the body is parsed
    assert far_over.status_code == 413 and codes(far_over) == [("file", "TOO_LARGE")]


async def test_public_verification_is_rate_limited_per_client(client, services, settings, monkeypatch):
    monkeypatch.setattr(settings, "image_verify_rate_limit", "3/minute")
    monkeypatch.delitem(services.__dict__, "verify_limiter", raising=False)
    answers = [await verify_public(client, b"not an image") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    limited = await verify_public(client, b"not an image")
    assert limited.status_code == 429 and 1 <= int(limited.headers["retry-after"]) <= 60
    assert [(e["field"], e["code"]) for e in limited.json()["errors"]] == [(None, "RATE_LIMITED")]
    # Another address has its own allowance.
    transport = httpx.ASGITransport(app=client._transport.app, client=("203.0.113.7", 4711))
    async with httpx.AsyncClient(transport=transport, base_url="http://cic.test") as other:
        assert (await verify_public(other, b"not an image")).status_code == 200
    monkeypatch.delitem(services.__dict__, "verify_limiter", raising=False)


def documented_snippet(marker: str) -> str:
    """The Python block that follows ``<!-- offline-check: <marker> -->`` in docs/images.md."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "images.md").read_text()
    after = text.split(f"<!-- offline-check: {marker} -->\n", 1)[1]
    assert after.startswith("```python\n"), marker
    return after[len("```python\n") :].split("\n```\n", 1)[0]


def run_snippet(code: str, directory: Path) -> subprocess.CompletedProcess:
    """As a verifier runs it: a fresh interpreter, nothing of CIC imported, in the evidence folder."""
    return subprocess.run([sys.executable, "-c", code], cwd=directory, capture_output=True, text=True, timeout=HANG_GUARD_SECONDS)


async def test_the_documented_offline_checks_work_on_a_real_image(client, services, settings, tmp_path):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    ready, issued = await issued_image(client, services, cm, customer_id, kind="ID_BACK")
    exported = (await gql(client, "query($id: ID!) { image(id: $id) { manifest signature } }", {"id": ready["id"]}, token=cm))["data"]["image"]
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    (evidence / "photo.jpg").write_bytes(issued)
    (evidence / "capture.json").write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    (evidence / "image-signing-keys.json").write_bytes((await client.get(KEYS_URL)).content)
    (evidence / "c2pa-trust-anchors.pem").write_bytes((await client.get(ANCHORS_URL)).content)
    manifest_check, c2pa_check = documented_snippet("manifest"), documented_snippet("c2pa")

    checked = run_snippet(manifest_check, evidence)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.split() == ["AUTHENTIC", ready["id"], exported["manifest"]["taken_at"]]
    checked = run_snippet(c2pa_check, evidence)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.split() == ["Trusted"]

    changed = bytearray(issued)
    changed[len(changed) // 2] ^= 0x01
    (evidence / "photo.jpg").write_bytes(bytes(changed))
    checked = run_snippet(manifest_check, evidence)
    assert checked.returncode != 0 and "not the file CIC issued" in checked.stderr
    checked = run_snippet(c2pa_check, evidence)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.split()[0] == "Invalid" and "assertion.dataHash.mismatch" in checked.stdout

    (evidence / "photo.jpg").write_bytes(issued)
    forged = {**exported, "manifest": {**exported["manifest"], "taken_at": "2026-01-01T00:00:00.000Z"}}
    (evidence / "capture.json").write_text(json.dumps(forged), encoding="utf-8")
    checked = run_snippet(manifest_check, evidence)
    assert checked.returncode != 0 and "InvalidSignature" in checked.stderr
