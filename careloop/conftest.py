import os

os.environ.setdefault("CARELOOP_MODE", "test")

import pytest


@pytest.fixture(autouse=True)
def _fresh_token_cache():  # type: ignore[no-untyped-def]
    from careloop.identity.public import forget_cached_tokens

    forget_cached_tokens()
    yield
