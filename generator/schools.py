"""Validation of school profiles (``content/schools/<id>.yaml``) into :class:`~generator.model.School`."""

from __future__ import annotations

import datetime
from typing import Any

from .diagnostics import Diagnostics, suggest
from .fields import KEY_PATTERN, Fields, kind_of
from .model import Curriculum, RawYaml, School, Session, Site

SCHOOL_KEYS = ("name", "locales", "curriculum", "focus", "contexts", "ages", "weeks", "sessions_per_week",
               "strands", "include", "exclude", "start", "a3_printer", "link_people", "safeguarding", "policies",
               "review_weeks")


def validate_school(raw: RawYaml, site: Site, curricula: tuple[Curriculum, ...], sessions: tuple[Session, ...],
                    diags: Diagnostics) -> School | None:
    if raw.doc is None:
        return None
    if not isinstance(raw.doc.value, dict):
        diags.error(raw.path, raw.doc.line(), f"a school profile must be a mapping of keys, not {kind_of(raw.doc.value)}")
        return None
    school_id = raw.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    fields = Fields(raw.doc, raw.path, diags)
    fields.only(SCHOOL_KEYS)
    if not KEY_PATTERN.match(school_id):
        diags.error(raw.path, 1, f"school id '{school_id}' (the file name) may only hold lower-case letters, "
                    "digits, '-' and '_'")
    name = fields.text("name", required=True)
    locales = fields.keys("locales", site.locales, "locale", required=True)
    if "locales" in fields.data and not locales:
        fields.error("'locales' must list at least one language", "locales")
    curriculum_id = fields.choice("curriculum", [c.id for c in curricula], "curriculum", required=True)
    curriculum = next((c for c in curricula if c.id == curriculum_id), None)
    codes = [o.code for o in curriculum.outcomes] if curriculum else None
    focus = fields.keys("focus", codes, f"outcome code for curriculum '{curriculum_id}'") if codes is not None else ()
    contexts = fields.keys("contexts", site.contexts, "context")
    ages = fields.ages()
    weeks = _whole_in(fields, "weeks", 1, 52, required=True)
    per_week = _whole_in(fields, "sessions_per_week", 1, 10) or 1
    strands = fields.keys("strands", site.strands, "strand") or site.strands
    ids = [s.id for s in sessions]
    include = fields.keys("include", ids, "session")
    exclude = fields.keys("exclude", ids, "session")
    for index, item in enumerate(fields.texts("exclude") or ()):
        if item in include:
            fields.error(f"session '{item}' is both included and excluded", "exclude", index)
    start = _date(fields)
    a3 = _flag(fields, "a3_printer", default=True)
    link_people = _people(fields)
    safeguarding = fields.text("safeguarding") or ""
    policies = fields.text("policies") or ""
    review = _review_weeks(fields, weeks)
    if weeks is not None and len(include) > weeks * per_week:
        fields.error(f"{len(include)} sessions are included but the programme has only "
                     f"{weeks * per_week} slots ({weeks} weeks × {per_week} per week)", "include")
        return None
    if None in (name, curriculum_id, ages, weeks) or not locales:
        return None
    return School(id=school_id, path=raw.path, name=name, locales=locales, curriculum=curriculum_id,
                  focus=focus, contexts=contexts, ages=ages, weeks=weeks, sessions_per_week=per_week,
                  strands=strands, include=include, exclude=exclude, start=start, a3_printer=a3,
                  link_people=link_people, safeguarding=safeguarding, policies=policies,
                  review_weeks=review if review is not None else _default_review(weeks))


def _default_review(weeks: int) -> tuple[int, ...]:
    return tuple(sorted({(weeks + 1) // 2, weeks}))


def _whole_in(fields: Fields, key: str, low: int, high: int, required: bool = False) -> int | None:
    value = fields.whole(key, required=required, minimum=low)
    if value is not None and value > high:
        fields.error(f"'{key}' must be at most {high}, not {value}", key)
        return None
    return value


def _date(fields: Fields) -> datetime.date | None:
    if "start" not in fields.data:
        return None
    value: Any = fields.data["start"]
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    fields.error(f"'start' must be a date written YYYY-MM-DD, such as 2027-01-11, not {value!r}", "start")
    return None


def _flag(fields: Fields, key: str, default: bool) -> bool:
    value = fields.data.get(key, default)
    if not isinstance(value, bool):
        fields.error(f"'{key}' must be true or false, not {kind_of(value)}", key)
        return default
    return value


def _people(fields: Fields) -> dict[str, str]:
    value = fields.data.get("link_people")
    if value is None:
        return {}
    if not isinstance(value, dict):
        fields.error("'link_people' must be a mapping with 'school' and 'partner'", "link_people")
        return {}
    people = {}
    for key, person in value.items():
        if key not in ("school", "partner"):
            fields.error(f"unknown key '{key}' in link_people{suggest(key, ('school', 'partner'))}", "link_people", key)
        elif not isinstance(person, str) or not person.strip():
            fields.error(f"link_people '{key}' must be text", "link_people", key)
        else:
            people[key] = person.strip()
    return people


def _review_weeks(fields: Fields, weeks: int | None) -> tuple[int, ...] | None:
    if "review_weeks" not in fields.data:
        return None
    value = fields.data["review_weeks"]
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        fields.error("'review_weeks' must be a list of week numbers", "review_weeks")
        return None
    for index, week in enumerate(value):
        if weeks is not None and not 1 <= week <= weeks:
            fields.error(f"review week {week} is outside the programme's weeks 1–{weeks}", "review_weeks", index)
    return tuple(sorted(set(value)))
