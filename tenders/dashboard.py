"""The local-economy dashboard: who wins a buyer's contracts, how far away, how big, with how
much competition, and in which activities local firms exist but never win.

The query and result models are in :mod:`tenders.dashboard_model`; the definitions of each
indicator and their sources in ``docs/indicateurs.md``. How things are counted:

- a **contract** counts once; each of its n winners is a **winner entry** with the part 1/n
  (no DECP format gives the split, :mod:`tenders.award`). Shares « by count » add up parts,
  shares « by amount » add up part × amount over the contracts with a reliable amount;
- a winner whose SIRET is not in the register (or who has no SIRET: foreign firm, VAT
  number) is **hors registre**: counted in every denominator, of unknown size, never placed;
- the **distance** runs from the buyer's establishment to the winner's establishment, both
  taken from the register (:func:`places.distance.great_circle_km`). A buyer that is not in
  the register (or has no position there) cannot be placed: its contracts count everywhere
  except in the distance figures, and ``acheteurs[].dans_registre`` says so. The local shares
  divide the parts won within the radius by the parts of the contracts whose buyer is
  placed, hors-registre winners included (they are not shown to be local);
- **opportunities**: for each CPV division bought, the active establishments of the register
  within the radius of a placed buyer whose NAF code the CPV → NAF table
  (:mod:`suppliers.cpv`) ties to the division, against the share of that division's
  contracts won within the radius. They are ranked by ``entreprises_locales × (1 −
  part_locale)``. This is for sourcing and purchase planning, never for scoring offers: a
  firm's distance cannot be an award criterion (``docs/indicateurs.md``).
"""

from __future__ import annotations

import itertools
import sqlite3

import numpy as np
import pandas as pd

from core.text import fold
from places.distance import great_circle_km
from suppliers.cpv import cpv_divisions, naf_prefixes_for_cpv
from suppliers.search import count_firms_around
from suppliers.size import TAILLES, sizes
from suppliers.store import firm_facts
from tenders.awards import AWARD_COLUMNS, buyer_award_rows, buyer_names, procedures_of
from tenders.dashboard_model import (
    HISTOGRAMME_BORNES_KM,
    RAYONS_KM,
    AcheteurPlace,
    Annee,
    ClasseDistance,
    Clauses,
    Concentration,
    Concurrence,
    Dashboard,
    DashboardQuery,
    DivisionConcentration,
    Gagnant,
    Opportunite,
    TailleLigne,
    rayon_key,
)

__all__ = ["Dashboard", "DashboardQuery", "build_dashboard"]

TOP = 10
"""How many winners the concentration share adds up (the top 10 of the issue)."""


def _ratio(part: float, whole: float) -> float | None:
    """``part / whole``, None when there is nothing to divide by (never a hidden zero)."""
    return float(part / whole) if whole > 0 else None


def _procedures(conn: sqlite3.Connection, buyers: list[int], asked: list[str]) -> list[str]:
    """The procedures as stored that match the ones asked, accents and case aside. When none
    matches, a value no contract has, so that the filter still filters."""
    if not asked:
        return []
    wanted = {fold(p).strip() for p in asked}
    found = [p for p in procedures_of(conn, buyers) if fold(p).strip() in wanted]
    return found or ["\x00aucune"]


def _frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(AWARD_COLUMNS))
    for column in ("montant_eur", "offres_recues", "part", "clause_sociale", "siret"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame


def _firm_key(siret: pd.Series, identifiant: pd.Series, award: pd.Series) -> pd.Series:
    """Who a winner is, for concentration: the SIREN (a firm's establishments are one firm),
    else the identifier given, else one unknown firm per entry."""
    known = siret.notna()
    siren = pd.Series(None, index=siret.index, dtype=object)
    numbers = (siret[known] // 100_000).astype("int64").astype(str).str.zfill(9)
    siren[known] = numbers
    other = identifiant.where(
        identifiant.notna(), "?" + award.astype(str) + ":" + siret.index.astype(str)
    )
    return siren.where(siret.notna(), other)


def build_dashboard(conn: sqlite3.Connection, query: DashboardQuery) -> Dashboard:
    """The dashboard of the buyers' contracts that pass the query's filters."""
    buyers = [int(s) for s in query.acheteurs]
    rows = buyer_award_rows(
        conn,
        buyers,
        annee_debut=query.annee_debut,
        annee_fin=query.annee_fin,
        divisions=query.divisions,
        procedures=_procedures(conn, buyers, query.procedures),
    )
    frame = _frame(rows)
    contracts = frame.drop_duplicates("id").set_index("id")
    entries = frame[frame["rang"].notna()].reset_index(drop=True)

    facts = firm_facts(conn, [*buyers, *entries["siret"].dropna().astype("int64").tolist()])
    facts = facts.set_index("id")
    buyer_places = _buyers(conn, buyers, facts, contracts)
    lat_of = {int(b.siret): b.latitude for b in buyer_places if b.latitude is not None}
    lon_of = {int(b.siret): b.longitude for b in buyer_places if b.latitude is not None}

    # Winner entries: part, amount, size, distance.
    entries["montant"] = entries["part"] * entries["montant_eur"]
    known = entries["siret"].notna() & entries["siret"].isin(facts.index)
    winner = facts.reindex(entries["siret"].where(known).fillna(-1).astype("int64"))
    winner.index = entries.index
    size, presumed = sizes(winner["categorie_entreprise"], winner["tranche_effectif"])
    entries["taille"] = size.where(known, "inconnue")
    entries["presumee"] = presumed & known
    entries["dans_registre"] = known
    buyer_lat = entries["acheteur"].map(lat_of)
    buyer_lon = entries["acheteur"].map(lon_of)
    entries["acheteur_place"] = buyer_lat.notna()
    entries["distance_km"] = great_circle_km(
        buyer_lat.to_numpy(dtype=float),
        buyer_lon.to_numpy(dtype=float),
        winner["latitude"].to_numpy(dtype=float),
        winner["longitude"].to_numpy(dtype=float),
    )
    entries.loc[~known, "distance_km"] = np.nan
    entries["nom_affiche"] = winner["nom"].where(known, entries["nom"])
    entries["firme"] = _firm_key(entries["siret"], entries["identifiant"], entries["id"])

    radii = list(dict.fromkeys([*RAYONS_KM, float(query.rayon_km)]))
    local_count, local_amount = {}, {}
    for radius in radii:
        local_count[rayon_key(radius)], local_amount[rayon_key(radius)] = _local_share(
            entries, radius
        )
    distances = entries["distance_km"].dropna()
    pme_count, pme_amount = _share(entries, entries["taille"] == "PME")
    sized = entries[entries["taille"] != "inconnue"]
    pme_known, pme_known_amount = _share(sized, sized["taille"] == "PME")

    return Dashboard(
        acheteurs=buyer_places,
        annee_debut=query.annee_debut,
        annee_fin=query.annee_fin,
        divisions=query.divisions,
        procedures=query.procedures,
        rayon_km=query.rayon_km,
        marches=len(contracts),
        montant_total=float(contracts["montant_eur"].sum()),
        marches_sans_montant=int(contracts["montant_eur"].isna().sum()),
        marches_sans_titulaire=int(contracts["rang"].isna().sum()),
        titulaires=len(entries),
        hors_registre=int((~entries["dans_registre"]).sum()),
        non_places=int(entries["distance_km"].isna().sum()),
        part_pme=pme_count,
        part_pme_montant=pme_amount,
        part_pme_tailles_connues=pme_known,
        part_pme_tailles_connues_montant=pme_known_amount,
        tailles=_sizes(entries),
        part_locale=local_count,
        part_locale_montant=local_amount,
        distances_km=[round(float(d), 3) for d in distances],
        distance_mediane_km=float(distances.median()) if len(distances) else None,
        histogramme=_histogram(entries),
        concurrence=_competition(contracts),
        concentration=_concentration(entries, contracts),
        clauses=_clauses(contracts),
        par_annee=_years(contracts, entries, query.rayon_km),
        opportunites=_opportunities(conn, contracts, entries, buyer_places, query.rayon_km),
    )


def _buyers(
    conn: sqlite3.Connection, buyers: list[int], facts: pd.DataFrame, contracts: pd.DataFrame
) -> list[AcheteurPlace]:
    names = buyer_names(conn, buyers)
    counts = contracts["acheteur"].value_counts()
    places = []
    for buyer in buyers:
        fact = facts.loc[buyer] if buyer in facts.index else None
        located = fact is not None and pd.notna(fact["latitude"]) and pd.notna(fact["longitude"])
        places.append(
            AcheteurPlace(
                siret=f"{buyer:014d}",
                nom=names.get(buyer) or (fact["nom"] if fact is not None else None),
                commune=fact["commune"] if fact is not None else None,
                latitude=float(fact["latitude"]) if located else None,
                longitude=float(fact["longitude"]) if located else None,
                dans_registre=fact is not None,
                marches=int(counts.get(buyer, 0)),
            )
        )
    return places


def _share(entries: pd.DataFrame, selected: pd.Series) -> tuple[float | None, float | None]:
    """The parts (by count) and the amounts of the selected winner entries over all entries."""
    amount = entries["montant"]
    return (
        _ratio(entries.loc[selected, "part"].sum(), entries["part"].sum()),
        _ratio(amount[selected].sum(), amount.sum()) if amount.notna().any() else None,
    )


def _local_share(entries: pd.DataFrame, radius_km: float) -> tuple[float | None, float | None]:
    """Parts won within the radius over the parts of contracts whose buyer is placed."""
    placed = entries[entries["acheteur_place"]]
    return _share(placed, placed["distance_km"] <= radius_km)


def _sizes(entries: pd.DataFrame) -> list[TailleLigne]:
    lines = []
    for taille in TAILLES:
        selected = entries["taille"] == taille
        by_count, by_amount = _share(entries, selected)
        lines.append(
            TailleLigne(
                taille=taille,
                titulaires=int(selected.sum()),
                parts=float(entries.loc[selected, "part"].sum()),
                presumees=int((selected & entries["presumee"]).sum()),
                part=by_count,
                part_montant=by_amount,
            )
        )
    return lines


def _histogram(entries: pd.DataFrame) -> list[ClasseDistance]:
    placed = entries[entries["distance_km"].notna()]
    edges = [*HISTOGRAMME_BORNES_KM, np.inf]
    bins = []
    for low, high in itertools.pairwise(edges):
        inside = placed[(placed["distance_km"] >= low) & (placed["distance_km"] < high)]
        bins.append(
            ClasseDistance(
                de_km=float(low),
                a_km=None if np.isinf(high) else float(high),
                titulaires=len(inside),
                parts=float(inside["part"].sum()),
                montant=float(inside["montant"].sum()),
            )
        )
    return bins


NON_COMPETITIVE = ("sans publicite ni mise en concurrence", "sans mise en concurrence")
"""Procedures without competition (« marché passé sans publicité ni mise en concurrence
préalable »): one bid there is the rule, not a sign of weak competition, so they are left out
of the bid figures, as the Open Contracting indicator guide counts competitive procedures."""


def _competitive(procedure: pd.Series) -> pd.Series:
    folded = {p: fold(p) for p in procedure.dropna().unique()}
    closed = {p for p, f in folded.items() if any(words in f for words in NON_COMPETITIVE)}
    return ~procedure.isin(closed)


def _competition(contracts: pd.DataFrame) -> Concurrence:
    competitive = _competitive(contracts["procedure"])
    told = contracts[contracts["offres_recues"].notna() & competitive]
    single = told["offres_recues"] == 1
    with_amount = told["montant_eur"].notna()
    return Concurrence(
        marches_renseignes=len(told),
        marches_sans_concurrence=int((~competitive).sum()),
        part_offre_unique=_ratio(single.sum(), len(told)),
        part_offre_unique_montant=_ratio(
            told.loc[single & with_amount, "montant_eur"].sum(),
            told.loc[with_amount, "montant_eur"].sum(),
        ),
        offres_moyenne=float(told["offres_recues"].mean()) if len(told) else None,
        offres_mediane=float(told["offres_recues"].median()) if len(told) else None,
    )


def _number(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


def _concentration(entries: pd.DataFrame, contracts: pd.DataFrame) -> Concentration:
    by_firm = entries.groupby("firme").agg(
        parts=("part", "sum"), montant=("montant", "sum"), nom=("nom_affiche", "first")
    )
    total_parts, total_amount = by_firm["parts"].sum(), by_firm["montant"].sum()
    top = by_firm.sort_values(["parts", "montant"], ascending=False).head(TOP)
    top_by_amount = by_firm["montant"].nlargest(TOP)
    labels = cpv_divisions()
    # One grouping for every division: each firm's parts and amounts within its division.
    within = entries.groupby(["division", "firme"], sort=False)[["part", "montant"]].sum()
    totals = within.groupby(level=0).sum()
    squares = (within / totals.reindex(within.index, level=0)) ** 2
    herfindahl = squares.groupby(level=0).sum().where(totals > 0)
    firms = within.groupby(level=0).size()
    bought = contracts["division"].value_counts()
    divisions = [
        DivisionConcentration(
            division=str(division),
            libelle=labels.get(str(division)),
            marches=int(bought.get(division, 0)),
            titulaires_distincts=int(firms[division]),
            herfindahl=_number(herfindahl.at[division, "part"]),
            herfindahl_montant=_number(herfindahl.at[division, "montant"]),
        )
        for division in firms.index
    ]
    return Concentration(
        part_top10=_ratio(top["parts"].sum(), total_parts),
        part_top10_montant=_ratio(top_by_amount.sum(), total_amount),
        top10=[
            Gagnant(
                identifiant=str(key),
                nom=row["nom"] if isinstance(row["nom"], str) else None,
                parts=float(row["parts"]),
                montant=float(row["montant"]),
                part=_ratio(row["parts"], total_parts),
                part_montant=_ratio(row["montant"], total_amount),
            )
            for key, row in top.iterrows()
        ],
        par_division=sorted(divisions, key=lambda d: (-d.marches, d.division)),
    )


def _clause_share(contracts: pd.DataFrame, column: str) -> tuple[float | None, float | None]:
    told = contracts[contracts[column].notna()]
    flagged = told[column] == 1
    amount = told["montant_eur"]
    return _ratio(flagged.sum(), len(told)), _ratio(amount[flagged].sum(), amount.sum())


def _clauses(contracts: pd.DataFrame) -> Clauses:
    social = _clause_share(contracts, "clause_sociale")
    green = _clause_share(contracts, "clause_environnementale")
    told = contracts["clause_sociale"].notna() | contracts["clause_environnementale"].notna()
    return Clauses(
        marches_renseignes=int(told.sum()),
        part_sociale=social[0],
        part_sociale_montant=social[1],
        part_environnementale=green[0],
        part_environnementale_montant=green[1],
    )


def _years(contracts: pd.DataFrame, entries: pd.DataFrame, radius_km: float) -> list[Annee]:
    years = []
    for year in sorted(contracts["annee"].dropna().unique()):
        mine = contracts[contracts["annee"] == year]
        won = entries[entries["annee"] == year]
        pme = _share(won, won["taille"] == "PME")
        local = _local_share(won, radius_km)
        told = mine[mine["offres_recues"].notna() & _competitive(mine["procedure"])]
        years.append(
            Annee(
                annee=int(year),
                marches=len(mine),
                montant=float(mine["montant_eur"].sum()),
                part_pme=pme[0],
                part_pme_montant=pme[1],
                part_locale=local[0],
                part_locale_montant=local[1],
                part_offre_unique=_ratio((told["offres_recues"] == 1).sum(), len(told)),
                part_clause_sociale=_clause_share(mine, "clause_sociale")[0],
                part_clause_environnementale=_clause_share(mine, "clause_environnementale")[0],
            )
        )
    return years


def _local_firms(
    conn: sqlite3.Connection, buyers: list[AcheteurPlace], radius_km: float
) -> pd.DataFrame:
    """The active firms within the radius of any placed buyer (each once), counted by NAF
    code and size."""
    points = [
        (b.latitude, b.longitude)
        for b in buyers
        if b.latitude is not None and b.longitude is not None
    ]
    counts = count_firms_around(conn, points, radius_km)
    counts["taille"] = sizes(counts["categorie_entreprise"], counts["tranche_effectif"])[0]
    return counts


def _opportunities(
    conn: sqlite3.Connection,
    contracts: pd.DataFrame,
    entries: pd.DataFrame,
    buyers: list[AcheteurPlace],
    radius_km: float,
) -> list[Opportunite]:
    bought = sorted(contracts["division"].dropna().unique())
    if not bought:
        return []
    firms = _local_firms(conn, buyers, radius_km)
    naf = firms["code_naf"].fillna("").astype(str)
    labels = cpv_divisions()
    found = []
    for division in bought:
        prefixes = naf_prefixes_for_cpv(str(division))
        matching = firms[naf.str.startswith(tuple(prefixes))] if prefixes else firms.iloc[:0]
        counts = matching.groupby("taille")["etablissements"].sum()
        mine = contracts[contracts["division"] == division]
        local, local_amount = _local_share(entries[entries["division"] == division], radius_km)
        found.append(
            Opportunite(
                cpv=str(division),
                libelle=labels.get(str(division)),
                codes_naf=prefixes,
                marches=len(mine),
                montant=float(mine["montant_eur"].sum()),
                entreprises_locales=int(matching["etablissements"].sum()),
                par_taille={taille: int(counts.get(taille, 0)) for taille in TAILLES},
                part_locale=local,
                part_locale_montant=local_amount,
                score=round(int(matching["etablissements"].sum()) * (1 - (local or 0.0)), 3),
            )
        )
    return sorted(found, key=lambda o: (-o.score, o.cpv))
