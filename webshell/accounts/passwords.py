"""Password hashing with argon2id (argon2-cffi) and the password policy of radrules.

The policy itself is :func:`radrules.validate_password` (source 000 §2.2.1 第三步).
"""

from __future__ import annotations

from typing import TypedDict

import anyio.to_thread
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError


class _Cost(TypedDict):
    time_cost: int
    memory_cost: int
    parallelism: int


_PROFILES: dict[str, _Cost] = {
    # argon2-cffi's defaults: RFC 9106's second recommended option (64 MiB, t=3, p=4).
    "standard": {"time_cost": 3, "memory_cost": 65536, "parallelism": 4},
    # Only for the test suite, where hundreds of logins would otherwise dominate its time.
    "fast": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
}

_hasher = PasswordHasher(type=Type.ID, **_PROFILES["standard"])

#: Verified against when a login names no account, so the reply takes as long as a real check.
_DUMMY_HASH = _hasher.hash("not-a-password-Dummy#1")


def configure(profile: str) -> None:
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher(type=Type.ID, **_PROFILES[profile])
    _DUMMY_HASH = _hasher.hash("not-a-password-Dummy#1")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


# argon2id with the standard profile takes tens of milliseconds of CPU and 64 MiB; argon2-cffi
# releases the GIL while it works, so running it in a worker thread keeps the event loop
# serving other requests during a login instead of stalling all of them.


async def hash_password_off_loop(password: str) -> str:
    return await anyio.to_thread.run_sync(hash_password, password)


async def verify_password_off_loop(stored_hash: str | None, password: str) -> bool:
    return await anyio.to_thread.run_sync(verify_password, stored_hash, password)
