"""Time-ordered row ids (UUIDv7, RFC 9562) for the tables keyed by a UUID that grow with the
province: an archive's id starts with the millisecond it was written, so that ids follow the order
rows are inserted in. The primary key's B-tree then grows at its right edge instead of splitting
pages all over (a random UUIDv4 key touched a random leaf per insert: most of the seeding's
server time), and a range of ids is a range of the table's blocks: the quarterly rating batch,
which rates a bank in chunks of consecutive ids, reads each chunk's archives from neighbouring
blocks instead of one block per archive (docs/architecture.md, "Row ids").

Layout (RFC 9562 §5.7, with the fixed-length counter of §6.2 method 1): 48 bits of Unix
milliseconds, the version (7), a 12-bit counter in ``rand_a``, the variant, 62 random bits. A
batch steps the millisecond every 4,096 ids; ids of one process never go backwards, even across
batches. An id a client made (a PAD names the archive it creates offline, with a UUIDv7 by the
tablet's clock) is kept as it is: the order only helps, nothing depends on it.

Python gains ``uuid.uuid7`` in 3.14, one id at a time; the seeding needs a million at once, so
both come from the vectorized ``new_ids``.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

import numpy as np

_COUNTER = 4096  # ids per millisecond before the next one is taken
_lock = threading.Lock()
_last_ms = 0


def new_ids(n: int) -> list[uuid.UUID]:
    """``n`` fresh UUIDv7s in increasing order, after every id this process made before."""
    global _last_ms
    if n <= 0:
        return []
    with _lock:
        start = max(time.time_ns() // 1_000_000, _last_ms + 1)
        _last_ms = start + (n - 1) // _COUNTER
    i = np.arange(n, dtype=np.uint64)
    ms = np.uint64(start) + i // np.uint64(_COUNTER)
    counter = (i % np.uint64(_COUNTER)).astype(np.uint16)
    raw = np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, :6] = ms.astype(">u8").view(np.uint8).reshape(n, 8)[:, 2:]  # 48-bit big-endian milliseconds
    raw[:, 6] = 0x70 | (counter >> 8).astype(np.uint8)
    raw[:, 7] = (counter & 0xFF).astype(np.uint8)
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    data = raw.tobytes()
    return [uuid.UUID(bytes=data[16 * k : 16 * k + 16]) for k in range(n)]


def new_id() -> uuid.UUID:
    """One fresh UUIDv7 (``new_ids``)."""
    return new_ids(1)[0]
