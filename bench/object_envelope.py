"""Cost of the object envelope (``backend.images.envelope``): seal and open per MB, one core.

Random bytes (incompressible, like JPEG) of 1, 4 and 20 MB, sealed and opened ``--rounds``
times each with one field key; no object store involved. Prints one JSON object. Usage:

    uv run python bench/object_envelope.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from backend.auth.fieldcrypt import FieldCipher  # noqa: E402
from backend.images.envelope import seal, unseal  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    cipher = FieldCipher(keys=(("k1", os.urandom(32)),), index_key=os.urandom(32))
    key = "originals/1/00000000-0000-0000-0000-000000000000/00000000-0000-0000-0000-000000000000"
    sizes = {}
    for megabytes in (1, 4, 20):
        data = os.urandom(megabytes * 1024 * 1024)
        started = time.perf_counter()
        for _ in range(args.rounds):
            blob = seal(data, key=key, cipher=cipher)
        sealed = time.perf_counter() - started
        started = time.perf_counter()
        for _ in range(args.rounds):
            assert unseal(blob, key=key, cipher=cipher) == data
        opened = time.perf_counter() - started
        sizes[f"{megabytes}MB"] = {
            "seal_ms_per_mb": round(1000 * sealed / args.rounds / megabytes, 2),
            "open_ms_per_mb": round(1000 * opened / args.rounds / megabytes, 2),
            "overhead_bytes": len(blob) - len(data),
        }
    print(json.dumps({"rounds": args.rounds, "sizes": sizes}))


if __name__ == "__main__":
    main()
