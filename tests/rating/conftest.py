"""Fixtures of the rating tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from backend.business.service import import_delivery
from backend.business.simulator import simulate_warehouse
from backend.db.session import transaction
from backend.demo import BANKS, DEMO_CUSTOMERS_PER_BANK, load_demo_customers

DAY = date(2026, 11, 30)


@pytest.fixture
async def demo_business(services, tmp_path: Path):
    """The demo archives with a simulated day of business data."""
    async with transaction(services.db.sessions) as session:
        assert await load_demo_customers(session, services.cipher) == DEMO_CUSTOMERS_PER_BANK * len(BANKS)
    async with services.db.sessions() as session:
        await simulate_warehouse(session, services.cipher, tmp_path, DAY)
    await import_delivery(services.db.sessions, services.cipher, tmp_path, DAY, started_by="test", rate=False)
