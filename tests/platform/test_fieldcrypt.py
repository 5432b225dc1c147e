"""Field encryption with key rotation, context binding and the blind index; masking."""

from __future__ import annotations

import hmac
import os

import pytest

from backend.auth.fieldcrypt import DecryptionError, FieldCipher
from backend.auth.masking import mask_amount, mask_id_number, mask_name, mask_phone


def cipher(*kids: str, index_key: bytes = b"i" * 32) -> FieldCipher:
    return FieldCipher(keys=tuple((k, os.urandom(32)) for k in kids), index_key=index_key)


def test_round_trip_and_context_binding():
    c = cipher("k1")
    blob = c.encrypt("13812345678", context="staff_users.phone")
    assert b"13812345678" not in blob
    assert c.decrypt(blob, context="staff_users.phone") == "13812345678"
    with pytest.raises(DecryptionError):
        c.decrypt(blob, context="customers.id_number")


def test_rotation_old_key_still_decrypts_and_is_flagged():
    old = cipher("k1")
    blob = old.encrypt("350102199003071234", context="x")
    rotated = FieldCipher(keys=(("k2", os.urandom(32)), old.keys[0]), index_key=old.index_key)
    assert rotated.decrypt(blob, context="x") == "350102199003071234"
    assert rotated.needs_rotation(blob)
    assert not rotated.needs_rotation(rotated.encrypt("v", context="x"))
    dropped = FieldCipher(keys=(rotated.keys[0],), index_key=old.index_key)
    with pytest.raises(DecryptionError, match="unknown key id"):
        dropped.decrypt(blob, context="x")


def test_blind_index_is_keyed_normalized_and_context_bound():
    a = cipher("k1", index_key=b"a" * 32)
    b = cipher("k1", index_key=b"b" * 32)
    assert a.blind_index("35010219900307123x", context="id") == a.blind_index(" 35010219900307123X ", context="id")
    assert a.blind_index("1", context="id") != b.blind_index("1", context="id")
    assert a.blind_index("1", context="id") != a.blind_index("1", context="phone")


@pytest.mark.parametrize("index_key", [b"i" * 32, b"k" * 64, os.urandom(100)], ids=["short", "one-block", "long"])
def test_blind_index_many_is_the_hmac_of_each_value(index_key):
    """The batch continues copies of the pads' hash states (RFC 2104 by hand): it must give what
    the standard library's HMAC gives, for keys shorter than, equal to and longer than a block."""
    c = cipher("k1", index_key=index_key)
    values = ["35010219900307123X", " 35010219900307123x ", "13800000000", "", "张三"]
    expected = [hmac.digest(index_key, b"id\x00" + "".join(v.split()).upper().encode(), "sha256") for v in values]
    assert c.blind_index_many(values, context="id") == expected
    assert [c.blind_index(v, context="id") for v in values] == expected
    assert c.blind_index_many(values, context="mobile") != expected


def test_masks():
    assert mask_id_number("350102199003071234") == "350102********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("张三丰") == "张**"
    assert mask_name("李") == "李*"
    assert mask_amount(123456) == "1xxxxx"
