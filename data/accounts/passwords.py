"""Password hashes: Argon2id (argon2-cffi) with its parameters in the string; older scrypt strings still verify.

New hashes are '$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>' (OWASP's minimum: 19 MiB, 2 passes,
~0.08 s on these machines; argon2-cffi's default of 64 MiB × 3 passes × 4 lanes took 1.3–1.7 s here,
and every sign-in pays it). Hashes made before the switch, 'scrypt$n=16384,r=8,p=1$<salt>$<key>',
verify as they are and are replaced by an Argon2id hash at their owner's next successful sign-in
(needs_rehash), so nobody is locked out by the change. Compared in constant time either way.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

ARGON2 = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# The scrypt hashes of before: still read, never written except by scrypt_hash (tests of the upgrade).
SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES, KEY_BYTES = 2**14, 8, 1, 16, 32


def hash_password(password: str) -> str:
    """An Argon2id string with a fresh random salt."""
    return ARGON2.hash(password)


def scrypt_hash(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """'scrypt$n=16384,r=8,p=1$<salt>$<key>', as stored before Argon2id."""
    salt = secrets.token_bytes(SALT_BYTES)
    salt_text, key_text = (base64.b64encode(b).decode("ascii") for b in (salt, _scrypt(password, salt, n, r, p)))
    return f"scrypt$n={n},r={r},p={p}${salt_text}${key_text}"


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES,
                          maxmem=256 * n * r * p + 2**20)


def _parse_scrypt(encoded: str) -> tuple[dict[str, int], bytes, bytes]:
    scheme, params, salt, key = encoded.split("$")
    if scheme != "scrypt":
        raise ValueError(scheme)
    values = {k: int(v) for k, v in (item.split("=") for item in params.split(","))}
    return values, base64.b64decode(salt), base64.b64decode(key)


def verify_password(password: str, encoded: str) -> bool:
    """Whether password matches the stored hash, Argon2id or scrypt; a malformed hash never matches."""
    if encoded.startswith("$argon2"):
        try:
            return ARGON2.verify(encoded, password)
        except (VerificationError, InvalidHashError, ValueError):
            return False
    try:
        params, salt, key = _parse_scrypt(encoded)
        candidate = _scrypt(password, salt, params["n"], params["r"], params["p"])
    except (ValueError, KeyError, TypeError):
        return False
    return hmac.compare_digest(candidate, key)


def needs_rehash(encoded: str) -> bool:
    """True for every scrypt hash, and for an Argon2id hash made with other parameters than ARGON2's."""
    if not encoded.startswith("$argon2id$"):
        return True
    try:
        return ARGON2.check_needs_rehash(encoded)
    except (InvalidHashError, ValueError):
        return True


@functools.cache
def dummy_hash() -> str:
    """Checked for names without an account, so a wrong name costs as long as a wrong password."""
    return hash_password(secrets.token_hex(16))
