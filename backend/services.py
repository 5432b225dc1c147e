"""Long-lived collaborators shared by the API and the workers (built once per process)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from arq.connections import ArqRedis
from cachetools import TTLCache
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.auth.fieldcrypt import FieldCipher, cipher_from_settings
from backend.auth.principal import Principal
from backend.auth.service import AuthService
from backend.auth.tokens import TokenSigner
from backend.config import Settings
from backend.customers.service import ArchiveHooks, CustomerService
from backend.db.engine import Database, create_warehouse_engine
from backend.db.replica import ReplicaRouter
from backend.dual_control.service import DualControlService
from backend.images.service import ImageService
from backend.images.storage import ObjectStore, object_store_from_settings
from backend.imports.service import ImportService
from backend.integrations.ecif import TOKEN_PATH, EcifClient, EcifNotConfigured, HttpEcifClient
from backend.integrations.oauth2 import ClientCredentials
from backend.integrations.sms import HttpSmsGateway, SmsGateway, SmsNotConfigured
from backend.integrations.unified_user import (
    HttpUnifiedUserPlatform,
    LocalUnifiedUserPlatform,
    UnifiedUserPlatform,
)
from backend.orgs.service import OrgService
from backend.outbox.service import Outbox
from backend.ratelimit import RateLimiter

if TYPE_CHECKING:
    from backend.approvals.service import ApprovalService
    from backend.integrations.lending import LendingPlatform
    from backend.loans.service import LoanService
    from backend.marketing.service import SegmentService
    from backend.notifications.service import NotificationService
    from backend.products.service import ProductService
    from backend.business.service import WarehouseService
    from backend.rating.service import RatingService
    from backend.business.sources import FeedSource
    from backend.images.manifest import SigningKeys
    from backend.rules.service import RuleService


def principal_cache(seconds: float, max_entries: int = 20_000, clock: Callable[[], float] = time.monotonic) -> TTLCache:
    """Caller lookups per access token for a couple of seconds (per process): token id ->
    ``Principal``, or None for an account or client no longer active.

    Every request still checks the token; the account (status, roles, org) is re-read at most
    every ``seconds``, so disabling a user or changing roles takes effect within that time.
    Tests pass their own ``clock`` to let the time pass without waiting for it.
    """
    return TTLCache(maxsize=max_entries, ttl=seconds, timer=clock)


@dataclass
class Services:
    settings: Settings
    db: Database
    redis: ArqRedis | None
    replicas: ReplicaRouter | None = None  # the API's, with CIC_DATABASE_REPLICA_URL (backend/db/replica.py)

    async def reads(self, principal: Principal | None = None) -> async_sessionmaker[AsyncSession]:
        """Sessions for a request's reads: the replica's, or the primary's when the replica is
        down or behind, or has not replayed the caller's last write (``backend.db.replica``)."""
        if self.replicas is None:
            return self.db.read_sessions
        return await self.replicas.sessions_for(principal)

    @cached_property
    def cipher(self) -> FieldCipher:
        return cipher_from_settings(self.settings)

    @cached_property
    def principals(self) -> TTLCache:
        return principal_cache(self.settings.principal_cache_seconds)

    @cached_property
    def signer(self) -> TokenSigner:
        return TokenSigner(self.settings)

    @cached_property
    def outbox(self) -> Outbox:
        return Outbox(self.db.sessions, self.redis)

    @cached_property
    def _http_uup(self) -> HttpUnifiedUserPlatform | None:
        return HttpUnifiedUserPlatform(self.settings.uup_url) if self.settings.uup_url else None

    def uup(self, session: AsyncSession) -> UnifiedUserPlatform:
        return self._http_uup or LocalUnifiedUserPlatform(session)

    @cached_property
    def _http_ecif(self) -> HttpEcifClient | None:
        settings = self.settings
        url = settings.ecif_url
        if not url:
            return None
        credentials = None
        if settings.ecif_client_id:
            secret = settings.ecif_client_secret.get_secret_value() if settings.ecif_client_secret else ""
            token_url = settings.ecif_token_url or url.rstrip("/") + TOKEN_PATH
            credentials = ClientCredentials(token_url, settings.ecif_client_id, secret)
        return HttpEcifClient(url, timeout=settings.ecif_timeout_seconds, credentials=credentials)

    @cached_property
    def image_keys(self) -> SigningKeys:
        """The capture-manifest key and the C2PA signer (configured, or generated in development)."""
        from backend.images.manifest import load_signing_keys

        return load_signing_keys(self.settings)

    @cached_property
    def image_slot(self) -> asyncio.Semaphore:
        """One image in processing at a time per process: a worker stays within its memory
        budget, and image throughput scales with worker processes (one per core)."""
        return asyncio.Semaphore(1)

    @cached_property
    def verify_limiter(self) -> RateLimiter:
        """Counts anonymous image verifications per client address (POST /images/verify)."""
        assert self.redis is not None, "the API has a Redis"
        return RateLimiter(
            self.redis, name="image-verify", limit=self.settings.image_verify_rate_limit,
            strategy=self.settings.image_verify_rate_strategy, prefix=f"{self.settings.queue_name}:ratelimit",
        )

    @cached_property
    def lookup_limiters(self) -> tuple[RateLimiter, ...]:
        """Per person, every window: lookups that can reveal personal data (backend.auth.lookups)."""
        assert self.redis is not None, "the API has a Redis"
        prefix = f"{self.settings.queue_name}:ratelimit"
        return tuple(
            RateLimiter(self.redis, name=f"protected-lookups-{period}", limit=f"{count}/{period}", strategy="fixed-window", prefix=prefix)
            for count, period in (
                (self.settings.protected_lookups_per_minute, "minute"), (self.settings.protected_lookups_per_day, "day"),
            )
        )

    @cached_property
    def objects(self) -> ObjectStore:
        """The object store: S3-compatible when CIC_S3_ENDPOINT_URL is set, else var/objects;
        objects sealed with data keys wrapped by the field keys."""
        return object_store_from_settings(self.settings, self.cipher)

    def warehouse_source(self) -> FeedSource:
        """Where the data warehouse delivers: its database (read-only, one engine for the
        process) when CIC_WAREHOUSE_DATABASE_URL is set, else the delivery folder."""
        from backend.business.sources import DatabaseSource, FileSource

        if self._warehouse_engine is not None:
            return DatabaseSource(self._warehouse_engine)
        return FileSource(self.settings.warehouse_delivery_dir())

    @cached_property
    def _warehouse_engine(self) -> AsyncEngine | None:
        url = self.settings.warehouse_database_url
        return create_warehouse_engine(url) if url else None

    @cached_property
    def _http_sms(self) -> HttpSmsGateway | None:
        settings = self.settings
        if not settings.sms_url:
            return None
        return HttpSmsGateway(settings.sms_url, settings.sms_api_key.get_secret_value(), timeout=settings.sms_timeout_seconds)

    @property
    def sms(self) -> SmsGateway:
        """The SMS platform; raises ``SmsNotConfigured`` when CIC_SMS_URL is not set."""
        if self._http_sms is None:
            raise SmsNotConfigured()
        return self._http_sms

    @cached_property
    def _http_lending(self) -> Any:
        from backend.integrations.lending import HttpLendingPlatform

        settings = self.settings
        if not settings.lending_url:
            return None
        credentials = ClientCredentials(
            token_url=settings.lending_token_url or settings.lending_url.rstrip("/") + "/oauth/token",
            client_id=settings.lending_client_id, client_secret=settings.lending_client_secret.get_secret_value(),
        )
        return HttpLendingPlatform(
            settings.lending_url, signing_secret=settings.lending_signing_secret.get_secret_value(), credentials=credentials,
            timeout=settings.lending_timeout_seconds,
        )

    @cached_property
    def fingerprint(self) -> Any:
        """The fingerprint platform, or None when CIC_FINGERPRINT_URL is not set (fingerprint login off)."""
        from backend.integrations.fingerprint import HttpFingerprintPlatform

        settings = self.settings
        if not settings.fingerprint_url:
            return None
        return HttpFingerprintPlatform(settings.fingerprint_url, api_key=settings.fingerprint_api_key.get_secret_value(),
                                       timeout=settings.fingerprint_timeout_seconds)

    @cached_property
    def ims(self) -> Any:
        """The information management system, or None when CIC_IMS_URL is not set (no lookup)."""
        from backend.integrations.ims import HttpInformationManagement

        settings = self.settings
        if not settings.ims_url:
            return None
        return HttpInformationManagement(settings.ims_url, api_key=settings.ims_api_key.get_secret_value(),
                                         timeout=settings.ims_timeout_seconds)

    @property
    def lending(self) -> LendingPlatform:
        """The lending platform; raises ``LendingNotConfigured`` when CIC_LENDING_URL is not set."""
        from backend.integrations.lending import LendingNotConfigured

        if self._http_lending is None:
            raise LendingNotConfigured()
        return self._http_lending

    def loans(self, session: AsyncSession) -> LoanService:
        from backend.loans.service import LoanService

        return LoanService(session, self.outbox, self.cipher)

    def notifications(self, session: AsyncSession) -> NotificationService:
        from backend.notifications.service import NotificationService

        return NotificationService(session, self.outbox, self.cipher)

    async def close_clients(self) -> None:
        """Close the clients of connected systems that were built (at shutdown)."""
        sms = self.__dict__.pop("_http_sms", None)
        if sms is not None:
            await sms.aclose()
        fingerprint = self.__dict__.pop("fingerprint", None)
        if fingerprint is not None:
            await fingerprint.aclose()
        ims = self.__dict__.pop("ims", None)
        if ims is not None:
            await ims.aclose()
        lending = self.__dict__.pop("_http_lending", None)
        if lending is not None:
            await lending.aclose()
        ecif = self.__dict__.pop("_http_ecif", None)
        if ecif is not None:
            await ecif.aclose()
        warehouse = self.__dict__.pop("_warehouse_engine", None)
        if warehouse is not None:
            await warehouse.dispose()
        objects = self.__dict__.pop("objects", None)
        if objects is not None:
            await objects.close()

    @property
    def ecif(self) -> EcifClient:
        """The ECIF client; raises ``EcifNotConfigured`` when CIC_ECIF_URL is not set."""
        if self._http_ecif is None:
            raise EcifNotConfigured()
        return self._http_ecif

    def auth(self, session: AsyncSession) -> AuthService:
        return AuthService(session, self.settings, self.signer)

    def orgs(self, session: AsyncSession) -> OrgService:
        return OrgService(session, self.cipher, self.outbox)

    def rules(self, session: AsyncSession) -> RuleService:
        from backend.rules.service import RuleService

        return RuleService(session, self.cipher, self.outbox)

    def business(self, session: AsyncSession) -> WarehouseService:
        from backend.business.service import WarehouseService

        return WarehouseService(session, self.cipher)

    def rating(self, session: AsyncSession) -> RatingService:
        from backend.rating.service import RatingService

        return RatingService(session, self.outbox)

    def products(self, session: AsyncSession) -> ProductService:
        from backend.approvals.repository import ApprovalRepository
        from backend.products.service import ProductService
        from backend.rating.repository import RatingRepository
        from backend.rating.service import card_of

        async def process_keys(session: AsyncSession, bank_id: int) -> set[str]:
            return await ApprovalRepository(session).process_keys(bank_id)

        async def grade_codes(session: AsyncSession, bank_id: int) -> list[str]:
            card = await RatingRepository(session).card_in_force(bank_id)
            return [g.code for g in card_of(card).grades] if card is not None else []

        return ProductService(session, process_keys, grade_codes)

    def approvals(self, session: AsyncSession) -> ApprovalService:
        from backend.approvals.service import ApprovalService

        return ApprovalService(session, self.outbox)

    def marketing(self, session: AsyncSession) -> SegmentService:
        from backend.marketing.service import SegmentService

        return SegmentService(session)

    def dual_control(self, session: AsyncSession) -> DualControlService:
        # The domains whose changes need a second administrator register their executors when
        # imported: orgs (accounts, role grants) above, rules and rating (publication) here.
        import backend.rating.service  # noqa: F401
        import backend.rules.service  # noqa: F401

        return DualControlService(session, self)

    def customers(self, session: AsyncSession) -> CustomerService:
        return CustomerService(session, self.cipher, self.outbox, self._archive_hooks)

    @cached_property
    def _archive_hooks(self) -> ArchiveHooks:
        """Side effects across domains, wired here so that no domain imports another's service:
        rules evaluate archives, images know the consent-form photo."""
        from backend.images.repository import consent_form_ref
        from backend.rating.service import RatingService
        from backend.rules.engine import evaluate_many, evaluate_one, rules_in_force

        cipher = self.cipher

        async def evaluate(session: AsyncSession, bank_id: int, customer_id: uuid.UUID) -> Any:
            # Every change is evaluated, then rated (the rating's NOT_PRECISE veto reads the
            # evaluation): verifying an archive gives it its rating at once.
            evaluation = await evaluate_one(session, cipher, bank_id, customer_id)
            await RatingService(session).rate(bank_id, customer_id)
            return evaluation

        return ArchiveHooks(
            evaluate=evaluate,
            evaluate_many=lambda session, bank_id, ids: evaluate_many(session, cipher, bank_id, ids),
            rules_in_force=rules_in_force,
            consent_form_ref=consent_form_ref,
        )

    def images(self, session: AsyncSession) -> ImageService:
        return ImageService(
            session, self.settings, self.objects, self.outbox, self.cipher, lambda: self.image_keys, self._archive_hooks.evaluate
        )

    def imports(self, session: AsyncSession) -> ImportService:
        return ImportService(
            session, self.cipher, self.outbox, inline_max_rows=self.settings.import_inline_max_rows, progress_sessions=self.db.sessions
        )
