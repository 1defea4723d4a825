"""`partners build`: the library website, read back from disk."""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib

from conftest import FIXTURES, Project

GOLDEN = Path(__file__).parent / "golden"


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def parse(path: Path):
    """Parse strictly: html5lib raises on any parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(path.read_bytes(), likely_encoding="utf-8")


def tree_digest(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def test_manifest_lists_every_page(built_basic: Path) -> None:
    manifest = json.loads((built_basic / "manifest.json").read_text(encoding="utf-8"))
    assert all((built_basic / pdf["path"]).is_file() for pdf in manifest["pdfs"])
    pages = {p["path"]: p for p in manifest["pages"]}
    assert pages["en/index.html"] == {"path": "en/index.html", "kind": "home", "locale": "en"}
    assert pages["ur/strands/sel.html"]["kind"] == "strand"
    assert pages["en/sessions/feelings.html"] == {"path": "en/sessions/feelings.html", "kind": "session",
                                                  "locale": "en", "session": "feelings", "fallback": False}
    assert pages["ur/sessions/count-stones.html"]["fallback"] is True
    assert pages["ur/sessions/feelings.html"]["fallback"] is False
    assert pages["ur/curricula/test.html"]["kind"] == "curriculum"
    assert pages["ur/pages/about.html"]["kind"] == "page"
    on_disk = {p.relative_to(built_basic).as_posix() for p in html_files(built_basic)} - {"index.html"}
    assert set(pages) == on_disk
    assert {p["kind"] for p in manifest["pages"]} == {"home", "index", "strand", "session", "curriculum", "page"}
    assert pages["ur/library.html"] == {"path": "ur/library.html", "kind": "index", "locale": "ur"}


def test_every_page_parses_and_declares_language(built_basic: Path) -> None:
    for path in html_files(built_basic):
        root = parse(path)
        lang, direction = root.get("lang"), root.get("dir")
        locale = path.relative_to(built_basic).parts[0]
        if locale in ("en", "ur"):
            assert (lang, direction) == ((locale, "rtl") if locale == "ur" else (locale, "ltr")), path


def test_every_internal_link_names_an_existing_file(built_basic: Path) -> None:
    checked = 0
    for path in html_files(built_basic):
        root = parse(path)
        ids_cache: dict[Path, set[str]] = {}
        for element in root.iter():
            for attribute in ("href", "src"):
                url = element.get(attribute)
                if url is None or url.startswith(("http://", "https://", "mailto:")):
                    continue
                parts = urlsplit(url)
                assert not parts.scheme and not parts.netloc, f"{path}: {url}"
                assert not url.startswith("/"), f"{path}: absolute link {url}"
                if not parts.path:
                    continue
                target = (path.parent / unquote(parts.path)).resolve()
                assert target.is_file(), f"{path.relative_to(built_basic)}: {url} is not a file"
                if parts.fragment and target.suffix == ".html":
                    if target not in ids_cache:
                        ids_cache[target] = {e.get("id") for e in parse(target).iter() if e.get("id")}
                    assert parts.fragment in ids_cache[target], f"{path}: no #{parts.fragment} in {target}"
                checked += 1
    assert checked > 100


def test_language_switcher_keeps_the_page(built_basic: Path) -> None:
    html = (built_basic / "en/sessions/feelings.html").read_text(encoding="utf-8")
    assert 'href="../../ur/sessions/feelings.html"' in html
    html = (built_basic / "ur/curricula/test.html").read_text(encoding="utf-8")
    assert 'href="../../en/curricula/test.html"' in html


def test_root_index_leads_to_default_locale(built_basic: Path) -> None:
    html = (built_basic / "index.html").read_text(encoding="utf-8")
    assert 'url=en/index.html' in html and 'href="en/index.html"' in html


def test_untranslated_session_falls_back_with_notice_and_lang(built_basic: Path) -> None:
    root = parse(built_basic / "ur/sessions/count-stones.html")
    article = root.find(".//article")
    assert (article.get("lang"), article.get("dir")) == ("en", "ltr")
    notice = root.find(".//p[@class='notice']")
    assert notice is not None and "اردو" in "".join(notice.itertext())
    translated = parse(built_basic / "ur/sessions/feelings.html").find(".//article")
    assert translated.get("lang") is None  # inherits ur / rtl from <html>
    assert "جذبات کے چہرے" in "".join(translated.itertext())


def test_session_page_shows_demo_say_and_worksheet(built_basic: Path) -> None:
    html = (built_basic / "en/sessions/count-stones.html").read_text(encoding="utf-8")
    assert '<aside class="demo">' in html
    assert '<blockquote class="say">' in html
    assert 'class="worksheet sheet-a4 sheet-portrait"' in html
    assert 'src="../../media/sessions/numeracy/images/stones.svg"' in html
    assert (built_basic / "media/sessions/numeracy/images/stones.svg").is_file()
    assert "A3 landscape" in (built_basic / "en/sessions/feelings.html").read_text(encoding="utf-8")


def test_golden_session_page(built_basic: Path) -> None:
    """The English page of one session, byte for byte. Regenerate with PARTNERS_REGEN_GOLDEN=1."""
    actual = (built_basic / "en/sessions/count-stones.html").read_text(encoding="utf-8")
    golden = GOLDEN / "count-stones.en.html"
    if os.environ.get("PARTNERS_REGEN_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_raw_html_is_escaped_and_unsafe_links_dropped(project: Project) -> None:
    project.replace("content/sessions/sel/feelings.md", "Show a happy face.",
                    'Show a happy face. <script>alert("x")</script> [click](javascript:alert(1)) '
                    '<img src=x onerror=alert(1)>\n\n<div onclick="x">block</div>')
    project.replace("content/sessions/sel/feelings.md", "title: Feelings Faces", 'title: "Feelings <b>Faces</b>"')
    assert project.run("build").exit_code == 0
    html = (project.root / "output/en/sessions/feelings.html").read_text(encoding="utf-8")
    assert "<script" not in html and "onerror=" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;" in html
    assert "&lt;div onclick" in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__str__()
    assert "Feelings &lt;b&gt;Faces&lt;/b&gt;" in html


def test_build_is_reproducible(project: Project, tmp_path: Path) -> None:
    assert project.run("build", "--out", str(tmp_path / "a")).exit_code == 0
    assert project.run("build", "--out", str(tmp_path / "b")).exit_code == 0
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_failed_build_leaves_previous_output_untouched(project: Project) -> None:
    assert project.run("build").exit_code == 0
    out = project.root / "output"
    before = tree_digest(out)
    project.replace("content/sessions/sel/feelings.md", "strand: sel", "strand: sell")
    result = project.run("build")
    assert result.exit_code == 1
    assert "feelings.md:3: error: unknown strand 'sell'" in result.output
    assert tree_digest(out) == before
    assert sorted(p.name for p in project.root.iterdir()) == ["content", "output"]


def test_rebuild_replaces_output_and_removes_stale_files(project: Project) -> None:
    assert project.run("build").exit_code == 0
    (project.root / "content/sessions/sel/feelings.ur.md").unlink()
    (project.root / "content/pages/about.md").rename(project.root / "content/pages/welcome.md")
    assert project.run("build").exit_code == 0
    out = project.root / "output"
    assert not (out / "en/pages/about.html").exists() and (out / "en/pages/welcome.html").is_file()
    assert sorted(p.name for p in project.root.iterdir()) == ["content", "output"]


def test_refuses_to_replace_a_folder_it_did_not_build(project: Project, tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "letter.txt").write_text("keep me")
    result = project.run("build", "--out", str(precious))
    assert result.exit_code == 1
    assert "refusing to replace" in result.output
    assert (precious / "letter.txt").read_text() == "keep me"


def test_project_template_overrides_one_file(project: Project) -> None:
    project.write("templates/page.html", """
        {% extends "base.html" %}
        {% block main %}<h1>Custom: {{ text.title }}</h1>{% endblock %}
        """)
    assert project.run("build").exit_code == 0
    assert "<h1>Custom: About</h1>" in (project.root / "output/en/pages/about.html").read_text(encoding="utf-8")
    assert '<aside class="demo">' in (project.root / "output/en/sessions/feelings.html").read_text(encoding="utf-8")


def test_template_error_points_at_the_template_line(project: Project) -> None:
    project.write("templates/page.html", '{% extends "base.html" %}\n{% block main %}\n{{ no_such_thing.x }}\n{% endblock %}\n')
    result = project.run("build")
    assert result.exit_code == 1
    assert "templates/page.html:3: error: template error" in result.output
    assert "Traceback" not in result.output


def test_fixture_needs_no_network_or_absolute_paths(built_basic: Path) -> None:
    for path in html_files(built_basic):
        text = path.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, path
        assert str(FIXTURES) not in text


def test_relative_links_work_from_every_depth(built_basic: Path) -> None:
    html = (built_basic / "en/strands/sel.html").read_text(encoding="utf-8")
    assert 'href="../sessions/feelings.html"' in html
    assert 'href="../../assets/style.css"' in html
    assert posixpath.normpath("en/strands/../../assets/style.css") == "assets/style.css"


def test_an_unchanged_build_does_nothing_until_something_changes(project: Project) -> None:
    assert project.run("build", "--no-pdf").exit_code == 0
    again = project.run("build", "--no-pdf")
    assert again.exit_code == 0 and again.output.startswith("nothing changed since the last build of 21 pages")
    (project.root / "output/en/index.html").unlink()  # the output no longer holds what was built
    assert project.run("build", "--no-pdf").output.startswith("built 21 pages")
    project.replace("content/sessions/sel/feelings.md", "Show a happy face.", "Show a glad face.")
    assert project.run("build", "--no-pdf").output.startswith("built 21 pages")
    assert "Show a glad face." in project.read("output/en/sessions/feelings.html")
    project.replace("content/sessions/numeracy/count-stones.md", "![Five stones in a row]", "![]")
    warned = project.run("build", "--no-pdf")
    unchanged = project.run("build", "--no-pdf")
    assert "warning: image 'images/stones.svg' has no alt text" in warned.output
    assert "warning: image 'images/stones.svg' has no alt text" in unchanged.output  # replayed
    assert project.run("build", "--no-pdf", "--strict").exit_code == 1  # other options: a real build
