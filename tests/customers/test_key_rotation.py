"""Key rotation re-encrypts every personal value, including family members inside the archive."""

from __future__ import annotations

import base64
import os

from sqlalchemy import select, text

from backend.auth.contexts import FAMILY_ID_CONTEXT, ID_CONTEXT, PHONE_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.keys.rotation import count_stale, rotate
from backend.customers import history
from backend.customers.models import Customer, CustomerChange
from backend.customers.service import profile_secret
from backend.demo import demo_accounts
from backend.orgs.models import StaffUser
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
    # every demo staff member's phone + the customer's ID, mobile, address + one family document.
    assert before == len(demo_accounts()) + 3 + 1

    done = await rotate(services.db.sessions, new, batch_size=7)
    assert done == before + 1  # and the CREATE history row, whose names are sealed
    async with services.db.sessions() as s:
        assert await count_stale(s, new) == 0
        customer = (await s.scalars(select(Customer))).one()
        phone = (await s.scalars(select(StaffUser.phone_encrypted).where(StaffUser.username == "fz1.cm1"))).one()
    only_new = FieldCipher(keys=(new.keys[0],), index_key=old.index_key)
    assert only_new.decrypt(customer.id_number_encrypted, context=ID_CONTEXT) == ZHANG_ID
    spouse = customer.profile["family_members"][0]["id_number_encrypted"]
    assert only_new.decrypt(base64.b64decode(spouse), context=FAMILY_ID_CONTEXT) == SPOUSE_ID
    assert len(only_new.decrypt(phone, context=PHONE_CONTEXT)) == 11
    assert profile_secret(only_new, customer.profile, "household", "register_no") == "HK0001"
    async with services.db.sessions() as s:
        diff = (await s.scalars(select(CustomerChange.diff))).one()
    assert history.shown(only_new, diff, None)["name"] == [None, None]  # no principal: hidden
    assert history.reseal(only_new, diff)["name"][1].startswith("enc:") and not history.stale(only_new, diff)
    # The blind index did not change, so exact lookups still work.
    assert customer.id_number_bidx == old.blind_index(ZHANG_ID, context=ID_CONTEXT)


async def test_rotate_encrypts_personal_values_stored_before_they_were_encrypted(client, services):
    # Given an archive and its history as an older version stored them: register number, remarks
    # and names in plain text.
    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive(social={"remarks": "邻里关系和睦"})}}, token=cm)
    cid = created["data"]["createArchive"]["customer"]["id"]
    async with services.db.sessions() as s:
        await s.execute(text(
            "UPDATE customers SET profile = jsonb_set(jsonb_set(profile, '{household}', '{\"size\": 4, \"register_no\": \"HK0001\", \"is_head\": true}'),"
            " '{social}', '{\"village_credit_rating\": \"AA\", \"remarks\": \"邻里关系和睦\"}')"
        ))
        await s.execute(text("""UPDATE customer_changes SET diff = '{"name": [null, "张建国"], "familyMembers[0].name": [null, "李秀英"]}'"""))
        await s.commit()
    # The old values still read (as the policy shows them) ...
    line = 'query($id: ID!) { customer(id: $id) { household { registerNo } social { remarks } history { diff } } }'
    seen = (await gql(client, line, {"id": cid}, token=cm))["data"]["customer"]
    assert seen["household"] == {"registerNo": "HK0001"} and seen["social"] == {"remarks": "邻里关系和睦"}
    analyst = (await gql(client, line, {"id": cid}, token=await login(client, "prov.analyst")))["data"]["customer"]
    assert analyst["history"][0]["diff"] == {"name": [None, "张**"], "familyMembers[0].name": [None, "李**"]}
    assert analyst["household"]["registerNo"] != "HK0001"
    # ... and one rotation leaves no plain value behind.
    async with services.db.sessions() as s:
        assert await count_stale(s, services.cipher) == 1
    await rotate(services.db.sessions, services.cipher)
    async with services.db.sessions() as s:
        assert await count_stale(s, services.cipher) == 0
        profile = (await s.scalars(select(Customer.profile))).one()
        diff = (await s.scalars(select(CustomerChange.diff))).one()
    assert "register_no" not in profile["household"] and "remarks" not in profile["social"]
    assert "HK0001" not in str(profile) and "邻里" not in str(profile)
    assert "张建国" not in str(diff) and "李秀英" not in str(diff)
    assert profile_secret(services.cipher, profile, "social", "remarks") == "邻里关系和睦"
    assert (await gql(client, line, {"id": cid}, token=cm))["data"]["customer"]["history"][0]["diff"]["name"] == [None, "张建国"]
