"""libyaml's C loader and PyYAML's pure-Python one give the same values, lines and errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bannergen.errors import UserError
from bannergen.inputs.yamlio import load_yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=["libyaml", "python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "libyaml":
        if not hasattr(yaml, "CSafeLoader"):
            pytest.skip("PyYAML built without libyaml")
    else:
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    return request.param


def _lines(value: object) -> object:
    """Every value with the line of each key and item, for comparing two loads."""
    if isinstance(value, dict):
        return {k: (value.line_of(k), _lines(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [(value.line_of(i), _lines(v)) for i, v in enumerate(value)]
    return value


def test_the_shipped_files_load_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML built without libyaml")
    files = [ROOT / "slogans.yaml", *sorted((ROOT / "templates").glob("*.yaml"))]
    fast = [_lines(load_yaml(f)) for f in files]
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert [_lines(load_yaml(f)) for f in files] == fast


def test_a_control_character_is_placed_on_its_line(loader: str, tmp_path: Path) -> None:
    # Vietnamese letters before the bad character: libyaml counts bytes, the reader characters.
    path = tmp_path / "c.yaml"
    path.write_text("tiêu đề: Đảng Cộng sản Việt Nam\nnội dung: ờ ở ỡ\nbad: a\x07b\n", "utf-8")
    with pytest.raises(UserError) as caught:
        load_yaml(path)
    assert caught.value.key == "yaml_bad_char" and caught.value.line == 3


@pytest.mark.parametrize("text", ["a: 1\nb: [1, 2\nc: 3\n", "a: 1\n  b: 2\n", "a: [1,\n"])
def test_syntax_errors_are_placed_alike(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML built without libyaml")
    path = tmp_path / "s.yaml"
    path.write_text(text, "utf-8")
    lines = []
    for _ in range(2):
        with pytest.raises(UserError) as caught:
            load_yaml(path)
        assert caught.value.key in ("yaml_syntax", "yaml_mistake")  # a mistake explained (inputs/mistakes.py)
        lines.append(caught.value.line)
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    assert lines[0] == lines[1] is not None


@pytest.mark.parametrize("text, line, first", [
    ("slogans:\n  - id: 1\nslogans:\n  - id: 2\n", 3, 1),       # a second list replaces the first
    ("items:\n  - slogan: 1\n    quantity: 100\n    quantity: 1\n", 4, 3),
    ("a: 1\n'a': 2\n", 2, 1),                                   # quoting does not make it new
])
def test_a_key_written_twice_is_refused(loader: str, tmp_path: Path, text: str, line: int,
                                        first: int) -> None:
    path = tmp_path / "twice.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_yaml(path)
    assert caught.value.key == "yaml_duplicate_key"
    assert caught.value.line == line and caught.value.params["first"] == first


def test_a_merged_key_may_be_overridden(loader: str, tmp_path: Path) -> None:
    path = tmp_path / "merge.yaml"
    path.write_text("base: &b {size: A2, dpi: 300}\nline:\n  <<: *b\n  dpi: 150\n",
                    encoding="utf-8")
    assert load_yaml(path)["line"] == {"size": "A2", "dpi": 150}
