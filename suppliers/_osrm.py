"""Road distances from an OSRM server (table service), when ``CLAIR_OSRM_URL`` is set.

Off by default: without a server, :mod:`suppliers.road_delivery` uses great-circle km × detour
factor. With one, each firm × site pair gets the shortest road distance OSRM knows
(``/table/v1/driving/...?annotations=distance``, metres). Requests are cut into blocks so
that no request holds more than ``max_locations`` points (OSRM's ``--max-table-size``
defaults to 100). A server that cannot be reached, or answers badly, never stops the
estimate: the great-circle estimate is used and the table says why in ``remarques``.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx
import numpy as np

from core.errors import ClairError
from suppliers.delivery import FloatArray

DEFAULT_MAX_LOCATIONS = 100
"""OSRM's default ``--max-table-size``: sources + destinations of one table request."""
DEFAULT_TIMEOUT_S = 20.0


class OsrmError(ClairError):
    """The OSRM server could not give the distances."""


def table_km(
    base_url: str,
    origins: Sequence[tuple[float, float]],
    destinations: Sequence[tuple[float, float]],
    *,
    client: httpx.Client | None = None,
    max_locations: int = DEFAULT_MAX_LOCATIONS,
    profile: str = "driving",
) -> FloatArray:
    """Road km from each origin to each destination, points as (latitude, longitude).

    Unroutable pairs are NaN. Raises :class:`OsrmError` with a French message.
    """
    if max_locations < 2:
        raise ValueError("max_locations must be at least 2")
    result = np.full((len(origins), len(destinations)), np.nan)
    if not len(origins) or not len(destinations):
        return result
    dest_block = min(len(destinations), max_locations // 2)
    origin_block = max_locations - dest_block
    own = client is None
    http = client or httpx.Client(timeout=DEFAULT_TIMEOUT_S)
    try:
        for i in range(0, len(origins), origin_block):
            for j in range(0, len(destinations), dest_block):
                block = _table_block(
                    http,
                    base_url,
                    origins[i : i + origin_block],
                    destinations[j : j + dest_block],
                    profile,
                )
                result[i : i + block.shape[0], j : j + block.shape[1]] = block
    finally:
        if own:
            http.close()
    return result


def _table_block(
    http: httpx.Client,
    base_url: str,
    origins: Sequence[tuple[float, float]],
    destinations: Sequence[tuple[float, float]],
    profile: str,
) -> FloatArray:
    points = [*origins, *destinations]
    # OSRM wants longitude first; 6 decimals is about 10 cm.
    coordinates = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
    n = len(origins)
    url = f"{base_url.rstrip('/')}/table/v1/{profile}/{coordinates}"
    params = {
        "sources": ";".join(str(k) for k in range(n)),
        "destinations": ";".join(str(k) for k in range(n, len(points))),
        "annotations": "distance",
    }
    try:
        response = http.get(url, params=params)
    except httpx.HTTPError as error:
        raise OsrmError(f"Le serveur OSRM ne répond pas ({type(error).__name__}).") from error
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or response.status_code != 200 or body.get("code") != "Ok":
        detail = body.get("message") or body.get("code") if isinstance(body, dict) else None
        raise OsrmError(
            f"Le serveur OSRM refuse la demande (HTTP {response.status_code}"
            + (f" : {detail}" if detail else "")
            + ")."
        )
    distances = body.get("distances")
    try:
        metres = np.array(
            [[np.nan if d is None else float(d) for d in row] for row in distances], dtype=float
        )
    except (TypeError, ValueError) as error:
        raise OsrmError("La réponse du serveur OSRM n'a pas de distances lisibles.") from error
    if metres.shape != (len(origins), len(destinations)):
        raise OsrmError("La réponse du serveur OSRM n'a pas le bon nombre de distances.")
    return metres / 1000.0
