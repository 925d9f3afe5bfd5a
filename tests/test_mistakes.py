"""YAML syntax mistakes told in the clerk's words: the line, the line itself with a caret under
the place, and what to do — for catalogues and orders alike."""

from __future__ import annotations

import pytest
from conftest import write
from test_settings import run

from bannergen.errors import UserError
from bannergen.inputs.mistakes import excerpt
from bannergen.inputs.yamlio import load_yaml

HEAD = "title: Khẩu hiệu mới\nslogans:\n  - id: 1\n    slug: mot\n"


def _said(tmp_path, text: str, lang: str = "vi") -> tuple[str, int]:
    path = write(tmp_path / "dm.yaml", text)
    with pytest.raises(UserError) as caught:
        load_yaml(path)
    assert caught.value.exit_code == 2
    return caught.value.render(lang), caught.value.line


def _caret_column(message: str) -> int:
    """The column (1-based) the caret points at, in the excerpt's own line."""
    *_, source, caret = message.splitlines()
    return caret.index("^") - 4 + 1


@pytest.mark.parametrize("text, line, fix, at", [
    # an unquoted colon inside a slogan
    (HEAD + "    text: Kỷ nguyên mới: kỷ nguyên vươn mình!\n", 5,
     'đặt trong ngoặc kép, vd. text: "Kỷ nguyên mới: kỷ nguyên vươn mình!"', ": kỷ"),
    # a tab for indentation
    (HEAD + "\ttext: Mừng Xuân!\n", 5, "thay dấu tab bằng dấu cách", "\t"),
    # Word's curly quotes
    (HEAD + "    text: “Đoàn kết: thắng lợi!”\n", 5, "dấu ngoặc kép “ ” của Word", "“"),
    # a key indented one space too many, and one too few
    (HEAD + "     text: Mừng Xuân!\n", 5, "thụt lề không đều với dòng trên", "text"),
    (HEAD + "   text: Mừng Xuân!\n", 5, "thụt lề không đều với dòng trên", "text"),
    # a quote or a bracket never closed
    (HEAD + '    text: "Mừng Xuân!\n    approved_by: []\n', 5, 'thêm dấu " ở cuối', '"'),
    (HEAD + "    text: Mừng Xuân!\n    approved_by: [2808-CV\n", 6, "thêm ] ở cuối", "["),
    # a name without its colon, a dash without its space, a text starting with @
    ("title: X\nslogans\n  - id: 1\n", 2, 'thiếu dấu hai chấm ":"', None),
    ("title: X\nslogans:\n  - id: 1\n  -id: 2\n", 4, 'sau dấu gạch đầu dòng "-" cần một dấu cách',
     "id: 2"),
    ("title: @Sở Tài chính\nslogans: []\n", 1, 'ký tự "@" phải đặt trong ngoặc kép', "@"),
])
def test_each_mistake_is_explained(tmp_path, text, line, fix, at):
    message, where = _said(tmp_path, text)
    first = message.splitlines()[0]
    assert where == line and first.startswith(f"{tmp_path / 'dm.yaml'}:{line}: Dòng này viết sai")
    assert fix in first, first
    source = text.splitlines()[line - 1]
    shown = message.splitlines()[-2]
    assert shown.strip() == source.replace("\t", " ").strip()
    if at is not None:
        assert _caret_column(message) == source.index(at) + 1
    # no YAML jargon in Vietnamese
    for jargon in ("mapping", "scanning", "block end", "token", "stream"):
        assert jargon not in message
    english, _ = _said(tmp_path, text, "en")
    assert english.splitlines()[0].startswith(f"{tmp_path / 'dm.yaml'}:{line}: This line is not valid YAML")


@pytest.mark.parametrize("text, line, fix", [
    ('title: "Khẩu hiệu" mới\nslogans: []\n', 1, "title: '\"Khẩu hiệu\" mới'"),
    ("title: 'Khẩu hiệu\nslogans: []\n", 1, "thêm dấu ' ở cuối"),
    (HEAD + "    text: - Mừng Đảng!\n", 5, 'bắt đầu bằng ký tự "-" phải đặt trong ngoặc kép'),
    ("slogans:\n\u00a0 - id: 1\n", 2, "U+00A0"),
])
def test_more_mistakes(tmp_path, text, line, fix):
    message, where = _said(tmp_path, text)
    assert where == line and fix in message.splitlines()[0], message
    assert message.splitlines()[-1].strip() == "^"


def test_an_order_with_a_mistake_through_the_command_line(tmp_path, capsys, monkeypatch):
    write(tmp_path / "don.yaml", "organization: Sở Tài chính\noccasion: Xuân mới: Đảng mới\n"
          "items:\n  - slogan: 9\n")
    code, out, err = run(capsys, monkeypatch, tmp_path, "batch", "don.yaml", "-o", "ra")
    assert code == 2 and "Traceback" not in err
    lines = err.splitlines()
    assert lines[0].startswith("don.yaml:2: Dòng này viết sai") and "ngoặc kép" in lines[0]
    assert lines[1].strip() == "occasion: Xuân mới: Đảng mới" and lines[2].strip() == "^"
    assert not (tmp_path / "ra").exists()


def test_excerpt_of_a_long_line_is_cut_around_the_place():
    line = "    text: " + "chữ " * 40 + ": sai ở đây" + " nữa" * 20
    column = line.index(": sai") + 1
    shown, caret = excerpt(line, column).splitlines()
    assert len(shown) < 80 and shown.lstrip().startswith("…") and shown.endswith("…")
    assert shown[caret.index("^")] == ":"
