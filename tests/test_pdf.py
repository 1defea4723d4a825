"""Printables: worksheet and demo card PDFs, read back with pypdf and poppler."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import Project

A4 = (595.28, 841.89)
A3 = (841.89, 1190.55)


def size(page) -> tuple[float, float]:
    box = page.mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def pdf_manifest(out: Path) -> dict[str, dict]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {entry["path"]: entry for entry in manifest["pdfs"]}


def rendered(output: str) -> int:
    return int(re.search(r"PDFs \((\d+) rendered", output).group(1))


def test_every_session_gets_worksheets_and_a_demo_card_per_locale(built_basic: Path) -> None:
    pdfs = pdf_manifest(built_basic)
    assert sorted(pdfs) == [f"pdf/{locale}/{session}-{kind}.pdf" for locale in ("en", "ur")
                            for session in ("count-stones", "feelings") for kind in ("demo", "worksheets")]
    assert pdfs["pdf/en/count-stones-worksheets.pdf"] == {
        "path": "pdf/en/count-stones-worksheets.pdf", "kind": "worksheet", "locale": "en",
        "session": "count-stones", "page_size": "A4", "orientation": "portrait", "pages": 1}
    assert pdfs["pdf/ur/feelings-worksheets.pdf"]["page_size"] == "A3"
    assert pdfs["pdf/ur/feelings-worksheets.pdf"]["orientation"] == "landscape"
    assert pdfs["pdf/ur/feelings-demo.pdf"]["kind"] == "demo"
    for path, entry in pdfs.items():
        assert len(PdfReader(built_basic / path).pages) == entry["pages"]


def test_page_sizes_and_orientation(built_basic: Path) -> None:
    assert size(PdfReader(built_basic / "pdf/en/count-stones-worksheets.pdf").pages[0]) == A4
    assert size(PdfReader(built_basic / "pdf/en/feelings-worksheets.pdf").pages[0]) == (A3[1], A3[0])
    assert size(PdfReader(built_basic / "pdf/ur/feelings-demo.pdf").pages[0]) == A4


def test_english_text_is_extractable(built_basic: Path) -> None:
    sheet = PdfReader(built_basic / "pdf/en/count-stones-worksheets.pdf").pages[0].extract_text()
    assert "Count and circle" in sheet and "Name:" in sheet and "Circle three stones." in sheet
    assert "Count the Stones" in sheet  # footer
    card = " ".join(p.extract_text() for p in PdfReader(built_basic / "pdf/en/count-stones-demo.pdf").pages)
    for words in ("Today you lead:", "Count the Stones", "20 minutes", "Up to 5 Little Partners",
                  "five smooth stones", "Let's count", "After the session", "What went well?"):
        assert words in card


def test_fonts_are_embedded(built_basic: Path) -> None:
    for path in ("pdf/en/count-stones-worksheets.pdf", "pdf/ur/feelings-demo.pdf"):
        listing = subprocess.run(["pdffonts", str(built_basic / path)], capture_output=True, text=True, check=True)
        rows = listing.stdout.splitlines()[2:]
        assert rows, listing.stdout
        assert all(row.split()[-5] == "yes" for row in rows), listing.stdout  # the "emb" column
    urdu = subprocess.run(["pdffonts", str(built_basic / "pdf/ur/feelings-demo.pdf")], capture_output=True, text=True)
    assert "Urdu" in urdu.stdout and "Latin" in urdu.stdout


def test_fallback_printables_say_so(built_basic: Path) -> None:
    text = PdfReader(built_basic / "pdf/ur/count-stones-demo.pdf").pages[0].extract_text()
    assert "Count the Stones" in text  # the English text, since there is no Urdu translation


def test_session_page_links_its_pdfs(built_basic: Path) -> None:
    html = (built_basic / "en/sessions/feelings.html").read_text(encoding="utf-8")
    assert 'href="../../pdf/en/feelings-worksheets.pdf"' in html and 'href="../../pdf/en/feelings-demo.pdf"' in html


def test_no_pdf_builds_the_site_only(project: Project) -> None:
    result = project.run("build", "--no-pdf")
    assert result.exit_code == 0, result.output
    out = project.root / "output"
    assert not (out / "pdf").exists() and pdf_manifest(out) == {}
    assert "-demo.pdf" not in (out / "en/sessions/feelings.html").read_text(encoding="utf-8")


def test_cache_renders_only_what_changed(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERS_CACHE", str(tmp_path / "cache"))
    first = project.run("build")
    assert first.exit_code == 0 and rendered(first.output) == 8
    again = project.run("build")
    assert rendered(again.output) == 0 and "8 from the cache" in again.output
    project.replace("content/sessions/sel/feelings.md", "Show a happy face.", "Show a big happy face.")
    edited = project.run("build")
    assert rendered(edited.output) == 2  # English worksheets and demo card; the Urdu text is its own
    project.replace("content/sessions/sel/feelings.md", "duration: 25", "duration: 30")
    edited = project.run("build")
    assert rendered(edited.output) == 4  # the duration is printed on both languages' cards
    project.replace("content/sessions/sel/feelings.ur.md", "خوش چہرہ دکھائیں۔", "ایک خوش چہرہ دکھائیں۔")
    edited = project.run("build")
    assert rendered(edited.output) == 2  # the Urdu worksheets and demo card only


def test_corrupt_cache_entry_is_rebuilt(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERS_CACHE", str(tmp_path / "cache"))
    assert project.run("build").exit_code == 0
    entries = sorted((tmp_path / "cache/pdf").rglob("*"))
    entries = [e for e in entries if e.is_file()]
    entries[0].write_bytes(entries[0].read_bytes()[:-50] + b"garbage")
    shutil.rmtree(project.root / "output")  # so the build cannot be skipped as up to date
    result = project.run("build")
    assert result.exit_code == 0 and rendered(result.output) == 1
    for pdf in (project.root / "output/pdf").rglob("*.pdf"):
        PdfReader(pdf)  # every PDF still reads


def test_pdfs_are_reproducible_across_processes(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("PARTNERS_CACHE", str(tmp_path / "one"))
    assert project.run("build", "--out", str(tmp_path / "a"), "--jobs", "1").exit_code == 0
    monkeypatch.setenv("PARTNERS_CACHE", str(tmp_path / "two"))
    assert project.run("build", "--out", str(tmp_path / "b"), "--jobs", "2").exit_code == 0
    for pdf in (tmp_path / "a/pdf").rglob("*.pdf"):
        assert pdf.read_bytes() == (tmp_path / "b" / pdf.relative_to(tmp_path / "a")).read_bytes(), pdf


def test_mixed_sizes_in_one_session(project: Project) -> None:
    path = project.root / "content/sessions/numeracy/count-stones.md"
    path.write_text(path.read_text() + "\n::: worksheet A3 landscape\n# Big board\n\nPlay together.\n:::\n")
    assert project.run("build").exit_code == 0
    reader = PdfReader(project.root / "output/pdf/en/count-stones-worksheets.pdf")
    assert [size(p) for p in reader.pages] == [A4, (A3[1], A3[0])]
    assert pdf_manifest(project.root / "output")["pdf/en/count-stones-worksheets.pdf"]["page_size"] == "A3"


def test_unchanged_rebuild_never_imports_weasyprint(project: Project, tmp_path: Path) -> None:
    import os
    import sys
    env = {**os.environ, "PARTNERS_CACHE": str(tmp_path / "cache")}
    script = ("import sys; from pathlib import Path; from generator.build import build; "
              "r = build(Path(sys.argv[1]), Path(sys.argv[1]) / 'output'); "
              "print(sum(p.rendered for p in r.pdfs), 'weasyprint' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", script, str(project.root)], env=env, capture_output=True, text=True)
    assert first.stdout.split()[0] == "8", first.stderr
    again = subprocess.run([sys.executable, "-c", script, str(project.root)], env=env, capture_output=True, text=True)
    assert again.stdout.split() == ["0", "False"], again.stderr


def test_check_warns_when_a_font_is_missing(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.load
    monkeypatch.setattr(generator.load, "find_fonts", lambda: {})
    result = project.run("check")
    assert result.exit_code == 0
    assert ("content/site.yaml:1: warning: font 'Noto Nastaliq Urdu' (regular) is not installed on this machine; "
            "install the Debian package fonts-noto-core") in result.output
    assert project.run("check", "--strict").exit_code == 1


def test_a_sheet_that_runs_onto_another_page_is_a_warning(project: Project) -> None:
    long_list = "\n".join(f"- {number}" for number in range(1, 40))
    project.replace("content/sessions/sel/feelings.md", "Help your Little Partner draw.",
                    f"Help your Little Partner draw.\n\n{long_list}")
    result = project.run("build")
    assert result.exit_code == 0, result.output
    warning = re.search(r"content/sessions/sel/feelings\.md:20: warning: in 'en', (\d+) pages for 1 worksheet: "
                        r"a sheet runs onto another page; shorten its text or make its picture less tall", result.output)
    assert warning and int(warning.group(1)) >= 2, result.output
    assert "in 'ur'" not in result.output  # the Urdu sheet is its own, and fits
    assert project.run("build", "--strict").exit_code == 1


def test_progress_is_a_bar_on_a_terminal_and_quarter_lines_elsewhere() -> None:
    import io

    from generator.pdf import progress_reporter

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    log, terminal = io.StringIO(), Terminal()
    for stream in (log, terminal):
        show = progress_reporter("PDFs", stream)
        for done in range(0, 9):
            show(done, 8)
    assert log.getvalue() == "PDFs 0/8\nPDFs 2/8\nPDFs 4/8\nPDFs 6/8\nPDFs 8/8\n"
    assert terminal.getvalue().count("\r") == 9 and terminal.getvalue().endswith("[########################] 8/8\n")
    assert progress_reporter("PDFs", log, quiet=True) is None


def test_a_web_template_renders_no_pdf_again(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARTNERS_CACHE", str(tmp_path / "cache"))
    assert rendered(project.run("build").output) == 8
    base = (Path(__file__).parent.parent / "templates/base.html").read_text(encoding="utf-8")
    project.write("templates/base.html", base.replace("<body", "<!-- our theme -->\n<body", 1))
    again = project.run("build")
    assert again.exit_code == 0 and rendered(again.output) == 0, again.output
    assert "<!-- our theme -->" in project.read("output/en/index.html")
