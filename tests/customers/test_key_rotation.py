"""Key rotation re-encrypts every personal value, including family members inside the archive."""

from __future__ import annotations

import base64
import os

from sqlalchemy import select

from backend.auth.fieldcrypt import FieldCipher
from backend.auth.rotation import count_stale, rotate
from backend.customers.models import Customer
from backend.customers.service import FAMILY_ID_CONTEXT, ID_CONTEXT
from backend.orgs.models import StaffUser
from backend.orgs.service import PHONE_CONTEXT
from tests.customers.archive_fixtures import CREATE, SPOUSE_ID, ZHANG_ID, archive
from tests.helpers import gql, login


async def test_rotate_moves_every_value_to_the_new_key(client, services):
    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive()}}, token=cm)
    assert created["data"]["createArchive"]["errors"] == []
    old = services.cipher
    new = FieldCipher(keys=(("k2", os.urandom(32)), *old.keys), index_key=old.index_key)
    async with services.db.sessions() as s:
        before = await count_stale(s, new)
    # 43 staff phones + the customer's ID, mobile, address + one family document.
    assert before == 43 + 3 + 1

    done = await rotate(services.db.sessions, new, batch_size=7)
    assert done == before
    async with services.db.sessions() as s:
        assert await count_stale(s, new) == 0
        customer = (await s.scalars(select(Customer))).one()
        phone = (await s.scalars(select(StaffUser.phone_encrypted).where(StaffUser.username == "fz1.cm1"))).one()
    only_new = FieldCipher(keys=(new.keys[0],), index_key=old.index_key)
    assert only_new.decrypt(customer.id_number_encrypted, context=ID_CONTEXT) == ZHANG_ID
    spouse = customer.profile["family_members"][0]["id_number_encrypted"]
    assert only_new.decrypt(base64.b64decode(spouse), context=FAMILY_ID_CONTEXT) == SPOUSE_ID
    assert len(only_new.decrypt(phone, context=PHONE_CONTEXT)) == 11
    # The blind index did not change, so exact lookups still work.
    assert customer.id_number_bidx == old.blind_index(ZHANG_ID, context=ID_CONTEXT)
