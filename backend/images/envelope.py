"""Envelope encryption of stored objects: a random data key per object, wrapped by the field keys.

Layout of a sealed object::

    MAGIC (8) | wrapped length (2, big-endian) | wrapped data key | nonce (12) | AES-256-GCM ciphertext + tag

* The data key is 32 random bytes, new for every write; the body is AES-256-GCM under it with
  ``MAGIC + object key`` as associated data.
* The wrapped data key is ``FieldCipher.encrypt_bytes(data key, context="object:<object key>")``:
  it names the field key that wrapped it (``CIC_FIELD_ENCRYPTION_KEYS``: the first wraps, all
  unwrap), so rotating the field keys keeps old objects readable as long as the old key stays
  configured. Both layers bind the object key: an object copied to another key does not open.
* Anything that does not start with ``MAGIC`` is an object stored before encryption (plaintext)
  and is returned as it is. ``MAGIC`` starts with a byte that no JPEG (``FF D8``), PNG
  (``89 50``) or WebP (``RIFF``) file starts with.
"""

from __future__ import annotations

import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from backend.auth.fieldcrypt import DecryptionError, FieldCipher

MAGIC = b"\x00CICENV1"
_LENGTH = struct.Struct(">H")
_HEADER_MIN = len(MAGIC) + _LENGTH.size
NONCE_BYTES = 12


class ObjectUndecryptable(Exception):
    """A sealed object that no configured field key opens (or that was changed or moved)."""


def _context(key: str) -> str:
    return f"object:{key}"


def seal(data: bytes, *, key: str, cipher: FieldCipher) -> bytes:
    data_key = AESGCM.generate_key(bit_length=256)
    wrapped = cipher.encrypt_bytes(data_key, context=_context(key))
    nonce = os.urandom(NONCE_BYTES)
    body = AESGCM(data_key).encrypt(nonce, data, MAGIC + key.encode())
    return MAGIC + _LENGTH.pack(len(wrapped)) + wrapped + nonce + body


def is_sealed(blob: bytes) -> bool:
    return blob.startswith(MAGIC)


def wrapping_key_id(blob: bytes) -> str | None:
    """The field key id that wrapped a sealed object's data key (None for plaintext)."""
    if not is_sealed(blob) or len(blob) < _HEADER_MIN + 1:
        return None
    wrapped = blob[_HEADER_MIN:]
    return wrapped[1 : 1 + wrapped[0]].decode(errors="replace")


def unseal(blob: bytes, *, key: str, cipher: FieldCipher) -> bytes:
    """The plaintext of a sealed object; a plaintext (pre-encryption) object as it is."""
    if not is_sealed(blob):
        return blob
    try:
        (length,) = _LENGTH.unpack_from(blob, len(MAGIC))
        wrapped = blob[_HEADER_MIN : _HEADER_MIN + length]
        nonce_at = _HEADER_MIN + length
        if len(wrapped) != length or len(blob) < nonce_at + NONCE_BYTES + 16:
            raise ObjectUndecryptable(f"{key}: truncated envelope")
        data_key = cipher.decrypt_bytes(wrapped, context=_context(key))
        nonce = blob[nonce_at : nonce_at + NONCE_BYTES]
        return AESGCM(data_key).decrypt(nonce, blob[nonce_at + NONCE_BYTES :], MAGIC + key.encode())
    except (DecryptionError, InvalidTag, ValueError, IndexError, struct.error) as exc:
        raise ObjectUndecryptable(f"{key}: {type(exc).__name__}") from exc
