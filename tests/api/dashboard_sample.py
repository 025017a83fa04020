"""A small dashboard written by hand, to test the doors' formats without a base."""

from __future__ import annotations

from tenders.dashboard_model import (
    AcheteurPlace,
    Annee,
    ClasseDistance,
    Clauses,
    Concentration,
    Concurrence,
    Dashboard,
    DivisionConcentration,
    Gagnant,
    Opportunite,
    TailleLigne,
)


def sample_dashboard(name: str = "Ville d'Exemple (démo)") -> Dashboard:
    """Three contracts of one buyer: two local winners at 4 and 12 km, one hors registre."""
    return Dashboard(
        acheteurs=[
            AcheteurPlace(
                siret="21590183000018",
                nom=name,
                commune="Dunkerque",
                latitude=51.03,
                longitude=2.37,
                dans_registre=True,
                marches=3,
            )
        ],
        annee_debut=2022,
        annee_fin=2025,
        divisions=[],
        procedures=[],
        rayon_km=30,
        marches=3,
        montant_total=300_000,
        marches_sans_montant=0,
        marches_sans_titulaire=0,
        titulaires=3,
        hors_registre=1,
        non_places=1,
        part_pme=2 / 3,
        part_pme_montant=0.5,
        part_pme_tailles_connues=1.0,
        part_pme_tailles_connues_montant=1.0,
        tailles=[
            TailleLigne(
                taille="PME", titulaires=2, parts=2, presumees=1, part=2 / 3, part_montant=0.5
            ),
            TailleLigne(taille="inconnue", titulaires=1, parts=1, part=1 / 3, part_montant=0.5),
        ],
        part_locale={"10": 1 / 3, "30": 2 / 3, "100": 2 / 3},
        part_locale_montant={"10": 0.25, "30": 0.5, "100": 0.5},
        distances_km=[4.0, 12.0],
        distance_mediane_km=8.0,
        histogramme=[
            ClasseDistance(de_km=0, a_km=5, titulaires=1, parts=1, montant=75_000),
            ClasseDistance(de_km=5, a_km=10, titulaires=0, parts=0, montant=0),
            ClasseDistance(de_km=10, a_km=20, titulaires=1, parts=1, montant=75_000),
            ClasseDistance(de_km=500, a_km=None, titulaires=0, parts=0, montant=0),
        ],
        concurrence=Concurrence(
            marches_renseignes=2,
            marches_sans_concurrence=1,
            part_offre_unique=0.5,
            part_offre_unique_montant=0.6,
            offres_moyenne=2.5,
            offres_mediane=2.5,
        ),
        concentration=Concentration(
            part_top10=1.0,
            part_top10_montant=1.0,
            top10=[
                Gagnant(
                    identifiant="=HYPERLINK(1)",
                    nom="=cmd|' /C calc'!A0",
                    parts=1,
                    montant=150_000,
                    part=1 / 3,
                    part_montant=0.5,
                ),
                Gagnant(
                    identifiant="912345678",
                    nom="Nettoyage <b>Dunes</b> (démo)",
                    parts=1,
                    montant=75_000,
                    part=1 / 3,
                    part_montant=0.25,
                ),
            ],
            par_division=[
                DivisionConcentration(
                    division="90",
                    libelle="Services d'évacuation des eaux usées et d'élimination des déchets",
                    marches=3,
                    titulaires_distincts=3,
                    herfindahl=1 / 3,
                    herfindahl_montant=0.375,
                )
            ],
        ),
        clauses=Clauses(
            marches_renseignes=3,
            part_sociale=1 / 3,
            part_sociale_montant=0.5,
            part_environnementale=None,
            part_environnementale_montant=None,
        ),
        par_annee=[
            Annee(
                annee=2022,
                marches=2,
                montant=150_000,
                part_pme=0.5,
                part_pme_montant=0.5,
                part_locale=0.5,
                part_locale_montant=0.5,
                part_offre_unique=None,
                part_clause_sociale=0.5,
                part_clause_environnementale=0,
            ),
            Annee(
                annee=2024,
                marches=1,
                montant=150_000,
                part_pme=1,
                part_pme_montant=1,
                part_locale=1,
                part_locale_montant=1,
                part_offre_unique=1,
                part_clause_sociale=0,
                part_clause_environnementale=0,
            ),
        ],
        opportunites=[
            Opportunite(
                cpv="90",
                libelle="Services d'évacuation des eaux usées et d'élimination des déchets",
                codes_naf=["81.21", "81.22"],
                marches=3,
                montant=300_000,
                entreprises_locales=22,
                par_taille={"PME": 20, "inconnue": 2},
                part_locale=2 / 3,
                part_locale_montant=0.5,
                score=22 / 3,
            )
        ],
    )
