"""The capture manifest: what the platform asserts about one processed image, signed with Ed25519.

The manifest is a flat JSON object (schema ``cic.image-capture/1``). Its canonical bytes are
``json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` in UTF-8; the
signature is Ed25519 over those bytes, base64. The manifest names its key (``key_id``: the first
16 hex characters of the SHA-256 of the raw 32-byte public key), so a verifier holding several
public keys (rotation) picks the right one. Ed25519 signatures are deterministic: the same
manifest and key always give the same signature.

Times are ISO 8601 in UTC with a ``Z`` suffix and millisecond precision.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from backend.images.c2pa_signing import C2paConfigurationError, C2paSigner, load_c2pa_signer

SCHEMA = "cic.image-capture/1"

FIELDS = (
    "schema",
    "image_id",
    "bank_id",
    "bank_code",
    "customer_id",
    "kind",
    "original_sha256",
    "image_sha256",
    "thumbnail_sha256",
    "width",
    "height",
    "taken_at",
    "received_at",
    "processed_at",
    "latitude",
    "longitude",
    "accuracy_m",
    "staff_id",
    "staff_no",
    "device_id",
    "c2pa",
    "key_id",
)


def iso_utc(value: datetime) -> str:
    """``2026-11-29T02:21:05.123Z``; a naive datetime is refused (its zone would be a guess)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("manifest times must be timezone-aware")
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def key_id_for(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def canonical_bytes(manifest: Mapping[str, Any]) -> bytes:
    return json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def build_manifest(
    *,
    image_id: str,
    bank_id: int,
    bank_code: str,
    customer_id: str,
    kind: str,
    original_sha256: str,
    image_sha256: str,
    thumbnail_sha256: str,
    width: int,
    height: int,
    taken_at: datetime,
    received_at: datetime,
    processed_at: datetime,
    latitude: float | None,
    longitude: float | None,
    accuracy_m: float | None,
    staff_id: int,
    staff_no: str,
    device_id: str | None,
    c2pa: bool,
    key_id: str,
) -> dict[str, Any]:
    manifest = {
        "schema": SCHEMA,
        "image_id": str(image_id),
        "bank_id": int(bank_id),
        "bank_code": bank_code,
        "customer_id": str(customer_id),
        "kind": kind,
        "original_sha256": original_sha256,
        "image_sha256": image_sha256,
        "thumbnail_sha256": thumbnail_sha256,
        "width": int(width),
        "height": int(height),
        "taken_at": iso_utc(taken_at),
        "received_at": iso_utc(received_at),
        "processed_at": iso_utc(processed_at),
        "latitude": None if latitude is None else float(latitude),
        "longitude": None if longitude is None else float(longitude),
        "accuracy_m": None if accuracy_m is None else float(accuracy_m),
        "staff_id": int(staff_id),
        "staff_no": staff_no,
        "device_id": device_id,
        "c2pa": bool(c2pa),
        "key_id": key_id,
    }
    canonical_bytes(manifest)  # fails now, not at verification time, on a value JSON cannot carry
    return manifest


def sign_manifest(manifest: Mapping[str, Any], private_key: Ed25519PrivateKey) -> str:
    return base64.b64encode(private_key.sign(canonical_bytes(manifest))).decode("ascii")


def verify_manifest(
    manifest: Mapping[str, Any], signature_b64: str, public_keys: Mapping[str, Ed25519PublicKey]
) -> bool:
    """True when ``signature_b64`` is the signature of exactly this manifest by the key it names.

    False (never an exception) for an unknown ``key_id``, a malformed signature, a manifest that
    is not JSON-serializable, or any changed field.
    """
    key = public_keys.get(manifest.get("key_id")) if isinstance(manifest.get("key_id"), str) else None
    if key is None:
        return False
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        key.verify(signature, canonical_bytes(manifest))
    except (InvalidSignature, binascii.Error, ValueError, TypeError):
        return False
    return True


# --- keys -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningKeys:
    """The manifest key (Ed25519) and the C2PA signer (certificate chain + key), or no C2PA."""

    private_key: Ed25519PrivateKey = field(repr=False)
    key_id: str
    c2pa: C2paSigner | None = None

    @classmethod
    def from_private_key(cls, private_key: Ed25519PrivateKey, c2pa: C2paSigner | None = None) -> SigningKeys:
        return cls(private_key, key_id_for(private_key.public_key()), c2pa)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def public_keys(self) -> dict[str, Ed25519PublicKey]:
        """``{key_id: public key}``, the shape ``verify_manifest`` takes."""
        return {self.key_id: self.public_key}


def load_signing_keys(settings: Any) -> SigningKeys:
    """``CIC_IMAGE_SIGNING_KEY`` (PEM, Ed25519) or a development key under ``<secrets_dir>``; the
    C2PA chain from ``CIC_C2PA_CERT_CHAIN_FILE`` / ``CIC_C2PA_PRIVATE_KEY_FILE`` or a development
    chain (see ``c2pa_signing``). Cheap to call per image: it reads a few small files, and the
    C2PA signer (with its native contexts) is reused while the files' contents are unchanged."""
    from backend.config import ConfigurationError, _generated_secret, _new_ed25519_pem

    configured = getattr(settings, "image_signing_key", None)
    pem = (
        configured.get_secret_value().encode()
        if configured is not None
        else _generated_secret(Path(settings.secrets_dir) / "image_ed25519.pem", _new_ed25519_pem)
    )
    private_key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(private_key, Ed25519PrivateKey):
        raise ConfigurationError("CIC_IMAGE_SIGNING_KEY must be an Ed25519 private key (PEM)")
    try:
        signer = load_c2pa_signer(settings)
    except C2paConfigurationError as exc:
        raise ConfigurationError(str(exc)) from exc
    return SigningKeys.from_private_key(private_key, signer)

