"""Time-ordered row ids (backend.db.ids): what the rating batch's chunks and the primary keys'
right-edge growth rely on."""

from __future__ import annotations

import time

from backend.db.ids import new_id, new_ids


def test_a_batch_is_uuid7_in_increasing_order_from_now():
    before = time.time_ns() // 1_000_000
    ids = new_ids(10_000)  # more than one millisecond's counter
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert {i.version for i in ids} == {7} and {i.variant for i in ids} == {"specified in RFC 4122"}
    first_ms, last_ms = (int.from_bytes(i.bytes[:6], "big") for i in (ids[0], ids[-1]))
    assert before <= first_ms <= time.time_ns() // 1_000_000
    assert last_ms == first_ms + 2  # 10,000 ids: three milliseconds of 4,096
    assert len({i.bytes[8:] for i in ids}) == len(ids)  # the random tail differs


def test_ids_never_go_backwards_across_calls():
    made = [new_id(), *new_ids(5_000), new_id(), *new_ids(3), new_id()]
    assert made == sorted(made) and len(set(made)) == len(made)
    assert new_ids(0) == []
