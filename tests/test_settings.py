"""The office's settings (bannergen.toml): where they are read from, what they change, and how a
mistake in them is told."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT, write
from pypdf import PdfReader

from bannergen.errors import BannergenError
from bannergen.inputs.settings import (
    Settings,
    commented_settings,
    init_settings,
    load_settings,
    update_settings_text,
    user_config_dir,
    write_settings,
)

OFFICE = 'office = ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"]\n'


def run(capsys, monkeypatch, cwd: Path, *args: str, lang: str = "vi") -> tuple[int, str, str]:
    """The real entry point, in this process: exit code, stdout, stderr."""
    from bannergen.cli import main

    monkeypatch.chdir(cwd)
    monkeypatch.setenv("BANNERGEN_LANG", lang)
    monkeypatch.setenv("BANNERGEN_TODAY", "2020-06-01")
    monkeypatch.delenv("BANNERGEN_CATALOG", raising=False)
    capsys.readouterr()
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def user_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    return folder / "bannergen"


def test_no_file_no_settings(tmp_path, user_dir):
    settings = load_settings(tmp_path)
    assert settings == Settings()
    assert settings.source("office") is None and settings.office_text is None


def test_working_folder_then_user_folder_key_by_key(tmp_path, user_dir):
    user_dir.mkdir(parents=True)
    write(user_dir / "bannergen.toml", 'office = "SỞ NỘI VỤ"\nplace = "Huế"\nlogo = "logo.png"\n')
    work = tmp_path / "work"
    work.mkdir()
    write(work / "bannergen.toml", OFFICE + 'output = "ra-in"\n')
    settings = load_settings(work)
    assert settings.office == ("UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH")
    assert settings.office_text == "UBND TỈNH QUẢNG NGÃI\nSỞ TÀI CHÍNH"
    assert settings.source("office") == work / "bannergen.toml"
    # what the working folder does not say, the user's file does
    assert settings.place == "Huế" and settings.source("place") == user_dir / "bannergen.toml"
    # relative paths are read from the folder of the file that names them
    assert settings.logo == user_dir / "logo.png"
    assert settings.output == work / "ra-in"


def test_user_config_dir_follows_the_platform_convention(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert user_config_dir() == tmp_path / "bannergen"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/ignored")  # XDG spec: only absolute paths
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_config_dir() == tmp_path / "home" / ".config" / "bannergen"
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "AppData"))
    assert user_config_dir() == tmp_path / "AppData" / "bannergen"


def test_text_is_nfc_and_one_line_office_is_a_string(tmp_path, user_dir):
    write(tmp_path / "bannergen.toml", 'office = "So\u031b\u0309 Ta\u0300i  chi\u0301nh"\n')
    assert load_settings(tmp_path).office == ("Sở Tài chính",)


@pytest.mark.parametrize("text, line, words", [
    ('place = Quảng Ngãi\n', 1, ["ngoặc kép"]),
    ('office = ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"\nplace = "x"\n', 1, ["]"]),
    ('\n\nplace = “Quảng Ngãi”\n', 3, ["“ ”", "Word"]),
    ('place = "Quảng Ngãi\n', 1, ["đóng ngoặc kép"]),
    ('# ghi chú\nTên cơ quan\n', 2, ["tên = giá trị"]),
])
def test_syntax_errors_name_the_line_and_the_fix(tmp_path, user_dir, text, line, words):
    write(tmp_path / "bannergen.toml", text)
    with pytest.raises(BannergenError) as caught:
        load_settings(tmp_path)
    shown = caught.value.render("vi")
    first = shown.splitlines()[0]
    assert first.startswith(f"{tmp_path / 'bannergen.toml'}:{line}: ")
    for word in words:
        assert word in shown
    assert shown.splitlines()[-1].strip() == "^"  # a caret under the place
    assert caught.value.exit_code == 2
    assert "TOML" in caught.value.render("en")


def test_unknown_key_and_wrong_values(tmp_path, user_dir):
    write(tmp_path / "bannergen.toml", 'ofice = "SỞ TÀI CHÍNH"\n\nplace = 12\n'
          'office = ["A", "B", "C"]\n')
    with pytest.raises(BannergenError) as caught:
        load_settings(tmp_path)
    lines = caught.value.render("vi").splitlines()
    assert any(":1: " in x and "'ofice'" in x and "'office'" in x for x in lines)
    assert any(":3: " in x and "'place'" in x and "12" in x for x in lines)
    assert any(":4: " in x and "một hoặc hai dòng" in x for x in lines)


def test_commented_file_reads_back_and_explains_every_key():
    text = commented_settings()
    assert tomllib.loads(text) == {}  # every example is commented out
    for key in ("office", "place", "logo", "catalog", "output"):
        assert f"# {key} = " in text
    filled = commented_settings(Settings(office=["UBND TỈNH X", "SỞ Y"], place="X"))
    assert tomllib.loads(filled) == {"office": ["UBND TỈNH X", "SỞ Y"], "place": "X"}


def test_write_keeps_comments_and_order(tmp_path):
    path = write(tmp_path / "bannergen.toml",
                 "# Cài đặt của Văn phòng Sở\n"
                 "place = \"Kon Tum\"   # trước 2025\n"
                 "\n# tên cơ quan, hai dòng\n"
                 "office = [\n  \"UBND TỈNH KON TUM\",\n  \"SỞ TÀI CHÍNH\",\n]\n"
                 "logo = \"cu.png\"\n")
    write_settings(Settings(place="Quảng Ngãi", office=["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"],
                            output=tmp_path / "ra-in"), path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Cài đặt của Văn phòng Sở\nplace = \"Quảng Ngãi\"\n")
    assert "# tên cơ quan, hai dòng\noffice = [\"UBND TỈNH QUẢNG NGÃI\", \"SỞ TÀI CHÍNH\"]\n" in text
    assert "# logo = \"cu.png\"" in text  # no longer set: kept, commented out
    assert tomllib.loads(text) == {"place": "Quảng Ngãi",
                                   "office": ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"],
                                   "output": "ra-in"}


def test_write_takes_up_a_commented_example(tmp_path):
    path = tmp_path / "bannergen.toml"
    init_settings(path)
    write_settings(Settings(place="Đà Nẵng", catalog=Path("/srv/khau-hieu.yaml")), path)
    text = path.read_text(encoding="utf-8")
    assert "place = \"Đà Nẵng\"" in text and "# place =" not in text
    assert "catalog = \"/srv/khau-hieu.yaml\"" in text
    assert text.index("# Địa danh") < text.index("place = ") < text.index("# Logo")
    assert load_settings(tmp_path).place == "Đà Nẵng"


def test_update_escapes_quotes_and_backslashes():
    text = update_settings_text("", {"place": 'Phường "Một"', "logo": Path("C:/logo.png"),
                                     "office": ("A\\B",)})
    assert tomllib.loads(text) == {"place": 'Phường "Một"', "logo": "C:/logo.png",
                                   "office": ["A\\B"]}


def test_init_refuses_to_overwrite(tmp_path):
    path = init_settings(tmp_path / "bannergen.toml")
    path.write_text('place = "Huế"\n', encoding="utf-8")
    with pytest.raises(BannergenError) as caught:
        init_settings(path)
    assert caught.value.exit_code == 2 and path.read_text(encoding="utf-8") == 'place = "Huế"\n'
    init_settings(path, force=True)
    assert "# place = " in path.read_text(encoding="utf-8")


# --- the command line ------------------------------------------------------------------------

@pytest.mark.smoke
def test_config_shows_values_and_where_they_come_from(tmp_path, user_dir, capsys, monkeypatch):
    write(tmp_path / "bannergen.toml", OFFICE)
    code, out, err = run(capsys, monkeypatch, tmp_path, "config", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["office"] == {"value": ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"],
                               "source": str(tmp_path / "bannergen.toml")}
    assert shown["place"] == {"value": None, "source": None}
    code, out, err = run(capsys, monkeypatch, tmp_path, "config")
    assert code == 0 and "UBND TỈNH QUẢNG NGÃI / SỞ TÀI CHÍNH" in out and "mặc định" in out


def test_config_init_writes_a_file_that_config_reads(tmp_path, user_dir, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, tmp_path, "config", "init")
    assert code == 0 and (tmp_path / "bannergen.toml").is_file() and "bannergen.toml" in out
    code, out, err = run(capsys, monkeypatch, tmp_path, "config", "init")
    assert code == 2 and "--force" in err
    code, out, err = run(capsys, monkeypatch, tmp_path, "config", "init", "--user")
    assert code == 0 and (user_dir / "bannergen.toml").is_file()


def test_broken_settings_stop_every_command_with_exit_2(tmp_path, user_dir, capsys, monkeypatch):
    write(tmp_path / "bannergen.toml", "place = Quảng Ngãi\n")
    code, out, err = run(capsys, monkeypatch, tmp_path, "render", "9", "--size", "100x20cm")
    assert code == 2 and "bannergen.toml:1:" in err and "Traceback" not in err
    assert list(tmp_path.glob("*.pdf")) == []


def test_poster_signed_by_the_settings_office(tmp_path, user_dir, capsys, monkeypatch):
    write(tmp_path / "bannergen.toml", OFFICE + 'output = "ra"\n')
    code, out, err = run(capsys, monkeypatch, tmp_path, "render", "9", "-t", "ap-phich",
                         "--size", "A4")
    assert code == 0, err
    [pdf] = (tmp_path / "ra").glob("*.pdf")  # the settings' output folder
    text = PdfReader(pdf).pages[0].extract_text()
    assert "UBND TỈNH QUẢNG NGÃI" in text and "SỞ TÀI CHÍNH" in text
    assert "KON TUM" not in text  # the catalogue's office is only the fallback


def test_settings_catalog_is_the_default_catalogue(tmp_path, user_dir, capsys, monkeypatch):
    write(tmp_path / "dm.yaml", "title: Đợt mới\nslogans:\n"
          "  - id: 1\n    slug: mot\n    text: Mừng Đảng, mừng Xuân!\n")
    write(tmp_path / "bannergen.toml", 'catalog = "dm.yaml"\n')
    code, out, err = run(capsys, monkeypatch, tmp_path, "list", "--json")
    assert code == 0, err
    assert [s["text"] for s in json.loads(out)["slogans"]] == ["Mừng Đảng, mừng Xuân!"]
    # --catalog still wins
    code, out, err = run(capsys, monkeypatch, tmp_path, "list", "--json", "--catalog",
                         str(ROOT / "slogans.yaml"))
    assert len(json.loads(out)["slogans"]) == 11


def test_schema_settings(tmp_path, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, tmp_path, "schema", "settings")
    assert code == 0
    schema = json.loads(out)
    assert set(schema["properties"]) == {"office", "place", "logo", "catalog", "output"}
    assert schema["additionalProperties"] is False


def test_an_order_takes_the_settings_logo(tmp_path, user_dir, capsys, monkeypatch):
    """`batch` and `proof` give an order without its own logo the office's (a frozen Order is
    copied with the logo, not changed)."""
    from PIL import Image

    Image.new("RGB", (60, 40), (0, 90, 160)).save(tmp_path / "logo.png")
    write(tmp_path / "bannergen.toml", 'logo = "logo.png"\n')
    write(tmp_path / "don.yaml", "items:\n  - slogan: 9\n    size: 200x40cm\n")
    code, out, err = run(capsys, monkeypatch, tmp_path, "batch", "don.yaml", "-o", "ra")
    assert code == 0, err
    [pdf] = (tmp_path / "ra").glob("*.pdf")
    images = [name for name, obj in PdfReader(pdf).pages[0]["/Resources"]["/XObject"].items()
              if obj.get_object()["/Subtype"] == "/Image"]
    assert images, "the settings' logo is on the banner"
    code, out, err = run(capsys, monkeypatch, tmp_path, "proof", "don.yaml", "-o", "phieu.pdf")
    assert code == 0, err


@pytest.mark.parametrize("text,field,words", [
    ('office = ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH 🎉"]\n', "office", "U+1F389"),
    ('office = "SỞ\\u0000TÀI CHÍNH"\n', "office", "U+0000"),
    ('office = "SỞ\\u001bTÀI CHÍNH"\n', "office", "U+001B"),
    ('place = "Quảng\\u202eNgãi"\n', "place", "U+202E"),
    ('place = "Kon Tum\\u200b"\n', "place", "U+200B"),
    ('place = "Quảng Ngãi 🇻🇳"\n', "place", "U+1F1FB"),
    ('# x\nplace = "' + "Quảng Ngãi " * 30 + '"\n', "place", "40"),
    ('office = ["' + "SỞ TÀI CHÍNH " * 7 + '"]\n', "office", "80"),
])
def test_text_that_cannot_be_printed_stops_with_file_and_field(tmp_path, user_dir, capsys,
                                                               monkeypatch, text, field, words):
    """Office lines and the place are printed on posters and the approval sheet: hidden or
    control characters, characters the bundled fonts lack and overlong text are refused when
    the file is read, with its file, line and key (exit 2), not later by a poster."""
    write(tmp_path / "bannergen.toml", text)
    with pytest.raises(BannergenError) as found:
        load_settings(tmp_path)
    assert found.value.field == field and found.value.file == str(tmp_path / "bannergen.toml")
    assert found.value.line == text.count("\n", 0, text.index(field + " =")) + 1
    code, _, err = run(capsys, monkeypatch, tmp_path, "list")
    assert code == 2 and words in err
    assert f"bannergen.toml:{found.value.line}: Mục '{field}'" in err


def test_printed_text_limits_and_what_passes(tmp_path, user_dir):
    from bannergen.inputs.settings import MAX_OFFICE_CHARS, MAX_PLACE_CHARS, check_printed_text

    write(tmp_path / "bannergen.toml", 'office = ["UBND TỈNH ĐẮK LẮK", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"]\n'
                                       'place = "Thành phố Hồ Chí Minh"\n')
    assert load_settings(tmp_path).place == "Thành phố Hồ Chí Minh"
    assert check_printed_text("  Buôn  Ma Thuột ", MAX_PLACE_CHARS) == "Buôn Ma Thuột"
    assert check_printed_text("x" * MAX_OFFICE_CHARS, MAX_OFFICE_CHARS)
    with pytest.raises(BannergenError) as found:
        check_printed_text("x" * (MAX_PLACE_CHARS + 1), MAX_PLACE_CHARS, field="place")
    assert found.value.key == "settings_too_long" and found.value.field == "place"
    with pytest.raises(ValueError, match="invisible_chars"):  # pydantic's ValidationError
        Settings(place="Kon Tum\u202e")
