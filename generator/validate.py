"""Validate stage: raw records become the typed :class:`~generator.model.Library`.

Every check runs (none stops the others) so one run reports every problem.
Sessions and pages are checked in :mod:`generator.sessions`.
"""

from __future__ import annotations

import re

from . import sessions as session_checks
from .diagnostics import Diagnostics, suggest
from .fonts import WEB_FONTS
from .schools import validate_school
from .fields import KEY_PATTERN, Fields, kind_of
from .model import Curriculum, Library, Locale, Outcome, RawProject, RawYaml, Site

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .:_-]*$")
LOCALE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
SITE_KEYS = ("title", "default_locale", "locales", "strands", "contexts", "domains")


def validate(raw: RawProject, diags: Diagnostics, parsed: session_checks.Parsed | None = None,
             only: set[str] | None = None) -> Library | None:
    """The typed library, or None when the site configuration itself is unusable. ``parsed``
    (kept by a long-running process) holds bodies parsed before, by path and text; ``only``
    limits which session bodies are parsed and checked (see :func:`validate_sessions`)."""
    site = validate_site(raw.site, diags)
    if site is None:
        return None
    locales = validate_locales(site, raw, diags)
    seen: dict[str, str] = {}
    curricula = tuple(c for c in (validate_curriculum(r, seen, diags) for r in raw.curricula) if c)
    codes = {o.code for c in curricula for o in c.outcomes}
    sessions = session_checks.validate_sessions(raw.sessions, site, codes, raw.assets, diags, parsed, only)
    pages = session_checks.validate_pages(raw.pages, site, raw.assets, diags, parsed)
    schools = tuple(s for s in (validate_school(r, site, curricula, sessions, diags) for r in raw.schools) if s)
    _check_fonts(raw, locales, diags)
    used = {path for path in raw.assets if any(path in s.images for s in (*sessions, *pages))}
    return Library(site=site, locales=locales, curricula=curricula, sessions=sessions, pages=pages,
                   assets={p: raw.assets[p] for p in sorted(used)}, theme=raw.theme, fonts=raw.fonts,
                   schools=schools)


def _check_fonts(raw: RawProject, locales: dict[str, Locale], diags: Diagnostics) -> None:
    """Warn when a font the theme needs is not installed: pages would fall back to another font."""
    scripts = {"latin"} | ({"arabic"} if any(l.dir == "rtl" for l in locales.values()) else set())
    for font in WEB_FONTS:
        if font.script in scripts and font not in raw.fonts:
            weight = "bold" if font.weight >= 700 else "regular"
            diags.warning("content/site.yaml", 1, f"font '{font.family}' ({weight}) is not installed on this "
                          f"machine; install the Debian package {font.package}")


def validate_site(raw: RawYaml | None, diags: Diagnostics) -> Site | None:
    if raw is None or raw.doc is None:
        return None
    if not isinstance(raw.doc.value, dict):
        diags.error(raw.path, raw.doc.line(), f"site.yaml must be a mapping of keys, not {kind_of(raw.doc.value)}")
        return None
    fields = Fields(raw.doc, raw.path, diags)
    fields.only(SITE_KEYS)
    title = fields.text("title", required=True)
    locales = _key_list(fields, "locales", LOCALE_PATTERN, "a language code such as 'en' or 'ur'")
    default = fields.text("default_locale", required=True)
    if default is not None and locales and default not in locales:
        fields.error(f"default_locale '{default}' is not one of the locales{suggest(default, locales)}",
                     "default_locale")
        default = None
    if locales is not None and not locales:
        fields.error("'locales' must list at least one language", "locales")
    lists = {key: _key_list(fields, key, KEY_PATTERN, "lower-case letters, digits and '-'")
             for key in ("strands", "contexts", "domains")}
    if title is None or default is None or not locales or None in lists.values():
        return None
    return Site(title=title, default_locale=default, locales=locales,
                strands=lists["strands"], contexts=lists["contexts"], domains=lists["domains"])


def _key_list(fields: Fields, key: str, pattern: re.Pattern[str], shape: str) -> tuple[str, ...] | None:
    items = fields.texts(key, required=True)
    if items is None:
        return None
    ok = True
    for index, item in enumerate(items):
        if not pattern.match(item):
            fields.error(f"'{item}' in '{key}' is not a valid key ({shape})", key, index)
            ok = False
        elif item in items[:index]:
            fields.error(f"'{item}' is listed twice in '{key}'", key, index)
            ok = False
    return items if ok else None


def validate_locales(site: Site, raw: RawProject, diags: Diagnostics) -> dict[str, Locale]:
    """Each configured locale with its UI strings: project, then theme, then English."""
    by_code = {r.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]: r for r in raw.locales}
    for code, record in by_code.items():
        if code not in site.locales:
            diags.warning(record.path, 1, f"locale file for '{code}', which site.yaml does not list in 'locales'")
    theme_en = _strings(raw.theme.strings.get("en"), diags)
    result = {}
    for code in site.locales:
        record = by_code.get(code)
        if record is None:
            diags.error("content/site.yaml", raw.site.doc.line("locales", site.locales.index(code)),
                        f"locale '{code}' has no file content/locales/{code}.yaml")
            continue
        if record.doc is None:
            continue
        if not isinstance(record.doc.value, dict):
            diags.error(record.path, 1, f"a locale file must be a mapping of keys, not {kind_of(record.doc.value)}")
            continue
        fields = Fields(record.doc, record.path, diags)
        fields.only(("name", "dir", "digits", "strings"))
        name = fields.text("name", required=True) or code
        direction = fields.choice("dir", ("ltr", "rtl"), "text direction", required=True) or "ltr"
        digits = fields.choice("digits", ("latin", "urdu"), "kind of digits") or "latin"
        own = {**_strings(raw.theme.strings.get(code), diags), **_strings(record, diags, ("strings",))}
        missing = tuple(sorted(set(theme_en) - set(own))) if code != "en" else ()
        if missing:
            shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
            diags.warning(record.path, 1, f"{len(missing)} UI strings have no '{code}' text and show in English: "
                          f"{shown} (add them under 'strings:')")
        result[code] = Locale(code=code, name=name, dir=direction, strings={**theme_en, **own}, missing=missing,
                              digits=digits)
    return result


def _strings(record: RawYaml | None, diags: Diagnostics, base: tuple[str, ...] = ()) -> dict[str, str]:
    if record is None or record.doc is None or not isinstance(record.doc.value, dict):
        return {}
    value = record.doc.value
    for step in base:
        value = value.get(step) if isinstance(value, dict) else None
    if value is None:
        return {}
    if not isinstance(value, dict):
        diags.error(record.path, record.doc.line(*base), f"'strings' must be a mapping, not {kind_of(value)}")
        return {}
    strings = {}
    for key, text in value.items():
        if not isinstance(key, str) or not isinstance(text, str):
            diags.error(record.path, record.doc.line(*base, key), f"string '{key}' must be text, not {kind_of(text)}")
        else:
            strings[key] = text
    return strings


def validate_curriculum(raw: RawYaml, seen: dict[str, str], diags: Diagnostics) -> Curriculum | None:
    """One framework; ``seen`` maps codes to the file that defined them first."""
    if raw.doc is None:
        return None
    if not isinstance(raw.doc.value, dict):
        diags.error(raw.path, raw.doc.line(), f"a curriculum must be a mapping of keys, not {kind_of(raw.doc.value)}")
        return None
    fields = Fields(raw.doc, raw.path, diags)
    fields.only(("id", "name", "outcomes"))
    stem = raw.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    framework = fields.text("id", required=True)
    if framework is not None and framework != stem:
        fields.error(f"id '{framework}' must match the file name '{stem}'", "id")
    name = fields.text("name", required=True)
    items = fields.data.get("outcomes")
    if not isinstance(items, list):
        fields.error("'outcomes' must be a list" if "outcomes" in fields.data else "missing required key 'outcomes'",
                     "outcomes")
        items = []
    outcomes = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            fields.error(f"outcome {index + 1} must be a mapping with code, area, name and summary", "outcomes", index)
            continue
        entry = Fields(raw.doc, raw.path, diags, ("outcomes", index))
        entry.only(("code", "area", "name", "summary"))
        code, area = entry.text("code", required=True), entry.text("area", required=True)
        title, summary = entry.text("name", required=True), entry.text("summary", required=True)
        if code is not None and not CODE_PATTERN.match(code):
            entry.error(f"outcome code '{code}' may only hold letters, digits, spaces and . : _ -", "code")
        elif code in seen:
            entry.error(f"outcome code '{code}' is already defined in {seen[code]}", "code")
        elif None not in (code, area, title, summary):
            seen[code] = raw.path
            outcomes.append(Outcome(code, area, title, summary, framework or stem))
    if framework is None or name is None:
        return None
    return Curriculum(id=framework, name=name, outcomes=tuple(outcomes), path=raw.path)

