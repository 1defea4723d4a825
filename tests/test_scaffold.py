"""`partners new session|school|page`: files that pass `check --strict` once filled in."""

from __future__ import annotations

from conftest import Project


def fill(project: Project, rel: str, **replacements: str) -> None:
    text = project.read(rel)
    for old, new in replacements.items():
        text = text.replace(old, new)
    text = text.replace("TODO", "Filled in")
    (project.root / rel).write_text(text, encoding="utf-8")


def test_new_session_passes_strict_check_once_filled(project: Project) -> None:
    result = project.run("new", "session", "--strand", "science", "--title", "Shadow Play!", "--ages", "4-5",
                         "--duration", "25")
    assert result.exit_code == 0, result.output
    rel = "content/sessions/science/shadow-play.md"
    assert f"created {rel}" in result.output
    text = project.read(rel)
    assert "::: worksheet A4" in text and ":::: demo" in text and "::: say" in text and "ages: [4, 5]" in text
    fill(project, rel)
    check = project.run("check", "--strict")
    assert check.exit_code == 0, check.output
    again = project.run("new", "session", "--strand", "science", "--title", "Shadow play")
    assert again.exit_code == 1 and "exists already" in again.output
    assert "did you mean 'science'?" in project.run("new", "session", "--strand", "scince", "--title", "X").output


def test_new_school_and_page_pass_strict_check_once_filled(project: Project) -> None:
    assert project.run("new", "school", "hill-school").exit_code == 0
    fill(project, "content/schools/hill-school.yaml")
    assert project.run("new", "page", "Safeguarding basics").exit_code == 0
    fill(project, "content/pages/safeguarding-basics.md")
    check = project.run("check", "--strict")
    assert check.exit_code == 0, check.output
    assert project.run("plan", "hill-school").exit_code == 0
    assert project.run("new", "page", "Safeguarding basics").exit_code == 1
