"""Incremental builds: a rebuild renders only the pages an edit touches, and whatever the
edits, its output is byte for byte the output of a clean build."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import FIXTURES, Project
from generator.build import build
from generator.incremental import Memory

FEELINGS = "content/sessions/sel/feelings.md"
STONES = "content/sessions/numeracy/count-stones.md"


def rendered_pages(output: str) -> int:
    found = re.search(r"pages \((\d+) rendered, (\d+) unchanged\)", output)
    assert found, output
    return int(found.group(1))


def tree(out: Path) -> dict[str, bytes]:
    return {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}


def test_a_session_edit_renders_its_pages_and_the_lists_only(project: Project) -> None:
    first = project.run("build", "--no-pdf")
    assert first.exit_code == 0, first.output
    manifest = json.loads(project.read("output/manifest.json"))
    assert rendered_pages(first.output) == len(manifest["pages"]) + 1  # and index.html, the redirect
    before = tree(project.root / "output")

    project.replace(FEELINGS, "Show a happy face.", "Show a glad face.")
    again = project.run("build", "--no-pdf")
    assert again.exit_code == 0, again.output
    # The session's pages in every locale, and the pages that list every session; nothing else.
    touched = {p["path"] for p in manifest["pages"]
               if p["kind"] in ("home", "index", "strand", "curriculum") or p.get("session") == "feelings"}
    assert rendered_pages(again.output) == len(touched) + 1 < len(manifest["pages"])
    after = tree(project.root / "output")
    changed = {path for path in after if after[path] != before.get(path)}
    assert "en/sessions/feelings.html" in changed and "Show a glad face." in project.read(
        "output/en/sessions/feelings.html")
    assert changed <= touched | {"manifest.json", "en/search-index.js", "ur/search-index.js"}


def test_a_print_template_renders_no_web_page_again(project: Project) -> None:
    assert project.run("build", "--no-pdf").exit_code == 0
    _print_template(project, 1)
    again = project.run("build", "--no-pdf")
    assert again.exit_code == 0 and rendered_pages(again.output) == 1  # the redirect at the top only


def test_a_page_changed_in_the_output_is_rendered_again(project: Project) -> None:
    assert project.run("build", "--no-pdf").exit_code == 0
    page = project.root / "output/en/sessions/count-stones.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"Count the Stones", b"Count the Rocks!"))  # same pages, other bytes
    project.replace(FEELINGS, "Show a happy face.", "Show a glad face.")
    assert project.run("build", "--no-pdf").exit_code == 0
    assert page.read_bytes() == good


# --- any sequence of edits gives what a clean build gives ---------------------------------

def _session_body(project: Project, n: int) -> None:
    text = re.sub(r"Show a \w+ face\.", f"Show a face number {n}.", project.read(FEELINGS))
    project.write(FEELINGS, text)


def _session_title(project: Project, n: int) -> None:
    project.write(STONES, re.sub(r"(?m)^title: .*$", f"title: Count the Stones {n}", project.read(STONES)))


def _session_strand(project: Project, n: int) -> None:
    strand = ["numeracy", "sel", "science"][n % 3]
    project.write(STONES, re.sub(r"(?m)^strand: .*$", f"strand: {strand}", project.read(STONES)))


def _translation(project: Project, n: int) -> None:
    path = "content/sessions/sel/feelings.ur.md"
    if n == 0 and (project.root / path).exists():
        (project.root / path).unlink()  # the Urdu page falls back to English
        return
    text = (FIXTURES / "basic" / path).read_text(encoding="utf-8")
    project.write(path, text.replace("خوش چہرہ دکھائیں۔", f"خوش چہرہ دکھائیں {n}۔"))


def _page_title(project: Project, n: int) -> None:
    project.write("content/pages/about.md", f"---\ntitle: About us {n}\norder: 1\n---\n## What it is\n\nA test.\n")


def _ui_string(project: Project, n: int) -> None:
    project.write("content/locales/en.yaml", f"name: English\ndir: ltr\nstrings:\n  footer.note: Made by us {n}.\n")


def _outcome_name(project: Project, n: int) -> None:
    path = "content/curricula/test.yaml"
    project.write(path, re.sub(r"name: Counting.*", f"name: Counting {n}", project.read(path)))


def _template(project: Project, n: int) -> None:
    default = (Path(__file__).parent.parent / "templates/strand.html").read_text(encoding="utf-8")
    project.write("templates/strand.html", default.replace("{% block main %}", f"{{% block main %}}<!-- {n} -->", 1))


def _print_template(project: Project, n: int) -> None:
    default = (Path(__file__).parent.parent / "templates/print/print.css").read_text(encoding="utf-8")
    project.write("templates/print/print.css", default + f"/* {n} */\n")  # changes no website page


def _new_session(project: Project, n: int) -> None:
    project.write(f"content/sessions/sel/sharing-{n}.md", f"""\
        ---
        title: Sharing {n}
        strand: sel
        ages: [3, 5]
        duration: 20
        outcomes: [T.SEL.1]
        ---
        :::: demo
        Share the stones.

        ::: say
        One for you, one for me.
        :::
        ::::
        """)


def _removed_session(project: Project, n: int) -> None:
    for path in sorted((project.root / "content/sessions/sel").glob("sharing-*.md"))[:1]:
        path.unlink()  # its pages go from the output


EDITS: list[Callable[[Project, int], None]] = [_session_body, _session_title, _session_strand, _translation,
                                               _page_title, _ui_string, _outcome_name, _template, _print_template,
                                               _new_session, _removed_session]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 3)), min_size=1, max_size=4))
def test_incremental_builds_match_a_clean_build(edits: list[tuple[Callable[[Project, int], None], int]]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        project = Project(Path(temporary) / "project")
        shutil.copytree(FIXTURES / "basic", project.root)
        assert project.run("build", "--no-pdf").exit_code == 0
        for edit, n in edits:
            edit(project, n)
            result = project.run("build", "--no-pdf")
            assert result.exit_code == 0, result.output
        clean = project.run("build", "--no-pdf", "--out", str(Path(temporary) / "clean"))
        assert clean.exit_code == 0, clean.output
        assert tree(project.root / "output") == tree(Path(temporary) / "clean")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 3)), min_size=1, max_size=4))
def test_the_live_preview_keeps_its_output_equal_to_a_clean_build(
        edits: list[tuple[Callable[[Project, int], None], int]]) -> None:
    """What `partners serve` does: builds in one process, keeping pages, cards, search words
    and parsed bodies in memory, and writing only changed files."""
    with tempfile.TemporaryDirectory() as temporary:
        project = Project(Path(temporary) / "project")
        shutil.copytree(FIXTURES / "basic", project.root)
        live, memory = Path(temporary) / "live", Memory()
        for edit, n in [(None, 0), *edits]:
            if edit:
                edit(project, n)
            assert build(project.root, live, pdf=False, memory=memory).written
        clean = project.run("build", "--no-pdf", "--out", str(Path(temporary) / "clean"))
        assert clean.exit_code == 0, clean.output
        assert tree(live) == tree(Path(temporary) / "clean")


def test_pages_rendered_in_several_processes_are_the_pages_of_one(tmp_path: Path) -> None:
    """--jobs spreads many pages over forked processes; the output is the same byte for byte,
    however many there are (a share may begin with any kind of page)."""
    import subprocess
    import sys

    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "basic", project)
    script = """
import json, multiprocessing, sys
from pathlib import Path
from generator import build as b, parallel as p
forks = []
real = multiprocessing.get_context
multiprocessing.get_context = lambda method=None: forks.append(method) or real(method)
p.PARALLEL_SESSIONS = 1  # the fixture has a few sessions, not hundreds
project = Path(sys.argv[1])
print(json.dumps({"written": [b.build(project, project / f"out-{jobs}", pdf=False, jobs=jobs).written
                              for jobs in (2, 3, 5, 1)], "forks": forks}))
"""
    run = subprocess.run([sys.executable, "-c", script, str(project)], capture_output=True, text=True,
                         cwd=Path(__file__).parent.parent)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.splitlines()[-1])
    assert report == {"written": [True] * 4, "forks": ["fork"] * 3}
    for jobs in (2, 3, 5):
        assert tree(project / f"out-{jobs}") == tree(project / "out-1"), f"--jobs {jobs}"
def test_problems_in_any_process_share_are_reported_as_by_one(tmp_path: Path) -> None:
    """Spread over processes, each checking the bodies of its own sessions, a build still
    reports every problem, each once, and writes nothing: the same as one process."""
    import subprocess
    import sys

    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "basic", project)
    feelings, stones = project / FEELINGS, project / STONES
    feelings.write_text(feelings.read_text(encoding="utf-8").replace("worksheet A3", "worksheet A5"), encoding="utf-8")
    stones.write_text(stones.read_text(encoding="utf-8").replace("images/stones.svg", "images/stone.svg"),
                      encoding="utf-8")
    script = """
import json, sys
from pathlib import Path
from generator import build as b, parallel as p
p.PARALLEL_SESSIONS = 1
project = Path(sys.argv[1])
runs = {}
for jobs in (1, 2, 5):
    result = b.build(project, project / "out", pdf=False, jobs=jobs)
    runs[jobs] = {"written": result.written, "problems": [d.format() for d in result.diagnostics.items]}
print(json.dumps(runs))
"""
    run = subprocess.run([sys.executable, "-c", script, str(project)], capture_output=True, text=True,
                         cwd=Path(__file__).parent.parent)
    assert run.returncode == 0, run.stderr
    runs = json.loads(run.stdout.splitlines()[-1])
    one = runs["1"]
    assert not one["written"] and not (project / "out").exists()
    assert any("unknown worksheet size 'A5'" in p and "feelings.md" in p for p in one["problems"]), one
    assert any("image 'images/stone.svg' not found" in p for p in one["problems"]), one
    for jobs in ("2", "5"):
        assert not runs[jobs]["written"]
        assert sorted(runs[jobs]["problems"]) == sorted(one["problems"]), jobs
    assert not (project / "out").exists()
    assert not list(project.glob(".partners-*")), "a failed build leaves no half-written output behind"


