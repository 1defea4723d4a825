"""The planner: one test per rule, properties over generated libraries, and `partners plan`."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace

from hypothesis import given, settings, strategies as st

from conftest import Project
from generator.model import Curriculum, Library, Outcome, School, Session, Site, Text, Theme
from generator.plan import make_plan

SITE = Site("Test", "en", ("en", "ur"), ("literacy", "numeracy", "sel", "science"),
            ("urban-school", "refugee"), ("confidence",))
CODES = tuple(f"T.{n}" for n in range(1, 9))


def session(sid: str, strand: str = "literacy", ages=(3, 5), contexts=(), outcomes=("T.1",), requires=()) -> Session:
    return Session(id=sid, path=f"content/sessions/{sid}.md", strand=strand, ages=ages, duration=20,
                   contexts=tuple(contexts), outcomes=tuple(outcomes), domains=(), requires=tuple(requires),
                   texts={"en": Text("en", f"content/sessions/{sid}.md", sid)})


def library(*sessions: Session) -> Library:
    curriculum = Curriculum("test", "Test", tuple(Outcome(c, "Area", c, "x", "test") for c in CODES), "x")
    return Library(site=SITE, locales={}, curricula=(curriculum,), sessions=tuple(sorted(sessions, key=lambda s: s.id)),
                   pages=(), assets={}, theme=Theme({}, {}, {}, {}), fonts={})


def school(**changes) -> School:
    base = School(id="s", path="content/schools/s.yaml", name="S", locales=("en",), curriculum="test", focus=(),
                  contexts=("urban-school",), ages=(3, 5), weeks=4, sessions_per_week=1,
                  strands=SITE.strands, include=(), exclude=(), start=None, a3_printer=True, link_people={},
                  safeguarding="", policies="", review_weeks=(2, 4))
    return replace(base, **changes)


def scheduled(plan) -> list[str]:
    return [sid for week in plan.weeks for sid in week]


def test_ineligible_sessions_are_left_out_with_reasons() -> None:
    lib = library(session("ok"), session("old", ages=(6, 7)), session("rural", contexts=["refugee"]),
                  session("art", strand="science"), session("gone"), session("off", outcomes=["X.9"]))
    plan = make_plan(lib, school(strands=("literacy",), exclude=("gone",), contexts=("urban-school",)))
    assert scheduled(plan) == ["ok"]
    assert plan.unfilled_slots == 3


def test_empty_contexts_suit_every_school() -> None:
    plan = make_plan(library(session("any"), session("ref", contexts=["refugee"])), school(contexts=("refugee",)))
    assert sorted(scheduled(plan)) == ["any", "ref"]


def test_focus_limits_the_scope() -> None:
    lib = library(session("a", outcomes=["T.1"]), session("b", outcomes=["T.2"]))
    plan = make_plan(lib, school(focus=("T.2",)))
    assert scheduled(plan) == ["b"] and plan.coverage == {"T.2": ["b"]} and plan.uncovered == []


def test_included_sessions_are_always_scheduled_with_their_requirements() -> None:
    lib = library(session("base", ages=(6, 7)), session("next", ages=(6, 7), requires=["base"]), session("c"))
    plan = make_plan(lib, school(include=("next",)))
    assert scheduled(plan).index("base") < scheduled(plan).index("next")
    assert any("require" in note and "base" in note for note in plan.notes)


def test_requirements_come_first_and_block_when_ineligible() -> None:
    lib = library(session("z-first", strand="sel"), session("a-then", requires=["z-first"]),
                  session("blocked", requires=["old"]), session("old", ages=(7, 8)))
    plan = make_plan(lib, school())
    order = scheduled(plan)
    assert order.index("z-first") < order.index("a-then")
    assert "blocked" not in order
    assert any(note.startswith("blocked cannot be scheduled: it requires old") for note in plan.notes)


def test_more_eligible_than_slots_prefers_coverage_then_balance_then_id() -> None:
    lib = library(session("a1", outcomes=["T.1"]), session("a2", outcomes=["T.1"]),
                  session("b1", strand="sel", outcomes=["T.2"]), session("c1", strand="science", outcomes=["T.1", "T.3"]))
    plan = make_plan(lib, school(weeks=2))
    assert sorted(scheduled(plan)) == ["b1", "c1"]  # two new outcomes, then one new outcome
    plan = make_plan(library(session("a1"), session("a2"), session("b1", strand="sel")), school(weeks=2))
    assert sorted(scheduled(plan)) == ["a1", "b1"]  # same coverage: balance strands, then id


def test_strands_take_turns() -> None:
    lib = library(*[session(f"{strand[0]}{n}", strand=strand, outcomes=[f"T.{n}"])
                    for strand in ("literacy", "numeracy") for n in (1, 2)])
    plan = make_plan(lib, school())
    strands = [sid[0] for sid in scheduled(plan)]
    assert strands == ["l", "n", "l", "n"]


def test_weeks_dates_and_json_shape() -> None:
    plan = make_plan(library(session("a"), session("b")), school(weeks=2, sessions_per_week=2,
                                                                 start=datetime.date(2027, 1, 11)))
    data = plan.as_json()
    assert list(data) == ["school", "weeks", "coverage", "uncovered", "unfilled_slots", "notes"]
    assert data["weeks"] == [{"week": 1, "date": "2027-01-11", "sessions": ["a", "b"]},
                             {"week": 2, "date": "2027-01-18", "sessions": []}]
    assert data["unfilled_slots"] == 2
    assert data["coverage"]["T.1"] == ["a", "b"] and "T.2" in data["uncovered"]


def test_uncovered_outcomes_say_why() -> None:
    plan = make_plan(library(session("old", ages=(7, 8), outcomes=["T.2"])), school())
    notes = " ".join(plan.notes)
    assert "T.1 is not covered: no session addresses it" in notes
    assert "T.2 is not covered: only old (it is for ages 7–8" in notes


@st.composite
def libraries(draw):
    count = draw(st.integers(1, 14))
    strands = SITE.strands
    made = []
    for n in range(count):
        low = draw(st.integers(3, 5))
        requires = draw(st.lists(st.sampled_from([f"s{m:02d}" for m in range(n)]), max_size=2, unique=True)) if n else []
        made.append(session(f"s{n:02d}", strand=draw(st.sampled_from(strands)), ages=(low, draw(st.integers(low, 6))),
                            contexts=draw(st.lists(st.sampled_from(SITE.contexts), max_size=1)),
                            outcomes=draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True)),
                            requires=requires))
    return library(*made)


@settings(max_examples=150, deadline=None)
@given(libraries(), st.integers(1, 6), st.integers(1, 3), st.data())
def test_plan_properties(lib: Library, weeks: int, per_week: int, data) -> None:
    ids = [s.id for s in lib.sessions]
    include = tuple(data.draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)))
    exclude = tuple(data.draw(st.lists(st.sampled_from([i for i in ids if i not in include] or ["none"]),
                                       max_size=2, unique=True)))
    profile = school(weeks=weeks, sessions_per_week=per_week, include=include, exclude=exclude,
                     ages=(3, data.draw(st.integers(3, 5))))
    plan = make_plan(lib, profile)
    order = scheduled(plan)
    by_id = {s.id: s for s in lib.sessions}
    assert len(order) == len(set(order))  # no repeats
    assert all(len(week) <= per_week for week in plan.weeks) and len(plan.weeks) == weeks
    assert plan.unfilled_slots == weeks * per_week - len(order)
    required_by_includes = set(include)
    stack = list(include)
    while stack:
        for r in by_id[stack.pop()].requires:
            if r not in required_by_includes:
                required_by_includes.add(r)
                stack.append(r)
    if len(required_by_includes) <= weeks * per_week:
        assert required_by_includes <= set(order)  # includes (and what they need) always scheduled
    for position, sid in enumerate(order):
        assert all(r in order[:position] for r in by_id[sid].requires)  # requirements first
        if sid not in required_by_includes:
            from generator.plan import in_scope, why_not
            assert why_not(by_id[sid], profile, set(in_scope(lib, profile))) is None  # eligible
    assert make_plan(lib, profile).as_json() == plan.as_json()  # deterministic


def test_plan_command_text_and_json(project: Project) -> None:
    project.write("content/schools/demo.yaml", """
        name: Demo School
        locales: [en, ur]
        curriculum: test
        contexts: [urban-school]
        ages: [3, 5]
        weeks: 3
        start: 2027-01-11
        """)
    result = project.run("plan", "demo", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["school"] == "demo"
    assert data["weeks"][0] == {"week": 1, "date": "2027-01-11", "sessions": ["count-stones"]}
    assert data["weeks"][1]["sessions"] == [] and data["unfilled_slots"] == 2
    assert data["coverage"]["MNU 0-01a"] == ["count-stones"] and data["uncovered"] == ["T.SEL.1"]
    assert any("feelings" in note and "refugee" in note for note in data["notes"])
    assert any("'ur'" in note and "count-stones" in note for note in data["notes"])
    text = project.run("plan", "demo").stdout
    assert "   1  2027-01-11  count-stones (numeracy)" in text and "unfilled slots: 2" in text


def test_plan_command_takes_a_path_and_reports_problems(project: Project, tmp_path) -> None:
    profile = tmp_path / "elsewhere.yaml"
    profile.write_text("name: X\nlocales: [en]\ncurriculum: tset\nages: [3, 5]\nweeks: 60\nstart: \"next week\"\n"
                       "include: [count-stone]\n", encoding="utf-8")
    result = project.run("plan", str(profile))
    assert result.exit_code == 1
    shown = "../elsewhere.yaml"
    for expected in (f"{shown}:3: error: unknown curriculum 'tset' (did you mean 'test'?)",
                     f"{shown}:5: error: 'weeks' must be at most 52, not 60",
                     f"{shown}:6: error: 'start' must be a date",
                     f"{shown}:7: error: unknown session 'count-stone' (did you mean 'count-stones'?)"):
        assert expected in result.output
    assert "no school 'nope'" in project.run("plan", "nope").output
    profile.write_text("name: X\nstart: 2027-13-01\n", encoding="utf-8")
    result = project.run("plan", str(profile))
    assert f"{shown}:2: error: invalid value '2027-13-01': month must be in 1..12" in result.output
    assert "Traceback" not in result.output


def test_check_validates_school_profiles(project: Project) -> None:
    project.write("content/schools/bad.yaml", """
        name: Bad
        locales: [en, fr]
        curriculum: test
        focus: [T.NUM.9]
        contexts: [urban]
        ages: [5, 3]
        weeks: 1
        include: [count-stones, feelings]
        """)
    result = project.run("check")
    assert result.exit_code == 1
    path = "content/schools/bad.yaml"
    for expected in (f"{path}:2: error: unknown locale 'fr'", f"{path}:4: error: unknown outcome code for curriculum 'test' 'T.NUM.9'",
                     f"{path}:5: error: unknown context 'urban' (did you mean 'urban-school'?)",
                     f"{path}:6: error: ages are out of order", f"{path}:8: error: 2 sessions are included but the programme has only 1 slots"):
        assert expected in result.output, result.output
