"""`partners pack`: school packs, read back from disk with pypdf."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import Project

A3_WIDTHS = {841.89, 1190.55}


def text_of(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


@pytest.fixture
def packed(project: Project) -> Project:
    project.write("content/schools/demo.yaml", """
        name: Demo Nursery
        locales: [en, ur]
        curriculum: test
        contexts: [refugee]
        ages: [3, 5]
        weeks: 3
        start: 2027-01-11
        a3_printer: false
        review_weeks: [2]
        link_people:
          school: Ms Khan
          partner: Mr Okafor
        """)
    project.write("content/schools/other.yaml", """
        name: Other School
        locales: [en]
        curriculum: test
        ages: [5, 5]
        weeks: 2
        """)
    result = project.run("pack", "demo")
    assert result.exit_code == 0, result.output
    return project


def test_pack_folder_holds_every_document(packed: Project) -> None:
    folder = packed.root / "output/schools/demo"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["school"] == "demo"
    assert manifest["plan"]["weeks"][0] == {"week": 1, "date": "2027-01-11", "sessions": ["count-stones"]}
    paths = {pdf["path"] for pdf in manifest["pdfs"]}
    assert paths == {f"{locale}/{doc}.pdf" for locale in ("en", "ur")
                     for doc in ("teacher-pack", "demo-pack", "worksheets", "monitoring")}
    for pdf in manifest["pdfs"]:
        assert len(PdfReader(folder / pdf["path"]).pages) == pdf["pages"]
    assert (folder / "en/index.html").is_file() and (folder / "ur/sessions/feelings.html").is_file()
    names = zipfile.ZipFile(folder / "demo.zip").namelist()
    assert "demo/en/teacher-pack.pdf" in names and "demo/manifest.json" in names


def test_teacher_pack_has_only_scheduled_sessions_in_week_order(packed: Project) -> None:
    pages = text_of(packed.root / "output/schools/demo/en/teacher-pack.pdf")
    text = "\n".join(pages)
    assert "Demo Nursery" in pages[0]
    assert "Ms Khan" in text and "Mr Okafor" in text and "Week 2 (18 January 2027)" in text
    first, second = text.index("Week 1 · 11 January 2027"), text.index("Week 2 · 18 January 2027")
    assert first < text.index("Count the Stones", first) < second
    assert text.index("Feelings Faces", second) > second
    assert "About" in text  # the programme pages come last


def test_demo_pack_has_cards_reflections_goal_and_show_and_tell(packed: Project) -> None:
    text = "\n".join(text_of(packed.root / "output/schools/demo/en/demo-pack.pdf"))
    for words in ("Welcome, Big Partner!", "Today you lead:", "My week 1 reflection", "My week 3 reflection",
                  "My goal as a leader", "Planning our Show and Tell"):
        assert words in text, words
    assert text.index("My week 2 reflection") < text.index("My goal as a leader") < text.index("My week 3 reflection")


def test_a4_only_school_gets_no_a3_page(packed: Project) -> None:
    for locale in ("en", "ur"):
        for pdf in (packed.root / f"output/schools/demo/{locale}").glob("*.pdf"):
            for page in PdfReader(pdf).pages:
                assert round(float(page.mediabox.width), 2) not in {1190.55} and round(float(page.mediabox.height), 2) != 1190.55
    sheets = text_of(packed.root / "output/schools/demo/en/worksheets.pdf")
    assert "Week 2 · Feelings Faces" in "\n".join(sheets)  # the A3 sheet, laid out on A4


def test_monitoring_sheets_and_certificates(packed: Project) -> None:
    text = "\n".join(text_of(packed.root / "output/schools/demo/en/monitoring.pdf"))
    assert "baseline" in text and "endline" in text and "Child 5" in text
    assert "for leading playful learning as a Big Partner at Demo" in text


def test_pack_all_with_shards(packed: Project, tmp_path: Path) -> None:
    first = packed.run("pack", "--all", "--shard", "1/2", "--out", str(tmp_path / "a"))
    second = packed.run("pack", "--all", "--shard", "2/2", "--out", str(tmp_path / "b"))
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["demo"]
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["other"]
    assert packed.run("pack", "--all", "--shard", "3/2").exit_code != 0


def test_site_build_keeps_the_packs(packed: Project) -> None:
    assert packed.run("build", "--no-pdf").exit_code == 0
    assert (packed.root / "output/schools/demo/en/teacher-pack.pdf").is_file()


def test_pack_pages_are_valid_html_and_links_resolve(packed: Project) -> None:
    from test_standards import _vnu_errors
    folder = packed.root / "output/schools/demo"
    assert _vnu_errors(folder) == []
    import re
    for page in folder.rglob("*.html"):
        for href in re.findall(r'(?:href|src)="([^"#]+)', page.read_text(encoding="utf-8")):
            assert (page.parent / href).resolve().is_file(), f"{page}: {href}"


def test_pack_leaves_out_unscheduled_sessions(packed: Project) -> None:
    assert packed.run("pack", "other").exit_code == 0
    folder = packed.root / "output/schools/other"
    plan = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["plan"]
    assert [w["sessions"] for w in plan["weeks"]] == [["count-stones"], []]  # feelings is for ages 3–4
    for document in ("teacher-pack", "demo-pack", "worksheets"):
        text = "\n".join(text_of(folder / f"en/{document}.pdf"))
        assert "Count the Stones" in text and "Feelings Faces" not in text, document


def test_profile_text_keeps_its_own_direction_in_an_urdu_pack(packed: Project) -> None:
    from generator.render import text_direction

    assert [text_direction(t) for t in ("Demo Nursery", "گورنمنٹ اسکول", "12, Demo", "")] == ["ltr", "rtl", "ltr", "ltr"]
    calendar = packed.read("output/schools/demo/ur/index.html")
    assert 'dir="rtl"' in calendar.split("<html", 1)[1].split(">", 1)[0]  # an Urdu page...
    assert '<h1 dir="ltr">Demo Nursery</h1>' in calendar  # ...with the school's English name left to right
