"""The dashboard's workbook: one sheet per table, totals as visible formulas, data as text."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tenders.dashboard_export import dashboard_to_xlsx
from tests.api.dashboard_sample import sample_dashboard


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(io.BytesIO(dashboard_to_xlsx(sample_dashboard())))


def test_one_sheet_per_table(book):
    assert book.sheetnames == [
        "Synthèse",
        "Rayons",
        "Distances",
        "Distances une à une",
        "Tailles",
        "Par année",
        "Titulaires",
        "Divisions",
        "Opportunités",
        "Acheteurs",
    ]


@pytest.mark.parametrize(
    ("sheet", "cell", "formula"),
    [
        ("Distances", "C6", "=SUM(C2:C5)"),  # 4 bins in rows 2 to 5, total in row 6
        ("Distances", "E6", "=SUM(E2:E5)"),
        ("Distances", "F2", "=IF(C$6>0,C2/C$6,0)"),
        ("Par année", "B4", "=SUM(B2:B3)"),
        ("Tailles", "B4", "=SUM(B2:B3)"),
        ("Tailles", "D4", "=SUM(D2:D3)"),
        ("Opportunités", "D5", "=SUM(D4:D4)"),  # warning in row 1, header in row 3
        ("Acheteurs", "E3", "=SUM(E2:E2)"),
    ],
)
def test_totals_are_visible_formulas(book, sheet, cell, formula):
    assert book[sheet][cell].value == formula


def test_figures_are_numbers_with_formats(book):
    distances = book["Distances"]
    assert [distances.cell(r, 3).value for r in range(2, 6)] == [1, 0, 1, 0]
    rayons = book["Rayons"]
    assert [rayons.cell(r, 1).value for r in range(2, 5)] == [10, 30, 100]
    assert rayons["B3"].value == pytest.approx(2 / 3)
    assert rayons["B3"].number_format == "0.0%"


def test_text_from_the_data_never_becomes_a_formula(book):
    winners = book["Titulaires"]
    assert winners["A2"].value == "=cmd|' /C calc'!A0"
    assert winners["A2"].data_type == "s"
    assert winners["B2"].data_type == "s"


def test_the_opportunities_sheet_says_what_it_is_for(book):
    assert "jamais pour noter les offres" in book["Opportunités"]["A1"].value
    assert "420585" in book["Synthèse"]["A1"].value
