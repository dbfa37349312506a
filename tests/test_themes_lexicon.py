"""The theme lexicon: the shipped file, user files, and malformed files rejected with line numbers."""

from __future__ import annotations

import pickle
import textwrap
from pathlib import Path

import pytest

import helpers
from helpers.errors import ConfigError
from helpers.themes.lexicon import DEFAULT_LEXICON, Lexicon, load_lexicon, parse_lexicon

SHIPPED_THEMES = {
    "multilateral", "taiwan", "wwii", "trade_energy", "strategic_trust", "global_south",
    "anti_hegemony", "stability", "people", "cooperation", "strengthening",
}  # fmt: skip


def test_shipped_lexicon_has_version_themes_and_labels():
    lex = helpers.load_lexicon()
    assert lex.version
    assert set(lex.theme_ids) == SHIPPED_THEMES
    assert all(t.label and t.description for t in lex.themes)
    assert lex.source == str(DEFAULT_LEXICON)


def test_alias_groups_canonical_first():
    groups = helpers.load_lexicon().alias_groups
    assert groups["China"][:3] == ("China", "Tiongkok", "RRT")
    assert "Republik Rakyat Tiongkok" in groups["China"]
    assert groups["Rusia"][:2] == ("Rusia", "Federasi Rusia")
    assert "Russia" in groups["Rusia"]
    assert groups["PBB"] == ("PBB", "Perserikatan Bangsa-Bangsa", "UN", "United Nations")
    assert groups["SCO"][:2] == ("SCO", "Organisasi Kerja Sama Shanghai")
    assert "Shanghai Cooperation Organization" in groups["SCO"]
    assert groups["Global South"][:2] == ("Global South", "Selatan Global")
    assert groups["Amerika Serikat"][:3] == ("Amerika Serikat", "AS", "US")
    assert all(isinstance(v, tuple) for v in groups.values())


def test_pattern_kinds_parsed():
    lex = parse_lexicon(
        textwrap.dedent("""
        version = 3
        [[alias]]
        group = "China"
        names = ["China", "Tiongkok"]
        [[theme]]
        id = "t"
        patterns = ["Taiwan", "kerja sama", "multilateral*", "~memperkuat",
                    { text = "kuat", stem = true }, "@China"]
        """)
    )
    kinds = [(p.pattern, p.kind, p.key) for p in lex.patterns]
    assert kinds == [
        ("Taiwan", "word", "taiwan"),
        ("kerja sama", "phrase", "kerja sama"),
        ("multilateral*", "glob", "multilateral"),
        ("~memperkuat", "stem", "kuat"),
        ("kuat", "stem", "kuat"),
        ("@China", "alias", "china"),
        ("@China", "alias", "tiongkok"),
    ]
    assert lex.version == "3"
    assert lex.labels == {"t": "t"}


def test_user_lexicon_file_and_cache(tmp_path: Path):
    path = tmp_path / "mine.toml"
    path.write_text(
        'version = "1"\n[[theme]]\nid = "x"\nlabel = "X"\npatterns = ["Xi"]\n', encoding="utf-8"
    )
    first = load_lexicon(path)
    assert first.theme_ids == ("x",)
    assert load_lexicon(str(path)) is first  # unchanged file: same object, same compiled matcher


def test_lexicon_pickles_without_its_automaton():
    lex = load_lexicon()
    assert lex.matcher is not None
    copy = pickle.loads(pickle.dumps(lex))
    assert "matcher" not in copy.__dict__
    assert copy.theme_ids == lex.theme_ids
    assert copy.matcher.keys == lex.matcher.keys


def test_build_from_python_values():
    lex = Lexicon.build({"a": ["Taiwan"]}, aliases={"US": ["AS", "US"]}, exact_names=("US",))
    assert lex.alias_groups == {"US": ("AS", "US")}
    assert lex.exact_names == frozenset({"US"})


BAD = [
    pytest.param(
        'version = "1"\n[[theme]]\nid = "a"\nlabel = A theme\npatterns = ["x"]\n',
        r"bad\.toml: line 4, column \d+: TOML syntax error: Invalid value",
        id="syntax",
    ),
    pytest.param(
        'version = "1"\n[[theme]]\nid = "a"\npatterns = ["x"\n',
        r"bad\.toml: line 4 \(end of file\): TOML syntax error: Unclosed array",
        id="syntax-unclosed",
    ),
    pytest.param(
        'version = "1"\n\n[[theme]]\nlabel = "No id"\npatterns = ["x"]\n',
        r"bad\.toml: line 3: \[\[theme\]\] is missing `id`",
        id="missing-id",
    ),
    pytest.param(
        'version = "1"\n[[theme]]\nid = "a"\npatterns = ["x"]\n\n[[theme]]\nid = "a"\npatterns = ["y"]\n',
        r"bad\.toml: line 7: theme id 'a' is defined twice \(first at line 3\)",
        id="duplicate-id",
    ),
    pytest.param(
        'version = "1"\n[[theme]]\nid = "a"\npatern = ["x"]\npatterns = ["x"]\n',
        r"bad\.toml: line 4: unknown key 'patern' in \[\[theme\]\]; valid keys are",
        id="unknown-key",
    ),
    pytest.param(
        'version = "1"\n[[theme]]\nid = "a"\npatterns = [\n  "x",\n  "",\n]\n',
        r"bad\.toml: line 6: theme 'a' has an empty pattern",
        id="empty-pattern",
    ),
    pytest.param(
        'version = "1"\n[[theme]]\nid = "a"\npatterns = [\n  "x",\n  "multi*lateral",\n]\n',
        r"bad\.toml: line 6: theme 'a': bad glob 'multi\*lateral': only one trailing '\*'",
        id="glob-inner-star",
    ),
    pytest.param(
        'version = "1"\n[[theme]]\nid = "a"\npatterns = ["ab*"]\n',
        r"bad\.toml: line 4: theme 'a': bad glob 'ab\*': it needs at least 3 letters",
        id="glob-too-short",
    ),
    pytest.param(
        'version = "1"\n[[theme]]\nid = "a"\npatterns = ["@Chna"]\n',
        r"line 4: theme 'a': pattern '@Chna' names an unknown alias group; defined groups are \[\]",
        id="unknown-alias",
    ),
    pytest.param(
        '[[theme]]\nid = "a"\npatterns = ["x"]\n',
        r"bad\.toml: line 1: missing `version`",
        id="no-version",
    ),
    pytest.param(
        'version = "1"\nthemes = []\n[[theme]]\nid = "a"\npatterns = ["x"]\n',
        r"line 2: unknown top-level key 'themes'",
        id="unknown-top-key",
    ),
    pytest.param(
        'version = "1"\n[[theme]]\nid = "a"\npatterns = [{ txt = "x" }]\n',
        r"line 4: theme 'a': unknown pattern option 'txt'",
        id="unknown-pattern-option",
    ),
    pytest.param(
        'version = "1"\n[[alias]]\ngroup = "C"\nnames = []\n[[theme]]\nid = "a"\npatterns = ["x"]\n',
        r"line 4: alias group 'C' needs `names`",
        id="alias-without-names",
    ),
    pytest.param('version = "1"\n', r"line 1: the lexicon has no themes", id="no-themes"),
    pytest.param(
        'version = "1"\n[[theme]]\nid = "a b"\npatterns = ["x"]\n',
        r"line 3: theme id 'a b' must start with a letter",
        id="bad-id",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_malformed_lexicon_names_file_line_and_problem(tmp_path: Path, text: str, message: str):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_lexicon(path)


def test_missing_file_is_a_config_error(tmp_path: Path):
    with pytest.raises(ConfigError, match=r"nope\.toml: lexicon file not found"):
        load_lexicon(tmp_path / "nope.toml")


def test_unknown_theme_lists_valid_ones():
    with pytest.raises(
        helpers.errors.InvalidValue,
        match=r"theme='nope' is not in this lexicon; expected one of \[",
    ):
        load_lexicon().theme("nope")
