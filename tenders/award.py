"""An awarded contract as the dashboard counts it: who bought, what, when, how, for how much,
with how many bids, and who won.

Readers build :class:`Award` values (``tenders._decp.award_from_record`` for DECP 2017 and
2022 files; demo data goes through the same reader); :mod:`tenders.awards` stores and reads
them. Plain slotted dataclasses, not pydantic: a national import builds two million of them.

Winners' parts: a contract with several winners (co-contractors, a joint bid) gives each an
equal part, 1/n, because neither DECP format says how the contract is split between them
(the arrêtés of 14 April 2017 and 22 December 2022 list the titulaires without shares). A
source that gives the split can set ``Winner.part`` itself; the parts of a contract add up
to 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Winner:
    """One winner of a contract."""

    siret: int | None
    """The SIRET as an integer (the register's key), None when the identifier is not a SIRET
    (TVA number, foreign firm) or is malformed: such a winner is « hors registre »."""
    identifiant: str | None
    """The identifier as the source gives it (kept for non-SIRET identifiers)."""
    nom: str | None
    part: float
    """This winner's part of the contract (1/n for n winners unless the source says)."""


@dataclass(slots=True)
class Award:
    """One contract (the DECP unique key is the buyer's SIRET and the buyer's contract id)."""

    acheteur: int
    ref: str
    """The buyer's own contract id (DECP ``id``)."""
    acheteur_nom: str | None
    annee: int | None
    code_cpv: str | None
    procedure: str | None
    montant_eur: float | None
    """Amount excl. VAT after the last modification that changed it; None when missing, zero or
    absurd (see ``tenders.tender.TenderConfig.montant_max_eur``)."""
    offres_recues: int | None
    """Bids received (DECP 2022); None when not given or not a positive number."""
    clause_sociale: bool | None
    """True when ``considerationsSociales`` names a consideration; None when not given (2017)."""
    clause_environnementale: bool | None
    modifications: int
    format: str
    winners: list[Winner] = field(default_factory=list)

    @property
    def cle(self) -> tuple[int, str]:
        """The DECP unique key: buyer SIRET and the buyer's contract id."""
        return self.acheteur, self.ref

    @property
    def division(self) -> str | None:
        return self.code_cpv[:2] if self.code_cpv else None


def equal_parts(winners: list[Winner]) -> list[Winner]:
    """The same winners, each with the part 1/n (see the module doc)."""
    if winners:
        share = 1.0 / len(winners)
        for winner in winners:
            winner.part = share
    return winners
