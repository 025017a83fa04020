"""The portfolio notebooks: stored without outputs, paired with their script, and they run."""

from __future__ import annotations

import nbformat
import pytest

from notebooks.build import execute, prepare_demo_base, read_script, scripts

SCRIPTS = scripts()
IDS = [s.stem for s in SCRIPTS]


def test_the_portfolio_has_its_five_notebooks():
    assert [s.stem[:2] for s in SCRIPTS] == ["01", "02", "03", "04", "05"]


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_notebook_is_stored_without_outputs(script):
    notebook = nbformat.read(script.with_suffix(".ipynb"), as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{script.name}: sorties enregistrées"
            assert cell.execution_count is None


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_notebook_matches_its_script(script):
    stored = nbformat.read(script.with_suffix(".ipynb"), as_version=4)
    expected = read_script(script)
    assert [c.source for c in stored.cells] == [c.source for c in expected.cells], (
        f"{script.name} et son .ipynb divergent : lancez « python -m notebooks.build --sync »"
    )


@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_notebook_asks_its_question_and_says_what_we_keep(script):
    notebook = read_script(script)
    markdown = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    assert markdown and markdown[0].lstrip().startswith("#")
    assert "question" in markdown[0].lower()
    assert "ce que nous retenons" in markdown[-1].lower()


@pytest.fixture(scope="module")
def demo_base(tmp_path_factory):
    return prepare_demo_base(tmp_path_factory.mktemp("portfolio"))


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("script", SCRIPTS, ids=IDS)
def test_notebook_runs_on_the_demo_data(script, demo_base):
    notebook = execute(script, demo_base, timeout_s=300)
    errors = [
        o
        for c in notebook.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert errors == []
