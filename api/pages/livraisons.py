"""Livraisons: delivery sites (upload or edit), vehicle and parameters, cost/CO2 table and map,
XLSX download, and the wording of a legal delivery criterion.

Nothing is stored: the sites and SIRETs travel in the form, so the XLSX download recomputes
the same table from the same inputs.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from api.csp import map_policy
from api.deps import DbDep
from api.pages._forms import FormError, build
from api.pages._render import render
from api.security import OptionalUserDep, require_csrf
from core.errors import ClairError
from core.identifiers import sirets_in_text
from maps.firms_map import MapFirm, map_html
from maps.markers import site_markers
from suppliers.criteria import (
    KINDS,
    LEGAL_EXPLANATION,
    CriterionParams,
    criterion_text,
)
from suppliers.delivery import (
    COLUMN_LABELS,
    DeliveryTable,
    table_to_xlsx,
)
from suppliers.naf import naf_section
from suppliers.reference_values import CARBON_VALUE_EUR_PER_T, DETOUR_FACTOR
from suppliers.road_delivery import estimate_for_sirets
from suppliers.sites import read_sites_bytes, sites_as_csv
from suppliers.store import get_firms
from suppliers.vehicles import DEFAULT_VEHICLE, VEHICLES, DeliveryParameters

router = APIRouter(include_in_schema=False)

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SITES_FILE_MAX_BYTES = 5 * 1024 * 1024
PARAMETER_LABELS = {
    "detour_factor": "Facteur de détour",
    "round_trip": "Compter le retour",
    "carbon_value_eur_per_t": "Valeur du carbone",
    "max_points": "Points",
}
CRITERION_LABELS = {
    "prix": "Prix, livraison comprise",
    "co2": "Émissions de CO2 déclarées",
    "cout-cycle-de-vie": "Coût du cycle de vie",
}


def example_sites() -> str:
    """The demo file: 48 school canteens of the Communauté urbaine de Dunkerque."""
    return (files("suppliers") / "data" / "demo_sites_cantines.csv").read_text(encoding="utf-8")


def _criterion(critere: str | None, poids: str | None) -> tuple[object | None, str | None]:
    if not critere:
        return None, None
    try:
        params = CriterionParams(poids=float((poids or "10").replace(",", ".")))
        return criterion_text(critere, params), None
    except ValueError:
        return None, "Le nombre de points doit être un nombre entre 1 et 100."
    except ClairError as refused:
        return None, str(refused)


def _page(request: Request, user, *, status_code: int = 200, **context) -> HTMLResponse:
    defaults = {
        "erreur": None,
        "sites_csv": "",
        "sirets": "",
        "vehicule": DEFAULT_VEHICLE,
        "params": DeliveryParameters(),
        "table": None,
        "carte": None,
        "criterion": None,
        "criterion_error": None,
        "critere": "",
        "poids": "10",
    }
    defaults.update(context)
    # The map sits in <iframe srcdoc>, which inherits this page's policy: allow its scripts.
    carte = defaults["carte"]
    headers = (
        {"Content-Security-Policy": map_policy(carte, request.app.state.settings.tiles)}
        if carte
        else None
    )
    return render(
        request,
        "livraisons.html",
        user=user,
        title="Coût et CO2 des livraisons",
        status_code=status_code,
        headers=headers,
        vehicles=VEHICLES,
        kinds=[(kind, CRITERION_LABELS.get(kind, kind)) for kind in KINDS],
        legal=LEGAL_EXPLANATION,
        labels=COLUMN_LABELS,
        **defaults,
    )


@router.get("/livraisons", response_class=HTMLResponse)
def livraisons_page(
    request: Request,
    user: OptionalUserDep,
    critere: Annotated[str | None, Query(max_length=60)] = None,
    poids: Annotated[str | None, Query(max_length=10)] = None,
    exemple: Annotated[str | None, Query(max_length=5)] = None,
) -> HTMLResponse:
    criterion, criterion_error = _criterion(critere, poids)
    return _page(
        request,
        user,
        sites_csv=example_sites() if exemple else "",
        criterion=criterion,
        criterion_error=criterion_error,
        critere=critere or "",
        poids=poids or "10",
    )


async def _estimate(
    db,
    fichier: UploadFile | None,
    sites_csv: str,
    sirets: str,
    vehicule: str,
    detour: str,
    aller_retour: bool,
    valeur_carbone: str,
    points: str,
    osrm_url: str | None,
) -> tuple[DeliveryTable, str]:
    """Read the inputs and estimate; :class:`FormError` or :class:`ClairError` in French.

    Road distances come from OSRM when ``CLAIR_OSRM_URL`` is set, else great circle × detour."""
    if fichier is not None and fichier.filename:
        data = await fichier.read(SITES_FILE_MAX_BYTES + 1)
        name = fichier.filename
        if name.lower().endswith((".xlsx", ".xlsm")):
            sites_csv = sites_as_csv(read_sites_bytes(data, name))
        else:
            sites_csv = data.decode("utf-8-sig", errors="replace")
    if not sites_csv.strip():
        raise FormError("Donnez les sites de livraison : un fichier, ou le tableau à remplir.")
    sites = read_sites_bytes(sites_csv.encode("utf-8"), "sites.csv")
    params = build(
        DeliveryParameters,
        {
            "detour_factor": detour.replace(",", "."),
            "round_trip": aller_retour,
            "carbon_value_eur_per_t": valeur_carbone.replace(",", "."),
            "max_points": points.replace(",", "."),
        },
        PARAMETER_LABELS,
    )
    table = await run_in_threadpool(
        estimate_for_sirets, db, sirets_in_text(sirets), sites, vehicule, params, osrm_url
    )
    return table, sites_csv


class _Inputs:
    """The form fields, declared once for the page and the XLSX download."""

    def __init__(
        self,
        fichier: UploadFile | None = None,
        sites_csv: Annotated[str, Form(max_length=2_000_000)] = "",
        sirets: Annotated[str, Form(max_length=20_000)] = "",
        vehicule: Annotated[str, Form(max_length=60)] = DEFAULT_VEHICLE,
        detour: Annotated[str, Form(max_length=10)] = f"{DETOUR_FACTOR:g}",
        aller_retour: Annotated[str | None, Form(max_length=5)] = None,
        valeur_carbone: Annotated[str, Form(max_length=10)] = f"{CARBON_VALUE_EUR_PER_T:g}",
        points: Annotated[str, Form(max_length=10)] = "10",
    ) -> None:
        self.fichier = fichier
        self.sites_csv = sites_csv
        self.sirets = sirets
        self.vehicule = vehicule
        self.detour = detour
        self.aller_retour = aller_retour is not None
        self.valeur_carbone = valeur_carbone
        self.points = points

    async def estimate(self, db, osrm_url: str | None) -> tuple[DeliveryTable, str]:
        return await _estimate(
            db,
            self.fichier,
            self.sites_csv,
            self.sirets,
            self.vehicule,
            self.detour,
            self.aller_retour,
            self.valeur_carbone,
            self.points,
            osrm_url,
        )


InputsDep = Annotated[_Inputs, Depends()]


def delivery_map(table: DeliveryTable, firms_sections: dict[str, str | None], tiles: str) -> str:
    """The firms (coloured by activity) and the sites on one self-contained map."""
    firms = [
        MapFirm(
            siret=line.siret,
            nom=line.nom,
            latitude=line.latitude,
            longitude=line.longitude,
            section=firms_sections.get(line.siret),
            cout_livraison_eur=line.cout_total_eur,
            co2_kg=line.co2_kg,
        )
        for line in table.lignes
    ]
    return map_html(firms, sites=site_markers(table.sites), tiles=tiles, title="Livraisons – Clair")


@router.post("/livraisons", dependencies=[Depends(require_csrf)])
async def livraisons(
    request: Request, db: DbDep, user: OptionalUserDep, inputs: InputsDep
) -> HTMLResponse:
    kept = {
        "sites_csv": inputs.sites_csv,
        "sirets": inputs.sirets,
        "vehicule": inputs.vehicule,
    }
    try:
        table, sites_csv = await inputs.estimate(db, request.app.state.settings.osrm_url)
    except (FormError, ClairError) as refused:
        return _page(request, user, status_code=422, erreur=str(refused), **kept)
    firms = get_firms(db, [line.siret for line in table.lignes])
    sections = {s: naf_section(f.code_naf) if f.code_naf else None for s, f in firms.items()}
    carte = delivery_map(table, sections, request.app.state.settings.tiles)
    return _page(
        request,
        user,
        **{**kept, "sites_csv": sites_csv},
        params=table.parametres,
        table=table,
        carte=carte,
    )


@router.post("/livraisons/tableur.xlsx", dependencies=[Depends(require_csrf)])
async def tableur(
    request: Request, db: DbDep, user: OptionalUserDep, inputs: InputsDep
) -> Response:
    """The same table as a spreadsheet whose totals are live formulas."""
    try:
        table, _ = await inputs.estimate(db, request.app.state.settings.osrm_url)
    except (FormError, ClairError) as refused:
        return _page(request, user, status_code=422, erreur=str(refused))
    return Response(
        table_to_xlsx(table),
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": 'attachment; filename="livraisons.xlsx"'},
    )
