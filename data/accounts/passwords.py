"""Password hashes: salted scrypt with its parameters in the string, so they can be raised later.

Standard library only. 'scrypt$n=16384,r=8,p=1$<salt>$<key>'; compared in constant time.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

# scrypt cost: 16 MiB and ~0.1 s per hash on these machines. Stored with every hash, so raising
# them later re-hashes each password at its owner's next successful login.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, KEY_BYTES = 2**14, 8, 1, 16, 32


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """'scrypt$n=16384,r=8,p=1$<salt>$<key>' with a fresh random salt (base64)."""
    salt = secrets.token_bytes(SALT_BYTES)
    salt_text, key_text = (base64.b64encode(b).decode("ascii") for b in (salt, _scrypt(password, salt, n, r, p)))
    return f"scrypt$n={n},r={r},p={p}${salt_text}${key_text}"


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES,
                          maxmem=256 * n * r * p + 2**20)


def _parse_hash(encoded: str) -> tuple[dict[str, int], bytes, bytes]:
    scheme, params, salt, key = encoded.split("$")
    if scheme != "scrypt":
        raise ValueError(scheme)
    values = {k: int(v) for k, v in (item.split("=") for item in params.split(","))}
    return values, base64.b64decode(salt), base64.b64decode(key)


def verify_password(password: str, encoded: str) -> bool:
    """Whether password matches the stored hash (compared in constant time); a malformed hash never matches."""
    try:
        params, salt, key = _parse_hash(encoded)
        candidate = _scrypt(password, salt, params["n"], params["r"], params["p"])
    except (ValueError, KeyError, TypeError):
        return False
    return hmac.compare_digest(candidate, key)


def needs_rehash(encoded: str) -> bool:
    """True when the hash was made with weaker parameters than the current ones."""
    try:
        params = _parse_hash(encoded)[0]
    except (ValueError, KeyError):
        return True
    return any(params.get(k, 0) < v for k, v in (("n", SCRYPT_N), ("r", SCRYPT_R), ("p", SCRYPT_P)))


@functools.cache
def dummy_hash() -> str:
    """Checked for names without an account, so a wrong name costs as long as a wrong password."""
    return hash_password(secrets.token_hex(16))
