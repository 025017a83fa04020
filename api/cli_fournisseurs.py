"""``clair fournisseurs``: import the register, search it, record declarations and verify them."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn
from rich.table import Table

from api.cli_common import TOUT_HELP, BaseOption, fail, write_stream
from api.database import open_base
from core.errors import ClairError

app = typer.Typer(
    name="fournisseurs",
    help="Registre des entreprises locales : importer, chercher, déclarer, vérifier.",
    no_args_is_help=True,
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    geojson = "geojson"


class Decision(StrEnum):
    verifie = "vérifié"
    rejete = "rejeté"


def _print_report(report) -> None:
    rate = report.lignes_par_seconde
    speed = f", {rate:,.0f} lignes/s".replace(",", " ").replace(" ", ",", 1) if rate else ""
    typer.echo(
        f"{report.fichier} ({report.format}) : {report.lignes_lues} lignes lues, "
        f"{report.enregistrees} établissements enregistrés dont {report.nouvelles} nouveaux, "
        f"{report.ecartees_par_filtre} écartés par les filtres, {report.rejets_total} rejetés "
        f"({report.duree_s:.1f} s{speed})."
    )
    if report.caracteres_retires:
        typer.echo(
            f"{report.caracteres_retires} caractère(s) de contrôle retiré(s) des textes "
            "(interdits en XML, ils casseraient les exports et les flux)."
        )
    if report.noms_unites_legales:
        typer.echo(f"{report.noms_unites_legales} noms d'entreprises lus (StockUniteLegale).")
    for reject in report.rejets[:20]:
        who = f" ({reject.siret})" if reject.siret else ""
        typer.echo(f"  rejet ligne {reject.ligne}{who} : {reject.motif}")
    if report.rejets_total > 20:
        typer.echo(f"  … et {report.rejets_total - 20} autres rejets.")


@app.command()
def importer(
    fichier: Annotated[
        Path,
        typer.Argument(
            help="CSV SIRENE (StockEtablissement, géolocalisé, StockUniteLegale, "
            "éventuellement .gz ou .zip) ou déclarations (CSV, JSON)."
        ),
    ],
    departement: Annotated[
        list[str] | None, typer.Option("--departement", help="Garder ce département (répétable).")
    ] = None,
    commune: Annotated[
        list[str] | None, typer.Option("--commune", help="Garder ce code INSEE (répétable).")
    ] = None,
    naf: Annotated[
        list[str] | None, typer.Option("--naf", help="Garder ce code NAF, préfixe ou section.")
    ] = None,
    actives: Annotated[
        bool, typer.Option("--actives", help="Garder seulement les établissements actifs.")
    ] = False,
    unites_legales: Annotated[
        Path | None,
        typer.Option(
            "--unites-legales", help="StockUniteLegale à lire d'abord, pour les noms d'entreprise."
        ),
    ] = None,
    base: BaseOption = None,
) -> None:
    """Importer un fichier dans le registre (le format est reconnu tout seul)."""
    from suppliers.importer import ImportFilters, import_file

    try:
        filters = ImportFilters(
            departements=departement or [],
            communes=commune or [],
            naf=naf or [],
            actives_seulement=actives,
        )
    except (ValidationError, ClairError) as error:
        raise fail(_validation_text(error)) from None
    conn = open_base(base)
    console = Console(stderr=True)
    try:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        ) as progress:
            task = progress.add_task(f"Import de {fichier.name}", total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            reports = []
            for path in filter(None, (unites_legales, fichier)):
                progress.update(task, description=f"Import de {path.name}", completed=0)
                reports.append(import_file(conn, path, filters=filters, progress=advance))
    except ClairError as error:
        raise fail(str(error)) from None
    finally:
        conn.close()
    for report in reports:
        _print_report(report)


def _validation_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        message = str(first.get("msg", "")).removeprefix("Value error, ")
        return f"Paramètre invalide : {message}"
    return str(error)


@app.command()
def chercher(
    requete: Annotated[str | None, typer.Argument(help="Mots cherchés (facultatif).")] = None,
    autour: Annotated[
        str | None, typer.Option("--autour", help="Commune : nom, code postal ou INSEE.")
    ] = None,
    rayon: Annotated[
        float | None, typer.Option("--rayon", min=0.001, max=1000, help="Rayon en km.")
    ] = None,
    naf: Annotated[
        list[str] | None, typer.Option("--naf", help="Code NAF, préfixe ou section (répétable).")
    ] = None,
    cpv: Annotated[str | None, typer.Option("--cpv", help="Code CPV d'un marché.")] = None,
    verifies: Annotated[
        bool, typer.Option("--verifies", help="Seulement les déclarations vérifiées.")
    ] = False,
    fermes: Annotated[
        bool, typer.Option("--avec-fermes", help="Inclure les établissements fermés.")
    ] = False,
    limite: Annotated[
        int, typer.Option("--limite", min=1, max=500, help="Résultats par page.")
    ] = 20,
    page: Annotated[int, typer.Option("--page", min=1, help="Numéro de page.")] = 1,
    format: Annotated[OutputFormat, typer.Option("--format", help="Sortie.")] = OutputFormat.table,
    tout: Annotated[bool, typer.Option("--tout", help=TOUT_HELP)] = False,
    base: BaseOption = None,
) -> None:
    """Chercher des entreprises : mots, activité (NAF ou CPV), autour d'une commune."""
    from suppliers.export import firm_csv_lines, firms_to_csv, firms_to_geojson, hit_record
    from suppliers.search import FirmQuery, iter_firms, search_firms

    if tout and format not in (OutputFormat.csv, OutputFormat.json):
        raise fail("--tout écrit du CSV ou du JSON Lines : ajoutez --format csv ou --format json.")

    try:
        query = FirmQuery(
            q=requete,
            autour=autour,
            rayon_km=rayon,
            naf=naf or [],
            cpv=cpv,
            verifies_seulement=verifies,
            actives_seulement=not fermes,
            limite=limite,
            page=page,
        )
    except ValidationError as error:
        raise fail(_validation_text(error)) from None
    conn = open_base(base)
    if tout:
        hits = iter_firms(conn, query)
        try:
            if format is OutputFormat.csv:
                write_stream(firm_csv_lines(hits))
            else:
                write_stream(json.dumps(hit_record(h), ensure_ascii=False) + "\n" for h in hits)
        except ClairError as error:
            raise fail(str(error)) from None
        finally:
            conn.close()
        return
    try:
        results = search_firms(conn, query)
    except ClairError as error:
        raise fail(str(error)) from None
    finally:
        conn.close()
    if results.centre and results.centre.avertissement:
        typer.echo(results.centre.avertissement, err=True)
    if format is OutputFormat.json:
        records = [hit_record(hit) for hit in results.items]
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif format is OutputFormat.csv:
        typer.echo(firms_to_csv(results.items), nl=False)
    elif format is OutputFormat.geojson:
        typer.echo(json.dumps(firms_to_geojson(results.items), ensure_ascii=False))
    else:
        _print_table(results)


def _print_table(results) -> None:
    console = Console()
    where = f" autour de {results.centre.nom}" if results.centre else ""
    pages = max(1, -(-results.total // results.limite))
    console.print(
        escape(f"{results.total} entreprise(s){where} — page {results.page} sur {pages}."),
        highlight=False,
    )
    if not results.items:
        return
    table = Table()
    table.add_column("SIRET", no_wrap=True)
    table.add_column("Nom", ratio=3)
    table.add_column("NAF", no_wrap=True)
    table.add_column("Commune", ratio=1)
    table.add_column("Distance", no_wrap=True, justify="right")
    table.add_column("Vérif.", no_wrap=True)
    for hit in results.items:
        firm = hit.firm
        table.add_row(
            firm.siret,
            escape(firm.nom),
            firm.code_naf or "—",
            escape(firm.commune or "—"),
            "—" if hit.distance_km is None else f"{hit.distance_km:.1f} km",
            firm.statut_verification or "—",
        )
    console.print(table)


@app.command()
def declarer(
    fichier: Annotated[Path, typer.Argument(help="Déclarations : CSV (, ou ;) ou JSON.")],
    par: Annotated[
        str | None, typer.Option("--par", help="Qui enregistre ces déclarations.")
    ] = None,
    base: BaseOption = None,
) -> None:
    """Enregistrer les déclarations d'entreprises (mots-clés, zone de livraison, contact)."""
    from suppliers.declarations import import_declarations

    conn = open_base(base)
    try:
        report = import_declarations(conn, fichier, par=par)
    except ClairError as error:
        raise fail(str(error)) from None
    finally:
        conn.close()
    _print_report(report)


@app.command()
def verifier(
    siret: Annotated[str, typer.Argument(help="SIRET de l'établissement.")],
    statut: Annotated[Decision, typer.Option("--statut", help="vérifié ou rejeté.")],
    par: Annotated[str, typer.Option("--par", help="Nom de l'agent qui décide.")],
    motif: Annotated[
        str | None, typer.Option("--motif", help="Pourquoi (obligatoire pour un rejet).")
    ] = None,
    base: BaseOption = None,
) -> None:
    """Marquer la déclaration d'une entreprise comme vérifiée ou rejetée."""
    from suppliers.declarations import register_checks, verify

    conn = open_base(base)
    try:
        firm = verify(conn, siret, statut=statut.value, par=par, motif=motif)
        checks = register_checks(conn, firm.siret)
    except ClairError as error:
        raise fail(str(error)) from None
    finally:
        conn.close()
    typer.echo(f"{firm.nom} ({firm.siret}) : {firm.statut_verification} par {firm.verifie_par}.")
    _print_checks(checks)


def _print_checks(checks) -> None:
    typer.echo("Contrôles automatiques du registre :")
    for check in checks:
        mark = {True: "oui", False: "NON", None: "?"}[check.ok]
        typer.echo(f"  [{mark}] {check.libelle} — {check.detail}")


@app.command()
def voir(
    siret: Annotated[str, typer.Argument(help="SIRET de l'établissement.")],
    format: Annotated[OutputFormat, typer.Option("--format", help="table ou json.")] = (
        OutputFormat.table
    ),
    base: BaseOption = None,
) -> None:
    """Afficher la fiche d'un établissement, sa déclaration et les contrôles du registre."""
    from suppliers.declarations import register_checks
    from suppliers.store import get_firm

    conn = open_base(base)
    try:
        firm = get_firm(conn, siret)
        checks = register_checks(conn, siret) if firm else []
    finally:
        conn.close()
    if firm is None:
        raise fail(f"Aucun établissement de SIRET {siret} dans le registre.")
    if format is OutputFormat.json:
        typer.echo(json.dumps(firm.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    for label, value in (
        ("Nom", firm.nom),
        ("Enseigne", firm.enseigne),
        ("Activité", f"{firm.code_naf} {firm.libelle_naf}" if firm.code_naf else None),
        ("Adresse", firm.adresse),
        ("Commune", f"{firm.code_postal or ''} {firm.commune or ''}".strip()),
        ("État", firm.etat),
        ("Mots-clés", ", ".join(firm.mots_cles) or None),
        ("Zone de livraison", firm.zone_livraison),
        ("Contact", firm.contact),
        ("Vérification", firm.statut_verification),
    ):
        typer.echo(f"{label} : {value or '—'}")
    _print_checks(checks)
