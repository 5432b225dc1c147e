"""Image processing throughput: the watermarked derivative of 12-megapixel photos on one core.

Synthesizes up to 8 distinct photo-like JPEGs (4000x3000, quality 90: smooth colour fields plus
sensor-like noise, so the codec works as on a real photo) and cycles through them for
``--count`` images, running
``backend.images.processing.process_image`` on each, sequentially in this process (one core):
decode, resize, mark, encode, thumbnail, C2PA embedding, manifest signature. Two warm-up images
(font and seal caches, c2pa contexts) are not counted. Needs no database. Prints one JSON
object. Usage:

    uv run python bench/images_process.py [--count 30] [--max-edge 2560] [--quality 85]

Peak RSS is this process's maximum resident set size; the inputs are synthesized in a child
process, so it is the processing's (plus the interpreter, numpy, Pillow and the c2pa library,
reported as ``peak_rss_mb_before_processing``).
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def synthetic_photo(width: int, height: int, seed: int, quality: int = 90) -> bytes:
    """A photo-like JPEG: low-frequency colour fields and Gaussian noise, built in row bands."""
    rng = np.random.default_rng(seed)
    phase = rng.uniform(0, 2 * np.pi, 6)
    freq = rng.uniform(1.0, 4.0, 6)
    pixels = np.empty((height, width, 3), dtype=np.uint8)
    x = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    for top in range(0, height, 256):
        rows = min(256, height - top)
        y = np.linspace(top / height, (top + rows) / height, rows, endpoint=False, dtype=np.float32)[:, None]
        for c in range(3):
            field = (
                128
                + 70 * np.sin(freq[c] * 3.1 * x + phase[c]) * np.cos(freq[c + 3] * 2.3 * y + phase[c + 3])
                + 40 * np.sin(5.0 * (x + y) + phase[c])
            )
            field += rng.normal(0, 10, (rows, width)).astype(np.float32)
            pixels[top : top + rows, :, c] = np.clip(field, 0, 255)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=quality)
    return out.getvalue()


def run(args: argparse.Namespace) -> dict[str, Any]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from backend.images.c2pa_signing import C2paSigner, dev_chain_files
    from backend.images.manifest import SigningKeys
    from backend.images.processing import CaptureRecord, WatermarkSpec, process_image

    with tempfile.TemporaryDirectory(prefix="cic-bench-images-") as tmp:
        chain, key = dev_chain_files(Path(tmp) / "c2pa")
        keys = SigningKeys.from_private_key(
            Ed25519PrivateKey.generate(),
            None if args.no_c2pa else C2paSigner(chain.read_bytes(), key.read_bytes()),
        )
    mark = WatermarkSpec("福州农村商业银行", "3501**********1234", "FZ01001")
    warmup = 2
    # Synthesized in a child process, so that this process's peak RSS is the processing's.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        seeds = range(min(args.count + warmup, 8))
        inputs = list(pool.map(synthetic_photo, [args.width] * len(seeds), [args.height] * len(seeds), seeds))
    taken = datetime(2026, 11, 29, 2, 21, 5, tzinfo=UTC)
    rss_before_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    timings: list[float] = []
    out_bytes: list[int] = []
    cpu_started = time.process_time()
    started = time.perf_counter()
    for i in range(args.count + warmup):
        capture = CaptureRecord(
            image_id=str(uuid.uuid4()),
            bank_id=1,
            bank_code="FJ-FZ",
            customer_id=str(uuid.uuid4()),
            kind="ID_FRONT",
            taken_at=taken + timedelta(seconds=i),
            received_at=taken + timedelta(seconds=i + 30),
            staff_id=7,
            staff_no="FZ01001",
            latitude=26.07412,
            longitude=119.29647,
            accuracy_m=12.0,
            device_id="pad-0001",
        )
        t0 = time.perf_counter()
        result = process_image(
            inputs[i % len(inputs)], capture, mark, keys, max_edge=args.max_edge, quality=args.quality
        )
        elapsed = time.perf_counter() - t0
        if i == warmup - 1:
            started, cpu_started = time.perf_counter(), time.process_time()
        if i >= warmup:
            timings.append(elapsed * 1000)
            out_bytes.append(len(result.image))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    return {
        "benchmark": "images_process",
        "taken": datetime.now(UTC).date().isoformat(),
        "scale": f"{args.width}x{args.height} JPEG q90 -> max edge {args.max_edge}, q{args.quality}"
        + (", no C2PA" if args.no_c2pa else ", C2PA"),
        "images": len(timings),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2),
        "images_per_second_per_core": round(len(timings) / seconds, 2),
        "p50_ms": round(percentile(timings, 50), 1),
        "p99_ms": round(percentile(timings, 99), 1),
        "mean_ms": round(statistics.fmean(timings), 1),
        "input_kb_mean": round(statistics.fmean(len(b) for b in inputs) / 1024),
        "output_kb_mean": round(statistics.fmean(out_bytes) / 1024),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_rss_mb_before_processing": rss_before_mb,
        "cpu": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=30, help="images to time (after 2 warm-up images)")
    parser.add_argument("--max-edge", type=int, default=2560)
    parser.add_argument("--quality", type=int, default=85)
    parser.add_argument("--width", type=int, default=4000)
    parser.add_argument("--height", type=int, default=3000)
    parser.add_argument("--no-c2pa", action="store_true", help="skip the C2PA embedding")
    args = parser.parse_args()
    print(json.dumps(run(args), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
