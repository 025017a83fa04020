"""The login limit: failed logins counted in the base, so that every server worker sees them.

Each failure is one row (a key and a wall-clock time) in ``login_failures``. A key is the
client's address alone, or the address and the e-mail. Counting rows in a sliding window works
the same in one process or in four (``clair serve --workers 4``): no counter lives in memory.
The address is the peer of the TCP connection; ``X-Forwarded-For`` is read only when that
peer is a proxy listed in ``CLAIR_PROXIES`` (:func:`client_address`).
"""

from __future__ import annotations

import ipaddress
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence

from pydantic import BaseModel, Field

from storage import migrate as migrate_component
from storage import transaction

COMPONENT = "login_limit"

STEPS: tuple[str, ...] = (
    """
    CREATE TABLE login_failures (
        key TEXT NOT NULL,
        at  REAL NOT NULL
    );
    CREATE INDEX login_failures_key ON login_failures (key, at);
    """,
)

PRUNE_EVERY = 100
"""Old rows are deleted on one failure out of this many: the table stays small."""


class LoginLimits(BaseModel):
    """How many failed logins are tolerated before the door closes for a while.

    OWASP Authentication Cheat Sheet (« Login Throttling ») and ANSSI's password
    recommendations (2021, R27: limit the rate of attempts) ask for a limit; the numbers are
    ours: enough for a person who mistypes, far too few for guessing.
    """

    max_failures: int = Field(
        default=5,
        ge=1,
        description="Échecs tolérés pour un même couple adresse IP + adresse électronique.",
    )
    max_failures_per_ip: int = Field(
        default=30,
        ge=1,
        description="Échecs tolérés pour une même adresse IP, toutes adresses électroniques confondues.",
    )
    window_seconds: float = Field(
        default=15 * 60,
        gt=0,
        description="Durée de la fenêtre glissante où les échecs sont comptés, en secondes.",
    )


def migrate(conn: sqlite3.Connection) -> int:
    """Create or upgrade the table of failed logins."""
    return migrate_component(conn, COMPONENT, STEPS)


class LoginRateLimiter:
    """Failed attempts per key in a sliding window, stored in the base.

    ``clock`` gives wall-clock seconds (``time.time``): several processes share the counts, so
    a per-process monotonic clock would not do.
    """

    def __init__(
        self, limits: LoginLimits | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        self.limits = limits or LoginLimits()
        self._clock = clock

    def retry_after(self, conn: sqlite3.Connection, keys: Iterable[tuple[str, int]]) -> float:
        """Seconds to wait before another attempt is allowed (0 when allowed).

        ``keys`` pairs each counter key with its maximum number of failures.
        """
        now = self._clock()
        since = now - self.limits.window_seconds
        wait = 0.0
        for key, maximum in keys:
            # The window frees one slot when the oldest counted failure leaves it: with n
            # failures and a maximum m, that is the (n - m + 1)-th oldest one.
            row = conn.execute(
                "SELECT at FROM login_failures WHERE key = ? AND at > ? "
                "ORDER BY at DESC LIMIT 1 OFFSET ?",
                (key, since, maximum - 1),
            ).fetchone()
            if row is not None:
                wait = max(wait, float(row[0]) + self.limits.window_seconds - now)
        return wait

    def record_failure(self, conn: sqlite3.Connection, keys: Sequence[str]) -> None:
        now = self._clock()
        with transaction(conn):
            conn.executemany(
                "INSERT INTO login_failures (key, at) VALUES (?, ?)", [(k, now) for k in keys]
            )
            row = conn.execute("SELECT max(rowid) FROM login_failures").fetchone()
            if row[0] and int(row[0]) % PRUNE_EVERY == 0:
                conn.execute(
                    "DELETE FROM login_failures WHERE at <= ?", (now - self.limits.window_seconds,)
                )

    def reset(self, conn: sqlite3.Connection, key: str) -> None:
        conn.execute("DELETE FROM login_failures WHERE key = ?", (key,))


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_proxies(text: str) -> tuple[Network, ...]:
    """``"127.0.0.1, 10.0.0.0/8"`` → networks; raise ``ValueError`` (French) on a bad entry."""
    networks = []
    for item in text.replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(
                f"adresse de mandataire invalide : « {item} » (une adresse IP ou un réseau, "
                "ex. 10.0.0.0/8)"
            ) from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(text: str, proxies: Sequence[Network]) -> bool:
    address = _address(text)
    return address is not None and any(address in network for network in proxies)


def client_address(peer: str | None, forwarded_for: str | None, proxies: Sequence[Network]) -> str:
    """The address the login limit is keyed on.

    The TCP peer, unless it is a listed proxy: then the right-most ``X-Forwarded-For`` entry
    that is not itself a listed proxy (entries on the left are written by the client and prove
    nothing). Without listed proxies, ``X-Forwarded-For`` is never read.
    """
    address = peer or "inconnue"
    if not proxies or not _trusted(address, proxies) or not forwarded_for:
        return address
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if _address(hop) is None:
            return address  # garbage in the chain: keep the proxy's own address
        if not _trusted(hop, proxies):
            return hop
        address = hop
    return address
