"""The simulators of connected systems, in one table.

``cic run`` (development, when the system's URL is not configured) and ``cic e2e-server``
start every simulator listed here next to the API and the worker, and point CIC at it through
the system's ``CIC_*_URL``; ``cic simulate NAME`` runs one alone. Adding a connected system
means adding one ``Simulator`` row: its app factory, its port (``CIC_SIMULATOR_PORT`` + offset
under ``cic run``) and the environment CIC needs to reach it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backend.config import Settings


@dataclass(frozen=True)
class Simulator:
    name: str  # `cic simulate NAME`
    title: str  # the banner's label
    url_env: str  # the CIC_* variable that points CIC at the real system
    port_offset: int  # under `cic run`: CIC_SIMULATOR_PORT + offset
    configured: Callable[[Settings], bool]  # a real system is configured: no simulator
    app: Callable[[Settings, str], Any]  # (settings, CIC's public URL) -> ASGI app
    # Extra environment for CIC once the simulator runs at `url` and CIC at `public_url`.
    extra_env: Callable[[str, str], dict[str, str]] = lambda url, public_url: {}

    def env(self, url: str, public_url: str) -> dict[str, str]:
        return {self.url_env: url, **self.extra_env(url, public_url)}


def _ecif(settings: Settings, _public_url: str) -> Any:
    from backend.integrations.ecif import simulator_app
    from backend.integrations.oauth2 import TokenIssuer

    # With CIC_ECIF_CLIENT_ID set, the simulator wants OAuth2 bearer tokens, as such an ECIF would.
    issuer = None
    if settings.ecif_client_id:
        secret = settings.ecif_client_secret.get_secret_value() if settings.ecif_client_secret else ""
        issuer = TokenIssuer(settings.ecif_client_id, secret)
    return simulator_app(issuer=issuer)


def _sms(settings: Settings, _public_url: str) -> Any:
    from backend.integrations.sms import simulator_app

    return simulator_app(api_key=settings.sms_api_key.get_secret_value(), secret=settings.sms_callback_secret.get_secret_value())


def _lending(settings: Settings, public_url: str) -> Any:
    from backend.integrations.lending import simulator_app
    from backend.integrations.oauth2 import ClientCredentials, TokenIssuer

    return simulator_app(
        issuer=TokenIssuer(settings.lending_client_id, settings.lending_client_secret.get_secret_value()),
        signing_secret=settings.lending_signing_secret.get_secret_value(),
        cic_credentials=ClientCredentials(
            token_url=public_url.rstrip("/") + "/auth/token", client_id=settings.lending_simulator_client_id,
            client_secret=settings.lending_simulator_client_secret.get_secret_value(), scope="lending:callback",
        ),
    )


def _ims(settings: Settings, _public_url: str) -> Any:
    from backend.integrations.ims import simulator_app

    return simulator_app(api_key=settings.ims_api_key.get_secret_value())


def _fingerprint(settings: Settings, _public_url: str) -> Any:
    from backend.demo import demo_accounts
    from backend.integrations.fingerprint import demo_sample, simulator_app

    return simulator_app(api_key=settings.fingerprint_api_key.get_secret_value(),
                         enrolled={a.employee_no: demo_sample(a.username) for a in demo_accounts()})


def _fingerprint_reader(_settings: Settings, _public_url: str) -> Any:
    from backend.integrations.fingerprint import reader_simulator_app

    return reader_simulator_app()


def _mobile_banking(settings: Settings, public_url: str) -> Any:
    from backend.integrations.mobile_banking import demo_directory, demo_key, simulator_app

    database: list[Any] = []

    async def directory() -> list[Any]:
        from backend.auth.fieldcrypt import cipher_from_settings
        from backend.db.engine import create_database

        if not database:  # created in the serving event loop, on first use
            database.append(create_database(settings))
        async with database[0].sessions() as session:
            return await demo_directory(session, cipher_from_settings(settings))

    return simulator_app(
        cic_url=public_url, audience=settings.jwt_issuer, client_id=settings.mobile_banking_simulator_client_id,
        client_secret=settings.mobile_banking_simulator_client_secret.get_secret_value(), key=demo_key(),
        # the demo customers to offer; without a database, typed ID numbers only
        directory=directory if settings.database_url else None,
    )


SIMULATORS: tuple[Simulator, ...] = (
    Simulator("ecif", "ECIF", "CIC_ECIF_URL", 0, lambda s: bool(s.ecif_url), _ecif),
    Simulator(
        "sms", "SMS", "CIC_SMS_URL", 1, lambda s: bool(s.sms_url), _sms,
        extra_env=lambda _url, public_url: {"CIC_PUBLIC_URL": public_url},
    ),
    Simulator(
        "lending", "LENDING", "CIC_LENDING_URL", 4, lambda s: bool(s.lending_url), _lending,
        extra_env=lambda _url, public_url: {"CIC_PUBLIC_URL": public_url},
    ),
    Simulator("ims", "IMS", "CIC_IMS_URL", 6, lambda s: bool(s.ims_url), _ims),
    Simulator("fingerprint", "FINGER", "CIC_FINGERPRINT_URL", 7, lambda s: bool(s.fingerprint_url), _fingerprint),
    # The capture device's local service at a workstation: the login screens call it from the browser.
    Simulator("fingerprint-reader", "READER", "CIC_FINGERPRINT_READER_URL", 8, lambda s: bool(s.fingerprint_reader_url), _fingerprint_reader),
    # Not a system CIC calls but one that calls CIC: a demo mobile bank with an H5 page. Nothing to
    # configure instead of it (a real mobile bank registers as a client), so it always runs in
    # development; the variable only tells CIC's processes where the page is.
    Simulator("mobile-banking", "MOBILE", "CIC_MOBILE_BANKING_H5_URL", 5, lambda s: False, _mobile_banking),
)  # fmt: skip


def simulator(name: str) -> Simulator:
    return next(s for s in SIMULATORS if s.name == name)
