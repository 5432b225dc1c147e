"""C2PA (Content Credentials) for the watermarked derivative: the certificate chain, signing, reading.

Signing: a ``c2pa.Builder`` embeds a manifest (a ``c2pa.actions`` assertion "created, digital
capture" and our ``cn.cic.capture`` assertion) into the final JPEG, signed with the leaf key of a
certificate chain (ES256 for an EC P-256 key). In production the chain and key come from
``CIC_C2PA_CERT_CHAIN_FILE`` (PEM, leaf first) and ``CIC_C2PA_PRIVATE_KEY_FILE``; otherwise a
development chain (EC P-256 root CA, EC P-256 leaf with extendedKeyUsage emailProtection, which
c2pa requires of a signing leaf) is generated once under ``<secrets_dir>/c2pa/``.

Trust: c2pa-python 0.38 (c2pa-rs 0.91) reports ``Valid`` for a well-formed manifest whose
signer it does not trust (with ``signingCredential.untrusted`` in ``validation_status``), and
``Trusted`` when the chain ends in a configured trust anchor. The reading Context is given our
own root as its only trust anchor (``trust.trust_anchors`` replaces the SDK's list), so
``read_c2pa`` answers VALID only for ``Trusted``: a manifest signed by anyone else is INVALID
with ``signingCredential.untrusted``. The anchor is the last certificate of the chain file (the
root of the dev chain), plus the certificates of ``CIC_C2PA_TRUST_ANCHORS_FILE`` when that
setting exists (earlier roots, after a rotation).

No network: remote manifests, OCSP and the c2pa thumbnail (which costs 70 ms and ~0.5 MB per
image) are turned off. There is no timestamp authority, so validity is judged against the
certificate's own validity period: a leaf that expires makes older images fail validation.

Threads: a ``Builder`` or ``Reader`` serves one call; the ``Context`` objects are shared (the
library guards them for concurrent shared use); each thread gets its own native ``Signer``.
The native calls release the GIL. After ``fork()`` the library refuses objects made by the
parent, so the contexts and signers are made again in a child.
"""

from __future__ import annotations

import io
import json
import os
import secrets
import shutil
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import c2pa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CAPTURE_ASSERTION = "cn.cic.capture"
DIGITAL_CAPTURE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
CLAIM_GENERATOR = {"name": "CIC", "version": "0.1"}

C2paState = Literal["VALID", "INVALID", "ABSENT"]


class C2paConfigurationError(RuntimeError):
    """The configured chain or key cannot be used for signing."""


@dataclass(frozen=True)
class C2paCheck:
    state: C2paState
    image_id: str | None = None
    failures: list[str] = field(default_factory=list)


# --- certificates ---------------------------------------------------------------------------


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CIC Development"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _key_usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signing,
        crl_sign=not signing,
        encipher_only=False,
        decipher_only=False,
    )


def generate_dev_chain(*, days: int = 3650) -> tuple[bytes, bytes, bytes]:
    """(chain PEM leaf+root, leaf private key PEM, root PEM): a fresh development chain."""
    now = datetime.now(UTC) - timedelta(minutes=5)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name("CIC Development C2PA Root")
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=2 * days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(signing=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name("CIC Development Image Signer"))
        .issuer_name(root_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(signing=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    root_pem = root.public_bytes(serialization.Encoding.PEM)
    key_pem = leaf_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return leaf.public_bytes(serialization.Encoding.PEM) + root_pem, key_pem, root_pem


DEV_CHAIN_FILE = "chain.pem"
DEV_KEY_FILE = "signer.key"
DEV_ROOT_FILE = "root.pem"


def dev_chain_files(directory: Path) -> tuple[Path, Path]:
    """The development chain under ``directory`` (created on first use): (chain file, key file).

    Race-safe across processes: the files are written (mode 0600) into a private temporary
    directory that is then renamed to ``directory``; a rename onto an existing, non-empty
    directory fails, so the first writer wins and the others use its files.
    """
    chain, key = directory / DEV_CHAIN_FILE, directory / DEV_KEY_FILE
    if not (chain.exists() and key.exists()):
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = directory.parent / f".{directory.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        tmp.mkdir(mode=0o700)
        try:
            chain_pem, key_pem, root_pem = generate_dev_chain()
            for name, data in ((DEV_CHAIN_FILE, chain_pem), (DEV_KEY_FILE, key_pem), (DEV_ROOT_FILE, root_pem)):
                path = tmp / name
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
            try:
                os.rename(tmp, directory)  # replaces only a missing or empty directory
            except OSError:
                pass  # another process won
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        if not (chain.exists() and key.exists()):
            raise C2paConfigurationError(f"{directory} exists but holds no {DEV_CHAIN_FILE} / {DEV_KEY_FILE}")
    return chain, key


def _algorithm(private_key: Any) -> c2pa.C2paSigningAlg:
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        by_curve = {"secp256r1": c2pa.C2paSigningAlg.ES256, "secp384r1": c2pa.C2paSigningAlg.ES384,
                    "secp521r1": c2pa.C2paSigningAlg.ES512}
        if private_key.curve.name in by_curve:
            return by_curve[private_key.curve.name]
    elif isinstance(private_key, ed25519.Ed25519PrivateKey):
        return c2pa.C2paSigningAlg.ED25519
    elif isinstance(private_key, rsa.RSAPrivateKey):
        return c2pa.C2paSigningAlg.PS256
    raise C2paConfigurationError(f"unsupported C2PA signing key type: {type(private_key).__name__}")


def _spki(public_key: Any) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


# --- contexts -------------------------------------------------------------------------------


def _settings(trust_anchors_pem: str) -> dict[str, Any]:
    return {
        "trust": {"trust_anchors": trust_anchors_pem},
        "verify": {"remote_manifest_fetch": False, "ocsp_fetch": False},
        "builder": {"thumbnail": {"enabled": False}},
    }


class _PerProcess:
    """A c2pa Context made lazily, once per process (library objects do not survive fork)."""

    def __init__(self, trust_anchors_pem: str) -> None:
        self._anchors = trust_anchors_pem
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._context: c2pa.Context | None = None

    def context(self) -> c2pa.Context:
        if self._pid != os.getpid() or self._context is None:
            with self._lock:
                if self._pid != os.getpid() or self._context is None:
                    self._context = c2pa.Context.from_dict(_settings(self._anchors))
                    self._pid = os.getpid()
        return self._context


class C2paSigner:
    """A certificate chain and its leaf key: embeds signed C2PA manifests into JPEGs. Thread-safe."""

    def __init__(self, chain_pem: bytes, private_key_pem: bytes, *, extra_trust_anchors_pem: bytes = b"") -> None:
        try:
            certificates = x509.load_pem_x509_certificates(chain_pem)
            private_key = serialization.load_pem_private_key(private_key_pem, password=None)
        except (ValueError, TypeError) as exc:  # TypeError: an encrypted key
            raise C2paConfigurationError(f"cannot read the C2PA chain or key: {exc}") from exc
        if _spki(certificates[0].public_key()) != _spki(private_key.public_key()):
            raise C2paConfigurationError("the C2PA private key does not belong to the first certificate of the chain")
        self.alg = _algorithm(private_key)
        self.chain_pem = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)
        self._key_pem = private_key.private_bytes(  # PKCS#8 whatever the file's flavour (SEC1, PKCS#1)
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        anchors = certificates[-1].public_bytes(serialization.Encoding.PEM)
        if extra_trust_anchors_pem.strip():
            anchors += b"".join(
                c.public_bytes(serialization.Encoding.PEM) for c in x509.load_pem_x509_certificates(extra_trust_anchors_pem)
            )
        self.trust_anchors_pem = anchors
        self.leaf_not_after = certificates[0].not_valid_after_utc
        self._contexts = _PerProcess(anchors.decode())
        self._local = threading.local()

    def __repr__(self) -> str:
        return f"C2paSigner(alg={self.alg.name}, leaf_not_after={self.leaf_not_after:%Y-%m-%d})"

    def _signer(self) -> c2pa.Signer:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            info = c2pa.C2paSignerInfo(self.alg, self.chain_pem, self._key_pem, None)
            local.signer = c2pa.Signer.from_info(info)
            local.pid = os.getpid()
        return local.signer

    def sign_jpeg(self, jpeg: bytes, definition: dict[str, Any]) -> bytes:
        """The JPEG with ``definition`` embedded as a signed manifest (APP11 segments after SOI)."""
        out = io.BytesIO()
        builder = c2pa.Builder(definition, context=self._contexts.context())
        try:
            builder.sign(self._signer(), "image/jpeg", io.BytesIO(jpeg), out)
        finally:
            builder.close()
        return out.getvalue()

    def read(self, data: bytes) -> C2paCheck:
        return read_c2pa(data, trust_anchors_pem=self.trust_anchors_pem)


def capture_definition(*, title: str, capture: dict[str, Any]) -> dict[str, Any]:
    """The manifest definition for one capture: "created by digital capture" plus our assertion."""
    return {
        "claim_generator_info": [CLAIM_GENERATOR],
        "title": title,
        "format": "image/jpeg",
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": DIGITAL_CAPTURE}]},
            },
            {"label": CAPTURE_ASSERTION, "data": capture},
        ],
    }


def _configured_files(settings: Any) -> tuple[Path, Path, Path | None]:
    chain_file = getattr(settings, "c2pa_cert_chain_file", None)
    key_file = getattr(settings, "c2pa_private_key_file", None)
    if (chain_file is None) != (key_file is None):
        raise C2paConfigurationError("set both CIC_C2PA_CERT_CHAIN_FILE and CIC_C2PA_PRIVATE_KEY_FILE, or neither")
    if chain_file is None:
        chain_file, key_file = dev_chain_files(Path(settings.secrets_dir) / "c2pa")
    anchors_file = getattr(settings, "c2pa_trust_anchors_file", None)
    return Path(chain_file), Path(key_file), Path(anchors_file) if anchors_file else None


@lru_cache(maxsize=4)
def _cached_signer(chain_pem: bytes, key_pem: bytes, extra_anchors_pem: bytes) -> C2paSigner:
    return C2paSigner(chain_pem, key_pem, extra_trust_anchors_pem=extra_anchors_pem)


def load_c2pa_signer(settings: Any) -> C2paSigner:
    """The configured chain, or the development chain under ``<secrets_dir>/c2pa`` (made on first
    use). The same files give the same (cached) signer."""
    chain_file, key_file, anchors_file = _configured_files(settings)
    return _cached_signer(chain_file.read_bytes(), key_file.read_bytes(), anchors_file.read_bytes() if anchors_file else b"")


def trust_anchors_for(settings: Any) -> bytes:
    """The anchors ``read_c2pa`` trusts under these settings (no private key is read)."""
    chain_file, _key_file, anchors_file = _configured_files(settings)
    anchors = x509.load_pem_x509_certificates(chain_file.read_bytes())[-1].public_bytes(serialization.Encoding.PEM)
    if anchors_file is not None:
        anchors += anchors_file.read_bytes()
    return anchors


# --- reading --------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _reader_contexts(trust_anchors_pem: bytes) -> _PerProcess:
    return _PerProcess(trust_anchors_pem.decode())


def _has_c2pa_marker(data: bytes) -> bool:
    return b"c2pa" in data and (b"jumb" in data or b"jumd" in data)


def _failure_codes(store: dict[str, Any]) -> list[str]:
    codes: list[str] = []
    results = store.get("validation_results") or {}
    active = results.get("activeManifest") or {}
    for item in active.get("failure") or []:
        codes.append(item.get("code", "unknown"))
    for delta in results.get("ingredientDeltas") or []:
        for item in (delta.get("validationDeltas") or {}).get("failure") or []:
            codes.append(item.get("code", "unknown"))
    for item in store.get("validation_status") or []:
        codes.append(item.get("code", "unknown"))
    return list(dict.fromkeys(codes))


def _capture_image_id(store: dict[str, Any]) -> str | None:
    manifest = (store.get("manifests") or {}).get(store.get("active_manifest") or "") or {}
    for assertion in manifest.get("assertions") or []:
        if assertion.get("label") == CAPTURE_ASSERTION:
            value = (assertion.get("data") or {}).get("image_id")
            return str(value) if value is not None else None
    return None


def read_c2pa(data: bytes, *, trust_anchors_pem: bytes | None = None) -> C2paCheck:
    """Validate the C2PA manifest embedded in ``data`` (any format c2pa reads; ours are JPEG).

    VALID: the manifest validates and its signer chains to one of ``trust_anchors_pem`` (by
    default the anchors of the configured or development chain, see ``default_trust_anchors``).
    INVALID: a manifest is there but fails validation (a changed pixel byte gives
    ``assertion.dataHash.mismatch``), is signed by an untrusted certificate
    (``signingCredential.untrusted``), or cannot be parsed (the c2pa error is the failure).
    ABSENT: no manifest (a file re-saved by an editor or by Pillow loses it).
    """
    anchors = trust_anchors_pem if trust_anchors_pem is not None else default_trust_anchors()
    try:
        reader = c2pa.Reader(None, io.BytesIO(data), None, _reader_contexts(anchors).context())
        try:
            store = json.loads(reader.json())
        finally:
            reader.close()
    except (c2pa.C2paError, ValueError) as exc:
        if _has_c2pa_marker(data):
            return C2paCheck("INVALID", None, [f"{type(exc).__name__.lstrip('_')}: {exc}"[:300]])
        return C2paCheck("ABSENT", None, [])
    state = store.get("validation_state")
    image_id = _capture_image_id(store)
    failures = _failure_codes(store)
    if state == "Trusted" and not failures:
        return C2paCheck("VALID", image_id, [])
    if state == "Valid" and "signingCredential.untrusted" not in failures:
        failures.append("signingCredential.untrusted")
    return C2paCheck("INVALID", image_id, failures or [f"validation_state {state}"])


def default_trust_anchors() -> bytes:
    """The anchors of the application's settings (``backend.config.get_settings()``)."""
    from backend.config import get_settings

    return trust_anchors_for(get_settings())
