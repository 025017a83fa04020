"""Delivery over the API: cost and CO2 estimate for the firms of a search, criterion wording.

The estimate is for sourcing and simulation only (before a tender is published); it is never
an award criterion. The criterion route refuses any criterion on distance or location.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from api.deps import DbDep, SettingsDep
from api.errors import validation_message
from api.schemas import Erreur
from api.uploads import MULTIPART_OVERHEAD, read_limited, too_large
from suppliers.criteria import CriterionParams, CriterionText, criterion_text
from suppliers.delivery import (
    DeliveryTable,
    table_to_csv,
    table_to_html,
    table_to_xlsx,
)
from suppliers.reference_values import CARBON_VALUE_EUR_PER_T
from suppliers.road_delivery import estimate_for_search
from suppliers.search import FirmQuery
from suppliers.sites import (
    MAX_FILE_BYTES,
    DeliverySite,
    SiteInput,
    locate_sites,
    read_sites_bytes,
)
from suppliers.vehicles import DEFAULT_VEHICLE, DeliveryParameters

router = APIRouter(prefix="/api/livraison", tags=["livraison"])

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_SITES = 2000


class FormatTableau(StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class EstimationDemande(BaseModel):
    """Les sites à livrer, la recherche d'entreprises et les paramètres du calcul."""

    sites: list[SiteInput] = Field(
        min_length=1,
        max_length=MAX_SITES,
        description="Sites de livraison (en multipart : fichier).",
    )
    recherche: FirmQuery = Field(
        default_factory=FirmQuery,
        description="Mêmes filtres que GET /api/fournisseurs (mots, NAF, CPV, autour, rayon...).",
    )
    vehicule: str = Field(
        DEFAULT_VEHICLE,
        max_length=60,
        description="Code du véhicule (fourgon-3.5t, porteur-19t...).",
    )
    parametres: DeliveryParameters = Field(default_factory=DeliveryParameters)


def table_response(table: DeliveryTable, format: FormatTableau | None) -> Response:
    """The table as JSON (default), CSV, XLSX with formulas, or an HTML page."""
    if format is FormatTableau.csv:
        return Response(
            table_to_csv(table),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="livraisons.csv"'},
        )
    if format is FormatTableau.xlsx:
        return Response(
            table_to_xlsx(table),
            media_type=XLSX_MEDIA_TYPE,
            headers={"Content-Disposition": 'attachment; filename="livraisons.xlsx"'},
        )
    if format is FormatTableau.html:
        return HTMLResponse(table_to_html(table))
    return JSONResponse(table.model_dump(mode="json"))


def _inlined(schema: Any, defs: dict[str, Any] | None = None) -> Any:
    """A JSON schema with its ``$defs`` written in place (none of these models is recursive)."""
    if defs is None and isinstance(schema, dict):
        defs = schema.get("$defs", {})
        schema = {k: v for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, dict):
        ref = schema.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inlined(defs[ref.removeprefix("#/$defs/")], defs)  # type: ignore[index]
        return {k: _inlined(v, defs) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_inlined(v, defs) for v in schema]
    return schema


_REQUEST_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {"schema": _inlined(EstimationDemande.model_json_schema())},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["sites"],
                "properties": {
                    "sites": {
                        "type": "string",
                        "format": "binary",
                        "description": "Sites en CSV ou XLSX : nom, commune ou adresse ou "
                        "latitude + longitude, livraisons_par_an.",
                    },
                    "q": {"type": "string"},
                    "naf": {"type": "array", "items": {"type": "string"}},
                    "cpv": {"type": "string"},
                    "autour": {"type": "string"},
                    "rayon_km": {"type": "number"},
                    "verifies_seulement": {"type": "boolean"},
                    "limite": {"type": "integer"},
                    "vehicule": {"type": "string"},
                    "detour_factor": {"type": "number"},
                    "round_trip": {"type": "boolean"},
                    "carbon_value_eur_per_t": {"type": "number"},
                    "max_points": {"type": "number"},
                },
            }
        },
    },
}
_SEARCH_FIELDS = ("q", "cpv", "autour", "rayon_km", "verifies_seulement", "limite", "page")
_PARAM_FIELDS = tuple(DeliveryParameters.model_fields)


@router.post(
    "/estimation",
    response_model=DeliveryTable,
    summary="Estimer le coût et le CO2 des livraisons des entreprises d'une recherche",
    openapi_extra={"requestBody": _REQUEST_BODY},
    responses={
        200: {
            "description": "Le tableau (JSON), ou un fichier CSV, XLSX (formules) ou HTML.",
            "content": {"text/csv": {}, XLSX_MEDIA_TYPE: {}, "text/html": {}},
        },
        400: {"model": Erreur, "description": "Site, commune, véhicule ou filtre inconnu."},
        413: {"model": Erreur, "description": "Fichier des sites trop gros."},
        415: {"model": Erreur, "description": "Ni JSON ni envoi de fichier."},
        422: {"model": Erreur, "description": "Demande incomplète ou invalide."},
    },
)
async def estimation(
    request: Request,
    db: DbDep,
    settings: SettingsDep,
    format: Annotated[
        FormatTableau | None, Query(description="csv, xlsx ou html pour un fichier. Sans : JSON.")
    ] = None,
) -> Response:
    """Pour chaque entreprise trouvée : km par an, coût (€), CO2 (kg), coût du CO2 (€), notes.

    **Estimation pour préparer l'achat, pas un critère d'attribution** : noter la distance est
    interdit (Conseil d'État, 12 septembre 2018, n° 420585). Envoyez du JSON
    (`EstimationDemande`) ou un formulaire multipart avec le fichier `sites` (CSV ou XLSX)
    et les filtres en champs simples.
    """
    demande, sites = await _received(request, min(settings.upload_max_bytes, MAX_FILE_BYTES))
    if sites is None:
        sites = await run_in_threadpool(locate_sites, demande.sites)
    table, _ = await run_in_threadpool(
        estimate_for_search,
        db,
        demande.recherche,
        sites,
        demande.vehicule,
        demande.parametres,
        settings.osrm_url,
    )
    return table_response(table, format)


async def _received(
    request: Request, limit: int
) -> tuple[EstimationDemande, list[DeliverySite] | None]:
    """The request, from a JSON body or a multipart form with a sites file."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + MULTIPART_OVERHEAD:
        raise too_large(limit, "La demande est trop volumineuse")
    if content_type == "application/json":
        body = await read_limited(
            request, limit + MULTIPART_OVERHEAD, "La demande est trop volumineuse"
        )
        try:
            return EstimationDemande.model_validate_json(body), None
        except ValidationError as error:
            raise _invalid(error) from None
    if content_type == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=40)
        upload = form.get("sites")
        if not isinstance(upload, UploadFile):
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_ENTITY,
                "Envoyez les sites dans le champ « sites » du formulaire (CSV ou XLSX).",
            )
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise too_large(limit, "La demande est trop volumineuse")
        sites = await run_in_threadpool(
            read_sites_bytes,
            data,
            upload.filename or "sites.csv",
            request.app.state.settings.archive_limits,
        )
        fields = {k: v for k, v in form.items() if isinstance(v, str) and v.strip()}
        recherche: dict[str, Any] = {k: fields[k] for k in _SEARCH_FIELDS if k in fields}
        naf = [v for v in form.getlist("naf") if isinstance(v, str)]
        if naf:
            recherche["naf"] = naf
        raw = {
            "sites": [{"nom": s.nom, "livraisons_par_an": s.livraisons_par_an} for s in sites],
            "recherche": recherche,
            "parametres": {k: fields[k] for k in _PARAM_FIELDS if k in fields},
        }
        if "vehicule" in fields:
            raw["vehicule"] = fields["vehicule"]
        try:
            return EstimationDemande.model_validate(raw), sites
        except ValidationError as error:
            raise _invalid(error) from None
    raise HTTPException(
        status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        "Envoyez du JSON (EstimationDemande) ou un formulaire multipart avec le fichier « sites ».",
    )


def _invalid(error: ValidationError) -> HTTPException:
    errors = [dict(e) for e in error.errors(include_url=False, include_context=False)]
    for e in errors:
        e["loc"] = ("body", *e.get("loc", ()))
    return HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, validation_message(errors))


class CritereDemande(BaseModel):
    """Le type de critère et ses paramètres."""

    type: str = Field(max_length=60, description="prix, co2 ou cout-cycle-de-vie.")
    poids: float = Field(10, gt=0, le=100, description="Points du critère.")
    valeur_carbone_eur_t: float = Field(
        CARBON_VALUE_EUR_PER_T,
        ge=0,
        le=10_000,
        description="Euros par tonne de CO2e (rapport Quinet, 2019).",
    )


@router.get(
    "/critere",
    responses={
        400: {
            "model": Erreur,
            "description": "Critère sur la distance ou le lieu : la loi l'interdit (explication).",
        }
    },
)
def critere(demande: Annotated[CritereDemande, Query()]) -> CriterionText:
    """Le texte d'un critère de livraison légal pour le règlement de consultation (FALC),
    avec sa formule et sa base légale. Un critère sur la distance est refusé (400)."""
    params = CriterionParams(poids=demande.poids, valeur_carbone_eur_t=demande.valeur_carbone_eur_t)
    return criterion_text(demande.type, params)
