"""Shared pytest fixtures (add yours; do not rewrite others')."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_collection_modifyitems(config, items):
    """Tests that drive a real spreadsheet application are slow: ``pytest -m "not slow"`` leaves them out."""
    for item in items:
        if item.get_closest_marker("libreoffice") or item.get_closest_marker("excel"):
            item.add_marker(pytest.mark.slow)


def fast_lane(config) -> bool:
    """Whether this run leaves out the slow tests (``-m "not slow"``)."""
    return "not slow" in (config.option.markexpr or "")


def load_fixture_module(name: str):
    """Import a script of tests/fixtures (not a package) by file name."""
    spec = importlib.util.spec_from_file_location(f"fixtures_{name}", FIXTURES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def build_returns():
    """The module tests/fixtures/build_returns.py (builders of returned files)."""
    return load_fixture_module("build_returns")


@pytest.fixture(scope="session")
def returns_corpus(request, tmp_path_factory, build_returns):
    """The defect corpus, built once: {'campaign': folder (read-only template), 'returns': folder}.

    LibreOffice-made files (resaved_libreoffice.xlsx, returned.ods, returned.xls) are there only
    when soffice is installed, and not in the fast lane (``-m "not slow"``).
    """
    soffice = shutil.which("soffice") is not None and not fast_lane(request.config)
    return build_returns.build(tmp_path_factory.mktemp("corpus"), soffice=soffice)


@pytest.fixture
def collect_round(returns_corpus, tmp_path):
    """A fresh copy of the corpus campaign folder to collect into."""
    folder = tmp_path / "round"
    shutil.copytree(returns_corpus["campaign"], folder)
    return folder


@pytest.fixture(scope="session")
def build_decisions():
    """The module tests/fixtures/build_decisions.py (Word decisions with an objectives table)."""
    return load_fixture_module("build_decisions")


@pytest.fixture(scope="session")
def decision_markup():
    """The module tests/fixtures/build_decision_markup.py (text boxes, tracked changes, fields… in a decision)."""
    return load_fixture_module("build_decision_markup")


@pytest.fixture(scope="session")
def conditions_corpus(request, tmp_path_factory):
    """Returned files in the conditions of public bug reports (tests/fixtures/build_conditions.py), built once.

    The LibreOffice-made ones (*_libreoffice.xls/.ods/.xlsx) only with soffice, and not in the fast lane.
    """
    soffice = shutil.which("soffice") is not None and not fast_lane(request.config)
    return load_fixture_module("build_conditions").build(tmp_path_factory.mktemp("conditions"), soffice=soffice)
