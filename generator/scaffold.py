"""Scaffolding: new content files to fill in, valid from the start.

Each function writes one file (never over an existing one) and returns its path
relative to the project.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from .model import Site

PLACEHOLDER = "TODO"


def slug(title: str) -> str:
    """An id from a title: lower case, ASCII letters and digits joined by '-'."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "untitled"


def new_session(project: Path, site: Site, strand: str, title: str, ages: tuple[int, int], duration: int) -> str:
    sid = slug(title)
    rel = f"content/sessions/{strand}/{sid}.md"
    _create(project / rel, f"""---
title: {_yaml_text(title)}
strand: {strand}
ages: [{ages[0]}, {ages[1]}]
duration: {duration}
summary: {PLACEHOLDER} one line that tells a teacher what the children do.
# contexts: [{", ".join(site.contexts[:1])}]   # only if the session suits just some settings
# outcomes: []          # curriculum outcome codes from content/curricula/
domains: []
materials:
  - {PLACEHOLDER} something free or cheap
# requires: []          # ids of sessions that must come first
---
## Why it matters

{PLACEHOLDER} two or three sentences for the adult.

## Getting ready

{PLACEHOLDER} the space, the materials, what the adult checks first.

## Steps

1. {PLACEHOLDER} one action per step, six steps at most.

## What to watch for

- {PLACEHOLDER} a sign that a child is learning.

## Easier and harder

- **Easier:** {PLACEHOLDER}
- **Harder:** {PLACEHOLDER}

## Keeping everyone included

{PLACEHOLDER} a shy child, a child new to the language, a child with a disability.

## Keeping safe

{PLACEHOLDER} small objects, water, scissors, outdoors: what could go wrong and how to prevent it.

:::: demo
{PLACEHOLDER} what the Big Partner does, in short sentences a 10-year-old understands.

::: say
{PLACEHOLDER} the first words the Big Partner says.
:::

### If a Little Partner does not want to join

{PLACEHOLDER} what to do.
::::

::: worksheet A4
# {PLACEHOLDER} sheet title

{PLACEHOLDER} one instruction for the Big Partner.

- {PLACEHOLDER} what the child reads or does, in big type
:::
""")
    return rel


def new_school(project: Path, site: Site, school_id: str, curriculum: str) -> str:
    rel = f"content/schools/{school_id}.yaml"
    _create(project / rel, f"""# A partner school's profile: see docs/planning.md.
name: {PLACEHOLDER} the school's name
locales: [{site.default_locale}]        # the pack is built in each; the first is the children's language
curriculum: {curriculum}               # a framework id from content/curricula/
# focus: []                            # outcome codes to aim at (default: the whole curriculum)
contexts: []                           # the school's settings: {", ".join(site.contexts)}
ages: [3, 5]                           # the Little Partners' ages
weeks: 12                              # 1 to 52
sessions_per_week: 1
# strands: [{", ".join(site.strands)}]
# include: []                          # sessions that must be in the programme
# exclude: []                          # sessions that must not
# start: 2027-01-11                    # the first day of week 1
a3_printer: true
link_people:
  school: {PLACEHOLDER} the school's link person
  partner: {PLACEHOLDER} the programme's link person
safeguarding: {PLACEHOLDER} who the designated safeguarding lead is and what the school's policy asks
policies: {PLACEHOLDER} uniform, behaviour, photographs
# review_weeks: [6, 12]
""")
    return rel


def new_page(project: Path, title: str) -> str:
    rel = f"content/pages/{slug(title)}.md"
    _create(project / rel, f"""---
title: {_yaml_text(title)}
order: 10
---
## {PLACEHOLDER} first heading

{PLACEHOLDER} the page's text.
""")
    return rel


def _yaml_text(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def _create(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as stream:  # "x": never overwrite
        stream.write(text)
