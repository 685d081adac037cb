"""vault.json: the only plaintext file in a vault.

It holds the format version, the vault id and one key slot per user (plus the recovery slot).
Nothing about a child is ever in it; staff names are, so the unlock window can offer a list.

Integrity, in two layers:
- each slot carries a plain SHA-256 ``check`` of its own fields, so a damaged slot is told
  apart from a wrong passphrase (AES-GCM alone cannot tell the two apart);
- the whole file carries an HMAC keyed from the governance key, checked after unlocking, so a
  slot removed or altered by someone without the keys is noticed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field, replace
from typing import Any

from safelog.store import keys
from safelog.store.errors import VaultDamaged, VaultTooNew

FORMAT_VERSION = 1
RECORDS = "records"
GOVERNANCE = "governance"
DATA_KEY_NAMES = (RECORDS, GOVERNANCE)


def canonical(obj: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same object always gives the same bytes."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class KeySlot:
    slot_id: str
    user_id: str
    name: str
    role: str
    kdf: keys.KdfParams
    salt: bytes
    nonce: bytes
    wrapped: bytes
    holds: tuple[str, ...]

    def body(self) -> dict[str, Any]:
        return {
            "slot_id": self.slot_id,
            "user_id": self.user_id,
            "name": self.name,
            "role": self.role,
            "kdf": self.kdf.to_dict(),
            "salt": keys.b64(self.salt),
            "nonce": keys.b64(self.nonce),
            "wrapped": keys.b64(self.wrapped),
            "holds": list(self.holds),
        }

    def to_dict(self) -> dict[str, Any]:
        body = self.body()
        body["check"] = hashlib.sha256(canonical(body)).hexdigest()
        return body

    @classmethod
    def from_dict(cls, data: Any) -> KeySlot:
        if not isinstance(data, dict):
            raise ValueError("a slot is not an object")
        check = data.get("check")
        body = {k: v for k, v in data.items() if k != "check"}
        if not isinstance(check, str) or hashlib.sha256(canonical(body)).hexdigest() != check:
            raise ValueError("slot checksum does not match")
        holds = tuple(data["holds"])
        if not holds or any(h not in DATA_KEY_NAMES for h in holds):
            raise ValueError("slot holds unknown keys")
        return cls(
            slot_id=str(data["slot_id"]),
            user_id=str(data["user_id"]),
            name=str(data["name"]),
            role=str(data["role"]),
            kdf=keys.KdfParams.from_dict(data["kdf"]),
            salt=keys.unb64(data["salt"], keys.SALT_BYTES),
            nonce=keys.unb64(data["nonce"], keys.NONCE_BYTES),
            wrapped=keys.unb64(data["wrapped"]),
            holds=holds,
        )


def slot_aad(vault_id: str, slot_id: str, user_id: str, role: str, holds: tuple[str, ...]) -> bytes:
    """Bind a wrapped key to its vault, slot, user and role: a slot copied elsewhere won't open."""
    return canonical(
        {
            "format": FORMAT_VERSION,
            "vault_id": vault_id,
            "slot_id": slot_id,
            "user_id": user_id,
            "role": role,
            "holds": list(holds),
        }
    )


def pack_keys(data_keys: dict[str, bytes], holds: tuple[str, ...]) -> bytes:
    return b"".join(data_keys[name] for name in holds)


def unpack_keys(plaintext: bytes, holds: tuple[str, ...]) -> dict[str, bytes]:
    if len(plaintext) != keys.KEY_BYTES * len(holds):
        raise ValueError("unwrapped key material has the wrong length")
    return {
        name: plaintext[i * keys.KEY_BYTES : (i + 1) * keys.KEY_BYTES]
        for i, name in enumerate(holds)
    }


@dataclass(frozen=True)
class VaultHeader:
    vault_id: str
    created_at: str
    slots: tuple[KeySlot, ...] = field(default_factory=tuple)
    format_version: int = FORMAT_VERSION
    mac: str | None = None

    def body(self) -> dict[str, Any]:
        return {
            "format_version": self.format_version,
            "app": "SafeLog",
            "vault_id": self.vault_id,
            "created_at": self.created_at,
            "slots": [slot.to_dict() for slot in self.slots],
        }

    def compute_mac(self, governance_key: bytes) -> str:
        mac_key = keys.subkey(governance_key, "safelog vault.json mac v1")
        return hmac.new(mac_key, canonical(self.body()), hashlib.sha256).hexdigest()

    def sealed(self, governance_key: bytes) -> VaultHeader:
        return replace(self, mac=self.compute_mac(governance_key))

    def mac_ok(self, governance_key: bytes) -> bool:
        return self.mac is not None and hmac.compare_digest(
            self.mac, self.compute_mac(governance_key)
        )

    def to_bytes(self) -> bytes:
        body = self.body()
        body["mac"] = self.mac
        return json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False).encode() + b"\n"

    @classmethod
    def from_bytes(cls, raw: bytes) -> VaultHeader:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise VaultDamaged(
                "The vault's header file vault.json is damaged (it is not valid JSON); "
                "restore it from a backup."
            ) from exc
        if not isinstance(data, dict) or data.get("app") != "SafeLog":
            raise VaultDamaged(
                "vault.json is not a SafeLog vault header; restore it from a backup."
            )
        version = data.get("format_version")
        if not isinstance(version, int):
            raise VaultDamaged("vault.json has no format version; restore it from a backup.")
        if version > FORMAT_VERSION:
            raise VaultTooNew(
                f"This vault was made by a newer SafeLog (format {version}); "
                f"this copy understands format {FORMAT_VERSION}. Install the newer SafeLog."
            )
        slots: list[KeySlot] = []
        for index, raw_slot in enumerate(data.get("slots") or []):
            try:
                slots.append(KeySlot.from_dict(raw_slot))
            except (KeyError, ValueError, TypeError) as exc:
                name = raw_slot.get("name") if isinstance(raw_slot, dict) else None
                who = f" for {name!s}" if isinstance(name, str) else f" number {index + 1}"
                raise VaultDamaged(
                    f"The key slot{who} in vault.json is damaged ({exc}); "
                    "restore vault.json from a backup."
                ) from exc
        try:
            return cls(
                vault_id=str(data["vault_id"]),
                created_at=str(data["created_at"]),
                slots=tuple(slots),
                format_version=version,
                mac=data.get("mac"),
            )
        except KeyError as exc:
            raise VaultDamaged(f"vault.json is missing {exc}; restore it from a backup.") from exc

    def slot_for(self, name: str) -> KeySlot | None:
        wanted = name.casefold().strip()
        for slot in self.slots:
            if slot.name.casefold() == wanted:
                return slot
        return None
