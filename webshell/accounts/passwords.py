"""Password hashing with argon2id (argon2-cffi) and the password policy of radrules.

The policy itself is the plugins': :func:`radrules.check_password` on the account's jurisdiction
(the national baseline, or a province's own rule such as source 002 §2.3 1 in Jiangsu).
"""

from __future__ import annotations

from typing import TypedDict

import anyio.to_thread
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from radrules import check_password, password_rules


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


# -- the password rule of the account's jurisdiction ---------------------------------------
# Which rule a password must meet is the plugins' (radrules.check_password: the national
# baseline, replaced by a province's own rule for its accounts, e.g. source 002 §2.3 1 in
# Jiangsu); the web shell only finds the account's division and shows what the rules say.


async def division_of(account_id: int) -> str | None:
    """The division code an account belongs to: its institution's, client's or authority's."""
    from radrules_webshell.accounts.tables import Account

    row = await (
        Account.select(Account.institution, Account.client, Account.authority)
        .where(Account.id == account_id)
        .first()
    )
    if row is None:
        return None
    return await division_for(
        institution_id=row["institution"], client_id=row["client"], authority_id=row["authority"]
    )


async def division_for(
    *, institution_id: int | None = None, client_id: int | None = None, authority_id: int | None = None
) -> str | None:
    """The division code of an account's unit or authority (None: an administrator's)."""
    from radrules_webshell.accounts.tables import Authority
    from radrules_webshell.clients.tables import Client
    from radrules_webshell.institutions.tables import Institution

    for table, key in ((Institution, institution_id), (Client, client_id), (Authority, authority_id)):
        if key is not None:
            row = await table.select(table.division_code).where(table.id == key).first()
            if row is not None and row["division_code"]:
                return str(row["division_code"])
    return None


def policy_error(password: str, division_code: str | None) -> str | None:
    """Why ``password`` may not be set for an account of ``division_code`` (None: it may)."""
    result = check_password(password, division_code=division_code)
    return "；".join(f.message for f in result.errors) or None


def policy_text(division_code: str | None) -> str:
    """What the password rules in force for such an account ask, for the form's hint."""
    return "；".join(rule.title for rule in password_rules(division_code=division_code))
