"""The image-processing core: inspection, the watermarked derivative, the signed manifest, C2PA.

Pure and synchronous: no database, no fixtures from tests/conftest.py.
"""

from __future__ import annotations

import io
import json
import os
import stat
import struct
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image, ImageDraw
from pydantic import SecretStr

from backend.config import ConfigurationError
from backend.images import processing
from backend.images.c2pa_signing import (
    C2paSigner,
    capture_definition,
    dev_chain_files,
    generate_dev_chain,
    read_c2pa,
    trust_anchors_for,
)
from backend.images.manifest import (
    PublishedKey,
    SigningKeys,
    canonical_bytes,
    key_id_for,
    load_signing_keys,
    parse_retired_keys,
    sign_manifest,
    verify_manifest,
)
from backend.images.processing import (
    CaptureRecord,
    ImageLimits,
    ImageRejected,
    WatermarkSpec,
    _font,
    _watermark_fields,
    band_layout,
    inspect_upload,
    process_image,
    seal_text,
    watermark_lines,
)

TAKEN = datetime(2026, 11, 29, 2, 21, 5, tzinfo=UTC)
MARK = WatermarkSpec("福州农村商业银行", "3501**********1234", "FZ01001")


# --- inputs ---------------------------------------------------------------------------------


def photo(width: int, height: int, seed: int = 0) -> Image.Image:
    """Smooth colour fields plus noise: compresses like a photo, not like a flat colour."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    r = 128 + 80 * np.sin(x / width * 3.0) * np.cos(y / height * 2.0)
    g = 120 + 60 * np.cos((x - y) / (width + height) * 5.0)
    b = 110 + 50 * np.sin((x + y) / (width + height) * 4.0)
    arr = np.stack([r, g, b], -1) + rng.normal(0, 8, (height, width, 3))
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def encode(img: Image.Image, fmt: str = "JPEG", **params) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **params)
    return out.getvalue()


def png_bytes(width: int, height: int) -> bytes:
    """A real 1-bit greyscale PNG of zeros: huge dimensions compress to a few kilobytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row * 1000) for _ in range(height // 1000))
    idat += compressor.compress(row * (height % 1000)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def jpeg_segments(data: bytes) -> list[int]:
    """The marker codes from SOI up to SOS."""
    assert data[:2] == b"\xff\xd8"
    markers, pos = [], 2
    while pos < len(data):
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        markers.append(marker)
        if marker == 0xDA:
            break
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
    return markers


def capture(**changes) -> CaptureRecord:
    record = CaptureRecord(
        image_id="6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f",
        bank_id=3,
        bank_code="FJ-FZ",
        customer_id="0b7e9a52-1f0c-4b8e-9d3a-5c6e7f8a9b0c",
        kind="ID_FRONT",
        taken_at=TAKEN,
        received_at=TAKEN + timedelta(minutes=3),
        staff_id=42,
        staff_no="FZ01001",
        latitude=26.07412,
        longitude=119.29647,
        accuracy_m=12.0,
        device_id="pad-0001",
    )
    return replace(record, **changes)


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> SigningKeys:
    chain, key = dev_chain_files(tmp_path_factory.mktemp("secrets") / "c2pa")
    return SigningKeys.from_private_key(Ed25519PrivateKey.generate(), C2paSigner(chain.read_bytes(), key.read_bytes()))


@pytest.fixture(scope="module")
def original() -> bytes:
    return encode(photo(1600, 1200), quality=90)


@pytest.fixture(scope="module")
def processed(original, keys):
    return process_image(original, capture(), MARK, keys, max_edge=1024)


# --- inspection -----------------------------------------------------------------------------


def _rejected(data: bytes, limits: ImageLimits = ImageLimits()) -> ImageRejected:
    with pytest.raises(ImageRejected) as info:
        inspect_upload(data, limits)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.message), info.value.message
    return info.value


def test_empty_file() -> None:
    assert _rejected(b"").code == "EMPTY_FILE"


def test_too_large_counts_bytes() -> None:
    data = encode(photo(64, 64))
    error = _rejected(data, ImageLimits(max_bytes=len(data) - 1))
    assert (error.code, error.limit) == ("TOO_LARGE", len(data) - 1)
    assert inspect_upload(data, ImageLimits(max_bytes=len(data))).format == "JPEG"


def test_not_an_image() -> None:
    assert _rejected("客户身份证号码清单\n".encode() * 50).code == "NOT_AN_IMAGE"


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_unsupported_formats(fmt: str) -> None:
    assert _rejected(encode(photo(32, 32), fmt)).code == "UNSUPPORTED_FORMAT"


def test_too_many_pixels_is_read_from_the_header_before_decoding() -> None:
    whole = encode(photo(200, 100))
    error = _rejected(whole[: len(whole) // 2], ImageLimits(max_pixels=19_999))  # truncated, yet not decoded
    assert (error.code, error.limit) == ("TOO_MANY_PIXELS", 19_999)
    assert inspect_upload(whole, ImageLimits(max_pixels=20_000)).width == 200


@pytest.mark.parametrize("side", [20_000, 10_000])  # over 2x Pillow's limit (error), over 1x (warning)
def test_decompression_bomb(side: int) -> None:
    data = png_bytes(side, side)
    assert len(data) < 100_000
    assert _rejected(data, ImageLimits(max_pixels=10**10)).code == "DECOMPRESSION_BOMB"


def test_truncated_jpeg_and_png() -> None:
    jpeg = encode(photo(100, 100))
    assert _rejected(jpeg[: len(jpeg) // 2]).code == "TRUNCATED"
    png = encode(photo(100, 100), "PNG")
    assert _rejected(png[: len(png) // 2]).code == "TRUNCATED"


def test_accepted_formats_and_exif_facts() -> None:
    img = photo(400, 200)
    exif = Image.Exif()
    exif[0x0112] = 6
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = "2026:11:29 10:21:05"
    sub[0x9011] = "+08:00"
    info = inspect_upload(encode(img, exif=exif))
    assert (info.format, info.content_type) == ("JPEG", "image/jpeg")
    assert (info.width, info.height) == (200, 400)  # as displayed
    assert info.exif_taken_at == TAKEN
    assert inspect_upload(encode(img, "PNG")).content_type == "image/png"
    assert inspect_upload(encode(img, "WEBP")).content_type == "image/webp"
    assert inspect_upload(encode(img)).exif_taken_at is None


# --- the derivative -------------------------------------------------------------------------


def _gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "TestPhone"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (26.0, 4.0, 26.83)
    gps[3], gps[4] = "E", (119.0, 17.0, 47.29)
    return exif


def test_exif_orientation_is_honoured(keys) -> None:
    img = Image.new("RGB", (400, 200), (0, 0, 230))
    ImageDraw.Draw(img).rectangle((0, 0, 199, 199), fill=(230, 0, 0))  # left half red
    result = process_image(encode(img, exif=_gps_exif(orientation=6)), capture(), MARK, keys)
    out = np.asarray(Image.open(io.BytesIO(result.image)).convert("RGB")).astype(int)
    assert (result.width, result.height) == (200, 400) == out.shape[1::-1]
    top, lower = out[10:150].mean(axis=(0, 1)), out[210:260].mean(axis=(0, 1))
    assert top[0] > top[2] + 100  # 90 degrees clockwise: the left (red) half is now on top
    assert lower[2] > lower[0] + 100


def test_derivatives_carry_no_exif_gps_or_comment(keys) -> None:
    data = encode(photo(800, 600), exif=_gps_exif(), comment=b"lat 26.07412", quality=90)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)[1] == "N"  # the original has GPS
    result = process_image(data, capture(), MARK, keys)
    for derivative in (result.image, result.thumbnail):
        with Image.open(io.BytesIO(derivative)) as img:
            assert len(img.getexif()) == 0
            assert not {"exif", "xmp", "comment"} & set(img.info)
        assert 0xE1 not in jpeg_segments(derivative)  # no APP1 (EXIF, XMP) at all
        assert b"26.07412" not in derivative and b"TestPhone" not in derivative
    assert 0xEB in jpeg_segments(result.image)  # APP11: the C2PA manifest
    assert 0xEB not in jpeg_segments(result.thumbnail)


def test_sizes(processed) -> None:
    assert (processed.width, processed.height) == (1024, 768)
    with Image.open(io.BytesIO(processed.image)) as img:
        assert img.size == (1024, 768) and img.format == "JPEG"
    assert (processed.thumbnail_width, processed.thumbnail_height) == (320, 240)


@pytest.fixture(scope="module")
def unmarked(original, keys) -> np.ndarray:
    """The derivative's pixels as the same pipeline makes them without the mark."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(processing, "apply_watermark", lambda img, capture, mark: None)
        result = process_image(original, capture(), MARK, replace(keys, c2pa=None), max_edge=1024)
    return np.asarray(Image.open(io.BytesIO(result.image)).convert("RGB")).astype(int)


def test_watermark_is_drawn(processed, unmarked) -> None:
    marked = np.asarray(Image.open(io.BytesIO(processed.image)).convert("RGB")).astype(int)
    layout = band_layout(1024, 768, _watermark_fields(capture(), MARK))
    band = slice(768 - layout.height + 4, 768)
    assert np.abs(marked[band] - unmarked[band]).mean() > 40  # the dark band
    assert (marked[band].min(axis=2) > 225).sum() > 2000  # white text in it
    above = slice(0, 768 - layout.height)
    diff = marked[above] - unmarked[above]
    changed = np.abs(diff).max(axis=2) > 12
    assert 0.08 < changed.mean() < 0.6  # the seals cover part of the image, all over it
    assert changed[:, :300].mean() > 0.05 and changed[:, -300:].mean() > 0.05 and changed[:200].mean() > 0.05
    red = diff[changed].mean(axis=0)
    assert red[0] > red[1] + 10 and red[0] > red[2] + 10  # red seals


def test_text_is_legible_and_every_glyph_exists() -> None:
    layout = band_layout(1024, 768, _watermark_fields(capture(), MARK))
    assert layout.font_size >= 18 and layout.two_columns
    for record, mark in [
        (capture(), MARK),
        (capture(latitude=None, longitude=None, accuracy_m=None), MARK),
        (capture(latitude=-33.86, longitude=-151.2), replace(MARK, bank_name="福建省农村信用社联合社")),
    ]:
        lines = watermark_lines(record, mark)
        font = _font(layout.font_size)
        text = "".join(lines) + seal_text(mark.bank_name)
        missing = {ch for ch in text if not ch.isspace() and font.getmask(ch).getbbox() is None}
        assert not missing, missing
    assert watermark_lines(capture(), MARK)[:4] == [
        "拍摄时间 2026-11-29 10:21:05 (UTC+8)",
        "位置 26.07412°N 119.29647°E ±12m",
        "证件号 3501**********1234",
        "客户经理 FZ01001",
    ]
    assert "位置 未提供" in watermark_lines(capture(latitude=None, longitude=None), MARK)


def test_a_supplied_logo_is_used(original, keys, unmarked) -> None:
    logo = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    ImageDraw.Draw(logo).rectangle((8, 8, 56, 56), fill=(0, 160, 0, 255))
    with_logo = process_image(original, capture(), replace(MARK, logo=logo), keys, max_edge=1024)
    marked = np.asarray(Image.open(io.BytesIO(with_logo.image)).convert("RGB")).astype(int)
    diff = (marked - unmarked)[:500]
    changed = np.abs(diff).max(axis=2) > 12
    assert changed.mean() > 0.05
    green = diff[changed].mean(axis=0)
    assert green[1] > green[0] + 10  # green squares, not the red seal


# --- manifest -------------------------------------------------------------------------------


def test_manifest_signature_verifies_and_any_change_breaks_it(processed, keys) -> None:
    manifest = processed.manifest
    assert manifest["schema"] == "cic.image-capture/1"
    assert manifest["image_sha256"] == processed.image_sha256 == __import__("hashlib").sha256(processed.image).hexdigest()
    assert manifest["taken_at"] == "2026-11-29T02:21:05.000Z" and manifest["processed_at"].endswith("Z")
    assert manifest["c2pa"] is True and manifest["key_id"] == keys.key_id
    assert verify_manifest(manifest, processed.signature, keys.public_keys())
    for name, value in manifest.items():
        changed = dict(manifest)
        if isinstance(value, bool):
            changed[name] = not value
        elif isinstance(value, int):
            changed[name] = value + 1
        elif isinstance(value, float):
            changed[name] = value + 1e-5
        elif value is None:
            changed[name] = "x"
        else:
            changed[name] = value[:-1] + ("0" if value[-1] != "0" else "1")
        assert canonical_bytes(changed) != canonical_bytes(manifest)
        assert not verify_manifest(changed, processed.signature, {**keys.public_keys(), changed["key_id"]: keys.public_key}), name
    other = Ed25519PrivateKey.generate().public_key()
    assert not verify_manifest(manifest, processed.signature, {keys.key_id: other})
    assert not verify_manifest(manifest, processed.signature, {})
    assert not verify_manifest(manifest, "not base64!", keys.public_keys())


def _pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()


def test_a_rotated_key_ring_verifies_by_key_id(processed, keys, tmp_path) -> None:
    signed_by_a = processed.manifest
    key_a = PublishedKey(keys.key_id, keys.public_key, "current")
    b = Ed25519PrivateKey.generate()
    retired_a = {**key_a.jwk(), "not_after": "2099-01-01T00:00:00Z"}  # copied from the published ring
    rotated = load_signing_keys(
        _settings(tmp_path, image_signing_key=SecretStr(_pem(b)), image_signing_keys_retired=json.dumps([retired_a]))
    )
    assert [(k.key_id, k.status) for k in rotated.ring()] == [(key_id_for(b.public_key()), "current"), (keys.key_id, "retired")]
    signed_by_b = {**signed_by_a, "key_id": rotated.key_id}
    assert rotated.verify(signed_by_a, processed.signature)
    assert rotated.verify(signed_by_b, sign_manifest(signed_by_b, b))

    # Without A in the ring its manifests name an unknown key: not authentic.
    dropped = load_signing_keys(_settings(tmp_path, image_signing_key=SecretStr(_pem(b))))
    assert not dropped.verify(signed_by_a, processed.signature)
    assert dropped.verify(signed_by_b, sign_manifest(signed_by_b, b))

    # A retired key verifies only what it signed within its window.
    expired = SigningKeys.from_private_key(b, retired=(replace(rotated.retired[0], not_after=TAKEN),))
    assert not expired.verify(signed_by_a, processed.signature)  # processed_at is after TAKEN
    # Staging the old key as retired before the switch leaves it current.
    staged = SigningKeys.from_private_key(keys.private_key, retired=rotated.retired)
    assert [k.status for k in staged.ring()] == ["current"]


@pytest.mark.parametrize(
    "value, message",
    [
        ("not json", "not JSON"),
        ('{"x": "abc"}', "JSON array"),
        ('[{"kty": "RSA", "x": "abc"}]', "entry 0: an Ed25519 key"),
        ('[{"x": "abc"}]', "entry 0: An Ed25519 public key is 32 bytes"),
        ('[{"x": "j5XQPgzYVrFigHUK4wd9jKN_LK9WVvziEcmQHCn6Kek", "kid": "0000000000000000"}]', "is not the id of this key"),
        ('[{"x": "j5XQPgzYVrFigHUK4wd9jKN_LK9WVvziEcmQHCn6Kek", "not_after": "2026-01-01"}]', "needs a time zone"),
    ],
)
def test_a_bad_retired_key_ring_is_refused_at_start(tmp_path, value, message) -> None:
    with pytest.raises(ValueError, match=message):
        parse_retired_keys(value)
    with pytest.raises(ConfigurationError, match="CIC_IMAGE_SIGNING_KEYS_RETIRED"):
        load_signing_keys(_settings(tmp_path, image_signing_keys_retired=value))


def test_published_key_entries_round_trip(keys) -> None:
    entry = PublishedKey(keys.key_id, keys.public_key, "retired", not_before=TAKEN, not_after=TAKEN + timedelta(days=1)).jwk()
    assert entry == {
        "kty": "OKP", "crv": "Ed25519", "x": entry["x"], "kid": keys.key_id, "use": "sig", "alg": "Ed25519",
        "status": "retired", "not_before": "2026-11-29T02:21:05.000Z", "not_after": "2026-11-30T02:21:05.000Z",
    }
    (again,) = parse_retired_keys(json.dumps([entry]))
    assert again.jwk() == entry


def test_same_input_twice(original, keys) -> None:
    """Deterministic: pixels, thumbnail, every manifest field but processed_at and image_sha256
    (the C2PA manifest has a random URN and a randomized ECDSA signature)."""
    first = process_image(original, capture(), MARK, keys, max_edge=1024, now=TAKEN + timedelta(hours=1))
    second = process_image(original, capture(), MARK, keys, max_edge=1024, now=TAKEN + timedelta(hours=2))
    assert first.image != second.image
    volatile = {"processed_at", "image_sha256"}
    assert {k: v for k, v in first.manifest.items() if k not in volatile} == {
        k: v for k, v in second.manifest.items() if k not in volatile
    }
    assert first.thumbnail == second.thumbnail
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(first.image))), np.asarray(Image.open(io.BytesIO(second.image))))
    plain_keys = replace(keys, c2pa=None)
    third = process_image(original, capture(), MARK, plain_keys, max_edge=1024, now=TAKEN)
    fourth = process_image(original, capture(), MARK, plain_keys, max_edge=1024, now=TAKEN)
    assert third.image == fourth.image and third.manifest == fourth.manifest and third.signature == fourth.signature
    assert third.manifest["c2pa"] is False and 0xEB not in jpeg_segments(third.image)


# --- C2PA -----------------------------------------------------------------------------------


def test_c2pa_valid_with_our_image_id(processed, keys) -> None:
    check = keys.c2pa.read(processed.image)
    assert (check.state, check.image_id, check.failures) == ("VALID", capture().image_id, [])


def test_c2pa_one_pixel_byte_changed_is_invalid(processed, keys) -> None:
    data = bytearray(processed.image)
    sos = data.rfind(b"\xff\xda")
    pos = (sos + len(data)) // 2
    while data[pos] in (0x00, 0xFE, 0xFF) or data[pos - 1] == 0xFF:  # stay inside entropy-coded data
        pos += 1
    data[pos] ^= 0x01
    check = keys.c2pa.read(bytes(data))
    assert check.state == "INVALID" and "assertion.dataHash.mismatch" in check.failures


def test_c2pa_changed_manifest_is_invalid(processed, keys) -> None:
    sos = processed.image.rfind(b"\xff\xda")
    data = bytearray(processed.image)
    at = data.find(capture().image_id.encode())
    assert 0 < at < sos  # inside the manifest (APP11), not the pixels
    data[at] = ord("7") if data[at] != ord("7") else ord("8")
    check = keys.c2pa.read(bytes(data))
    assert check.state == "INVALID" and check.failures
    # A changed byte in a box label: the library cannot parse the manifest and raises.
    data = bytearray(processed.image)
    at = data.find(b"cn.cic.capture")
    assert 0 < at < sos
    data[at + 3] ^= 0x20
    check = keys.c2pa.read(bytes(data))
    assert check.state == "INVALID" and check.failures and check.failures[0].startswith("C2paAssertionNotFound")


def test_c2pa_absent_after_resave_and_on_plain_files(processed, keys) -> None:
    resaved = encode(Image.open(io.BytesIO(processed.image)), quality=95)
    assert keys.c2pa.read(resaved).state == "ABSENT"
    assert keys.c2pa.read(encode(photo(64, 64), "PNG")).state == "ABSENT"
    assert read_c2pa(b"plain text", trust_anchors_pem=keys.c2pa.trust_anchors_pem).state == "ABSENT"


def test_c2pa_signed_by_another_chain_is_not_trusted(processed, keys) -> None:
    chain, key, _root = generate_dev_chain()
    stranger = C2paSigner(chain, key)
    with Image.open(io.BytesIO(processed.image)) as img:
        plain = encode(img)
    forged = stranger.sign_jpeg(plain, capture_definition(title="x.jpg", capture={"image_id": capture().image_id}))
    assert stranger.read(forged).state == "VALID"
    check = keys.c2pa.read(forged)
    assert check.state == "INVALID" and "signingCredential.untrusted" in check.failures


# --- keys -----------------------------------------------------------------------------------


def _settings(tmp_path: Path, **values) -> SimpleNamespace:
    return SimpleNamespace(secrets_dir=tmp_path / "secrets", **values)


def test_dev_keys_are_generated_once_private_and_reused(tmp_path) -> None:
    settings = _settings(tmp_path)
    first = load_signing_keys(settings)
    again = load_signing_keys(settings)
    assert first.key_id == again.key_id and len(first.key_id) == 16
    assert first.c2pa is again.c2pa  # the same files: the same signer (its native contexts are reused)
    assert trust_anchors_for(settings) == first.c2pa.trust_anchors_pem
    for path in [settings.secrets_dir / "image_ed25519.pem", *(settings.secrets_dir / "c2pa").iterdir()]:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


def test_dev_chain_creation_is_race_safe(tmp_path) -> None:
    directory = tmp_path / "c2pa"
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: dev_chain_files(directory), range(8)))
    chains = {chain.read_bytes() for chain, _ in results}
    assert len(chains) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c2pa"]  # no temporary directory left


def test_configured_keys(tmp_path) -> None:
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    chain, key = dev_chain_files(tmp_path / "prod")
    configured = load_signing_keys(
        _settings(tmp_path, image_signing_key=SecretStr(pem.decode()), c2pa_cert_chain_file=chain, c2pa_private_key_file=key)
    )
    expected = serialization.load_pem_private_key(pem, None).public_key()
    assert configured.public_key.public_bytes_raw() == expected.public_bytes_raw()
    assert configured.c2pa.chain_pem == chain.read_bytes()
    assert not (tmp_path / "secrets").exists()  # nothing generated
    with pytest.raises(ConfigurationError):
        load_signing_keys(_settings(tmp_path, c2pa_cert_chain_file=chain))
    _, other_key, _ = generate_dev_chain()
    (tmp_path / "other.key").write_bytes(other_key)
    with pytest.raises(ConfigurationError):
        load_signing_keys(_settings(tmp_path, c2pa_cert_chain_file=chain, c2pa_private_key_file=tmp_path / "other.key"))


def test_naive_capture_times_are_refused() -> None:
    with pytest.raises(ValueError):
        capture(taken_at=datetime(2026, 11, 29, 10, 21, 5))
    assert capture(image_id=str(uuid.uuid4())).taken_at.tzinfo is not None
