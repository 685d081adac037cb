"""Key derivation and key wrapping for the vault's key slots.

A passphrase never reaches SQLCipher. Argon2id turns it into a key-encryption key (KEK),
which unwraps, with AES-256-GCM, the random data keys that the slot's role may hold.
"""

from __future__ import annotations

import base64
import secrets
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters, stored in each slot so they can be raised later."""

    memory_kib: int
    iterations: int
    lanes: int
    alg: str = "argon2id"

    def to_dict(self) -> dict[str, object]:
        return {
            "alg": self.alg,
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> KdfParams:
        alg = data["alg"]
        if alg != "argon2id":
            raise ValueError(f"unknown key derivation {alg!r}")
        params = cls(
            memory_kib=int(data["memory_kib"]),  # type: ignore[call-overload]
            iterations=int(data["iterations"]),  # type: ignore[call-overload]
            lanes=int(data["lanes"]),  # type: ignore[call-overload]
        )
        if not (8 <= params.memory_kib <= 4 * 1024 * 1024 and 1 <= params.iterations <= 100):
            raise ValueError("key derivation parameters out of range")
        if not 1 <= params.lanes <= 64:
            raise ValueError("key derivation parameters out of range")
        return params


# RFC 9106's second recommended setting, the same as Bitwarden's defaults (about 0.15 s here).
PRODUCTION_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)
# The floor below which SafeLog will not create a slot outside the test suite (OWASP minimum).
MINIMUM_KDF = KdfParams(memory_kib=19 * 1024, iterations=2, lanes=1)


def normalise_passphrase(passphrase: str) -> bytes:
    """NFC, so a passphrase typed on a Mac and on Windows derives the same key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(normalise_passphrase(passphrase))


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def wrap(kek: bytes, plaintext: bytes, aad: bytes) -> tuple[bytes, bytes]:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce, AESGCM(kek).encrypt(nonce, plaintext, aad)


class UnwrapFailed(Exception):
    """The tag did not verify: the passphrase is wrong (the slot's own checksum was fine)."""


def unwrap(kek: bytes, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(kek).decrypt(nonce, ciphertext, aad)
    except InvalidTag as exc:
        raise UnwrapFailed from exc


def subkey(key: bytes, purpose: str) -> bytes:
    """A separate key for a separate job (HKDF), so the database key is used for nothing else."""
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode()
    ).derive(key)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object, expected_len: int | None = None) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    if expected_len is not None and len(raw) != expected_len:
        raise ValueError("wrong length")
    return raw


# The recovery key: 30 random bytes as 48 base32 characters in groups of six, easy to read aloud
# and type back from paper; Crockford-style confusables are folded when it is typed.
_RECOVERY_BYTES = 30


def new_recovery_key() -> str:
    raw = base64.b32encode(secrets.token_bytes(_RECOVERY_BYTES)).decode("ascii").rstrip("=")
    return "-".join(raw[i : i + 6] for i in range(0, len(raw), 6))


def normalise_recovery_key(text: str) -> str:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    return "-".join(cleaned[i : i + 6] for i in range(0, len(cleaned), 6))
