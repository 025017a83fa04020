"""``clair livraison`` (estimate, criterion wording, scoring of offers) and ``clair carte``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.cli_common import BaseOption, fail
from api.database import open_base
from core.errors import ClairError
from suppliers.reference_values import CARBON_VALUE_EUR_PER_T, DETOUR_FACTOR
from suppliers.vehicles import DEFAULT_VEHICLE

app = typer.Typer(
    name="livraison",
    help="Coût et CO2 des livraisons (estimation), critères légaux, notation des offres.",
    no_args_is_help=True,
)

XLSX = ".xlsx"


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


# Search filters, the same as ``clair fournisseurs chercher``.
Requete = Annotated[str | None, typer.Argument(help="Mots cherchés (facultatif).")]
Autour = Annotated[
    str | None, typer.Option("--autour", help="Commune : nom, code postal ou INSEE.")
]
Rayon = Annotated[float | None, typer.Option("--rayon", min=0.001, max=1000, help="Rayon en km.")]
Naf = Annotated[
    list[str] | None, typer.Option("--naf", help="Code NAF, préfixe ou section (répétable).")
]
Cpv = Annotated[str | None, typer.Option("--cpv", help="Code CPV d'un marché.")]
Verifies = Annotated[bool, typer.Option("--verifies", help="Seulement les déclarations vérifiées.")]
Limite = Annotated[int, typer.Option("--limite", min=1, max=500, help="Nombre d'entreprises.")]
Sortie = Annotated[Path | None, typer.Option("-o", "--sortie", help="Fichier à écrire.")]


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        text = str(first.get("msg", "")).removeprefix("Value error, ")
        return f"Paramètre invalide{f' ({where})' if where else ''} : {text}"
    return str(error)


def _query(requete, autour, rayon, naf, cpv, verifies, limite):
    from suppliers.search import FirmQuery

    return FirmQuery(
        q=requete,
        autour=autour,
        rayon_km=rayon,
        naf=naf or [],
        cpv=cpv,
        verifies_seulement=verifies,
        limite=limite,
    )


def _write(out: Path | None, content: str | bytes) -> None:
    if out is None:
        if isinstance(content, bytes):
            raise fail("Ce format est un fichier : donnez -o FICHIER.")
        typer.echo(content, nl=not content.endswith("\n"))
        return
    try:
        if isinstance(content, bytes):
            out.write_bytes(content)
        else:
            out.write_text(content, encoding="utf-8")
    except OSError as error:
        raise fail(f"Impossible d'écrire {out} : {error.strerror or error}.") from None
    typer.echo(f"Écrit : {out}", err=True)


@app.command()
def estimer(
    sites: Annotated[
        Path,
        typer.Option(
            "--sites",
            help="Sites (CSV ou XLSX) : nom, commune/adresse/latitude+longitude, "
            "livraisons_par_an.",
        ),
    ],
    requete: Requete = None,
    autour: Autour = None,
    rayon: Rayon = None,
    naf: Naf = None,
    cpv: Cpv = None,
    verifies: Verifies = False,
    vehicule: Annotated[
        str, typer.Option("--vehicule", help="fourgon-3.5t, porteur-7.5t, porteur-19t...")
    ] = DEFAULT_VEHICLE,
    detour: Annotated[
        float, typer.Option("--detour", help="Facteur de détour (km route ÷ vol d'oiseau).")
    ] = DETOUR_FACTOR,
    aller_simple: Annotated[
        bool, typer.Option("--aller-simple", help="Ne pas compter le retour à vide.")
    ] = False,
    valeur_carbone: Annotated[
        float, typer.Option("--valeur-carbone", help="Euros par tonne de CO2e.")
    ] = CARBON_VALUE_EUR_PER_T,
    points: Annotated[float, typer.Option("--points", help="Points de la meilleure note.")] = 10.0,
    limite: Limite = 20,
    format: Annotated[TableFormat | None, typer.Option("--format", help="Sortie.")] = None,
    sortie: Sortie = None,
    base: BaseOption = None,
) -> None:
    """Estimer le coût et le CO2 des livraisons pour les entreprises d'une recherche.

    C'est une estimation pour préparer l'achat, pas un critère d'attribution.
    """
    from api.settings import get_settings
    from suppliers.delivery import ESTIMATE_WARNING, table_to_csv, table_to_html, table_to_xlsx
    from suppliers.road_delivery import estimate_for_search
    from suppliers.sites import read_sites
    from suppliers.vehicles import DeliveryParameters

    chosen = format or _format_of(sortie)
    try:
        query = _query(requete, autour, rayon, naf, cpv, verifies, limite)
        params = DeliveryParameters(
            detour_factor=detour,
            round_trip=not aller_simple,
            carbon_value_eur_per_t=valeur_carbone,
            max_points=points,
        )
        located = read_sites(sites)
    except (ValidationError, ClairError) as error:
        raise fail(_message(error)) from None
    conn = open_base(base)
    try:
        table, _ = estimate_for_search(
            conn, query, located, vehicule, params, get_settings().osrm_url
        )
    except ClairError as error:
        raise fail(str(error)) from None
    finally:
        conn.close()
    if chosen is TableFormat.json:
        typer.echo(f"Attention : {ESTIMATE_WARNING}", err=True)
        records = [line.model_dump(mode="json") for line in table.lignes]
        _write(sortie, json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif chosen is TableFormat.csv:
        _write(sortie, table_to_csv(table))
    elif chosen is TableFormat.xlsx:
        _write(sortie, table_to_xlsx(table))
    elif chosen is TableFormat.html:
        _write(sortie, table_to_html(table))
    else:
        _print_table(table)
    for remark in table.remarques[:20]:
        typer.echo(f"Remarque : {remark}", err=True)


def _format_of(out: Path | None) -> TableFormat:
    suffix = out.suffix.lower().lstrip(".") if out else ""
    return TableFormat(suffix) if suffix in {"json", "csv", "xlsx", "html"} else TableFormat.table


def _fr(number: float) -> str:
    """A short decimal number written the French way (1,8)."""
    return f"{number:g}".replace(".", ",")


def _print_table(table) -> None:
    console = Console()
    console.print(f"[bold]Attention :[/bold] {escape(table.avertissement)}")
    v = table.vehicule
    console.print(
        escape(
            f"{v.libelle} : {_fr(v.cout_eur_km)} €/km, {_fr(v.co2_kg_km)} kgCO2e/km. "
            f"{len(table.sites)} site(s). {table.source_distances}"
        ),
        highlight=False,
    )
    out = Table()
    out.add_column("SIRET", no_wrap=True, min_width=14)
    out.add_column("Entreprise", ratio=1)
    for label in ("km/an", "Coût €", "CO2 kg", "CO2 €", "Note"):
        out.add_column(label, justify="right", no_wrap=True)
    for line in table.lignes:
        out.add_row(
            line.siret,
            escape(line.nom),
            f"{line.km_annuels:,.0f}".replace(",", " "),
            f"{line.cout_eur:,.0f}".replace(",", " "),
            f"{line.co2_kg:,.0f}".replace(",", " "),
            f"{line.cout_co2_eur:,.0f}".replace(",", " "),
            _fr(round(line.note, 2)),
        )
    console.print(out)


@app.command()
def critere(
    type: Annotated[str, typer.Option("--type", help="prix, co2 ou cout-cycle-de-vie.")],
    poids: Annotated[float, typer.Option("--poids", help="Points du critère.")] = 10.0,
    valeur_carbone: Annotated[
        float, typer.Option("--valeur-carbone", help="Euros par tonne de CO2e.")
    ] = CARBON_VALUE_EUR_PER_T,
    json_output: Annotated[bool, typer.Option("--json", help="Sortie JSON.")] = False,
    sortie: Sortie = None,
) -> None:
    """Écrire un critère de livraison légal pour le règlement de consultation.

    Un critère sur la distance ou le lieu de l'entreprise est refusé : la loi l'interdit.
    """
    from suppliers.criteria import CriterionParams, criterion_text

    try:
        params = CriterionParams(poids=poids, valeur_carbone_eur_t=valeur_carbone)
        text = criterion_text(type, params)
    except (ValidationError, ClairError) as error:
        raise fail(_message(error), code=2) from None
    if json_output:
        _write(
            sortie, json.dumps(text.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
        )
    else:
        _write(sortie, text.markdown())


@app.command()
def noter(
    offres: Annotated[
        Path, typer.Argument(help="Offres déclarées (CSV ou XLSX) : une ligne par site et offre.")
    ],
    sortie: Sortie = None,
) -> None:
    """Noter les offres reçues avec la formule publiée, à partir des chiffres des candidats."""
    from suppliers.offers import read_offers, score_offers, sheet_to_csv, sheet_to_xlsx

    try:
        sheet = score_offers(read_offers(offres))
    except (ValidationError, ClairError) as error:
        raise fail(_message(error)) from None
    if sortie is not None and sortie.suffix.lower() == XLSX:
        _write(sortie, sheet_to_xlsx(sheet))
    elif sortie is not None:
        _write(sortie, sheet_to_csv(sheet))
    else:
        _print_sheet(sheet)


SHEET_LABELS = {
    "candidat": "Candidat",
    "prix_livraison_eur": "Livraison €",
    "co2_kg": "CO2 kg",
    "cout_cycle_de_vie_eur": "Cycle de vie €",
    "note_prix": "Note prix",
    "note_co2": "Note CO2",
    "note_cout_cycle_de_vie": "Note cycle",
}


def _print_sheet(sheet) -> None:
    console = Console()
    console.print(escape(sheet.avertissement), highlight=False)
    out = Table()
    for column, label in SHEET_LABELS.items():
        out.add_column(label, justify="left" if column == "candidat" else "right")
    for score in sheet.notes:
        out.add_row(*(escape(_cell(getattr(score, c))) for c in SHEET_LABELS))
    console.print(out)
    typer.echo("Toutes les colonnes : -o notes.csv ou -o notes.xlsx.", err=True)


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.2f}"
    return "—" if value is None else str(value)


def carte(
    sortie: Annotated[Path, typer.Option("-o", "--sortie", help="Fichier HTML à écrire.")],
    requete: Requete = None,
    autour: Autour = None,
    rayon: Rayon = None,
    naf: Naf = None,
    cpv: Cpv = None,
    verifies: Verifies = False,
    sites: Annotated[
        Path | None, typer.Option("--sites", help="Sites de livraison (CSV ou XLSX).")
    ] = None,
    vehicule: Annotated[
        str, typer.Option("--vehicule", help="Véhicule du coût de livraison (avec --sites).")
    ] = DEFAULT_VEHICLE,
    limite: Annotated[
        int, typer.Option("--limite", min=1, max=500, help="Nombre d'entreprises.")
    ] = 500,
    base: BaseOption = None,
) -> None:
    """Dessiner la carte des entreprises d'une recherche (page HTML autonome, sans CDN)."""
    from api.settings import get_settings
    from maps.firms_map import map_html
    from maps.markers import firm_markers, search_circles, site_markers
    from suppliers.road_delivery import estimate_for_search
    from suppliers.search import search_firms
    from suppliers.sites import read_sites
    from suppliers.vehicles import DeliveryParameters

    settings = get_settings()
    try:
        query = _query(requete, autour, rayon, naf, cpv, verifies, limite)
        located = read_sites(sites) if sites is not None else []
    except (ValidationError, ClairError) as error:
        raise fail(_message(error)) from None
    conn = open_base(base)
    try:
        if located:
            table, results = estimate_for_search(
                conn, query, located, vehicule, DeliveryParameters(), settings.osrm_url
            )
            estimates = {line.siret: line for line in table.lignes}
        else:
            results, estimates = search_firms(conn, query), {}
        html = map_html(
            firm_markers(results.items, estimates),
            sites=site_markers(located),
            circles=search_circles(results, query.rayon_km),
            tiles=settings.tiles,
        )
    except ClairError as error:
        raise fail(str(error)) from None
    finally:
        conn.close()
    _write(sortie, html)
    typer.echo(f"{len(results.items)} entreprise(s) sur {results.total} sur la carte.", err=True)
