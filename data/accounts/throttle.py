"""Sign-in throttling: growing delays per client, per name and per name from one client — never a hard lock.

Each failed sign-in counts against three keys: the client (its address), the name, and the name
from that client. After FREE failures a key makes its next attempt wait 2, 4, 8 … seconds, up to
its cap: long for a client (one browser guessing), short for a name (many browsers guessing one
name), so a stranger can slow an account down by at most NAME_CAP seconds and never lock it.
A client that signed in to a name before is not held by that name's delay: the admin's own
machine always gets in. A key is forgotten FORGET seconds after its last failure.

Every attempt is counted before its password is checked, in the same locked step as the wait
check (data/accounts/users): thirty parallel guesses cannot all slip under the limit.
"""

from __future__ import annotations

FREE = 3  # failures of a key before its delays start
CLIENT_CAP, NAME_CAP = 900, 30  # longest delay: one client, one name from everywhere
FORGET = 3600  # a key without a failure for an hour starts again
UNKNOWN_CLIENT = "?"  # no address (the server itself, or every browser behind a proxy): name-sized delays only
KNOWN_CLIENTS = 5  # addresses remembered per account, of its last successful sign-ins
SEP = "\x1f"  # between name and client in a key: account names never hold control characters


def keys(name: str, client: str) -> dict[str, str]:
    return {"client": f"client:{client}", "name": f"name:{name}", "pair": f"pair:{name}{SEP}{client}"}


def _cap(kind: str, client: str) -> int:
    return NAME_CAP if kind == "name" or client == UNKNOWN_CLIENT else CLIENT_CAP


def delay(failures: int, cap: int) -> int:
    """Seconds the next attempt waits after this many failures: none for the first FREE, then doubling to cap."""
    return 0 if failures < FREE else min(cap, 2 ** (failures - FREE + 1))


def wait(table: dict, name: str, client: str, now: float, *, known_client: bool) -> int:
    """Seconds until this client may try this name (0: now)."""
    until = [table.get(key, {}).get("until", 0) for kind, key in keys(name, client).items()
             if not (kind == "name" and known_client)]
    return max(0, int(max(until) - now + 0.999))


def count(table: dict, name: str, client: str, now: float) -> None:
    """Count one attempt as failed on every key (undone in part by succeeded when the password was right)."""
    for kind, key in keys(name, client).items():
        entry = table.setdefault(key, {"n": 0})
        entry["n"] += 1
        entry["last"], entry["until"] = now, now + delay(entry["n"], _cap(kind, client))


def succeeded(table: dict, name: str, client: str) -> None:
    """The password was right: the name's counts start again; the client keeps its other failures."""
    found = keys(name, client)
    table.pop(found["name"], None)
    table.pop(found["pair"], None)
    entry = table.get(found["client"])
    if entry:  # this attempt was counted as a failure before its check: take it back
        entry["n"] = max(0, entry["n"] - 1)
        entry["until"] = entry["last"] + delay(entry["n"], _cap("client", client))


def forget_name(table: dict, name: str) -> None:
    """A new password: nothing held against the name any more."""
    for key in [k for k in table if k == f"name:{name}" or k.startswith(f"pair:{name}{SEP}")]:
        del table[key]


def prune(table: dict, now: float) -> None:
    """Forget keys an hour past their last failure and their delay (and entries of the old lockout format)."""
    for key in list(table):
        entry = table[key]
        if "n" not in entry or (now - entry.get("last", 0) > FORGET and entry.get("until", 0) <= now):
            del table[key]
