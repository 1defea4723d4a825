"""School packs: for each of a school's languages, a calendar page, the teacher pack, the Big
Partner demo pack, the worksheets and the monitoring sheets. Pure rendering: a plan and the
library in, HTML pages and print jobs out; :mod:`generator.pdf` makes the PDFs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import markdown, printables, routes
from .cache import key
from .model import Library, Session
from .plan import Plan
from .printables import BASE_URL, PrintJob
from .render import Renderer, labeller, translator

DOCUMENTS = ("teacher-pack", "demo-pack", "worksheets", "monitoring")
GROUP_SIZE = 5


@dataclass
class Pack:
    """What one school's pack folder holds, before the PDFs are made."""

    pages: dict[str, str]  # path in the pack folder -> HTML
    jobs: list[PrintJob]
    media: dict[str, bytes]  # path in the pack folder -> image


def pdf_path(locale: str, document: str) -> str:
    return f"{locale}/{document}.pdf"


def build_pack(library: Library, renderer: Renderer, plan: Plan) -> Pack:
    school = plan.school
    pages, jobs, media = {}, [], {}
    for locale in school.locales:
        context = _context(library, plan, locale)
        context["locale_names"] = {code: library.locales[code].name for code in school.locales}
        context["label"] = labeller(library.locales[locale])
        for document in DOCUMENTS:
            html = renderer.env.get_template(f"pack/{document}.html").render(**context)
            resources = _resources(library, plan, locale)
            jobs.append(PrintJob(path=pdf_path(locale, document), kind=document, locale=locale, session="",
                                 page_size="A3" if document == "worksheets" and _has_a3(context)
                                 and school.a3_printer else "A4",
                                 orientation="portrait", key=key("pack", html, *sorted(resources)), html=html,
                                 resources=resources))
        pages[f"{locale}/index.html"] = renderer.env.get_template("pack/index.html").render(
            **context, documents=DOCUMENTS, root="../", here="index.html")
        for week in context["weeks"]:
            for entry in week["entries"]:
                here = f"sessions/{entry['session'].id}.html"
                web = {"root": "../../", "t": entry["st"], "media": routes.media}
                pages[f"{locale}/{here}"] = renderer.env.get_template("pack/session.html").render(
                    **context, e={**entry, "web_body": markdown.render(entry["text"].tokens, web)},
                    root="../../", here=here)
                media.update({routes.media(path): library.assets[path] for path in entry["text"].images})
    return Pack(pages, jobs, media)


def _has_a3(context: dict[str, Any]) -> bool:
    return any(item["sheet"].size == "A3" for week in context["weeks"] for entry in week["entries"]
               for item in entry["sheets"])


def _resources(library: Library, plan: Plan, locale: str) -> dict[str, bytes]:
    files = {}
    for sid in (s for week in plan.weeks for s in week):
        session = library.session(sid)
        text, _ = session.text(locale, library.site.default_locale)
        files.update({BASE_URL + routes.media(path): library.assets[path] for path in text.images})
    return files


def _entry(library: Library, session: Session, locale: str) -> dict[str, Any]:
    text, fallback = session.text(locale, library.site.default_locale)
    shown = library.locales[text.locale]
    env = {"root": BASE_URL, "t": translator(shown), "media": routes.media}
    sheets = printables.sheet_items(library, text)
    return {"session": session, "text": text, "fallback": fallback, "shown": shown, "st": translator(shown),
            "body": markdown.render(text.tokens, env), "parts": printables.demo_parts(library, text),
            "sheets": sheets}


def _context(library: Library, plan: Plan, locale: str) -> dict[str, Any]:
    school = plan.school
    page_locale = library.locales[locale]
    by_id = {s.id: s for s in library.sessions}
    weeks = []
    for number, ids in enumerate(plan.weeks, start=1):
        weeks.append({"number": number, "date": plan.week_start(number),
                      "entries": [_entry(library, by_id[sid], locale) for sid in ids]})
    curriculum = library.curriculum(school.curriculum)
    outcomes = [o for o in curriculum.outcomes if o.code in plan.coverage] if curriculum else []
    week_of = {sid: week["number"] for week in weeks for sid in (e["session"].id for e in week["entries"])}
    coverage = [{"outcome": o, "weeks": sorted({week_of[sid] for sid in plan.coverage[o.code]})} for o in outcomes]
    pages = [(page, *page.text(locale, library.site.default_locale)) for page in library.pages]
    middle = (school.weeks + 1) // 2
    return {"site": library.site, "school": school, "plan": plan, "locale": page_locale,
            "default": library.locales[library.site.default_locale], "t": translator(page_locale),
            "weeks": weeks, "coverage": coverage, "curriculum": curriculum, "programme_pages": [
                {"page": page, "text": text, "fallback": fallback, "shown": library.locales[text.locale],
                 "body": markdown.render(text.tokens, {"root": BASE_URL, "t": translator(library.locales[text.locale]),
                                                       "media": routes.media})}
                for page, text, fallback in pages],
            "middle_week": middle, "group_size": GROUP_SIZE,
            "review": [(w, plan.week_start(w)) for w in school.review_weeks]}
