"""Settings: production needs explicit secrets; development generates them once under var/."""

from __future__ import annotations

import stat

import pytest

from backend.config import ConfigurationError, Settings


def test_production_refuses_to_start_without_explicit_secrets(tmp_path):
    with pytest.raises(ConfigurationError) as exc:
        Settings(env="production", var_dir=tmp_path, database_url="postgresql://db/cic", redis_url="redis://r")
    message = str(exc.value)
    for name in (
        "CIC_JWT_PRIVATE_KEY", "CIC_FIELD_ENCRYPTION_KEYS", "CIC_BLIND_INDEX_KEY",
        "CIC_IMAGE_SIGNING_KEY", "CIC_URL_SIGNING_KEY", "CIC_C2PA_CERT_CHAIN_FILE", "CIC_C2PA_PRIVATE_KEY_FILE",
    ):
        assert name in message
    assert not (tmp_path / "secrets").exists()


def test_development_generates_secrets_once_with_private_permissions(tmp_path):
    first = Settings(env="development", var_dir=tmp_path)
    pem = first.jwt_private_key_pem()
    keys = first.field_keys()
    again = Settings(env="development", var_dir=tmp_path)
    assert again.jwt_private_key_pem() == pem
    assert again.field_keys() == keys
    assert again.blind_index_key_bytes() == first.blind_index_key_bytes()
    assert again.url_signing_key_bytes() == first.url_signing_key_bytes()
    for path in (tmp_path / "secrets").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_bad_field_key_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigurationError, match="kid:base64"):
        Settings(var_dir=tmp_path, field_encryption_keys="k1:dG9vLXNob3J0").field_keys()
