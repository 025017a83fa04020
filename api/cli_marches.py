"""``clair marches``: import tender notices, sync with the BOAMP, search, and find the tenders
that fit a firm."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.cli_common import TOUT_HELP, BaseOption, fail, write_stream
from api.database import open_base
from core.errors import ClairError
from core.identifiers import compact_identifier

app = typer.Typer(
    name="marches",
    help="Avis de marchés publics : importer, synchroniser, chercher, trouver ceux pour vous.",
    no_args_is_help=True,
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class SortChoice(StrEnum):
    pertinence = "pertinence"
    date_limite = "date_limite"
    distance = "distance"
    date_publication = "date_publication"


class TypeChoice(StrEnum):
    travaux = "travaux"
    fournitures = "fournitures"
    services = "services"


def _date_text(moment) -> str:
    if moment is None:
        return "—"
    from tenders.tender import PARIS

    return moment.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")


def _print_report(report) -> None:
    typer.echo(
        f"{report.fichier} ({report.format}) : {report.lus} lus, {report.ajoutes} ajoutés, "
        f"{report.fusionnes} fusionnés avec un avis déjà connu, {report.mis_a_jour} mis à jour, "
        f"{len(report.ignores)} ignorés."
    )
    if report.caracteres_retires:
        typer.echo(
            f"  {report.caracteres_retires} caractère(s) de contrôle retiré(s) des textes "
            "(interdits en XML, ils casseraient les flux Atom et les documents)."
        )
    if report.format.startswith("decp-"):
        typer.echo(
            f"  tableau de bord : {report.attributions} marchés attribués enregistrés, "
            f"{report.attributions_ignorees} sans identifiant ou sans SIRET d'acheteur."
        )
    for skipped in report.ignores[:20]:
        who = f" ({skipped.identifiant})" if skipped.identifiant else ""
        typer.echo(f"  ignoré : enregistrement {skipped.position}{who} : {skipped.raison}")
    if len(report.ignores) > 20:
        typer.echo(f"  … et {len(report.ignores) - 20} autres.")


@app.command("importer")
def importer(
    fichiers: Annotated[
        list[Path],
        typer.Argument(help="Fichiers BOAMP (JSON ou XML), DECP (JSON) ou eForms (XML)."),
    ],
    base: BaseOption = None,
    attributions_seulement: Annotated[
        bool,
        typer.Option(
            "--attributions-seulement",
            help="DECP : enregistrer les marchés pour le tableau de bord seulement, pas comme "
            "avis consultables (plusieurs fois plus rapide : pour le fichier national).",
        ),
    ] = False,
) -> None:
    """Importer des avis : le format est reconnu tout seul. Un même avis n'est jamais ajouté deux fois."""
    from tenders.importers import import_file

    conn = open_base(base)
    failed = False
    try:
        for path in fichiers:
            try:
                _print_report(import_file(conn, path, avis=not attributions_seulement))
            except ClairError as error:
                typer.echo(f"{path} : {error}", err=True)
                failed = True
    finally:
        conn.close()
    if failed:
        raise typer.Exit(code=1)


@app.command("synchroniser")
def synchroniser(
    depuis: Annotated[
        str | None,
        typer.Option(
            help="Date de départ AAAA-MM-JJ (par défaut : le dernier avis BOAMP de la base)."
        ),
    ] = None,
    limite: Annotated[int | None, typer.Option(help="Nombre maximal d'avis à lire.", min=1)] = None,
    base: BaseOption = None,
) -> None:
    """Récupérer les avis publiés au BOAMP depuis une date (API open data de la DILA)."""
    from tenders.sync import synchronise

    since = None
    if depuis:
        try:
            since = date.fromisoformat(depuis)
        except ValueError:
            raise fail(
                f"Date illisible : « {depuis} ». Écrivez-la AAAA-MM-JJ, par exemple 2026-01-01."
            ) from None
    conn = open_base(base)
    try:
        _print_report(synchronise(conn, since, limit=limite))
    except ClairError as error:
        raise fail(str(error)) from None
    finally:
        conn.close()


@app.command("chercher")
def chercher(
    requete: Annotated[
        str | None, typer.Argument(help="Mots-clés, par exemple « nettoyage ».")
    ] = None,
    cpv: Annotated[
        list[str] | None, typer.Option(help="Code CPV ou début de code (9091, 45).")
    ] = None,
    departement: Annotated[str | None, typer.Option(help="Département (59).")] = None,
    autour: Annotated[
        str | None, typer.Option(help="Commune de référence (nom ou code postal).")
    ] = None,
    rayon: Annotated[
        float | None, typer.Option(help="Rayon en km autour de la commune.", min=0.1)
    ] = None,
    type_marche: Annotated[
        TypeChoice | None, typer.Option("--type", help="travaux, fournitures ou services.")
    ] = None,
    ouverts: Annotated[
        bool, typer.Option("--ouverts", help="Seulement les avis encore ouverts.")
    ] = False,
    tri: Annotated[SortChoice, typer.Option(help="Ordre des résultats.")] = SortChoice.pertinence,
    limite: Annotated[int, typer.Option(help="Nombre d'avis par page.", min=1, max=200)] = 20,
    page: Annotated[int, typer.Option(help="Numéro de page.", min=1)] = 1,
    format: Annotated[
        OutputFormat, typer.Option("--format", help="table, json ou csv.")
    ] = OutputFormat.table,
    tout: Annotated[bool, typer.Option("--tout", help=TOUT_HELP)] = False,
    base: BaseOption = None,
) -> None:
    """Chercher des avis. Sans mot-clé ni filtre : tous les avis enregistrés, ouverts ou non."""
    from suppliers.export import csv_lines
    from tenders.search import CSV_COLUMNS, TenderQuery, hit_row, iter_tenders, search_tenders

    if tout and format is OutputFormat.table:
        raise fail("--tout écrit du CSV ou du JSON Lines : ajoutez --format csv ou --format json.")
    conn = open_base(base)
    try:
        query = TenderQuery(
            q=requete,
            cpv=cpv or [],
            departement=departement,
            autour=autour,
            rayon_km=rayon,
            type_marche=type_marche.value if type_marche else None,
            ouverts=ouverts,
            tri=tri.value,
            limite=limite,
            page=page,
        )
        if tout:
            hits = iter_tenders(conn, query)
            if format is OutputFormat.csv:
                write_stream(csv_lines(CSV_COLUMNS, (hit_row(hit) for hit in hits)))
            else:
                write_stream(json.dumps(_record(h), ensure_ascii=False) + "\n" for h in hits)
            return
        results = search_tenders(conn, query)
    except ClairError as error:
        raise fail(str(error)) from None
    finally:
        conn.close()
    if format is OutputFormat.json:
        items = [_record(hit) for hit in results.items]
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    if format is OutputFormat.csv:
        write_stream(csv_lines(CSV_COLUMNS, (hit_row(hit) for hit in results.items)))
        return
    table = Table(title=f"{results.total} avis (page {results.page})")
    for column in ("Identifiant", "Objet", "Acheteur", "CPV", "Lieu", "Date limite"):
        table.add_column(column)
    if any(hit.distance_km is not None for hit in results.items):
        table.add_column("km", justify="right")
    for hit in results.items:
        t = hit.tender
        row = [
            t.id,
            (t.titre or t.objet)[:70],
            t.acheteur.nom or "—",
            " ".join(t.codes_cpv[:2]) or "—",
            t.lieu.commune or t.lieu.departement or "—",
            _date_text(t.date_limite),
        ]
        if len(table.columns) == 7:
            row.append("—" if hit.distance_km is None else f"{hit.distance_km:g}")
        table.add_row(*row)
    Console().print(table)


def _record(hit) -> dict:
    """One result as JSON: the notice, and its distance when a centre was given."""
    item = json.loads(hit.tender.model_dump_json())
    if hit.distance_km is not None:
        item["distance_km"] = hit.distance_km
    return item


@app.command("pour")
def pour(
    siret: Annotated[str | None, typer.Argument(help="SIRET d'une entreprise du registre.")] = None,
    naf: Annotated[
        str | None, typer.Option(help="Code NAF, si l'entreprise n'est pas au registre.")
    ] = None,
    mot_cle: Annotated[
        list[str] | None, typer.Option("--mot-cle", help="Mot-clé de votre activité (répétable).")
    ] = None,
    autour: Annotated[str | None, typer.Option(help="Votre commune.")] = None,
    rayon: Annotated[
        float | None, typer.Option(help="Rayon en km (50 par défaut).", min=0.1)
    ] = None,
    limite: Annotated[int, typer.Option(help="Nombre d'avis.", min=1, max=200)] = 20,
    format: Annotated[
        OutputFormat, typer.Option("--format", help="table ou json.")
    ] = OutputFormat.table,
    base: BaseOption = None,
) -> None:
    """Ces marchés sont pour vous : les avis ouverts qui vous correspondent, et pourquoi."""
    from suppliers.store import get_firm
    from tenders.matching import FirmProfile, profile_from_firm, tenders_for_firm

    conn = open_base(base)
    try:
        if siret:
            firm = get_firm(conn, compact_identifier(siret))
            if firm is None:
                raise fail(
                    f"Aucune entreprise de SIRET {siret} dans le registre. Importez-la avec "
                    "« clair fournisseurs », ou décrivez-vous avec --naf, --mot-cle et --autour."
                )
            profile = profile_from_firm(firm)
            update = {
                k: v for k, v in {"code_naf": naf, "autour": autour, "rayon_km": rayon}.items() if v
            }
            if mot_cle:
                update["mots_cles"] = [*profile.mots_cles, *mot_cle]
            profile = profile.model_copy(update=update)
        else:
            if not (naf or mot_cle):
                raise fail(
                    "Donnez un SIRET, ou au moins un code NAF (--naf) ou un mot-clé (--mot-cle)."
                )
            profile = FirmProfile(
                code_naf=naf, mots_cles=mot_cle or [], autour=autour, rayon_km=rayon
            )
        matches = tenders_for_firm(conn, profile, limite=limite)
    except ClairError as error:
        raise fail(str(error)) from None
    finally:
        conn.close()
    if format is OutputFormat.json:
        typer.echo(
            json.dumps(
                [json.loads(m.model_dump_json()) for m in matches], ensure_ascii=False, indent=2
            )
        )
        return
    if not matches:
        typer.echo("Aucun avis ouvert ne vous correspond pour l'instant.")
        return
    console = Console()
    for match in matches:
        t = match.tender
        console.print(
            f"[bold]{escape(t.titre or t.objet[:80])}[/bold]  ({escape(t.id)})", highlight=False
        )
        console.print(
            f"  {t.acheteur.nom or '—'} · date limite {_date_text(t.date_limite)}", highlight=False
        )
        for reason in match.raisons:
            console.print(f"  • {reason.message}", highlight=False, markup=False)


@app.command("fiche")
def fiche(
    identifiant: Annotated[str, typer.Argument(help="Identifiant de l'avis (boamp:16-186394).")],
    base: BaseOption = None,
) -> None:
    """La fiche simple d'un avis, en langage facile, avec son score de lisibilité."""
    from api.settings import get_settings
    from falc.nlp import load_nlp
    from tenders.fiche import fiche_simple
    from tenders.store import get_tender

    conn = open_base(base)
    try:
        tender = get_tender(conn, identifiant)
    finally:
        conn.close()
    if tender is None:
        raise fail(f"Aucun avis « {identifiant} » dans la base.")
    result = fiche_simple(tender, load_nlp(get_settings().spacy_model))
    typer.echo(result.texte)
    if result.score is not None:
        typer.echo(f"\nLisibilité : {result.score:.0f}/100 ({result.niveau}).")


class DashboardFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"
    html = "html"


def _share(value: float | None) -> str:
    from api.pages._render import french_share

    return french_share(value)


def _print_dashboard(dashboard) -> None:
    """The dashboard's main tables, for a terminal."""
    from api.dashboard_view import bin_label, km, radii
    from api.pages._render import french_number

    console = Console()
    names = ", ".join(a.nom or a.siret for a in dashboard.acheteurs)
    console.print(f"[bold]Qui gagne les marchés de : {escape(names)}[/bold]", highlight=False)
    summary = Table(title="Chiffres clés", show_header=False)
    summary.add_column("Indicateur")
    summary.add_column("Valeur", justify="right")
    for label, value in (
        ("Marchés", french_number(dashboard.marches)),
        ("Montant total", f"{french_number(dashboard.montant_total)} €"),
        ("Titulaires (un par marché et par titulaire)", french_number(dashboard.titulaires)),
        ("Titulaires hors registre", french_number(dashboard.hors_registre)),
        ("Gagnés par des PME (en nombre)", _share(dashboard.part_pme)),
        ("Gagnés par des PME (en montant)", _share(dashboard.part_pme_montant)),
        ("Avec une seule offre", _share(dashboard.concurrence.part_offre_unique)),
        ("Distance médiane", f"{french_number(dashboard.distance_mediane_km, 1)} km"),
        ("Part des 10 premiers titulaires", _share(dashboard.concentration.part_top10)),
        ("Avec une clause sociale", _share(dashboard.clauses.part_sociale)),
        ("Avec une clause environnementale", _share(dashboard.clauses.part_environnementale)),
    ):
        summary.add_row(label, value)
    console.print(summary)
    local = Table(title="Part des marchés gagnée près de l'acheteur")
    for column in ("Rayon", "En nombre", "En montant"):
        local.add_column(column, justify="right")
    for label, share, share_amount in radii(dashboard):
        local.add_row(label, _share(share), _share(share_amount))
    console.print(local)
    bins = Table(title="Distance entre l'acheteur et le titulaire")
    for column in ("Distance", "Titulaires", "Montant des parts"):
        bins.add_column(column, justify="right")
    for b in dashboard.histogramme:
        bins.add_row(bin_label(b), french_number(b.titulaires), f"{french_number(b.montant)} €")
    console.print(bins)
    chances = Table(
        title=f"Où les entreprises locales (à moins de {km(dashboard.rayon_km)} km) "
        "pourraient répondre"
    )
    for column in ("Division CPV", "Entreprises locales", "Marchés", "Gagnés sur place"):
        chances.add_column(column, justify="right" if column != "Division CPV" else "left")
    for o in dashboard.opportunites[:10]:
        chances.add_row(
            f"{o.cpv} {o.libelle or ''}"[:60],
            french_number(o.entreprises_locales),
            french_number(o.marches),
            _share(o.part_locale),
        )
    console.print(chances)
    console.print(
        "Pour préparer les achats (sourçage, lots pour les PME), jamais pour noter les offres : "
        "la distance ne peut pas être un critère de choix (Conseil d'État, 12 septembre 2018, "
        "n° 420585).",
        highlight=False,
    )


@app.command("tableau")
def tableau(
    acheteur: Annotated[
        list[str] | None,
        typer.Option("--acheteur", help="SIRET d'un acheteur (répétable)."),
    ] = None,
    groupe: Annotated[
        Path | None,
        typer.Option(
            "--groupe",
            help="Fichier de SIRET d'acheteurs, un par ligne (# commence un commentaire).",
        ),
    ] = None,
    annees: Annotated[
        str | None, typer.Option("--annees", help="Années : 2022-2025, ou 2024.")
    ] = None,
    cpv: Annotated[
        list[str] | None,
        typer.Option("--cpv", help="Division CPV, 2 chiffres (répétable) : 45, 90."),
    ] = None,
    procedure: Annotated[
        list[str] | None,
        typer.Option("--procedure", help="Procédure, écrite comme dans la DECP (répétable)."),
    ] = None,
    rayon: Annotated[
        float, typer.Option("--rayon", help="Rayon « local » en km.", min=0.1, max=1000)
    ] = 30.0,
    format: Annotated[
        DashboardFormat, typer.Option("--format", help="table, json, xlsx ou html.")
    ] = DashboardFormat.table,
    sortie: Annotated[
        Path | None,
        typer.Option("-o", "--sortie", help="Fichier à écrire (obligatoire pour xlsx)."),
    ] = None,
    base: BaseOption = None,
) -> None:
    """Qui gagne les marchés d'un acheteur ou d'un groupe d'acheteurs, à quelle distance, de
    quelle taille, avec quelle concurrence, et où des entreprises locales pourraient répondre.

    Pour préparer les achats, jamais pour noter les offres."""
    from pydantic import ValidationError

    from api.errors import validation_message
    from tenders.dashboard import DashboardQuery, build_dashboard
    from tenders.dashboard_model import parse_group, parse_years

    if format is DashboardFormat.xlsx and sortie is None:
        raise fail("Le format xlsx s'écrit dans un fichier : ajoutez -o tableau.xlsx.")
    try:
        sirets = list(acheteur or [])
        if groupe is not None:
            try:
                sirets += parse_group(groupe.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                raise fail(f"Fichier de groupe illisible : {groupe}") from None
        if not sirets:
            raise fail("Donnez au moins un acheteur : --acheteur SIRET ou --groupe FICHIER.")
        first, last = parse_years(annees) if annees else (None, None)
        query = DashboardQuery(
            acheteurs=sirets,
            annee_debut=first,
            annee_fin=last,
            divisions=cpv or [],
            procedures=procedure or [],
            rayon_km=rayon,
        )
    except ValidationError as error:
        raise fail(validation_message(error.errors())) from None
    except ClairError as error:
        raise fail(str(error)) from None
    conn = open_base(base)
    try:
        dashboard = build_dashboard(conn, query)
    except ClairError as error:
        raise fail(str(error)) from None
    finally:
        conn.close()
    if format is DashboardFormat.table:
        _print_dashboard(dashboard)
        return
    if format is DashboardFormat.json:
        content: str | bytes = dashboard.model_dump_json(indent=2)
    elif format is DashboardFormat.xlsx:
        from tenders.dashboard_export import dashboard_to_xlsx

        content = dashboard_to_xlsx(dashboard)
    else:
        from api.dashboard_view import render_report

        content = render_report(dashboard)
    if sortie is None:
        typer.echo(content)
        return
    try:
        if isinstance(content, bytes):
            sortie.write_bytes(content)
        else:
            sortie.write_text(content + "\n", encoding="utf-8")
    except OSError as error:
        raise fail(f"Écriture impossible ({error.strerror}) : {sortie}") from None
    typer.echo(f"Tableau de bord écrit : {sortie}")
