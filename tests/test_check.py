"""`partners check`: one test per kind of diagnostic, each asserting the exact path:line."""

from __future__ import annotations

import pytest

from conftest import Project

FEEL = "content/sessions/sel/feelings.md"
COUNT = "content/sessions/numeracy/count-stones.md"
FEEL_UR = "content/sessions/sel/feelings.ur.md"


def test_the_fixture_is_clean(project: Project) -> None:
    result = project.run("check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "partners: 2 sessions, 1 page: no problems found"


# (name, edit, expected "path:line: severity: message" start, expected words in the message)
CASES = [
    ("unreadable YAML", lambda p: p.replace(FEEL, "summary: Name", "summary: - Name: [x"),
     f"{FEEL}:6: error: invalid YAML", ""),
    ("front matter not a mapping", lambda p: p.write("content/sessions/sel/list.md", "---\n- a\n- b\n---\nbody\n"),
     "content/sessions/sel/list.md:2: error: front matter must be a mapping", "not a list"),
    ("missing key", lambda p: p.replace(FEEL, "duration: 25\n", ""),
     f"{FEEL}:2: error: missing required key 'duration'", ""),
    ("wrong type", lambda p: p.replace(FEEL, "duration: 25", "duration: twenty"),
     f"{FEEL}:5: error: 'duration' must be a whole number", "not text"),
    ("unknown key", lambda p: p.replace(FEEL, "summary:", "sumary:"),
     f"{FEEL}:6: error: unknown key 'sumary'", "did you mean 'summary'?"),
    ("unknown strand", lambda p: p.replace(FEEL, "strand: sel", "strand: sell"),
     f"{FEEL}:3: error: unknown strand 'sell'", "did you mean 'sel'?"),
    ("colon in a list item", lambda p: p.replace(COUNT, "  - five smooth stones", "  - Stones: five, smooth"),
     f"{COUNT}:10: error: 'materials' item 1 must be text, not a mapping", "put the whole line in quotes"),
    ("unknown context", lambda p: p.replace(FEEL, "contexts: [refugee]", "contexts: [refugees]"),
     f"{FEEL}:7: error: unknown context 'refugees'", "did you mean 'refugee'?"),
    ("unknown domain", lambda p: p.replace(FEEL, "domains: [communication]", "domains:\n  - confidence\n  - comunication"),
     f"{FEEL}:11: error: unknown domain 'comunication'", "did you mean 'communication'?"),
    ("unknown outcome", lambda p: p.replace(FEEL, "outcomes: [T.SEL.1]", "outcomes: [T.SEL.2]"),
     f"{FEEL}:8: error: unknown outcome code 'T.SEL.2'", "did you mean 'T.SEL.1'?"),
    ("outcome code with a space", lambda p: p.replace(FEEL, "outcomes: [T.SEL.1]", "outcomes: [MNU 0-1a]"),
     f"{FEEL}:8: error: unknown outcome code 'MNU 0-1a'", "did you mean 'MNU 0-01a'?"),
    ("ages out of order", lambda p: p.replace(FEEL, "ages: [3, 4]", "ages: [4, 3]"),
     f"{FEEL}:4: error: ages are out of order", "[3, 4]"),
    ("duplicate id", lambda p: p.write("content/sessions/sel/zz-copy.md",
                                       "---\nid: feelings\ntitle: Copy\nstrand: sel\nages: [3, 5]\nduration: 20\n---\n"
                                       ":::: demo\nHi\n::::\n"),
     "content/sessions/sel/zz-copy.md:2: error: duplicate session id 'feelings'", FEEL),
    ("unknown requires", lambda p: p.replace(FEEL, "requires: [count-stones]", "requires: [count-stone]"),
     f"{FEEL}:10: error: unknown session 'count-stone' in requires", "did you mean 'count-stones'?"),
    ("requires cycle", lambda p: p.replace(COUNT, "domains: [confidence]", "domains: [confidence]\nrequires: [feelings]"),
     f"{COUNT}:9: error: requires cycle: count-stones → feelings → count-stones", ""),
    ("translation without source", lambda p: p.write("content/sessions/sel/nothing.ur.md", "---\ntitle: x\n---\n"),
     "content/sessions/sel/nothing.ur.md:1: error: translation without a source", "nothing.md does not exist"),
    ("translation into an unconfigured locale", lambda p: p.write("content/sessions/sel/feelings.fr.md",
                                                                  "---\ntitle: Visages\n---\n"),
     "content/sessions/sel/feelings.fr.md:1: error: locale 'fr' is not configured", ""),
    ("translation overriding a key", lambda p: p.replace(FEEL_UR, "summary:", "duration: 30\nsummary:"),
     f"{FEEL_UR}:3: error: 'duration' cannot be translated", "feelings.md"),
    ("worksheet size", lambda p: p.replace(COUNT, "::: worksheet A4", "::: worksheet A5"),
     f"{COUNT}:25: error: unknown worksheet size 'A5'", "'::: worksheet A4'"),
    ("worksheet size in lower case", lambda p: p.replace(COUNT, "::: worksheet A4", "::: worksheet a3"),
     f"{COUNT}:25: error: unknown worksheet size 'a3'", "did you mean 'A3'?"),
    ("worksheet orientation", lambda p: p.replace(COUNT, "::: worksheet A4", "::: worksheet A4 landscap"),
     f"{COUNT}:25: error: unknown worksheet orientation 'landscap'", "did you mean 'landscape'?"),
    ("unknown block", lambda p: p.replace(COUNT, ":::: demo", ":::: dmeo"),
     f"{COUNT}:17: error: unknown block 'dmeo'", "did you mean 'demo'?"),
    ("missing image", lambda p: p.replace(COUNT, "images/stones.svg", "images/stone.svg"),
     f"{COUNT}:30: error: image 'images/stone.svg' not found", ""),
    ("image outside content", lambda p: p.replace(COUNT, "images/stones.svg", "../../../../secret.svg"),
     f"{COUNT}:30: error: image '../../../../secret.svg' is outside content/", ""),
    ("remote image", lambda p: p.replace(COUNT, "images/stones.svg", "https://example.org/x.svg"),
     f"{COUNT}:30: error: image 'https://example.org/x.svg' must be a relative path", ""),
    ("not UTF-8", lambda p: p.write(FEEL, b"---\ntitle: Caf\xe9\n---\n"),
     f"{FEEL}:2: error: file is not UTF-8 text", ""),
    ("empty file", lambda p: p.write(FEEL, "\n  \n"),
     f"{FEEL}:1: error: file is empty", ""),
    ("no front matter", lambda p: p.write("content/sessions/sel/plain.md", "# Just text\n"),
     "content/sessions/sel/plain.md:1: error: no front matter", ""),
    ("YAML tag", lambda p: p.replace(FEEL, "title: Feelings Faces", "title: !!python/object/apply:os.system ['touch HACKED']"),
     f"{FEEL}:2: error: YAML tag", "not allowed"),
    ("duplicate YAML key", lambda p: p.replace(FEEL, "duration: 25", "duration: 25\nduration: 30"),
     f"{FEEL}:6: error: duplicate key 'duration'", ""),
    ("site.yaml default locale", lambda p: p.replace("content/site.yaml", "default_locale: en", "default_locale: eng"),
     "content/site.yaml:2: error: default_locale 'eng' is not one of the locales", "did you mean 'en'?"),
    ("duplicate outcome code", lambda p: p.write("content/curricula/zz.yaml",
                                                 "id: zz\nname: Other\noutcomes:\n  - code: T.NUM.1\n"
                                                 "    area: A\n    name: B\n    summary: C\n"),
     "content/curricula/zz.yaml:4: error: outcome code 'T.NUM.1' is already defined in content/curricula/test.yaml", ""),
    ("image without alt text", lambda p: p.replace(COUNT, "![Five stones in a row]", "![]"),
     f"{COUNT}:30: warning: image 'images/stones.svg' has no alt text", ""),
    ("session without demo", lambda p: p.replace(FEEL, ":::: demo", ":::: say"),
     f"{FEEL}:12: warning: session has no '::: demo' block", ""),
]


@pytest.mark.parametrize("edit,expected,words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_diagnostic(project: Project, edit, expected: str, words: str) -> None:
    edit(project)
    result = project.run("check")
    lines = result.output.splitlines()
    matching = [line for line in lines if line.startswith(expected)]
    assert matching, f"expected a line starting {expected!r} in:\n{result.output}"
    assert words in matching[0]
    is_error = ": error: " in expected
    assert result.exit_code == (1 if is_error else 0)
    assert "Traceback" not in result.output


def test_yaml_tags_never_run_code(project: Project) -> None:
    project.replace(FEEL, "title: Feelings Faces", "title: !!python/object/apply:os.system ['touch HACKED']")
    project.run("check")
    assert not (project.root / "HACKED").exists()


def test_every_problem_in_one_run_sorted(project: Project) -> None:
    project.replace(FEEL, "strand: sel", "strand: sell")
    project.replace(FEEL, "ages: [3, 4]", "ages: [4, 3]")
    project.replace(COUNT, "::: worksheet A4", "::: worksheet A5")
    project.replace(COUNT, "![Five stones in a row]", "![]")
    result = project.run("check")
    diagnostics = [line for line in result.output.splitlines() if ": error: " in line or ": warning: " in line]
    assert [d.split(":")[:2] for d in diagnostics] == [
        [COUNT, "25"], [COUNT, "30"], [FEEL, "3"], [FEEL, "4"]]
    assert result.output.splitlines()[-1] == "partners: 3 errors, 1 warning"


def test_strict_fails_on_warnings(project: Project) -> None:
    project.replace(COUNT, "![Five stones in a row]", "![]")
    assert project.run("check").exit_code == 0
    assert project.run("check", "--strict").exit_code == 1


def test_bom_and_windows_line_endings_are_fine(project: Project) -> None:
    text = project.read(FEEL).replace("\n", "\r\n")
    (project.root / FEEL).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = project.run("check", "--strict")
    assert result.exit_code == 0, result.output


def test_missing_content_folder_is_a_diagnostic(tmp_path) -> None:
    result = Project(tmp_path).run("check")
    assert result.exit_code == 1
    assert "content:1: error: no content/ folder here" in result.output
