"""Bugs found while restructuring (issue 13), each with the test that failed before its fix."""

from __future__ import annotations

import pickle
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from conftest import write

from bannergen.errors import ErrorList, UserError
from bannergen.inputs.order import load_order
from bannergen.resources import templates_dir
from bannergen.workflow import batch


def test_an_error_located_after_it_was_raised_says_where(tmp_path):
    """`check` and `batch` set the file and line of an error raised deeper down; its text must
    show them (the text was fixed when the error was made)."""
    error = UserError("unknown_slogan", value="99", catalog="slogans.yaml")
    error.file, error.line, error.field = "don.yaml", 7, "items[2].slogan"
    assert str(error).startswith("don.yaml:7: Field 'items[2].slogan': ")
    assert error.render("vi").startswith("don.yaml:7: ") and "'items[2].slogan'" in error.render("vi")


def _raise_several() -> None:
    raise ErrorList([UserError("duplicate_id", file="c.yaml", line=6, field="slogans[2].id", value=1,
                               first_line=3),
                     UserError("empty_text", file="c.yaml", line=9, field="slogans[3].text")])


def test_an_error_list_from_a_worker_keeps_its_errors():
    """A batch renders in worker processes; what fails there comes back whole."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        error = pool.submit(_raise_several).exception()
    assert isinstance(error, ErrorList)
    assert [(e.key, e.line, e.field) for e in error.errors] == [
        ("duplicate_id", 6, "slogans[2].id"), ("empty_text", 9, "slogans[3].text")]
    assert error.render("en").splitlines()[0] == \
        "c.yaml:6: Field 'slogans[2].id': duplicate id 1 (already used on line 3)."
    again = pickle.loads(pickle.dumps(UserError("bad_size", value="5x", hint="--size 5x3m")))
    assert (again.key, again.value, again.hint, again.exit_code) == ("bad_size", "5x", "--size 5x3m", 2)


POSTERS = """\
items:
  - slogan: 9
    template: ap-phich
    occasion: Chào mừng Đại hội Đảng bộ tỉnh
  - slogan: 9
    template: ap-phich
    occasion: Mừng Xuân Bính Ngọ
"""


def test_two_order_lines_for_one_file_name_with_different_occasions_are_an_error(
        tmp_path, catalog, templates):
    """The second poster's occasion was dropped and its quantity added to the first's."""
    path = write(tmp_path / "o.yaml", POSTERS)
    order = load_order(path, catalog, templates)
    with pytest.raises(UserError) as info:
        batch.plan(order)
    error = info.value
    assert (error.key, error.file, error.line) == ("order_same_file", str(path), 5)
    assert "09-dang-quang-vinh_ap-phich_A2.pdf" in error.render("en")
    assert "line 2" in error.render("en") and "dòng 2" in error.render("vi")


def test_the_same_file_asked_twice_still_adds_up(tmp_path, catalog, templates):
    same = POSTERS.replace("Mừng Xuân Bính Ngọ", "Chào mừng Đại hội Đảng bộ tỉnh")
    [task] = batch.plan(load_order(write(tmp_path / "o.yaml", same), catalog, templates))
    assert task.quantity == 2 and task.job.occasion == "Chào mừng Đại hội Đảng bộ tỉnh"


def test_a_missing_font_is_reported_once_however_many_templates_use_it(tmp_path):
    from bannergen.workflow.checks import check_all

    folder = tmp_path / "templates"
    folder.mkdir()
    for name in ("bang-ron", "bang-ron-doc", "pano"):
        text = (templates_dir() / f"{name}.yaml").read_text(encoding="utf-8")
        write(folder / f"{name}.yaml", text.replace("RobotoCondensed-Bold.ttf", "KhongCo.ttf"))
    problems, _ = check_all(Path(__file__).resolve().parents[1] / "slogans.yaml", folder)
    missing = [p for p in problems if "KhongCo.ttf" in p.render("en")]
    assert len(missing) == 1, [p.render("en") for p in problems]
    assert missing[0].file.endswith("bang-ron.yaml") and missing[0].field == "text.font"
    assert missing[0].line and missing[0].line > 1


def test_the_fingerprint_follows_the_line_breaker_and_its_word_lists(tmp_path, catalog, templates,
                                                                      monkeypatch):
    """An upgrade that changes how lines break must not leave old files "up to date"."""
    from bannergen.inputs.job import Job
    from bannergen.workflow.render import Output

    package = Path(batch.__file__).resolve().parents[1]
    for name in batch.DRAWING_CODE:
        shutil.copytree(package / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    folders = [tmp_path / name for name in batch.DRAWING_CODE]
    job, output = Job.for_slogan(catalog.find(9), templates.get("bang-ron")), Output()
    assert batch.source_digest(folders) == batch._code_hash()  # the copy is the code in use

    def fingerprint_with(folders):
        monkeypatch.setattr(batch, "_code_hash", lambda: batch.source_digest(folders))
        return batch.fingerprint(job, output)

    before = fingerprint_with(folders)
    data = sorted((tmp_path / "layout" / "data").iterdir())[0]
    data.write_bytes(data.read_bytes() + b"\n")
    after_data = fingerprint_with(folders)
    (tmp_path / "layout" / "text.py").write_text("# a new line breaker\n", encoding="utf-8")
    after_code = fingerprint_with(folders)
    assert len({before, after_data, after_code}) == 3
