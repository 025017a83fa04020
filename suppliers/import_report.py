"""The report of an import, shown to the user: what was read, written, skipped and why."""

from __future__ import annotations

from pydantic import BaseModel, Field

from suppliers.firm import Reject

MAX_REPORTED_REJECTS = 200


class RejectOut(BaseModel):
    ligne: int
    siret: str
    motif: str


class ImportReport(BaseModel):
    """What an import did, shown to the user."""

    fichier: str
    format: str
    lignes_lues: int = 0
    ecartees_par_filtre: int = 0
    enregistrees: int = Field(0, description="Établissements écrits (nouveaux ou mis à jour).")
    nouvelles: int = Field(0, description="Établissements qui n'étaient pas dans le registre.")
    noms_unites_legales: int = Field(0, description="Noms lus dans StockUniteLegale.")
    rejets_total: int = 0
    caracteres_retires: int = Field(
        0, description="Caractères interdits en XML (caractères de contrôle) retirés des textes."
    )
    rejets: list[RejectOut] = Field(
        default_factory=list, description=f"Les {MAX_REPORTED_REJECTS} premiers rejets."
    )
    duree_s: float = 0.0

    @property
    def lignes_par_seconde(self) -> float | None:
        return self.lignes_lues / self.duree_s if self.duree_s > 0 else None

    def add_rejects(self, rejects: list[Reject]) -> None:
        self.rejets_total += len(rejects)
        room = MAX_REPORTED_REJECTS - len(self.rejets)
        self.rejets.extend(
            RejectOut(ligne=r.ligne, siret=r.siret, motif=r.motif) for r in rejects[:room]
        )
