"""The capture manifest: what the platform asserts about one processed image, signed with Ed25519.

The manifest is a flat JSON object (schema ``cic.image-capture/1``). Its canonical bytes are
``json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` in UTF-8; the
signature is Ed25519 over those bytes, base64. The manifest names its key (``key_id``: the first
16 hex characters of the SHA-256 of the raw 32-byte public key), so a verifier holding several
public keys (rotation) picks the right one. Ed25519 signatures are deterministic: the same
manifest and key always give the same signature.

The key ring is the current key (``CIC_IMAGE_SIGNING_KEY``) plus the retired public keys of
``CIC_IMAGE_SIGNING_KEYS_RETIRED`` (a JSON array of the entries that
``/.well-known/cic/image-signing-keys.json`` publishes), so rotating the key never breaks the
signatures made before. A key with a known ``not_before`` / ``not_after`` verifies only
manifests processed within that window.

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
from typing import Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from joserfc.jwk import OKPKey

from backend.images.c2pa_signing import (
    C2paConfigurationError,
    C2paSigner,
    load_c2pa_signer,
)

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

KeyStatus = Literal["current", "retired"]


def _parse_time(value: Any, what: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{what} is not an ISO 8601 time: {value!r}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{what} needs a time zone (e.g. Z): {value!r}")
    return parsed


@dataclass(frozen=True)
class PublishedKey:
    """One public key of the ring: what verifies, and what ``image-signing-keys.json`` publishes."""

    key_id: str
    public_key: Ed25519PublicKey
    status: KeyStatus
    not_before: datetime | None = None
    not_after: datetime | None = None

    @classmethod
    def from_jwk(cls, entry: Mapping[str, Any], status: KeyStatus = "retired") -> PublishedKey:
        """An entry as published (``kty`` OKP, ``crv`` Ed25519, ``x``; ``kid``, ``not_before`` and
        ``not_after`` optional). A ``kid`` that is not this key's id is refused: the manifests
        name their key by that id, so a wrong one would verify nothing."""
        if entry.get("kty", "OKP") != "OKP" or entry.get("crv", "Ed25519") != "Ed25519" or not entry.get("x"):
            raise ValueError("an Ed25519 key needs kty OKP, crv Ed25519 and x")
        public_key = OKPKey.import_key({"kty": "OKP", "crv": "Ed25519", "x": str(entry["x"])}).public_key
        kid = key_id_for(public_key)
        if entry.get("kid") not in (None, kid):
            raise ValueError(f"kid {entry['kid']!r} is not the id of this key ({kid})")
        return cls(
            kid, public_key, status, _parse_time(entry.get("not_before"), "not_before"), _parse_time(entry.get("not_after"), "not_after")
        )

    def jwk(self) -> dict[str, Any]:
        entry = OKPKey.import_key(self.public_key).as_dict(private=False)
        entry.update({"kid": self.key_id, "use": "sig", "alg": "Ed25519", "status": self.status})
        for name, value in (("not_before", self.not_before), ("not_after", self.not_after)):
            if value is not None:
                entry[name] = iso_utc(value)
        return entry

    def signed_within(self, manifest: Mapping[str, Any]) -> bool:
        """Whether the manifest's ``processed_at`` (when it was signed) lies in this key's window."""
        if self.not_before is None and self.not_after is None:
            return True
        try:
            signed_at = _parse_time(manifest.get("processed_at"), "processed_at")
        except ValueError:
            return False
        if signed_at is None:
            return False
        return (self.not_before is None or signed_at >= self.not_before) and (self.not_after is None or signed_at <= self.not_after)


def parse_retired_keys(text: str | None) -> tuple[PublishedKey, ...]:
    """``CIC_IMAGE_SIGNING_KEYS_RETIRED``: a JSON array of published key entries (see ``from_jwk``)."""
    if text is None or not text.strip():
        return ()
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ValueError("a JSON array of key objects is expected")
    keys = []
    for number, entry in enumerate(entries):
        try:
            keys.append(PublishedKey.from_jwk(entry))
        except ValueError as exc:
            raise ValueError(f"entry {number}: {exc}") from None
    return tuple(keys)


@dataclass(frozen=True)
class SigningKeys:
    """The manifest key (Ed25519), the retired public keys, and the C2PA signer (or no C2PA)."""

    private_key: Ed25519PrivateKey = field(repr=False)
    key_id: str
    c2pa: C2paSigner | None = None
    retired: tuple[PublishedKey, ...] = ()

    @classmethod
    def from_private_key(
        cls, private_key: Ed25519PrivateKey, c2pa: C2paSigner | None = None, retired: tuple[PublishedKey, ...] = ()
    ) -> SigningKeys:
        key_id = key_id_for(private_key.public_key())
        # The current key may already be listed as retired (staged before the switch): it is current.
        return cls(private_key, key_id, c2pa, tuple(k for k in retired if k.key_id != key_id))

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.private_key.public_key()

    def ring(self) -> list[PublishedKey]:
        """The current key first, then the retired ones: what verifies and what is published."""
        return [PublishedKey(self.key_id, self.public_key, "current"), *self.retired]

    def public_keys(self) -> dict[str, Ed25519PublicKey]:
        """``{key_id: public key}`` of the whole ring, the shape ``verify_manifest`` takes."""
        return {k.key_id: k.public_key for k in self.ring()}

    def verify(self, manifest: Mapping[str, Any], signature_b64: str) -> bool:
        """The signature holds under the ring key the manifest names, signed within its window."""
        key = next((k for k in self.ring() if k.key_id == manifest.get("key_id")), None)
        return key is not None and key.signed_within(manifest) and verify_manifest(manifest, signature_b64, {key.key_id: key.public_key})


def load_signing_keys(settings: Any) -> SigningKeys:
    """``CIC_IMAGE_SIGNING_KEY`` (PEM, Ed25519) or a development key under ``<secrets_dir>``; the
    retired public keys of ``CIC_IMAGE_SIGNING_KEYS_RETIRED``; the C2PA chain from
    ``CIC_C2PA_CERT_CHAIN_FILE`` / ``CIC_C2PA_PRIVATE_KEY_FILE`` or a development chain (see
    ``c2pa_signing``). Cheap to call per image: it reads a few small files, and the C2PA signer
    (with its native contexts) is reused while the files' contents are unchanged."""
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
        retired = parse_retired_keys(getattr(settings, "image_signing_keys_retired", None))
    except ValueError as exc:
        raise ConfigurationError(f"CIC_IMAGE_SIGNING_KEYS_RETIRED: {exc}") from exc
    try:
        signer = load_c2pa_signer(settings)
    except C2paConfigurationError as exc:
        raise ConfigurationError(str(exc)) from exc
    return SigningKeys.from_private_key(private_key, signer, retired)
