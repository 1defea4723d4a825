"""Validation of session plans and programme pages (front matter and body)."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from . import markdown
from .cache import key
from .diagnostics import Diagnostics, one_of, suggest
from .fields import KEY_PATTERN, Fields, kind_of
from .model import Page, RawDoc, Session, Site, Text, Worksheet

SESSION_KEYS = ("id", "title", "strand", "ages", "duration", "summary", "contexts", "outcomes",
                "domains", "materials", "requires")
SESSION_TRANSLATABLE = ("title", "summary", "materials", "source_hash")
PAGE_KEYS = ("title", "order")
PAGE_TRANSLATABLE = ("title", "source_hash")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass
class _Found:
    """What validation of the sources learnt, for the checks that span files."""

    by_id: dict[str, Session] = field(default_factory=dict)
    by_file: dict[str, Session] = field(default_factory=dict)
    requires_lines: dict[str, dict[str, int]] = field(default_factory=dict)
    all_stems: set[str] = field(default_factory=set)


def split_name(path: str) -> tuple[str, str, str | None]:
    """``(folder, slug, locale)`` of ``folder/slug.md`` or ``folder/slug.locale.md``."""
    folder, name = posixpath.split(path)
    parts = name[: -len(".md")].split(".")
    return folder, parts[0], (parts[1] if len(parts) > 1 else None)


Parsed = dict[tuple[str, str], list]  # bodies parsed in earlier builds, by path and text (the live preview)


def validate_sessions(raws: list[RawDoc], site: Site, codes: set[str], assets: dict[str, bytes],
                      diags: Diagnostics, parsed: Parsed | None = None,
                      only: set[str] | None = None) -> tuple[Session, ...]:
    """The sessions, with every problem in ``diags``. ``only`` (session files without ``.md``,
    such as ``content/sessions/sel/feelings``) limits which sessions' bodies, and their
    translations', are parsed and checked: the others' texts have no tokens, worksheets or
    images (a build spread over processes checks each share of the bodies in the process that
    renders its pages)."""
    found = _Found()
    for raw in raws:
        folder, slug, locale = split_name(raw.path)
        if locale is None:
            found.all_stems.add(posixpath.join(folder, slug))
            checked = only is None or posixpath.join(folder, slug) in only
            session = _session(raw, slug, site, codes, assets, found, diags, parsed, checked)
            if session is not None:
                found.by_file[posixpath.join(folder, slug)] = session
    for raw in raws:
        folder, slug, locale = split_name(raw.path)
        if locale is not None:
            source = found.by_file.get(posixpath.join(folder, slug))
            checked = only is None or posixpath.join(folder, slug) in only
            text = _translation(raw, folder, slug, locale, site, SESSION_TRANSLATABLE, assets, found, diags, parsed,
                                checked)
            if text is not None and source is not None:
                source.texts[locale] = text
    _check_requires(found, diags)
    for session in found.by_id.values():
        for locale, text in session.texts.items():
            if session.translation_state(locale, site.default_locale) == "stale":
                diags.warning(text.path, 1, f"stale translation: {session.path} changed since it was translated "
                              f"(update it, then run 'partners i18n mark {session.id} {locale}')")
    return tuple(found.by_id[sid] for sid in sorted(found.by_id))


def _session(raw: RawDoc, slug: str, site: Site, codes: set[str], assets: dict[str, bytes],
             found: _Found, diags: Diagnostics, parsed: Parsed | None, checked: bool = True) -> Session | None:
    fields = _front_matter(raw, diags)
    if fields is None:
        return None
    fields.only(SESSION_KEYS)
    session_id = fields.text("id") or slug
    if not KEY_PATTERN.match(session_id):
        fields.error(f"session id '{session_id}' may only hold lower-case letters, digits, '-' and '_'"
                     + ("" if "id" in fields.data else " (rename the file or set 'id')"), "id")
        return None
    strand = fields.choice("strand", site.strands, "strand", required=True)
    ages = fields.ages()
    duration = fields.whole("duration", required=True, minimum=1)
    contexts = fields.keys("contexts", site.contexts, "context")
    domains = fields.keys("domains", site.domains, "domain")
    outcomes = fields.keys("outcomes", sorted(codes), "outcome code")
    requires = fields.keys("requires", None, "session")
    text = _text(raw, site.default_locale, fields, assets, diags, parsed, checked)
    if text.has_demo is False:
        diags.warning(raw.path, raw.body_line, "session has no '::: demo' block for the Big Partner")
    if session_id in found.by_id:
        fields.error(f"duplicate session id '{session_id}': {found.by_id[session_id].path} uses it too",
                     "id" if "id" in fields.data else "title")
        return None
    if strand is None or ages is None or duration is None or text.title is None:
        return None
    session = Session(id=session_id, path=raw.path, strand=strand, ages=ages, duration=duration,
                      contexts=contexts, outcomes=outcomes, domains=domains, requires=requires,
                      texts={site.default_locale: text.as_text()})
    found.by_id[session_id] = session
    found.requires_lines[session_id] = {r: fields.line("requires", i) for i, r in enumerate(requires)}
    return session


def _front_matter(raw: RawDoc, diags: Diagnostics) -> Fields | None:
    if raw.meta is None:
        return None
    if not isinstance(raw.meta.value, dict):
        diags.error(raw.path, raw.meta.line(),
                    f"front matter must be a mapping of keys, not {kind_of(raw.meta.value)}")
        return None
    return Fields(raw.meta, raw.path, diags)


def _translation(raw: RawDoc, folder: str, slug: str, locale: str, site: Site, allowed: tuple[str, ...],
                 assets: dict[str, bytes], found: _Found | None, diags: Diagnostics,
                 parsed: Parsed | None = None, checked: bool = True) -> Text | None:
    fields = _front_matter(raw, diags)
    if fields is None:
        return None
    source = posixpath.join(folder, slug) + ".md"
    if found is not None and posixpath.join(folder, slug) not in found.all_stems:
        diags.error(raw.path, 1, f"translation without a source: {source} does not exist")
    if locale not in site.locales:
        diags.error(raw.path, 1, f"locale '{locale}' is not configured in site.yaml{suggest(locale, site.locales)}")
        return None
    if locale == site.default_locale:
        diags.error(raw.path, 1, f"'{locale}' is the default locale: edit {source} instead")
        return None
    for name in fields.data:
        if name not in allowed:
            why = f" (it comes from {source}; a translation may set only {one_of(allowed[:-1])})"
            fields.error(f"'{name}' cannot be translated{why}", name)
    text = _text(raw, locale, fields, assets, diags, parsed, checked)
    return text.as_text() if text.title is not None else None


@dataclass
class _Body:
    locale: str
    path: str
    title: str | None
    summary: str
    materials: tuple[str, ...]
    tokens: list | None  # None: not parsed in this process
    worksheets: list[Worksheet]
    images: list[str]
    has_demo: bool | None  # None: not checked
    digest: str
    body_text: str
    source_hash: str | None

    def as_text(self) -> Text:
        return Text(locale=self.locale, path=self.path, title=self.title or "", summary=self.summary,
                    materials=self.materials, tokens=self.tokens, worksheets=tuple(self.worksheets),
                    images=tuple(self.images), digest=self.digest,
                    fingerprint=fingerprint(self.title or "", self.summary, self.materials, self.body_text),
                    source_hash=self.source_hash)


def fingerprint(title: str, summary: str, materials: tuple[str, ...], body: str) -> str:
    """A short fingerprint of a text's translatable parts (what a translation records)."""
    return key("translatable", title, summary, *materials, body.strip())[:12]


def _text(raw: RawDoc, locale: str, fields: Fields, assets: dict[str, bytes], diags: Diagnostics,
          parsed: Parsed | None = None, checked: bool = True) -> _Body:
    """The text's fields and, if ``checked``, its parsed and checked body."""
    body = _Body(locale=locale, path=raw.path, title=fields.text("title", required=True),
                 summary=fields.text("summary", one_line=True) or "", materials=fields.texts("materials") or (),
                 tokens=None, worksheets=[], images=[], has_demo=None,
                 digest=raw.digest, body_text=raw.body, source_hash=_source_hash(fields))
    if not checked:
        return body
    body.tokens = parsed.get((raw.path, raw.body)) if parsed is not None else None
    if body.tokens is None:
        body.tokens = markdown.parse(raw.body)
        if parsed is not None:  # checking only sets an image's src again to the same value
            parsed[(raw.path, raw.body)] = body.tokens
    body.has_demo = False
    _check_blocks(raw, body, diags)
    _check_images(raw, body, assets, diags)
    return body


def _source_hash(fields: Fields) -> str | None:
    value = fields.data.get("source_hash")
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        fields.error(f"'source_hash' must be text written by 'partners i18n mark', not {kind_of(value)}", "source_hash")
        return None
    return value.strip()


def _check_blocks(raw: RawDoc, body: _Body, diags: Diagnostics) -> None:
    tokens = body.tokens
    for index, token in enumerate(tokens):
        line = raw.body_line + (token.map[0] if token.map else 0)
        if token.type == "container_demo_open":
            body.has_demo = True
        elif token.type == "container_worksheet_open":
            sheet = _worksheet(raw.path, line, token.info, tokens, index, diags)
            if sheet is not None:
                body.worksheets.append(sheet)
        elif token.type == "inline" and token.content.lstrip().startswith(":::"):
            words = token.content.lstrip(":").split()
            name = words[0] if words else ""
            hint = suggest(name, markdown.CONTAINERS) if name else ""
            what = f"unknown block '{name}'{hint}" if name else "a ':::' line that closes no block"
            diags.error(raw.path, line, f"{what}: blocks are {one_of(markdown.CONTAINERS)}")


def _worksheet(path: str, line: int, info: str, tokens: list, index: int, diags: Diagnostics) -> Worksheet | None:
    words = info.split()[1:]
    ok = True
    if not words or words[0] not in ("A4", "A3"):
        given = f"'{words[0]}'" if words else "no size"
        diags.error(path, line, f"unknown worksheet size {given}{suggest(words[0], ('A4', 'A3')) if words else ''}: "
                    "write '::: worksheet A4' or '::: worksheet A3', then optionally 'landscape'")
        ok = False
    for word in words[1:]:
        if word not in ("portrait", "landscape"):
            diags.error(path, line, f"unknown worksheet orientation '{word}'"
                        f"{suggest(word, ('portrait', 'landscape'))}: use 'portrait' or 'landscape'")
            ok = False
    if len(words) > 2:
        diags.error(path, line, "a worksheet takes a size and at most one orientation")
        ok = False
    title = _sheet_title(tokens, index)
    if title is None:
        diags.error(path, line, "a worksheet needs a heading ('# ...') for its title")
        ok = False
    if not ok:
        return None
    size, orientation = markdown.worksheet_format(info)
    return Worksheet(size=size, orientation=orientation, title=title or "", line=line)


def _sheet_title(tokens: list, index: int) -> str | None:
    depth = 0
    for position in range(index, len(tokens)):
        token = tokens[position]
        depth += token.nesting if token.type.startswith("container_") else 0
        if depth == 0:
            return None
        if token.type == "heading_open":
            return markdown.inline_text(tokens, position + 1)
    return None


def _check_images(raw: RawDoc, body: _Body, assets: dict[str, bytes], diags: Diagnostics) -> None:
    for child, parent in markdown.walk_inline(body.tokens):
        if child.type != "image":
            continue
        src = child.meta.setdefault("written_src", str(child.attrGet("src") or ""))  # before it is resolved
        line = raw.body_line + (parent.map[0] if parent.map else 0) + _line_within(parent.content, src)
        if not "".join(c.content for c in child.children or []).strip():
            diags.warning(raw.path, line, f"image '{src}' has no alt text: describe it in ![...]")
        if SCHEME.match(src) or src.startswith(("/", "\\")):
            diags.error(raw.path, line, f"image '{src}' must be a relative path to a file inside content/")
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(raw.path), unquote(src)))
        if not target.startswith("content/"):
            diags.error(raw.path, line, f"image '{src}' is outside content/")
        elif target not in assets:
            diags.error(raw.path, line, f"image '{src}' not found (looked for {target})")
        else:
            child.attrSet("src", target)
            body.images.append(target)


def _line_within(content: str, needle: str) -> int:
    for number, text in enumerate(content.split("\n")):
        if needle in text:
            return number
    return 0


def _check_requires(found: _Found, diags: Diagnostics) -> None:
    graph = {sid: [r for r in s.requires if r in found.by_id] for sid, s in found.by_id.items()}
    for sid, session in found.by_id.items():
        for required in session.requires:
            if required not in found.by_id:
                diags.error(session.path, found.requires_lines[sid][required],
                            f"unknown session '{required}' in requires{suggest(required, found.by_id)}")
    for cycle in _cycles(graph):
        first = cycle[0]
        diags.error(found.by_id[first].path, found.requires_lines[first][cycle[1]],
                    "requires cycle: " + " → ".join(cycle))


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle once, starting from its smallest id (``[a, b, a]``)."""
    cycles, done = [], set()
    for start in sorted(graph):
        stack, on_path = [(start, iter(sorted(graph[start])))], [start]
        while stack:
            node, edges = stack[-1]
            nxt = next(edges, None)
            if nxt is None:
                stack.pop()
                on_path.pop()
                done.add(node)
            elif nxt in on_path:
                cycle = on_path[on_path.index(nxt):] + [nxt]
                if min(cycle) == cycle[0] and cycle not in cycles:
                    cycles.append(cycle)
            elif nxt not in done:
                stack.append((nxt, iter(sorted(graph[nxt]))))
                on_path.append(nxt)
    return cycles


def validate_pages(raws: list[RawDoc], site: Site, assets: dict[str, bytes], diags: Diagnostics,
                   parsed: Parsed | None = None) -> tuple[Page, ...]:
    pages: dict[str, Page] = {}
    for raw in raws:
        folder, slug, locale = split_name(raw.path)
        if locale is not None:
            continue
        fields = _front_matter(raw, diags)
        if fields is None:
            continue
        fields.only(PAGE_KEYS)
        order = fields.whole("order") or 0
        if not KEY_PATTERN.match(slug):
            diags.error(raw.path, 1, f"page file name '{slug}' may only hold lower-case letters, digits, '-' and '_'")
            continue
        text = _text(raw, site.default_locale, fields, assets, diags, parsed)
        if text.title is not None:
            pages[slug] = Page(slug=slug, order=order, texts={site.default_locale: text.as_text()})
    for raw in raws:
        folder, slug, locale = split_name(raw.path)
        if locale is None:
            continue
        if slug not in pages:
            diags.error(raw.path, 1, f"translation without a source: {folder}/{slug}.md does not exist")
        text = _translation(raw, folder, slug, locale, site, PAGE_TRANSLATABLE, assets, None, diags, parsed)
        if text is not None and slug in pages:
            pages[slug].texts[locale] = text
            if pages[slug].translation_state(locale, site.default_locale) == "stale":
                diags.warning(text.path, 1, f"stale translation: {pages[slug].texts[site.default_locale].path} changed "
                              f"since it was translated (update it, then run 'partners i18n mark pages/{slug} {locale}')")
    return tuple(sorted(pages.values(), key=lambda p: (p.order, p.slug)))
