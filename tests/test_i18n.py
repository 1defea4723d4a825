"""The translation workflow: status, mark, new translation, and the warnings of check."""

from __future__ import annotations

import json

from conftest import Project

FEEL = "content/sessions/sel/feelings.md"


def states(project: Project) -> dict[tuple[str, str], str]:
    result = project.run("i18n", "status", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    return {(row["session"], row["locale"]): row["state"] for row in report["sessions"]}


def test_status_transitions(project: Project) -> None:
    assert states(project)[("count-stones", "ur")] == "missing"
    project.write("content/sessions/numeracy/count-stones.ur.md", "---\ntitle: پتھر گنیں\n---\nمتن\n")
    assert states(project)[("count-stones", "ur")] == "unmarked"
    result = project.run("i18n", "mark", "count-stones", "ur")
    assert result.exit_code == 0 and "marked content/sessions/numeracy/count-stones.ur.md" in result.output
    assert "source_hash: " in project.read("content/sessions/numeracy/count-stones.ur.md")
    assert states(project)[("count-stones", "ur")] == "current"
    project.replace("content/sessions/numeracy/count-stones.md", "Count them together.", "Count them together, slowly.")
    assert states(project)[("count-stones", "ur")] == "stale"
    check = project.run("check")
    assert ("content/sessions/numeracy/count-stones.ur.md:1: warning: stale translation: "
            "content/sessions/numeracy/count-stones.md changed since it was translated") in check.output
    assert check.exit_code == 0 and project.run("check", "--strict").exit_code == 1


def test_a_change_outside_the_translatable_parts_keeps_it_current(project: Project) -> None:
    assert project.run("i18n", "mark", "--all", "ur").exit_code == 0
    assert states(project)[("feelings", "ur")] == "current"
    project.replace(FEEL, "duration: 25", "duration: 30")
    assert states(project)[("feelings", "ur")] == "current"
    project.replace(FEEL, "Show a happy face.", "Show a big happy face.")
    assert states(project)[("feelings", "ur")] == "stale"


def test_strict_status_and_missing_strings(project: Project) -> None:
    assert project.run("i18n", "status", "--strict").exit_code == 1  # count-stones has no Urdu yet
    report = json.loads(project.run("i18n", "status", "--format", "json").stdout)
    assert report["strings"] == {"en": [], "ur": []}


def test_new_translation_is_ready_to_translate_and_current(project: Project) -> None:
    result = project.run("new", "translation", "count-stones", "ur")
    assert result.exit_code == 0, result.output
    text = project.read("content/sessions/numeracy/count-stones.ur.md")
    assert text.startswith("---\n# Translate") and "title: Count the Stones" in text and ":::: demo" in text
    assert states(project)[("count-stones", "ur")] == "current"
    assert project.run("check", "--strict").exit_code == 0
    again = project.run("new", "translation", "count-stones", "ur")
    assert again.exit_code == 1 and "refusing to overwrite" in again.output
    assert project.run("new", "translation", "count-stones", "en").exit_code == 1


def test_missing_ui_strings_are_listed_and_warned(project: Project) -> None:
    project.replace("content/site.yaml", "locales: [en, ur]", "locales: [en, ur, fr]")
    project.write("content/locales/fr.yaml", "name: Français\ndir: ltr\nstrings:\n  nav.home: Accueil\n")
    report = json.loads(project.run("i18n", "status", "--format", "json").stdout)
    assert "nav.home" not in report["strings"]["fr"] and "nav.library" in report["strings"]["fr"]
    check = project.run("check")
    assert check.exit_code == 0 and "content/locales/fr.yaml:1: warning: " in check.output
    assert "UI strings have no 'fr' text and show in English" in check.output


def test_site_shows_translation_progress_and_stale_pages(project: Project) -> None:
    assert project.run("i18n", "mark", "--all", "ur").exit_code == 0
    project.replace(FEEL, "Show a happy face.", "Show a big happy face.")
    assert project.run("build", "--no-pdf").exit_code == 0
    home = project.read("output/ur/index.html")
    assert "2 میں سے 1 سیشن اردو میں ترجمہ ہو چکے ہیں" in home
    page = project.read("output/ur/sessions/feelings.html")
    assert "اصل متن ترجمے کے بعد بدل گیا ہے" in page
    assert "اصل متن ترجمے کے بعد بدل گیا ہے" not in project.read("output/ur/sessions/count-stones.html")


def test_a_locale_can_ask_for_urdu_digits(project: Project) -> None:
    project.write("content/locales/ur.yaml", "name: اردو\ndir: rtl\ndigits: urdu\nstrings: {}\n")
    assert project.run("build", "--no-pdf").exit_code == 0
    page = project.read("output/ur/sessions/count-stones.html")
    assert "عمر ۳ تا ۵ سال" in page and "۲۰ منٹ" in page
    assert "Ages 3–5" in project.read("output/en/sessions/count-stones.html")
    project.write("content/locales/ur.yaml", "name: اردو\ndir: rtl\ndigits: arabic\nstrings: {}\n")
    assert "content/locales/ur.yaml:3: error: unknown kind of digits 'arabic'" in project.run("check").output


def test_programme_pages_have_the_same_workflow(project: Project) -> None:
    def page_state() -> str:
        report = json.loads(project.run("i18n", "status", "--format", "json").stdout)
        return {(row["page"], row["locale"]): row["state"] for row in report["pages"]}[("about", "ur")]

    assert page_state() == "missing"
    created = project.run("new", "translation", "pages/about", "ur")
    assert created.exit_code == 0 and "created content/pages/about.ur.md" in created.output
    assert "title: About" in project.read("content/pages/about.ur.md") and page_state() == "current"
    project.replace("content/pages/about.md", "A test programme.", "A small test programme.")
    assert page_state() == "stale"
    check = project.run("check")
    assert ("content/pages/about.ur.md:1: warning: stale translation: content/pages/about.md changed since it was "
            "translated (update it, then run 'partners i18n mark pages/about ur')") in check.output
    assert "stale     ur    pages/about" in project.run("i18n", "status").output
    marked = project.run("i18n", "mark", "pages/about", "ur")
    assert marked.exit_code == 0 and page_state() == "current"
    unknown = project.run("i18n", "mark", "pages/abut", "ur")
    assert unknown.exit_code == 1 and "did you mean 'pages/about'" in unknown.output
