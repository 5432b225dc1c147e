"""arq connection settings from CIC_REDIS_URL."""

from __future__ import annotations

from arq.connections import RedisSettings

from backend.config import Settings


def redis_settings(settings: Settings) -> RedisSettings:
    if not settings.redis_url:
        raise RuntimeError("no Redis URL: start the embedded services first (cic run) or set CIC_REDIS_URL")
    return RedisSettings.from_dsn(settings.redis_url)
