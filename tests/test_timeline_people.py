"""The person registry: aliases, canonicalisation, and errors that point at the line."""

from __future__ import annotations

import pytest

from helpers.errors import ConfigError
from helpers.timeline import load_people
from helpers.timeline.places import load_places


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("Xi Jinping", "Xi Jinping"),
        ("Presiden Xi", "Xi Jinping"),
        ("Presiden Xi Jinping", "Xi Jinping"),
        ("Xi", "Xi Jinping"),
        ("presiden  XI jinping", "Xi Jinping"),
        ("Vladimir Putin", "Vladimir Putin"),
        ("Presiden Putin", "Vladimir Putin"),
        ("Putin", "Vladimir Putin"),
        ("Sergey Lavrov", "Sergey Lavrov"),
        ("Lavrov", "Sergey Lavrov"),
        ("Menlu Rusia", "Sergey Lavrov"),
        ("Menteri Luar Negeri Rusia", "Sergey Lavrov"),
        ("kata Presiden Rusia Vladimir Putin", "Vladimir Putin"),
        ("Kementerian Luar Negeri", None),
        ("Xi dan Putin", None),  # two people: no single canonical name
        ("", None),
    ],
)
def test_canonical(mention, name):
    assert load_people().canonical(mention) == name


def test_find_prefers_the_longest_alias_and_keeps_offsets():
    text = "Presiden China Xi Jinping bertemu Menteri Luar Negeri Rusia Sergey Lavrov."
    found = load_people().find(text)
    assert [(m.name, m.text) for m in found] == [
        ("Xi Jinping", "Presiden China Xi Jinping"),
        ("Sergey Lavrov", "Menteri Luar Negeri Rusia Sergey Lavrov"),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_short_alias_only_as_written():
    # "XI" is a Roman numeral (Paus Pius XI), not Xi Jinping.
    assert load_people().find("Paus Pius XI dan Kongres XI") == []
    assert [m.name for m in load_people().find("ujar Xi.")] == ["Xi Jinping"]


def test_registry_frame_lists_everyone():
    frame = load_people().frame()
    assert list(frame.columns) == ["name", "aliases", "role", "country"]
    assert {"Xi Jinping", "Vladimir Putin", "Sergey Lavrov"} <= set(frame["name"])


def _write(tmp_path, text):
    path = tmp_path / "people.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('[[person]]\nname = "A"\naliases = "x" = 1\n', r"people\.toml:3: not valid TOML"),
        ('version = "1"\n', r"people\.toml:1: no \[\[person\]\] tables"),
        (
            '[[person]]\nname = "A"\n\n[[person]]\nrole = "B"\n',
            r"people\.toml:4: .*#2 lacks 'name'",
        ),
        ('[[person]]\nname = "A"\naliases = [1, 2]\n', r"people\.toml:3: 'aliases' must be a list"),
        (
            '[[person]]\nname = "A"\nalias = ["B"]\n',
            r"people\.toml:3: unknown key\(s\) \['alias'\]",
        ),
        (
            '[[person]]\nname = "A"\naliases = ["Pak"]\n\n[[person]]\nname = "B"\naliases = ["pak"]\n',
            r"people\.toml:7: alias 'pak' of 'B' already belongs to 'A' \(line 1\)",
        ),
        (
            '[[person]]\nname = "A"\n\n[[person]]\nname = "A"\n',
            r"people\.toml:5: person 'A' is listed twice",
        ),
    ],
)
def test_bad_registry_names_file_line_and_problem(tmp_path, text, match):
    with pytest.raises(ConfigError, match=match):
        load_people(_write(tmp_path, text))


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match=r"nope\.toml: cannot read"):
        load_people(tmp_path / "nope.toml")


def test_edited_registry_is_reread(tmp_path):
    path = _write(tmp_path, '[[person]]\nname = "Anwar Ibrahim"\naliases = ["Anwar"]\n')
    assert load_people(path).canonical("Anwar") == "Anwar Ibrahim"
    path.write_text(
        '[[person]]\nname = "Anwar Ibrahim"\naliases = ["PM Anwar"]\n', encoding="utf-8"
    )
    import os

    os.utime(path, ns=(1, 10**18))  # a new mtime even on coarse filesystem clocks
    assert load_people(path).canonical("PM Anwar") == "Anwar Ibrahim"


def test_bad_place_kind(tmp_path):
    path = tmp_path / "places.toml"
    path.write_text('[[place]]\nname = "X"\nkind = "planet"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"places\.toml:3: kind='planet' is not valid"):
        load_places(path)
