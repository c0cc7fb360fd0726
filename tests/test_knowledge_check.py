"""The knowledge check: each kind of mistake staff make, reported with its exact file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.checks import check_knowledge
from bot.cli import main
from tests.conftest import SMALL

ENTRY = """\
topic:
  id: extra
  title: Extra
entries:
  - id: extra-entry
    title: An extra entry
    questions: [one question, another question]
    keywords: [extra]
    answer: A short answer.
    sources:
      - {{title: T, publisher: P, url: "https://example.org"}}
    reviewed: 2026-11-01
{more}"""


def problems_for(kb_copy: Callable[[dict[str, str]], Path], files: dict[str, str]) -> list[str]:
    """Check a broken copy of the small knowledge and return the formatted problems."""
    _, problems = check_knowledge(kb_copy(files))
    return [p.format() for p in problems if not p.warning]


def small_file(name: str) -> str:
    """A file of the test knowledge as written, for a test to add a mistake to."""
    return (SMALL / name).read_text()


GREETING = "greeting:\n  reply: Hello.\n  says:\n"
"""A small-talk kind's first lines, for a test to list its phrases under."""


def entry_with(extra_lines: str) -> str:
    return ENTRY.format(more=extra_lines)


CASES = [
    pytest.param(
        {"entries/extra.yaml": "topic:\n  id: extra\n  title: [unclosed\n"},
        "knowledge/entries/extra.yaml:4: YAML syntax:",
        id="yaml-syntax",
    ),
    pytest.param(
        {"entries/extra.yaml": entry_with("    anwser: typo field\n")},
        "knowledge/entries/extra.yaml:13: entry 'extra-entry': unknown field 'anwser'. "
        "Did you mean 'answer'?",
        id="unknown-field",
    ),
    pytest.param(
        {"entries/extra.yaml": ENTRY.format(more="").replace("    answer: A short answer.\n", "")},
        "knowledge/entries/extra.yaml:5: entry 'extra-entry': missing field 'answer'.",
        id="missing-field",
    ),
    pytest.param(
        {"entries/extra.yaml": entry_with("    steps: [Call 999., yes]\n")},
        "knowledge/entries/extra.yaml:13: entry 'extra-entry' > steps 2: 'yes' was read as "
        'true/false, not text. Put it in quotes: "yes".',
        id="yes-becomes-boolean",
    ),
    pytest.param(
        {"entries/extra.yaml": entry_with("    steps: Just one step\n")},
        "knowledge/entries/extra.yaml:13: entry 'extra-entry' > steps: expected a list of texts",
        id="wrong-type",
    ),
    pytest.param(
        {"entries/extra.yaml": ENTRY.format(more="").replace("extra-entry", "address-online")},
        "knowledge/entries/extra.yaml:5: entry 'address-online': the id 'address-online' is "
        "already used at knowledge/entries/basics.yaml:",
        id="duplicate-id",
    ),
    pytest.param(
        {"entries/extra.yaml": entry_with("    see_also: [screenshot-evidenc]\n")},
        "knowledge/entries/extra.yaml:5: entry 'extra-entry' > see_also: entry "
        "'screenshot-evidenc' does not exist. Did you mean 'screenshot-evidence'?",
        id="unknown-reference",
    ),
    pytest.param(
        {"entries/extra.yaml": entry_with("    contacts: [police-11]\n")},
        "contact 'police-11' does not exist. Did you mean 'police-101'?",
        id="unknown-contact",
    ),
    pytest.param(
        {
            "entries/extra.yaml": entry_with("    reviewed: 2099-01-01\n").replace(
                "    reviewed: 2026-11-01\n", "", 1
            )
        },
        "is in the future",
        id="future-review-date",
    ),
    pytest.param(
        {
            "entries/extra.yaml": ENTRY.format(more="").replace(
                "extra-entry", "an-id-that-is-far-too-long-for-a-telegram-button-x"
            )
        },
        "is 50 characters, at most 40. Shorten it: ids travel inside Telegram buttons.",
        id="button-data-too-long",
    ),
    pytest.param(
        {"entries/extra.yaml": ENTRY.format(more="").replace("A short answer.", "word " * 900)},
        "knowledge/entries/extra.yaml:5: entry 'extra-entry': the default answer is too long "
        "for one Telegram message (limit 4096). Shorten the answer or steps.",
        id="answer-over-4096",
    ),
    pytest.param(
        {"welsh.yaml": "gloss:\n  man: [dyn, boi]\n  boy: [bachgen, Boi]\n"},
        "knowledge/welsh.yaml:3: gloss 'boy': 'Boi' is already read as 'man' (line 2). Keep it "
        "under one reading: a Welsh form can be read only one way.",
        id="welsh-form-read-two-ways",
    ),
    pytest.param(
        {"welsh.yaml": "gloss:\n  man: dyn\n"},
        "knowledge/welsh.yaml:2: gloss 'man': expected a list of texts",
        id="welsh-forms-not-a-list",
    ),
    pytest.param(
        {"welsh.yaml": "gloss:\n  '': [dyn]\n"},
        "knowledge/welsh.yaml:2: gloss: a reading is empty. Write the English before the colon.",
        id="welsh-empty-reading",
    ),
    pytest.param(
        {
            "smalltalk.yaml": "greeting:\n  reply: Hello.\n  says:\n    - hi\n    - hello\n"
            "thanks:\n  reply: Glad to help.\n  says:\n    - thanks\n    - Hello!\n"
        },
        "knowledge/smalltalk.yaml:10: kind 'thanks' > says 2: 'Hello!' is already under "
        "'greeting' (line 5). Keep it under one kind.",
        id="smalltalk-phrase-under-two-kinds",
    ),
    pytest.param(
        {
            "smalltalk.yaml": "check:\n  reply: Yes.\n  says:\n    - are you there\n"
            "goodbye:\n  reply: Bye.\n  says:\n    - bye\n    - r u there\n"
        },
        "knowledge/smalltalk.yaml:9: kind 'goodbye' > says 2: 'r u there' is read as 'are you "
        "there', as line 4 under 'check' is. Keep it under one kind.",
        id="smalltalk-text-speak-under-two-kinds",
    ),
    pytest.param(
        {
            "smalltalk.yaml": "check:\n  reply: Yes.\n  says:\n"
            "    - is this thing on or is it broken again\n"
        },
        "knowledge/smalltalk.yaml:4: kind 'check' > says 1: 'is this thing on or is it broken "
        "again' is 9 words: small talk is a few words. Keep it to 6 words",
        id="smalltalk-phrase-too-long",
    ),
    pytest.param(
        {
            "smalltalk.yaml": "forget:\n  does: forget\n  says:\n"
            "    - how do i delete my data from this bot\n"
            "    - please can you delete all the data you have stored about me\n"
        },
        "knowledge/smalltalk.yaml:5: kind 'forget' > says 2: 'please can you delete all the data "
        "you have stored about me' is 12 words: a request for a command is a short question. "
        "Keep it to 9 words",
        id="smalltalk-command-phrase-too-long",
    ),
    pytest.param(
        {"smalltalk.yaml": "greeting:\n  says: [hi]\n"},
        "knowledge/smalltalk.yaml:2: kind 'greeting': missing field 'reply'",
        id="smalltalk-reply-missing",
    ),
    pytest.param(
        {"smalltalk.yaml": "forget:\n  does: forgett\n  says: [delete my data]\n"},
        "knowledge/smalltalk.yaml:2: kind 'forget' > does: unknown command 'forgett'. "
        "Did you mean 'forget'?",
        id="smalltalk-unknown-command",
    ),
    pytest.param(
        {"smalltalk.yaml": "forget:\n  does: forget\n  reply: Gone.\n  says: [delete my data]\n"},
        "knowledge/smalltalk.yaml:2: kind 'forget': has both `reply:` and `does: forget`. Remove "
        "`reply:`: the command has its own.",
        id="smalltalk-reply-and-command",
    ),
    pytest.param(
        {"smalltalk.yaml": "unclear:\n  does: repeat\n  says: [huh]\n"},
        "knowledge/smalltalk.yaml:2: kind 'unclear': missing field 'reply'. Add `reply:`: "
        "`does: repeat` gives it when no walk-through question is waiting.",
        id="smalltalk-repeat-without-reply",
    ),
    pytest.param(
        {"smalltalk.yaml": "greeting:\n  reply: Hello.\n  say: [hi]\n"},
        "knowledge/smalltalk.yaml:3: kind 'greeting': unknown field 'say'. Did you mean 'says'?",
        id="smalltalk-misspelt-field",
    ),
    pytest.param(
        {
            "smalltalk.yaml": "greeting:\n  reply: Hello.\n  says: [hi, pal]\n"
            "names:\n  - mate\n  - Pal\n"
        },
        "knowledge/smalltalk.yaml:6: names 2: 'Pal' is also small talk under 'greeting' (line 3). "
        "Keep it in one place: a name is never small talk on its own.",
        id="smalltalk-name-also-a-phrase",
    ),
    pytest.param(
        {"smalltalk.yaml": "greeting:\n  reply: Hello.\n  says: [hi]\nnames:\n  - my old mate\n"},
        "knowledge/smalltalk.yaml:5: names 1: 'my old mate' is not a name. Give a name of 1 to 2 "
        "words, such as 'pal' or 'me duck'.",
        id="smalltalk-name-too-long",
    ),
    pytest.param(
        {"answers.yaml": '"Yes":\n  - yeah\n  - yes\n'},
        "knowledge/answers.yaml:3: 'Yes' 2: 'yes' was read as true/false, not text. "
        'Put it in quotes: "yes".',
        id="answer-unquoted-yes",
    ),
    pytest.param(
        {"answers.yaml": '"Yes": [yeah, aye]\n"No":\n  - nah\n  - Aye!\n'},
        "knowledge/answers.yaml:4: 'No': 'Aye!' is already under 'Yes' (line 1), and flow "
        "'now' asks \"Is anyone in danger right now?\" with both buttons, so it would pick "
        "neither. Keep it under one button: the same words cannot pick two.",
        id="answer-under-two-buttons",
    ),
    pytest.param(
        {"answers.yaml": '"Yes":\n  - yeah\n  - u sure\n"No":\n  - nah\n  - you sure\n'},
        "knowledge/answers.yaml:6: 'No': 'you sure' is already under 'Yes' (line 3), and flow "
        "'now' asks \"Is anyone in danger right now?\" with both buttons, so it would pick "
        "neither. Keep it under one button: the same words cannot pick two.",
        id="answer-under-two-buttons-by-a-synonym",  # "u" is read as "you"
    ),
    pytest.param(  # after a kiss warning, a long answer was told to write the name out
        {"answers.yaml": '"No":\n  - not on x\n  - no no no no no no no no\n'},
        "knowledge/answers.yaml:3: 'No' 2: 'no no no no no no no no' is 8 words: an answer is a "
        "few words. Keep it to 6 words.",
        id="answer-too-long-after-a-kiss",
    ),
    pytest.param(
        {"answers.yaml": '"No":\n  - no not right now i am fine thanks\n'},
        "knowledge/answers.yaml:2: 'No' 1: 'no not right now i am fine thanks' is 8 words: "
        "an answer is a few words. Keep it to 6 words.",
        id="answer-too-long",
    ),
    pytest.param(
        {"answers.yaml": "Yes: [yeah]\n"},
        "knowledge/answers.yaml:1: key 'Yes': YAML reads this key as true/false. "
        'Put it in quotes: "Yes"',
        id="answer-unquoted-button-start",
    ),
    pytest.param(
        {"answers.yaml": '"?!": [huh]\n'},
        "knowledge/answers.yaml:1: '?!': has no words. Write the first words of a button",
        id="answer-button-start-without-words",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_each_mistake_is_reported_with_file_and_line(
    kb_copy: Callable[[dict[str, str]], Path], files: dict[str, str], expected: str
) -> None:
    found = problems_for(kb_copy, files)
    assert any(expected in p for p in found), "\n".join(found)


@pytest.mark.parametrize(
    ("file", "text", "expected"),
    [
        pytest.param(
            "answers.yaml",
            '"No": [nah]\n"Maybe": [dunno]\n',
            "knowledge/answers.yaml:2: 'Maybe': no button in the flows starts with these words, "
            "so these answers are unused. Write the first words of a button's label, as the "
            "flows spell them. (warning)",
            id="no-such-button",
        ),
        pytest.param(
            "answers.yaml",
            '"No":\n  - nah\n  - not on x\n',
            "knowledge/answers.yaml:3: 'No' 2: 'not on x' is read as 'not on': a last 'x' "
            "counts as a kiss. Write the name out ('on twitter'), or drop the phrase. (warning)",
            id="ends-in-a-kiss",
        ),
        pytest.param(
            "answers.yaml", '"No":\n  - nah :)\n  - "no !"\n', None, id="emoji-is-no-kiss"
        ),
        pytest.param(
            "smalltalk.yaml",
            f"{GREETING}    - hi\n    - hello\n    - Hi!\n",
            "knowledge/smalltalk.yaml:6: kind 'greeting' > says 3: 'Hi!' is already listed "
            "(line 4). Remove one: the bot reads them the same way. (warning)",
            id="small-talk-listed-twice",
        ),
        pytest.param(
            "smalltalk.yaml",
            f"{GREETING}    - please help\n    - pls help\n",
            "knowledge/smalltalk.yaml:5: kind 'greeting' > says 2: 'pls help' is read as 'please "
            "help', as line 4 is. Remove one: the bot reads them the same way. (warning)",
            id="small-talk-same-once-text-speak-is-read",
        ),
        pytest.param(
            "smalltalk.yaml", f"{GREETING}    - hi\n    - hi there\n", None, id="small-talk-apart"
        ),
    ],
)
def test_a_phrase_that_may_be_wrong_is_a_warning_with_its_line(
    kb_copy: Callable[[dict[str, str]], Path], file: str, text: str, expected: str | None
) -> None:
    """Typed answers to buttons (answers.yaml) and small talk (smalltalk.yaml)."""
    _, problems = check_knowledge(kb_copy({file: text}))
    assert [p.format() for p in problems] == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("key", "named", "kind", "meant"),
    [("topic", "basic", "topic", "basics"), ("threat_flow", "noe", "flow", "now")],
)
def test_a_misspelt_danger_topic_or_threat_flow_is_reported_with_its_line(
    kb_copy: Callable[[dict[str, str]], Path], key: str, named: str, kind: str, meant: str
) -> None:
    triage = small_file("triage.yaml")
    line = len(triage.splitlines()) + 1
    found = problems_for(kb_copy, {"triage.yaml": triage + f"{key}: {named}\n"})
    assert (
        f"knowledge/triage.yaml:{line}: triage > {key}: {kind} '{named}' does not exist. "
        f"Did you mean '{meant}'?"
    ) in found, "\n".join(found)


@pytest.mark.parametrize("key", ["crisis_entry", "settled_entry"])
def test_a_misspelt_entry_named_in_triage_is_reported_with_its_line(
    kb_copy: Callable[[dict[str, str]], Path], key: str
) -> None:
    triage = small_file("triage.yaml")
    line = len(triage.splitlines()) + 2
    found = problems_for(
        kb_copy, {"triage.yaml": triage + f"crisis: [end it all]\n{key}: someone-at-dor\n"}
    )
    assert (
        f"knowledge/triage.yaml:{line}: triage > {key}: "
        "entry 'someone-at-dor' does not exist. Did you mean 'someone-at-door'?"
    ) in found, "\n".join(found)


@pytest.mark.parametrize(
    ("listed", "expected"),
    [
        pytest.param(
            "crisis:\n  - end it all\n  - better off without me\n  - Better off without me!\n",
            "{2}: crisis 3: 'Better off without me!' is already listed (line {1}), read the same "
            "way. Remove one. (warning)",
            id="listed-twice",
        ),
        pytest.param(
            "settled:\n  - all good\n  - he left\n  - All good now\n",
            "{2}: settled 3: 'All good now' is already read through 'all good' (line {0}). Remove "
            "it: a 'now' straight after a settled phrase is taken with it. (warning)",
            id="settled-with-its-now",
        ),
    ],
)
def test_a_triage_phrase_read_as_another_is_a_warning_naming_both_lines(
    kb_copy: Callable[[dict[str, str]], Path], listed: str, expected: str
) -> None:
    """`expected` names the three listed phrases' lines as {0}, {1} and {2}."""
    triage = small_file("triage.yaml")
    first = len(triage.splitlines()) + 2
    _, problems = check_knowledge(kb_copy({"triage.yaml": triage + listed}))
    lines = [first, first + 1, first + 2]
    assert [p.format() for p in problems] == ["knowledge/triage.yaml:" + expected.format(*lines)]


def test_an_english_word_in_welsh_words_is_named_where_it_bites(
    kb_copy: Callable[[dict[str, str]], Path],
) -> None:
    """English examples holding two Welsh words would lose the meaning model."""
    triage = small_file("triage.yaml")
    _, problems = check_knowledge(
        kb_copy({"triage.yaml": triage + "welsh_words: [mae, is, the]\n"})
    )
    warnings = [p.format() for p in problems if p.warning]
    assert any(
        w.startswith(
            "knowledge/examples.yaml:6: example 'what is the weather tomorrow': it is read "
            "as Welsh (it holds is, the from welsh_words"
        )
        for w in warnings
    ), "\n".join(warnings)


@pytest.mark.parametrize(
    ("extra", "warning"),
    [
        (  # 'not crisis' for 'not-crisis' would quietly teach the danger check a calm goodbye
            '{q: "ok ta bye", expect: none, kind: non-crisis}',
            "example 'ok ta bye': kind 'non-crisis' is not one the bot knows, so it is taught as"
            " a plain example. Did you mean 'not-crisis'? (warning)",
        ),
        (  # marked both calm and in danger, it teaches the checks both: one label is a slip
            '{q: "ok ta ra then", expect: none, kind: not-crisis, emergency: true}',
            "example 'ok ta ra then': kind 'not-crisis' is for calm messages, but 'emergency:"
            " true' marks it as danger now, so it teaches the bot's checks both. If it is calm,"
            " remove 'emergency: true'; if it is danger now, use kind 'emergency'. (warning)",
        ),
    ],
    ids=["misspelt", "calm and in danger"],
)
def test_an_example_kind_that_would_teach_the_wrong_thing_is_named_with_its_line(
    kb_copy: Callable[[dict[str, str]], Path], extra: str, warning: str
) -> None:
    examples = small_file("examples.yaml")
    line = len(examples.splitlines()) + 1
    _, problems = check_knowledge(kb_copy({"examples.yaml": f"{examples}- {extra}\n"}))
    warnings = [p.format() for p in problems if p.warning]
    assert f"knowledge/examples.yaml:{line}: {warning}" in warnings, "\n".join(warnings)


FLOW = """\
id: extra-flow
title: Extra flow
summary: A summary.
questions: [a question, another]
keywords: [extra]
start: ask
nodes:
  ask:
    question: Which?
    options:
      - {label: "Yes", next: ask}
      - {label: "No", next: done}
  done:
    outcome: {title: Done, actions: [Do it.]}
  orphan:
    outcome: {title: Orphan, actions: [Nobody gets here.]}
  loop:
    question: Loop?
    options:
      - {label: Again, next: loop}
sources:
  - {title: T, publisher: P, url: "https://example.org"}
reviewed: 2026-11-01
"""


def test_unreachable_nodes_and_dead_ends(kb_copy: Callable[[dict[str, str]], Path]) -> None:
    found = problems_for(kb_copy, {"flows/extra.yaml": FLOW})
    assert (
        "knowledge/flows/extra.yaml:15: flow 'extra-flow' > node 'orphan': no option "
        "leads to this node, so nobody can reach it"
    ) in "\n".join(found)
    assert "node 'loop': no option leads" in "\n".join(found)


def test_a_node_that_loops_forever_has_no_way_out(
    kb_copy: Callable[[dict[str, str]], Path],
) -> None:
    looping = FLOW.replace("next: done", "next: loop").replace(
        '      - {label: "Yes", next: ask}\n', ""
    )
    found = "\n".join(problems_for(kb_copy, {"flows/extra.yaml": looping}))
    assert "node 'loop': no way out" in found


def test_unknown_next_node(kb_copy: Callable[[dict[str, str]], Path]) -> None:
    found = "\n".join(
        problems_for(kb_copy, {"flows/extra.yaml": FLOW.replace("next: done", "next: don")})
    )
    assert "next node 'don' does not exist. Did you mean 'done'?" in found


def test_a_misspelt_start_or_danger_step_names_its_own_line(
    kb_copy: Callable[[dict[str, str]], Path],
) -> None:
    broken = FLOW.replace("start: ask\n", "start: aks\ndanger_step: dne\n")
    found = "\n".join(problems_for(kb_copy, {"flows/extra.yaml": broken}))
    assert (
        "knowledge/flows/extra.yaml:6: flow 'extra-flow' > start: node 'aks' does not exist. "
        "Did you mean 'ask'?"
    ) in found
    assert (
        "knowledge/flows/extra.yaml:7: flow 'extra-flow' > danger_step: node 'dne' does not "
        "exist. Did you mean 'done'?"
    ) in found


def test_a_flow_order_that_is_not_a_whole_number_names_its_line(
    kb_copy: Callable[[dict[str, str]], Path],
) -> None:
    """Staff set where a flow stands on the main menu; "first" cannot be sorted."""
    broken = FLOW.replace("start: ask\n", "order: first\nstart: ask\n")
    found = "\n".join(problems_for(kb_copy, {"flows/extra.yaml": broken}))
    expected = "knowledge/flows/extra.yaml:6: flow 'extra-flow' > order: expected a whole number"
    assert expected in found


def test_a_danger_step_must_be_an_outcome_not_a_question(
    kb_copy: Callable[[dict[str, str]], Path],
) -> None:
    broken = FLOW.replace("start: ask\n", "start: ask\ndanger_step: ask\n")
    found = "\n".join(problems_for(kb_copy, {"flows/extra.yaml": broken}))
    assert "flow 'extra-flow' > danger_step: node 'ask' is a question, not an outcome" in found


def test_all_problems_are_collected_not_just_the_first(
    kb_copy: Callable[[dict[str, str]], Path],
) -> None:
    found = problems_for(
        kb_copy,
        {
            "entries/extra.yaml": entry_with("    anwser: x\n    see_also: [nope]\n"),
            "contacts/bad.yaml": "- id: bad\n  name: Bad\n  when: never\n",
        },
    )
    assert len(found) >= 3


def test_check_command_exit_codes(
    kb_copy: Callable[[dict[str, str]], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    good = kb_copy({})
    assert main(["check", str(good)]) == 0
    (good / "entries" / "extra.yaml").write_text(entry_with("    anwser: typo\n"))
    assert main(["check", str(good)]) == 1
    out = capsys.readouterr().out
    assert "unknown field 'anwser'" in out and "Fix these and run the check again." in out


def test_strict_turns_warnings_into_failures(kb_copy: Callable[[dict[str, str]], Path]) -> None:
    root = kb_copy({"entries/extra.yaml": entry_with("")})
    assert main(["check", str(root)]) == 0
    assert main(["check", "--strict", str(root)]) == 1


def test_not_utf8_and_empty_files_are_explained(kb_copy: Callable[[dict[str, str]], Path]) -> None:
    root = kb_copy({"entries/empty.yaml": ""})
    (root / "entries" / "latin.yaml").write_bytes(b"topic: caf\xe9\n")
    found = "\n".join(p.format() for p in check_knowledge(root)[1])
    assert "knowledge/entries/empty.yaml:1: file: the file is empty" in found
    assert "knowledge/entries/latin.yaml:1: file: not UTF-8 text" in found
