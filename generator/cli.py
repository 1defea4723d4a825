"""The ``partners`` command line. Commands map options onto the pipeline and print diagnostics."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import click

from . import __version__
from . import i18n as translations, scaffold
from .diagnostics import plural, suggest
from .build import PACKS_DIR, BuildResult, build as run_build, check as run_check, plan_school
from .packing import pack_schools
from .plan import Plan
from .write import OutputError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="partners")
@click.option("--project", "-p", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Folder holding content/ and, optionally, templates/.")
@click.pass_context
def main(ctx: click.Context, project: Path) -> None:
    """Build a peer-learning programme's website, printables and school packs
    from the session plans in a project's content/ folder."""
    ctx.obj = project


@main.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.pass_obj
def check(project: Path, strict: bool) -> None:
    """Check the content and list every problem as path:line: message.

    Exits 1 when there is an error (with --strict, also a warning), else 0.
    """
    result = run_check(project)
    _report(result, strict)
    if result.diagnostics.failed(strict):
        raise SystemExit(1)


@main.command()
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder.  [default: PROJECT/output]")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--no-pdf", is_flag=True, help="Build the website only, without worksheet and demo card PDFs.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for PDFs; with --no-pdf, from 200 sessions, for checking and web pages.  "
                   "[default: number of cores]")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems: no progress, no summary.")
@click.pass_obj
def build(project: Path, out: Path | None, strict: bool, no_pdf: bool, jobs: int | None, quiet: bool) -> None:
    """Build the library website and the printable PDFs for every locale.

    The build is written into a temporary folder and replaces the output only
    when everything succeeded; a failed build leaves the old output untouched.
    Only the pages and PDFs whose sources changed since the last build into the
    same folder are made again; when nothing changed, nothing is done.
    """
    started = time.perf_counter()
    out = out if out is not None else project / "output"
    try:
        result = run_build(project, out, strict=strict, pdf=not no_pdf, jobs=jobs, quiet=quiet)
    except OutputError as exc:
        raise click.ClickException(str(exc)) from None
    _report(result, strict, quiet_when_clean=True)
    if not result.written:
        click.echo("partners: build failed; the previous output was left as it was", err=True)
        raise SystemExit(1)
    if not quiet:
        click.echo(build_summary(result, out, pdf=not no_pdf, seconds=time.perf_counter() - started))


@main.command()
@click.argument("school")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="A week-by-week table for people, or JSON for other tools.")
@click.pass_obj
def plan(project: Path, school: str, fmt: str) -> None:
    """Plan a school's programme week by week and report its curriculum coverage.

    SCHOOL is an id from content/schools/ (the file name without .yaml) or the path
    of a school profile. The rules are in docs/planning.md.
    """
    result, planned = plan_school(project, school)
    if planned is None:
        _report(result, strict=False)
        raise SystemExit(1)
    for item in result.diagnostics.sorted():
        click.echo(item.format(), err=True)
    if fmt == "json":
        click.echo(json.dumps(planned.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(plan_text(planned, result))


@main.command()
@click.argument("school", required=False)
@click.option("--all", "every", is_flag=True, help="Build the pack of every school in content/schools/.")
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the packs; each goes into OUT/<school id>/.  [default: PROJECT/output/schools]")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for PDF rendering.  [default: number of cores]")
@click.option("--shard", default=None, metavar="I/N",
              help="With --all: build only every N-th school, starting at the I-th (1-based).")
@click.option("--quiet", "-q", is_flag=True, help="Print only problems: no progress, no summary.")
@click.pass_obj
def pack(project: Path, school: str | None, every: bool, out: Path | None, jobs: int | None, shard: str | None,
         quiet: bool) -> None:
    """Build a school's pack: calendar page, teacher pack, Big Partner demo pack,
    worksheets and monitoring sheets, in each of the school's languages, and a zip of it all.

    SCHOOL is an id from content/schools/ or the path of a school profile.
    """
    if every == (school is not None):
        raise click.UsageError("give one SCHOOL, or --all")
    if shard and not every:
        raise click.UsageError("--shard goes with --all")
    base = out if out is not None else project / "output" / PACKS_DIR
    started = time.perf_counter()
    checked = run_check(project)
    if checked.library is None or checked.diagnostics.errors:
        _report(checked, strict=False)
        raise SystemExit(1)
    ids = [s.id for s in checked.library.schools] if every else [school]
    if shard:
        ids = ids[_shard(shard)]
    try:
        made = pack_schools(project, ids, lambda sid: base / sid, jobs, checked=checked, quiet=quiet)
    except OutputError as exc:
        raise click.ClickException(str(exc)) from None
    failed = False
    for item in made:
        if item.plan is None:
            _report(item.result, strict=False)
            failed = True
            continue
        rendered = sum(1 for r in item.result.pdfs if r.rendered)
        if not quiet:
            click.echo(f"pack {item.plan.school.id}: {len(item.plan.school.locales)} language(s), "
                       f"{len(item.result.pdfs)} PDFs ({rendered} rendered) into {item.out}")
    built = sum(1 for item in made if item.plan is not None)
    if not quiet:
        click.echo(f"{built} of {len(made)} pack(s) built in {time.perf_counter() - started:.2f} s")
    if failed:
        raise SystemExit(1)


def build_summary(result: BuildResult, out: Path, pdf: bool, seconds: float) -> str:
    """One line: pages and PDFs made and kept, warnings, where and how long."""
    warnings = plural(len(result.diagnostics.items), "warning")
    if result.unchanged:
        pdfs = f", {result.pdf_count} PDFs (0 rendered, {result.pdf_count} from the cache)" if pdf else ""
        return f"nothing changed since the last build of {result.pages} pages{pdfs} into {out} ({warnings}), {seconds:.2f} s"
    pages = f"{result.pages} pages ({result.rendered_pages} rendered, {result.pages - result.rendered_pages} unchanged)"
    rendered = sum(1 for r in result.pdfs if r.rendered)
    pdfs = f", {result.pdf_count} PDFs ({rendered} rendered, {result.pdf_count - rendered} from the cache)" if pdf else ""
    return f"built {pages}{pdfs} into {out} ({warnings}) in {seconds:.2f} s"


def _shard(text: str) -> slice:
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise click.BadParameter("write it as I/N, such as 1/4", param_hint="--shard") from None
    if not 1 <= index <= count:
        raise click.BadParameter("I must be between 1 and N", param_hint="--shard")
    return slice(index - 1, None, count)


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a web browser.")
@click.option("--no-pdf", is_flag=True, help="Preview the pages only: no PDFs, no links to them.")
@click.pass_obj
def serve(project: Path, port: int, host: str, open_browser: bool, no_pdf: bool) -> None:
    """Preview the website while you write: rebuild on every save and reload open pages.

    Watches content/ and templates/. A mistake never stops the server: the page shows
    the problems (path:line: message) until the file is fixed, and so does the terminal.
    Only what a save changes is rebuilt; the PDFs that changed are rendered in the
    background once the pages are live.
    """
    from .serve import serve as run_serve

    def ready(url: str) -> None:
        if open_browser:
            import webbrowser
            webbrowser.open(url)

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupt)  # a stop from a process manager cleans up like Ctrl+C
    try:
        run_serve(project, host, port, lambda line: click.echo(line, err=True), ready, pdf=not no_pdf)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
        sys.stderr.flush()
        os._exit(0)  # do not wait for PDFs still rendering in the background: their workers end too
    except OSError as exc:
        raise click.ClickException(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None


@main.group()
def i18n() -> None:
    """See what needs translating, and record what a translation was made from."""


@i18n.command("status")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Exit 1 when a translation is missing or stale, or UI strings are missing.")
@click.pass_obj
def i18n_status(project: Path, fmt: str, strict: bool) -> None:
    """For every session and programme page, in every language: missing, unmarked,
    current or stale; and the UI strings each language lacks.

    A translation is current when the fingerprint it records (source_hash) matches its
    source's, stale when the source changed since, unmarked when it records none.
    Pages are named pages/<slug>.
    """
    library = _checked_library(project)
    report = translations.status(library)
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        rows = [(r["state"], r["locale"], r["session"]) for r in report["sessions"]]
        rows += [(r["state"], r["locale"], f"pages/{r['page']}") for r in report["pages"]]
        for state, locale, name in rows:
            click.echo(f"{state:9} {locale:5} {name}")
        for locale, keys in report["strings"].items():
            if keys:
                click.echo(f"strings   {locale:5} {len(keys)} missing: {', '.join(keys)}")
        counts = {state: sum(1 for row in rows if row[0] == state) for state in translations.STATES}
        click.echo(", ".join(f"{n} {state}" for state, n in counts.items()))
    if strict and translations.needs_work(report):
        raise SystemExit(1)


@i18n.command("mark", options_metavar="[--all]")
@click.argument("names", nargs=-1, metavar="[NAME] LOCALE")
@click.option("--all", "every", is_flag=True, help="Mark every translation into LOCALE.")
@click.pass_obj
def i18n_mark(project: Path, names: tuple[str, ...], every: bool) -> None:
    """Record in a translation that it matches its source as it is now.

    Run it after updating a translation: partners i18n mark NAME LOCALE, where NAME
    is a session id or pages/<slug> for a programme page; or partners i18n mark --all
    LOCALE for every session and page translated into LOCALE.
    """
    if len(names) != (1 if every else 2):
        raise click.UsageError("give NAME and LOCALE, or --all LOCALE")
    name, locale = (None, names[0]) if every else names
    library = _checked_library(project)
    chosen = [x for x in (*library.sessions, *library.pages) if locale in x.texts] if every \
        else [_translatable(library, name)]
    for item in chosen:
        if locale not in item.texts or locale == library.site.default_locale:
            raise click.ClickException(f"{translations.name_of(item)} has no translation into '{locale}'")
        click.echo(f"marked {translations.mark(project, library, item, locale)}")


@main.group()
def new() -> None:
    """Start a new content file: a session, a school, a page or a translation."""


@new.command("session")
@click.option("--strand", required=True, help="One of the strands in site.yaml.")
@click.option("--title", required=True, help="The session's title; its id is made from it.")
@click.option("--ages", default="3-5", show_default=True, help="The Little Partners' ages, MIN-MAX.")
@click.option("--duration", type=click.IntRange(min=1), default=30, show_default=True, help="Minutes.")
@click.pass_obj
def new_session(project: Path, strand: str, title: str, ages: str, duration: int) -> None:
    """Write a session file with every section, a demo, say and worksheet block to fill in.

    Its id comes from the title; an existing file is never overwritten. Replace every
    TODO, then run partners check --strict.
    """
    library = _checked_library(project)
    if strand not in library.site.strands:
        raise click.BadParameter(f"'{strand}' is not a strand{suggest(strand, library.site.strands)}: "
                                 f"use one of {', '.join(library.site.strands)}", param_hint="--strand")
    try:
        low, high = (int(part) for part in ages.split("-"))
        assert 0 <= low <= high
    except (ValueError, AssertionError):
        raise click.BadParameter("write ages as MIN-MAX, such as 3-5", param_hint="--ages") from None
    if library.session(scaffold.slug(title)):
        raise click.ClickException(f"a session with the id '{scaffold.slug(title)}' exists already")
    _created(lambda: scaffold.new_session(project, library.site, strand, title, (low, high), duration))


@new.command("school")
@click.argument("school_id")
@click.option("--curriculum", default=None, help="A framework id from content/curricula/ (default: the first).")
@click.pass_obj
def new_school(project: Path, school_id: str, curriculum: str | None) -> None:
    """Write a commented school profile, content/schools/SCHOOL_ID.yaml, to fill in."""
    library = _checked_library(project)
    if scaffold.slug(school_id) != school_id:
        raise click.BadParameter("use lower-case letters, digits and '-', such as riverside-primary",
                                 param_hint="SCHOOL_ID")
    ids = [c.id for c in library.curricula]
    chosen = curriculum or (ids[0] if ids else None)
    if chosen not in ids:
        raise click.BadParameter(f"no curriculum '{chosen}'{suggest(chosen or '', ids)}", param_hint="--curriculum")
    _created(lambda: scaffold.new_school(project, library.site, school_id, chosen))


@new.command("page")
@click.argument("title")
@click.pass_obj
def new_page(project: Path, title: str) -> None:
    """Write a programme page, content/pages/<id>.md, with its title filled in."""
    _checked_library(project)
    _created(lambda: scaffold.new_page(project, title))


def _created(make) -> None:
    try:
        click.echo(f"created {make()}")
    except FileExistsError as exc:
        raise click.ClickException(f"{Path(exc.filename).name} exists already: refusing to overwrite it") from None


@new.command("translation")
@click.argument("name")
@click.argument("locale")
@click.pass_obj
def new_translation(project: Path, name: str, locale: str) -> None:
    """Create a translation into LOCALE of NAME (a session id, or pages/<slug> for a
    programme page) from its source, marked with the source's fingerprint, ready to translate."""
    library = _checked_library(project)
    item = _translatable(library, name)
    if locale not in library.site.locales or locale == library.site.default_locale:
        others = [c for c in library.site.locales if c != library.site.default_locale]
        raise click.ClickException(f"'{locale}' is not a language to translate into (site.yaml has {', '.join(others)})")
    try:
        click.echo(f"created {translations.new_translation(project, library, item, locale)}")
    except FileExistsError as exc:
        raise click.ClickException(f"{exc} exists already: refusing to overwrite it") from None


def _checked_library(project: Path):
    result = run_check(project)
    if result.library is None or result.diagnostics.errors:
        _report(result, strict=False)
        raise SystemExit(1)
    return result.library


def _translatable(library, name: str):
    """The session with the id ``name``, or the page ``pages/<slug>`` (or ``<slug>`` when no
    session has that id)."""
    slug = name.removeprefix("pages/")
    session = None if name.startswith("pages/") else library.session(name)
    page = next((p for p in library.pages if p.slug == slug), None)
    if session is None and page is None:
        names = [s.id for s in library.sessions] + [f"pages/{p.slug}" for p in library.pages]
        raise click.ClickException(f"no session or page '{name}'{suggest(name, names)}")
    return session or page


def _session(library, session_id: str):
    found = library.session(session_id)
    if found is None:
        raise click.ClickException(f"no session '{session_id}'{suggest(session_id, [s.id for s in library.sessions])}")
    return found


def plan_text(planned: Plan, result: BuildResult) -> str:
    """The plan as a week-by-week table, then coverage, then notes."""
    library, school = result.library, planned.school
    by_id = {s.id: s for s in library.sessions}
    lines = [f"{school.name} ({school.id}): {school.weeks} weeks × {school.sessions_per_week} "
             f"session(s), curriculum {school.curriculum}, ages {school.ages[0]}–{school.ages[1]}", ""]
    lines.append(f"{'week':>4}  {'starts':10}  sessions")
    for number, ids in enumerate(planned.weeks, start=1):
        day = planned.week_start(number)
        shown = ", ".join(f"{sid} ({by_id[sid].strand})" for sid in ids) or "(empty)"
        lines.append(f"{number:>4}  {day.isoformat() if day else '-':10}  {shown}")
    covered = len(planned.coverage) - len(planned.uncovered)
    lines += ["", f"coverage: {covered} of {len(planned.coverage)} outcomes in scope"]
    for code, ids in planned.coverage.items():
        lines.append(f"  {code:18} {', '.join(ids) if ids else '(not covered)'}")
    lines.append(f"unfilled slots: {planned.unfilled_slots}")
    if planned.notes:
        lines += ["", "notes:"] + [f"  - {note}" for note in planned.notes]
    return "\n".join(lines)


def _report(result: BuildResult, strict: bool, quiet_when_clean: bool = False) -> None:
    diags = result.diagnostics
    for item in diags.sorted():
        click.echo(item.format(), err=True)
    if diags.items or not quiet_when_clean:
        library = result.library
        counted = ""
        if library is not None and not diags.items:
            counted = f"{plural(len(library.sessions), 'session')}, {plural(len(library.pages), 'page')}: "
        click.echo(f"partners: {counted}{diags.summary()}", err=True)
