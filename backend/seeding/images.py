"""Demo photos: drawn scenes for a dozen demo archives, queued for the worker like real uploads
(ID card both sides, the visit, the signed consent form, and the house for two archives in three).

``cic run`` loads them with the demo data, so a newcomer opening an archive of ``fz1.cm1`` sees
watermarked ID-card, house and visit photos (processed by the worker in the first minute).
"""

from __future__ import annotations

import hashlib
import io
import random
import uuid
from datetime import UTC, datetime, timedelta

from PIL import Image, ImageDraw, ImageFilter
from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.fieldcrypt import FieldCipher
from backend.customers.models import Customer
from backend.images.models import CustomerImage, ImageKind, ImageStatus
from backend.images.tasks import PROCESS_IMAGE, ImageRef
from backend.images.storage import ObjectStore
from backend.orgs.models import StaffUser
from backend.outbox.models import OutboxMessage

DEMO_KINDS = (ImageKind.ID_FRONT, ImageKind.ID_BACK, ImageKind.VISIT_PHOTO, ImageKind.CONSENT_FORM, ImageKind.HOUSE)
# Near the demo branches of Fuzhou (Gulou district).
ORIGIN = (26.0823, 119.2965)


def demo_photo(kind: ImageKind, seed: int, size: tuple[int, int] = (1600, 1200)) -> bytes:
    """A drawn photo-like scene per kind (no real person or document)."""
    rnd = random.Random(seed)
    w, h = size
    img = Image.new("RGB", size)
    draw = ImageDraw.Draw(img)
    for y in range(h):  # sky or table-top gradient
        t = y / h
        if kind in (ImageKind.ID_FRONT, ImageKind.ID_BACK):
            color = (int(120 + 40 * t), int(96 + 30 * t), int(72 + 20 * t))
        else:
            color = (int(110 + 90 * t), int(160 + 60 * t), int(225 - 20 * t)) if t < 0.6 else (int(70 + 40 * t), int(120 + 30 * t), 60)
        draw.line([(0, y), (w, y)], fill=color)
    if kind in (ImageKind.ID_FRONT, ImageKind.ID_BACK):
        card = (w // 6, h // 5, w * 5 // 6, h * 4 // 5)
        draw.rounded_rectangle(card, radius=40, fill=(226, 232, 238), outline=(160, 170, 180), width=6)
        if kind == ImageKind.ID_FRONT:
            draw.rectangle((card[2] - 380, card[1] + 80, card[2] - 80, card[1] + 460), fill=(190, 200, 212))
            draw.ellipse((card[2] - 300, card[1] + 130, card[2] - 160, card[1] + 270), fill=(150, 160, 172))
        else:
            draw.ellipse((card[0] + 60, card[1] + 60, card[0] + 260, card[1] + 260), outline=(200, 60, 50), width=10)
        for i in range(5):
            y = card[1] + 120 + i * 90
            draw.rectangle((card[0] + 80, y, card[0] + 80 + rnd.randint(300, 560), y + 26), fill=(120, 130, 140))
    elif kind == ImageKind.CONSENT_FORM:  # a signed and sealed sheet of paper
        sheet = (w // 4, h // 12, w * 3 // 4, h * 11 // 12)
        draw.rectangle(sheet, fill=(246, 244, 236), outline=(200, 196, 186), width=4)
        draw.rectangle((sheet[0] + 120, sheet[1] + 60, sheet[2] - 120, sheet[1] + 100), fill=(60, 60, 70))
        for i in range(14):
            y = sheet[1] + 170 + i * 56
            draw.rectangle((sheet[0] + 70, y, sheet[2] - 70 - rnd.randint(0, 160), y + 14), fill=(150, 150, 160))
        sig = [(sheet[2] - 330 + i * 24, sheet[3] - 120 + rnd.randint(-30, 30)) for i in range(11)]
        draw.line(sig, fill=(30, 50, 140), width=6)
        draw.ellipse((sheet[2] - 200, sheet[3] - 230, sheet[2] - 60, sheet[3] - 90), outline=(200, 40, 40), width=8)
    elif kind == ImageKind.HOUSE:
        base = h * 3 // 5
        draw.rectangle((w // 4, base - 420, w * 3 // 4, base + 120), fill=(196, 120, 90))
        draw.polygon([(w // 4 - 60, base - 420), (w // 2, base - 700), (w * 3 // 4 + 60, base - 420)], fill=(120, 60, 50))
        for x in (w // 4 + 80, w // 2 + 120):
            draw.rectangle((x, base - 300, x + 180, base - 140), fill=(240, 230, 200))
        draw.rectangle((w // 2 - 80, base - 160, w // 2 + 40, base + 120), fill=(90, 60, 40))
    else:  # a visit: two people in front of a house
        base = h * 3 // 5
        draw.rectangle((w // 8, base - 380, w * 7 // 8, base + 60), fill=(200, 190, 170))
        for cx, shirt in ((w * 2 // 5, (40, 80, 150)), (w * 3 // 5, (170, 60, 50))):
            draw.ellipse((cx - 70, base - 180, cx + 70, base - 40), fill=(230, 190, 160))
            draw.rounded_rectangle((cx - 120, base - 40, cx + 120, base + 380), radius=50, fill=shirt)
    noise = Image.effect_noise(size, 24).convert("RGB")
    img = Image.blend(img, noise, 0.08).filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=88)
    return out.getvalue()


async def load_demo_images(session: AsyncSession, store: ObjectStore, *, archives: int = 12) -> list[tuple[int, uuid.UUID]]:
    """Photos for the first ``archives`` archives of fz1.cm1: originals stored, rows RECEIVED,
    one ``images.process`` outbox message each (the worker's relay sends them). Returns the
    archives that got photos, to be evaluated again."""
    manager = (await session.scalars(select(StaffUser).where(StaffUser.username == "fz1.cm1"))).one_or_none()
    if manager is None:
        return []
    targets = (
        await session.scalars(select(Customer).where(Customer.manager_id == manager.id).order_by(Customer.name, Customer.id).limit(archives))
    ).all()
    now = datetime.now(UTC)
    rows, messages = [], []
    for n, customer in enumerate(targets):
        kinds = DEMO_KINDS if n % 3 else DEMO_KINDS[:4]  # every third archive misses its house photo
        for k, kind in enumerate(kinds):
            data = demo_photo(kind, seed=n * 10 + k)
            image_id = uuid.uuid4()
            key = f"originals/{customer.bank_id}/{customer.id}/{image_id}"
            sha256 = hashlib.sha256(data).hexdigest()
            await store.put(key, data, content_type="image/jpeg", metadata={"sha256": sha256, "image-id": str(image_id)})
            rows.append(
                {
                    "bank_id": customer.bank_id, "id": image_id, "customer_id": customer.id, "kind": kind,
                    "status": ImageStatus.RECEIVED, "client_upload_id": uuid.uuid4(), "original_key": key,
                    "original_sha256": sha256, "original_size": len(data), "content_type": "image/jpeg",
                    "original_width": 1600, "original_height": 1200,
                    "taken_at": now - timedelta(days=n + 1, minutes=k * 3),
                    "latitude": ORIGIN[0] + n * 0.004, "longitude": ORIGIN[1] + n * 0.003, "accuracy_m": 8.0 + k,
                    "device_id": "PAD-FZ01-DEMO", "received_at": now, "queued_at": now,
                    "uploaded_by": manager.id, "uploaded_by_no": manager.employee_no, "attempts": 0, "c2pa": False,
                }
            )
            messages.append({"task": PROCESS_IMAGE.name, "payload": PROCESS_IMAGE.encode(ImageRef(customer.bank_id, image_id)), "attempts": 0})
    if rows:
        await session.execute(insert(CustomerImage), rows)
        await session.execute(insert(OutboxMessage), messages)
        # As an upload would: the consent-form photo becomes the consent record's form reference.
        await session.execute(
            text(
                """
                UPDATE customers c SET consent = jsonb_set(c.consent, '{form_image_ref}', to_jsonb(i.id::text))
                FROM customer_images i
                WHERE i.bank_id = c.bank_id AND i.customer_id = c.id AND i.kind = 'CONSENT_FORM'
                  AND c.id = ANY(CAST(:ids AS uuid[])) AND c.consent IS NOT NULL AND c.consent <> 'null'::jsonb
                  AND COALESCE(c.consent->>'form_image_ref', '') = ''
                """
            ),
            {"ids": [str(c.id) for c in targets]},
        )
    return [(c.bank_id, c.id) for c in targets]


async def evaluate_archives(session: AsyncSession, cipher: FieldCipher, keys: list[tuple[int, uuid.UUID]]) -> None:
    """Evaluate the given archives again (one statement per bank)."""
    from backend.rules.engine import evaluate, rule_book, store

    for bank_id in sorted({b for b, _ in keys}):
        ids = [str(i) for b, i in keys if b == bank_id]
        book = await rule_book(session, bank_id)
        where = "c.bank_id = :bank AND c.id = ANY(CAST(:ids AS uuid[]))"
        await store(session, book, await evaluate(session, cipher, book, where, {"bank": bank_id, "ids": ids}))
