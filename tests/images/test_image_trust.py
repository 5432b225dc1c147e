"""Tamper evidence anyone can check: the signing key ring survives a rotation."""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import SecretStr

from tests.helpers import gql, login, run_burst_worker
from tests.images.photos import IMAGE, capture, photo, upload, verify
from tests.images.test_image_platform import new_archive

KEYS_URL = "/.well-known/cic/image-signing-keys.json"
ANCHORS_URL = "/.well-known/cic/c2pa-trust-anchors.pem"


async def issued_image(client, settings, token: str, customer_id: str, *, seed: int = 1, kind: str = "HOUSE") -> tuple[dict, bytes]:
    """Upload, process and download one image: (its record, the issued file)."""
    img = (await upload(client, token, capture(customer_id, kind), photo(800, 600, seed=seed)))["image"]
    await run_burst_worker(settings)
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
    old, old_file = await issued_image(client, settings, cm, customer_id, seed=1)
    assert old["keyId"] == key_a.key_id

    b = Ed25519PrivateKey.generate()
    key_b = rotate(monkeypatch, services, settings, b, retire=[key_a.jwk()])
    new, new_file = await issued_image(client, settings, cm, customer_id, seed=2)
    assert new["keyId"] == key_b != key_a.key_id
    for data, image in ((old_file, old), (new_file, new)):
        answer = await verify(client, cm, data)
        assert (answer["verdict"], answer["reason"], answer["image"]["keyId"]) == ("AUTHENTIC", "ISSUED_FILE", image["keyId"])
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
