import os

os.environ.setdefault("CARELOOP_MODE", "test")

import pytest


@pytest.fixture(autouse=True)
def _fresh_token_cache():
    from careloop.identity.public import forget_cached_tokens

    forget_cached_tokens()
    yield
