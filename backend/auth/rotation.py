"""Re-encrypt personal data under the current field key (``cic keys rotate``).

To rotate: put a new key first in ``CIC_FIELD_ENCRYPTION_KEYS`` (``k2:...,k1:...``), deploy, run
``cic keys rotate``, then drop the old key. Rows are found in SQL by the key id stored in each
ciphertext's header, re-encrypted in Python in batches, and written back with one
``UPDATE ... FROM unnest(...)`` per batch and column. Blind indexes use their own key and do not
change. Family members' ID numbers live inside ``customers.profile`` and are rotated with it.

Image objects are not re-wrapped here: each object carries its data key wrapped by the field key
of its write (``backend.images.envelope``), and an S3 object cannot be rewritten in part, so
re-wrapping would download and upload every photo again, an I/O job rather than a set-based
batch. A rotated key therefore stays in ``CIC_FIELD_ENCRYPTION_KEYS`` (decrypt only) while
objects it wrapped exist.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.auth.fieldcrypt import FieldCipher
from backend.customers.service import (
    ADDRESS_CONTEXT,
    ALT_PHONE_CONTEXT,
    FAMILY_ID_CONTEXT,
    ID_CONTEXT,
    MOBILE_CONTEXT,
)
from backend.db.session import transaction
from backend.orgs.service import PHONE_CONTEXT


@dataclass(frozen=True)
class EncryptedColumn:
    table: str
    key: tuple[str, ...]  # primary key columns
    column: str
    context: str
    key_types: tuple[str, ...] = ("bigint",)


COLUMNS = (
    EncryptedColumn("staff_users", ("id",), "phone_encrypted", PHONE_CONTEXT),
    EncryptedColumn("customers", ("bank_id", "id"), "id_number_encrypted", ID_CONTEXT, ("bigint", "uuid")),
    EncryptedColumn("customers", ("bank_id", "id"), "mobile_encrypted", MOBILE_CONTEXT, ("bigint", "uuid")),
    EncryptedColumn("customers", ("bank_id", "id"), "alt_phone_encrypted", ALT_PHONE_CONTEXT, ("bigint", "uuid")),
    EncryptedColumn("customers", ("bank_id", "id"), "address_encrypted", ADDRESS_CONTEXT, ("bigint", "uuid")),
)


def _stale(column: str, kid: str) -> str:
    # Header: one byte with the key id's length, then the key id.
    return f"{column} IS NOT NULL AND substring({column} FROM 2 FOR get_byte({column}, 0)) <> '\\x{kid.encode().hex()}'::bytea"


async def count_stale(session: AsyncSession, cipher: FieldCipher) -> int:
    total = 0
    for col in COLUMNS:
        total += await session.scalar(text(f"SELECT count(*) FROM {col.table} WHERE {_stale(col.column, cipher.current_kid)}")) or 0
    total += await session.scalar(text(f"SELECT count(*) FROM customers WHERE {_family_stale(cipher.current_kid)}")) or 0
    return total


def _family_stale(kid: str) -> str:
    # Family ciphertexts are base64 in JSON: compare the decoded header's key id.
    return (
        "EXISTS (SELECT 1 FROM jsonb_array_elements(profile->'family_members') m "
        "WHERE m->>'id_number_encrypted' IS NOT NULL AND "
        f"substring(decode(m->>'id_number_encrypted', 'base64') FROM 2 FOR get_byte(decode(m->>'id_number_encrypted', 'base64'), 0)) <> '\\x{kid.encode().hex()}'::bytea)"
    )


async def rotate(
    sessions: async_sessionmaker[AsyncSession],
    cipher: FieldCipher,
    *,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Re-encrypt every stale value; returns how many values were rewritten."""
    done = 0
    kid = cipher.current_kid
    for col in COLUMNS:
        keys = ", ".join(col.key)
        while True:
            async with transaction(sessions) as session:
                rows = (
                    await session.execute(
                        text(
                            f"SELECT {keys}, {col.column} FROM {col.table} WHERE {_stale(col.column, kid)} "
                            f"LIMIT :n FOR UPDATE SKIP LOCKED"
                        ),
                        {"n": batch_size},
                    )
                ).all()
                if not rows:
                    break
                fresh = [cipher.encrypt(cipher.decrypt(r[-1], context=col.context), context=col.context) for r in rows]
                arrays = {f"k{i}": [r[i] for r in rows] for i in range(len(col.key))}
                unnest = ", ".join(f"CAST(:k{i} AS {t}[])" for i, t in enumerate(col.key_types))
                match = " AND ".join(f"t.{k} = v.{k}" for k in col.key)
                await session.execute(
                    text(
                        f"UPDATE {col.table} t SET {col.column} = v.value "
                        f"FROM unnest({unnest}, CAST(:values AS bytea[])) AS v({keys}, value) WHERE {match}"
                    ),
                    {**arrays, "values": fresh},
                )
            done += len(rows)
            if progress:
                progress(len(rows))
    while True:  # family members inside the archive document
        async with transaction(sessions) as session:
            rows = (
                await session.execute(
                    text(f"SELECT bank_id, id, profile FROM customers WHERE {_family_stale(kid)} LIMIT :n FOR UPDATE SKIP LOCKED"),
                    {"n": batch_size},
                )
            ).all()
            if not rows:
                break
            profiles = []
            for _bank, _id, profile in rows:
                for member in profile.get("family_members", []):
                    blob = member.get("id_number_encrypted")
                    if blob:
                        plain = cipher.decrypt(base64.b64decode(blob), context=FAMILY_ID_CONTEXT)
                        member["id_number_encrypted"] = base64.b64encode(cipher.encrypt(plain, context=FAMILY_ID_CONTEXT)).decode()
                profiles.append(profile)
            await session.execute(
                text(
                    "UPDATE customers t SET profile = CAST(v.profile AS jsonb) FROM unnest(CAST(:banks AS bigint[]), CAST(:ids AS uuid[]), CAST(:profiles AS text[])) "
                    "AS v(bank_id, id, profile) WHERE t.bank_id = v.bank_id AND t.id = v.id"
                ),
                {"banks": [r[0] for r in rows], "ids": [r[1] for r in rows], "profiles": [json.dumps(p, ensure_ascii=False) for p in profiles]},
            )
        done += len(rows)
        if progress:
            progress(len(rows))
    return done
