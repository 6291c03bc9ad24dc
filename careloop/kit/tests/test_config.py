import pytest

from careloop import config


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("CARELOOP_SECRET_KEY", "CARELOOP_FIELD_KEYS", "CARELOOP_BLIND_INDEX_KEY",
                 "DATABASE_URL", "CARELOOP_ALLOWED_HOSTS", "CARELOOP_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CARELOOP_MODE", "production")
    return monkeypatch


def _complete(env):
    env.setenv("CARELOOP_SECRET_KEY", "s" * 50)
    env.setenv("CARELOOP_FIELD_KEYS", config.new_field_key("k1"))
    env.setenv("CARELOOP_BLIND_INDEX_KEY", "b" * 40)
    env.setenv("DATABASE_URL", "postgres://careloop@db/careloop")
    env.setenv("CARELOOP_ALLOWED_HOSTS", "care.example.org")


def test_production_starts_with_every_secret(clean_env):
    _complete(clean_env)
    cfg = config.load()
    assert cfg.is_production and not cfg.debug and cfg.require_mfa


@pytest.mark.parametrize("missing", ["CARELOOP_SECRET_KEY", "CARELOOP_FIELD_KEYS",
                                     "CARELOOP_BLIND_INDEX_KEY", "DATABASE_URL",
                                     "CARELOOP_ALLOWED_HOSTS"])
def test_production_refuses_a_missing_secret(clean_env, missing):
    _complete(clean_env)
    clean_env.delenv(missing)
    with pytest.raises(config.ConfigError, match=missing):
        config.load()


def test_production_refuses_debug(clean_env):
    _complete(clean_env)
    clean_env.setenv("CARELOOP_DEBUG", "1")
    with pytest.raises(config.ConfigError, match="DEBUG"):
        config.load()


def test_malformed_key_is_refused(clean_env):
    _complete(clean_env)
    clean_env.setenv("CARELOOP_FIELD_KEYS", "k1:tooshort")
    with pytest.raises(config.ConfigError, match="CARELOOP_FIELD_KEYS"):
        config.load()


def test_demo_mode_generates_local_keys(monkeypatch, tmp_path):
    monkeypatch.setenv("CARELOOP_MODE", "demo")
    for name in ("CARELOOP_SECRET_KEY", "CARELOOP_FIELD_KEYS", "CARELOOP_BLIND_INDEX_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(config, "KEYS_FILE", tmp_path / "keys.env")
    monkeypatch.setattr(config, "VAR_DIR", tmp_path)
    first = config.load()
    assert (tmp_path / "keys.env").stat().st_mode & 0o777 == 0o600
    assert config.load().field_keys == first.field_keys  # stable across restarts
