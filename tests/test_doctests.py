"""The examples in the package's docstrings run and stay true (one test per module)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import helpers

MODULES = sorted(m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers."))


@pytest.mark.parametrize("name", ["helpers", *MODULES])
def test_docstring_examples(name, capsys):
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, report=True
    )
    assert result.failed == 0, capsys.readouterr().out
