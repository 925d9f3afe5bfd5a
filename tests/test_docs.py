"""The Vietnamese guide: every picture it shows exists (made by docs/make_pictures.py), every
local link resolves, and no document points outside the repository."""

from __future__ import annotations

import re

from conftest import ROOT

from bannergen.workflow.letter import find_slogans, read_letter

GUIDE = ROOT / "docs" / "huong-dan.md"


def test_guide_pictures_and_links_exist():
    text = GUIDE.read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(pictures) >= 4
    for picture in pictures:
        assert (GUIDE.parent / picture).is_file(), picture
    for link in re.findall(r"(?<!!)\[[^\]]*\]\(([^)#]+)\)", text):
        if "://" not in link:
            assert (GUIDE.parent / link).exists(), link


def test_readme_opens_in_vietnamese_and_links_the_guide():
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:1500]
    assert "docs/huong-dan.md" in head and "Tiếng Việt" in head


def test_no_document_points_outside_the_repository():
    # Written in pieces, so that this test does not itself name the places it forbids.
    outside = ("../" + "shared", "/" + "work/")
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert not any(place in text for place in outside), path


def test_the_sample_letter_gives_its_six_slogans():
    found = find_slogans(read_letter(ROOT / "docs" / "vi-du" / "cong-van-mau.txt"))
    assert len(found) == 6 and all(text.endswith("!") for text, _ in found)


def test_no_section_is_written_twice():
    """bench.py rewrites README's Benchmark section; a run once left a copy of a section behind
    at each run (three copies of the same table)."""
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        headings = [line for line in path.read_text(encoding="utf-8").splitlines()
                    if line.startswith("## ")]
        assert len(headings) == len(set(headings)), path.name
