"""Re-encrypt personal data under the current field key (``cic keys rotate``).

To rotate: put a new key first in ``CIC_FIELD_ENCRYPTION_KEYS`` (``k2:...,k1:...``), deploy, run
``cic keys rotate``, then drop the old key. Rows are found in SQL by the key id stored in each
ciphertext's header, re-encrypted in Python in batches, and written back with one
``UPDATE ... FROM unnest(...)`` per batch and column. Blind indexes use their own key and do not
change. Family members' ID numbers, the household register number and the remarks live inside
``customers.profile`` and are rotated with it; a profile or a history diff still holding one of
those in plain text (written before they were encrypted) is encrypted on the way, so running
``cic keys rotate`` once after upgrading leaves no plain personal value behind.

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

from backend.auth.contexts import (
    ADDRESS_CONTEXT,
    ALT_PHONE_CONTEXT,
    ERROR_WORKBOOK_CONTEXT,
    FAMILY_ID_CONTEXT,
    ID_CONTEXT,
    MOBILE_CONTEXT,
    PHONE_CONTEXT,
    SOURCE_CONTEXT,
)
from backend.auth.fieldcrypt import FieldCipher
from backend.customers import history
from backend.customers.service import PROFILE_SECRETS
from backend.db.session import transaction
from backend.imports.service import open_file, seal_file


@dataclass(frozen=True)
class EncryptedColumn:
    table: str
    key: tuple[str, ...]  # primary key columns
    column: str
    context: str
    key_types: tuple[str, ...] = ("bigint",)
    binary: bool = False  # a file (``encrypt_bytes``), possibly stored in plain by an older version


COLUMNS = (
    EncryptedColumn("staff_users", ("id",), "phone_encrypted", PHONE_CONTEXT),
    EncryptedColumn("customers", ("bank_id", "id"), "id_number_encrypted", ID_CONTEXT, ("bigint", "uuid")),
    EncryptedColumn("customers", ("bank_id", "id"), "mobile_encrypted", MOBILE_CONTEXT, ("bigint", "uuid")),
    EncryptedColumn("customers", ("bank_id", "id"), "alt_phone_encrypted", ALT_PHONE_CONTEXT, ("bigint", "uuid")),
    EncryptedColumn("customers", ("bank_id", "id"), "address_encrypted", ADDRESS_CONTEXT, ("bigint", "uuid")),
    EncryptedColumn("import_batches", ("bank_id", "id"), "error_workbook", ERROR_WORKBOOK_CONTEXT, ("bigint", "uuid"), binary=True),
    EncryptedColumn("import_batches", ("bank_id", "id"), "source", SOURCE_CONTEXT, ("bigint", "uuid"), binary=True),
)


def _stale(column: str, kid: str) -> str:
    # Header: one byte with the key id's length, then the key id.
    return f"{column} IS NOT NULL AND substring({column} FROM 2 FOR get_byte({column}, 0)) <> '\\x{kid.encode().hex()}'::bytea"


async def count_stale(session: AsyncSession, cipher: FieldCipher) -> int:
    total = 0
    for col in COLUMNS:
        total += await session.scalar(text(f"SELECT count(*) FROM {col.table} WHERE {_stale(col.column, cipher.current_kid)}")) or 0
    total += await session.scalar(text(f"SELECT count(*) FROM customers WHERE {_profile_stale(cipher.current_kid)}")) or 0
    return total


def _header_differs(b64_sql: str, kid: str) -> str:
    # Profile ciphertexts are base64 in JSON: compare the decoded header's key id.
    return f"substring(decode({b64_sql}, 'base64') FROM 2 FOR get_byte(decode({b64_sql}, 'base64'), 0)) <> '\\x{kid.encode().hex()}'::bytea"


def _profile_stale(kid: str) -> str:
    """A profile with a ciphertext under another key, or a plain value that must be encrypted."""
    member_blob = "m->>'id_number_encrypted'"
    family = (
        "EXISTS (SELECT 1 FROM jsonb_array_elements(profile->'family_members') m "
        f"WHERE {member_blob} IS NOT NULL AND {_header_differs(member_blob, kid)})"
    )
    secrets = []
    for section, key, _context in PROFILE_SECRETS:
        blob = f"profile#>>'{{{section},{key}_encrypted}}'"
        plain = f"NULLIF(profile#>>'{{{section},{key}}}', '')"
        secrets.append(f"({blob} IS NOT NULL AND {_header_differs(blob, kid)}) OR {plain} IS NOT NULL")
    return "(" + " OR ".join([family, *secrets]) + ")"


def _rotate_profile(cipher: FieldCipher, profile: dict) -> dict:
    for member in profile.get("family_members", []):
        blob = member.get("id_number_encrypted")
        if blob:
            plain = cipher.decrypt(base64.b64decode(blob), context=FAMILY_ID_CONTEXT)
            member["id_number_encrypted"] = base64.b64encode(cipher.encrypt(plain, context=FAMILY_ID_CONTEXT)).decode()
    for section, key, context in PROFILE_SECRETS:
        part = profile.get(section) or {}
        blob, plain = part.get(f"{key}_encrypted"), part.pop(key, None)
        value = cipher.decrypt(base64.b64decode(blob), context=context) if blob else plain
        part[f"{key}_encrypted"] = base64.b64encode(cipher.encrypt(value, context=context)).decode() if value else None
        profile[section] = part
    return profile


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
                if col.binary:
                    fresh = [seal_file(cipher, open_file(cipher, r[-1], col.context), col.context) for r in rows]
                else:
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
    while True:  # family members' ID numbers, register number and remarks inside the archive document
        async with transaction(sessions) as session:
            rows = (
                await session.execute(
                    text(f"SELECT bank_id, id, profile FROM customers WHERE {_profile_stale(kid)} LIMIT :n FOR UPDATE SKIP LOCKED"),
                    {"n": batch_size},
                )
            ).all()
            if not rows:
                break
            profiles = [_rotate_profile(cipher, profile) for _bank, _id, profile in rows]
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
    done += await _rotate_history(sessions, cipher, batch_size=batch_size, progress=progress)
    return done


async def _rotate_history(
    sessions: async_sessionmaker[AsyncSession], cipher: FieldCipher, *, batch_size: int, progress: Callable[[int], None] | None
) -> int:
    """History diffs: sealed values under another key re-sealed, plain ones (older rows) sealed.
    Keyset pages over the whole table: which diffs hold what is only known after decoding them."""
    done, last = 0, (0, 0)
    while True:
        async with transaction(sessions) as session:
            rows = (
                await session.execute(
                    text("SELECT bank_id, id, diff FROM customer_changes WHERE (bank_id, id) > (:b, :i) ORDER BY bank_id, id LIMIT :n"),
                    {"b": last[0], "i": last[1], "n": batch_size},
                )
            ).all()
            if not rows:
                return done
            last = (rows[-1][0], rows[-1][1])
            changed = [(b, i, history.reseal(cipher, d)) for b, i, d in rows if history.needs_sealing(d) or history.stale(cipher, d)]
            if changed:
                await session.execute(
                    text(
                        "UPDATE customer_changes t SET diff = CAST(v.diff AS jsonb) FROM unnest(CAST(:banks AS bigint[]), "
                        "CAST(:ids AS bigint[]), CAST(:diffs AS text[])) AS v(bank_id, id, diff) WHERE t.bank_id = v.bank_id AND t.id = v.id"
                    ),
                    {"banks": [c[0] for c in changed], "ids": [c[1] for c in changed], "diffs": [json.dumps(c[2], ensure_ascii=False) for c in changed]},
                )
        done += len(changed)
        if progress and changed:
            progress(len(changed))
