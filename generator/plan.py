"""Plan stage: a school's programme, week by week, from the library. Pure functions, no I/O.

The rules (written out for users in docs/planning.md):

1. Eligible: every included session; otherwise a session that is not excluded, whose strand is
   one of the school's, whose ages overlap the school's, whose contexts are empty or share one
   with the school's, and which addresses at least one outcome in scope (the school's ``focus``,
   or else every outcome of its curriculum).
2. A session is scheduled only after every session it requires; a session whose requirement
   cannot be scheduled is not scheduled either, and the notes say why. Included sessions bring
   their requirements with them.
3. Slots = weeks × sessions per week; no session twice. When more sessions are eligible than
   there are slots, sessions are chosen one at a time (with any requirements not yet chosen):
   strands that have their fair share of the slots last, then most in-scope outcomes not yet
   covered, then fewest sessions not yet in the children's language, then the strand chosen
   least so far, then the fewest sessions needed, then by id.
4. The chosen sessions are ordered so that strands take turns and every requirement comes first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .model import Library, School, Session


@dataclass
class Plan:
    school: School
    weeks: list[list[str]]
    coverage: dict[str, list[str]]
    uncovered: list[str]
    unfilled_slots: int
    notes: list[str] = field(default_factory=list)

    def week_start(self, week: int) -> datetime.date | None:
        """Week n starts 7·(n−1) days after the school's start date."""
        if self.school.start is None:
            return None
        return self.school.start + datetime.timedelta(days=7 * (week - 1))

    def as_json(self) -> dict[str, object]:
        return {
            "school": self.school.id,
            "weeks": [{"week": number, "date": _iso(self.week_start(number)), "sessions": ids}
                      for number, ids in enumerate(self.weeks, start=1)],
            "coverage": self.coverage,
            "uncovered": self.uncovered,
            "unfilled_slots": self.unfilled_slots,
            "notes": self.notes,
        }


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def in_scope(library: Library, school: School) -> list[str]:
    """The outcome codes the school's pack aims at, in the curriculum's order."""
    curriculum = library.curriculum(school.curriculum)
    codes = [o.code for o in curriculum.outcomes] if curriculum else []
    return [c for c in codes if c in school.focus] if school.focus else codes


def why_not(session: Session, school: School, scope: set[str]) -> str | None:
    """Why a session is not eligible for the school, or None when it is."""
    if session.id in school.include:
        return None
    if session.id in school.exclude:
        return "excluded by the school"
    if session.strand not in school.strands:
        return f"its strand '{session.strand}' is not one of the school's"
    if session.ages[1] < school.ages[0] or session.ages[0] > school.ages[1]:
        return f"it is for ages {session.ages[0]}–{session.ages[1]}, the school's children are {school.ages[0]}–{school.ages[1]}"
    if session.contexts and not set(session.contexts) & set(school.contexts):
        return f"it suits only {', '.join(session.contexts)}"
    if not set(session.outcomes) & scope:
        return "it addresses no outcome in scope"
    return None


def make_plan(library: Library, school: School) -> Plan:
    scope_list = in_scope(library, school)
    scope = set(scope_list)
    by_id = {s.id: s for s in library.sessions}
    reasons = {s.id: why_not(s, school, scope) for s in library.sessions}
    notes: list[str] = []
    schedulable = _schedulable(by_id, reasons, notes)
    slots = school.weeks * school.sessions_per_week
    chosen = _with_requirements(school.include, by_id)
    added = sorted(set(chosen) - set(school.include))
    if added:
        notes.append(f"added because included sessions require them: {', '.join(added)}")
    _choose(chosen, schedulable, by_id, scope, slots, school.locales[0])
    order = _order(chosen, by_id, school.strands)
    if len(order) > slots:
        notes.append(f"the included sessions and what they require need {len(order)} slots but there are "
                     f"{slots}: not scheduled: {', '.join(order[slots:])}")
        order = order[:slots]  # a prefix of the order still has every requirement before its session
        chosen = order
    weeks = [order[i:i + school.sessions_per_week] for i in range(0, slots, school.sessions_per_week)]
    coverage = {code: [sid for sid in order if code in by_id[sid].outcomes] for code in scope_list}
    uncovered = [code for code, ids in coverage.items() if not ids]
    for code in uncovered:
        notes.append(f"{code} is not covered: {_uncovered_reason(code, library, reasons, chosen)}")
    for sid in sorted(set(schedulable) - set(chosen)):
        notes.append(f"{sid} is eligible but not scheduled: no free slot")
    for locale in school.locales:
        missing = [sid for sid in order if locale not in by_id[sid].texts]
        if missing:
            notes.append(f"not yet translated into '{locale}' (the pack uses "
                         f"{library.site.default_locale}): {', '.join(missing)}")
    return Plan(school, weeks, coverage, uncovered, slots - len(order), notes)


def _schedulable(by_id: dict[str, Session], reasons: dict[str, str | None], notes: list[str]) -> list[str]:
    """Eligible sessions whose requirements are all eligible too (transitively), by id."""
    result = []
    for sid in sorted(by_id):
        if reasons[sid] is not None:
            continue
        blocked = _blocking_requirement(sid, by_id, reasons, set())
        if blocked is None:
            result.append(sid)
        else:
            notes.append(f"{sid} cannot be scheduled: it requires {blocked[0]}, which is not eligible ({blocked[1]})")
    return result


def _blocking_requirement(sid: str, by_id: dict[str, Session], reasons: dict[str, str | None],
                          seen: set[str]) -> tuple[str, str] | None:
    for required in by_id[sid].requires:
        if required in seen:
            continue
        seen.add(required)
        if reasons.get(required) is not None:
            return required, str(reasons[required])
        deeper = _blocking_requirement(required, by_id, reasons, seen)
        if deeper is not None:
            return deeper
    return None


def _with_requirements(ids: tuple[str, ...] | list[str], by_id: dict[str, Session]) -> list[str]:
    """``ids`` and everything they require, transitively, without repeats."""
    result: list[str] = []
    stack = list(ids)
    while stack:
        sid = stack.pop()
        if sid in result or sid not in by_id:
            continue
        result.append(sid)
        stack.extend(by_id[sid].requires)
    return result


def _choose(chosen: list[str], candidates: list[str], by_id: dict[str, Session], scope: set[str],
            slots: int, language: str) -> None:
    """Add sessions to ``chosen`` until the slots are full or nothing is left (rule 3);
    ``language`` is the children's, the school's first locale."""
    while len(chosen) < slots:
        covered = {code for sid in chosen for code in by_id[sid].outcomes} & scope
        per_strand: dict[str, int] = {}
        for sid in chosen:
            per_strand[by_id[sid].strand] = per_strand.get(by_id[sid].strand, 0) + 1
        share = -(-slots // max(1, len({by_id[sid].strand for sid in candidates})))  # a fair share of the slots
        best, best_rank = None, None
        for sid in candidates:
            if sid in chosen:
                continue
            bundle = [s for s in _with_requirements([sid], by_id) if s not in chosen]
            if len(chosen) + len(bundle) > slots:
                continue
            gain = len({code for s in bundle for code in by_id[s].outcomes} & scope - covered)
            count = per_strand.get(by_id[sid].strand, 0)
            untranslated = sum(1 for s in bundle if language not in by_id[s].texts)
            rank = (count >= share, -gain, untranslated, count, len(bundle), sid)
            if best_rank is None or rank < best_rank:
                best, best_rank = bundle, rank
        if best is None:
            return
        chosen.extend(sorted(best))


def _order(chosen: list[str], by_id: dict[str, Session], strands: tuple[str, ...]) -> list[str]:
    """Strands take turns; a session comes only after everything it requires."""
    remaining = sorted(chosen)
    order: list[str] = []
    turn = 0
    while remaining:
        ready = [sid for sid in remaining if all(r in order or r not in chosen for r in by_id[sid].requires)]
        strand_order = strands[turn % len(strands):] + strands[:turn % len(strands)] if strands else ()
        rank = {strand: i for i, strand in enumerate(strand_order)}
        pick = min(ready, key=lambda sid: (rank.get(by_id[sid].strand, len(rank)), sid))
        order.append(pick)
        remaining.remove(pick)
        turn = (list(strands).index(by_id[pick].strand) + 1) if by_id[pick].strand in strands else turn + 1
    return order


def _uncovered_reason(code: str, library: Library, reasons: dict[str, str | None], chosen: list[str]) -> str:
    addressing = [s for s in library.sessions if code in s.outcomes]
    if not addressing:
        return "no session addresses it"
    parts = []
    for session in addressing:
        reason = reasons[session.id]
        if reason is None and session.id not in chosen:
            reason = "not scheduled"
        parts.append(f"{session.id} ({reason})")
    return "only " + "; ".join(parts) + " address it"
