"""Field encryption (AES-256-GCM, versioned keys) and keyed-hash blind indexes.

Ciphertext format: ``<key version>$<urlsafe base64(nonce || ciphertext+tag)>``. The associated data
binds a ciphertext to its column, so a value copied into another column fails to decrypt.
Blind indexes are HMAC-SHA256 over a normalised value, scoped by a purpose string, so equal values
in different columns do not produce equal hashes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings


class DecryptionError(ValueError):
    pass


class Keyring:
    def __init__(self, field_keys: tuple[str, ...], blind_index_key: str) -> None:
        self._ciphers: dict[str, AESGCM] = {}
        for entry in field_keys:
            version, _, material = entry.partition(":")
            self._ciphers[version] = AESGCM(base64.urlsafe_b64decode(material + "=="))
        self.primary_version = field_keys[0].partition(":")[0]
        self._blind_key = blind_index_key.encode()

    def encrypt(self, plaintext: str, aad: bytes) -> str:
        nonce = os.urandom(12)
        sealed = self._ciphers[self.primary_version].encrypt(nonce, plaintext.encode(), aad)
        return f"{self.primary_version}${base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, aad: bytes) -> str:
        version, sep, body = token.partition("$")
        cipher = self._ciphers.get(version)
        if not sep or cipher is None:
            raise DecryptionError(f"no key for version {version!r}")
        raw = base64.urlsafe_b64decode(body)
        try:
            return cipher.decrypt(raw[:12], raw[12:], aad).decode()
        except Exception as exc:  # InvalidTag: wrong key or a value moved between columns
            raise DecryptionError("ciphertext does not verify") from exc

    @staticmethod
    def version_of(token: str) -> str:
        return token.partition("$")[0]

    def blind_index(self, value: str, purpose: str) -> str:
        digest = hmac.new(self._blind_key, f"{purpose}\x00{normalise(value)}".encode(), "sha256")
        return digest.hexdigest()[:32]


def normalise(value: str) -> str:
    """Case-, accent- and spacing-insensitive form used for exact-match lookups."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("ı", "i").split())


@lru_cache(maxsize=1)
def _keyring(field_keys: tuple[str, ...], blind_index_key: str) -> Keyring:
    return Keyring(field_keys, blind_index_key)


def keyring() -> Keyring:
    cfg = settings.CARELOOP_KEYS
    return _keyring(tuple(cfg["field_keys"]), cfg["blind_index_key"])


def blind_index(value: str, purpose: str) -> str:
    return keyring().blind_index(value, purpose)


def token_digest(token: str) -> str:
    """Unkeyed digest for high-entropy secrets (API tokens): never reversible, cheap to look up."""
    return hashlib.sha256(token.encode()).hexdigest()
