"""Load every knowledge file into a KnowledgeBase, collecting all problems on the way."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.answers import PHRASE_WORDS as ANSWER_WORDS
from bot.model import (
    NATIONS,
    SETTLED_NOW,
    TALK_COMMANDS,
    TALK_REPEAT,
    Areas,
    Contact,
    Election,
    Entry,
    Example,
    Flow,
    Force,
    NationInfo,
    Node,
    Option,
    Outcome,
    SmallTalk,
    Topic,
    Triage,
    TypedAnswer,
    Variant,
)
from bot.problems import Problem, display_path
from bot.schema import Field, Reader, did_you_mean
from bot.smalltalk import COMMAND_WORDS, plain_words
from bot.smalltalk import PHRASE_WORDS as SMALLTALK_WORDS
from bot.text import Analyzer, fold
from bot.welsh import letters
from bot.yamlio import YamlList, YamlMap, line_of, load_yaml, parse_yaml, read_text

ENTRY_ID_MAX = 40
FLOW_ID_MAX = 24
NODE_ID_MAX = 24

SOURCED = (Field("sources", "sources", True), Field("reviewed", "date", True))
TOPIC_FIELDS = (Field("id", "id", True, 24), Field("title", "text", True), Field("order", "int"))
ENTRY_FIELDS = (
    Field("id", "id", True, ENTRY_ID_MAX),
    Field("title", "text", True),
    Field("questions", "texts", True),
    Field("keywords", "texts", True),
    Field("answer", "text", True),
    Field("steps", "texts"),
    Field("see_also", "ids"),
    Field("flow", "id"),
    Field("contacts", "ids"),
    Field("nations", "nations"),
    Field("by_nation", "map"),
    Field("area_notes", "ids"),
    *SOURCED,
)
VARIANT_FIELDS = (Field("answer", "text"), Field("steps", "texts"), Field("contacts", "ids"))
FLOW_FIELDS = (
    Field("id", "id", True, FLOW_ID_MAX),
    Field("title", "text", True),
    Field("summary", "text", True),
    Field("questions", "texts", True),
    Field("keywords", "texts", True),
    Field("menu", "bool"),
    Field("order", "int"),
    Field("start", "id", True),
    Field("danger_step", "id"),
    Field("nodes", "map", True),
    *SOURCED,
)
NODE_FIELDS = (Field("question", "text"), Field("options", "list"), Field("outcome", "map"))
OPTION_FIELDS = (Field("label", "text", True, 60), Field("next", "id", True))
OUTCOME_FIELDS = (
    Field("title", "text", True),
    Field("actions", "texts", True),
    Field("contacts", "ids"),
    Field("checklist", "texts"),
    Field("entries", "ids"),
)
CONTACT_FIELDS = (
    Field("id", "id", True, 40),
    Field("name", "text", True),
    Field("phone", "text"),
    Field("text", "text"),
    Field("url", "text"),
    Field("email", "text"),
    Field("hours", "text"),
    Field("when", "text", True),
    Field("nations", "nations"),
    *SOURCED,
)
SYNONYM_FIELDS = (
    Field("groups", "list", True),
    Field("ignore", "texts"),
    Field("off_topic", "texts"),
)
TRIAGE_FIELDS = (
    Field("danger", "texts", True),
    Field("life", "texts", True),
    Field("life_outright", "texts"),
    Field("general", "texts", True),
    Field("context", "texts", True),
    Field("past", "texts"),
    Field("settled", "texts"),
    Field("urgent", "texts", True),
    Field("flow", "id", True),
    Field("topic", "id"),
    Field("crisis", "texts"),
    Field("crisis_outright", "texts"),
    Field("crisis_entry", "id"),
    Field("settled_entry", "id"),
    Field("threat_flow", "id"),
    Field("slang", "list"),
    Field("danger_words", "texts"),
    Field("filler", "texts"),
    Field("welsh_words", "texts"),
    Field("outright", "texts"),
)
SMALLTALK_FIELDS = (Field("reply", "text"), Field("says", "texts", True), Field("does", "text"))
NAME_WORDS = 2
"""Words a name may have ("me duck", "big man")."""
SMALLTALK_NAMES = "names"
"""The list in smalltalk.yaml of what people call the one they talk to ("pal"), not a kind."""
TALK_TOO_LONG = (
    SMALLTALK_WORDS,
    "small talk is a few words",
    f"Keep it to {SMALLTALK_WORDS} words; a longer message is a question for examples.yaml",
)
"""A small-talk phrase's word limit, and what the check says when one is over it."""
COMMAND_TOO_LONG = (
    COMMAND_WORDS,
    "a request for a command is a short question",
    f"Keep it to {COMMAND_WORDS} words",
)
"""The same for a kind that asks for a command (`does: forget`), whose phrases are questions."""
ANSWER_TOO_LONG = (
    ANSWER_WORDS,
    "an answer is a few words",
    f"Keep it to {ANSWER_WORDS} words",
)
"""A typed answer's word limit, and what the check says when one is over it (an answer under two
buttons is checked against the flows' questions: `Checker.answers_apart`)."""
EXAMPLE_FIELDS = (
    Field("q", "text", True),
    Field("expect", "id", True),
    Field("emergency", "bool"),
    Field("kind", "id"),
    Field("known_miss", "bool"),
)
MESSAGE_KEYS = (
    "welcome",
    "help",
    "menu",
    "topics",
    "emergency",
    "crisis",
    "no_match",
    "error",
    "did_you_mean",
    "none_of_these",
    "stale_button",
    "typed_answer",
    "typed_unclear",
    "non_text",
    "group_chat",
    "walk_through",
    "back_to_menu",
    "browse_topics",
    "flow_start_again",
    "checklist",
    "contacts",
    "source",
    "reviewed",
    "nation_note",
    "nation_other",
    "start_payload_unknown",
    "too_long",
    "welsh",
    "welcome_area",
    "welcome_election",
    "area_button",
    "area_choose_nation",
    "area_choose_force",
    "area_whole_nation",
    "area_prefer_not",
    "area_cleared",
    "area_choose_election",
    "more",
    "your_force",
    "report_online",
    "for_election",
    "pack_heading",
    "pack_emergency",
    "pack_line_1",
    "pack_line_2",
    "pack_line_3",
    "pack_scan",
    "privacy",
    "forget_confirm",
    "forget_yes",
    "forget_no",
    "forgotten",
    "kept",
    "helpful_yes",
    "helpful_no",
    "thanks_feedback",
    "slow_down",
)
TOP_LEVEL_FILES = ("synonyms.yaml", "triage.yaml", "messages.yaml", "examples.yaml")


@dataclass
class Parts:
    """What has been read so far, before cross-file checks."""

    entries: dict[str, Entry] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    contacts: dict[str, Contact] = field(default_factory=dict)
    synonyms: tuple[tuple[str, ...], ...] = ()
    ignore: frozenset[str] = frozenset()
    off_topic: tuple[str, ...] = ()
    triage: Triage | None = None
    messages: dict[str, str] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()
    areas: Areas = field(default_factory=Areas)
    welsh: tuple[tuple[str, tuple[str, ...]], ...] = ()
    welsh_nation: str | None = None
    smalltalk: tuple[SmallTalk, ...] = ()
    smalltalk_names: tuple[str, ...] = ()
    answers: tuple[TypedAnswer, ...] = ()
    digest: Any = field(default_factory=hashlib.sha256)
    """Fingerprint of every file read, in reading order: the knowledge version."""
    lines: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Where each id was defined, as (file, line), keyed by 'kind:id'."""


def read_entries(reader: Reader, data: Any, parts: Parts) -> None:
    """Read one entries file: a topic and its list of entries."""
    top = reader.mapping(data, 1, "file", "`topic:` and `entries:`")
    if top is None:
        return
    reader.fields(top, "file", (Field("topic", "map", True), Field("entries", "list", True)))
    topic_data = top.get("topic")
    topic = (
        reader.fields(topic_data, "topic", TOPIC_FIELDS) if isinstance(topic_data, YamlMap) else {}
    )
    topic_id = topic.get("id", "")
    items = top.get("entries") if isinstance(top.get("entries"), YamlList) else None
    ids = []
    for index, item in enumerate(items or []):
        entry = read_entry(reader, item, line_of(items, index), index, topic_id)
        if entry is None:
            continue
        if _register(reader, parts, "entry", entry.id, line_of(item, "id")):
            parts.entries[entry.id] = entry
            ids.append(entry.id)
    if (
        topic_id
        and "title" in topic
        and _register(reader, parts, "topic", topic_id, line_of(topic_data, "id"))
    ):
        parts.topics[topic_id] = Topic(
            topic_id, topic["title"], topic.get("order", 1000), tuple(ids)
        )


def read_entry(reader: Reader, item: Any, line: int, index: int, topic: str) -> Entry | None:
    """Read and check one entry."""
    data = reader.mapping(item, line, f"entry {index + 1}", "an entry")
    if data is None:
        return None
    where = f"entry '{data['id']}'" if isinstance(data.get("id"), str) else f"entry {index + 1}"
    values = reader.fields(data, where, ENTRY_FIELDS)
    variants = read_variants(reader, data, where)
    required = ("id", "title", "questions", "keywords", "answer", "sources", "reviewed")
    if any(name not in values for name in required) or variants is None:
        return None
    values["by_nation"] = variants
    return Entry(topic=topic, **values)


def read_variants(reader: Reader, data: YamlMap, where: str) -> dict[str, Variant] | None:
    """Read an entry's `by_nation` versions."""
    if "by_nation" not in data:
        return {}
    line = line_of(data, "by_nation")
    block = reader.mapping(data["by_nation"], line, f"{where} > by_nation", "nations")
    if block is None:
        return None
    variants = {}
    for nation, value in block.items():
        place = f"{where} > by_nation > {nation}"
        if nation not in NATIONS:
            hint = did_you_mean(nation, NATIONS) or f"Use one of: {', '.join(NATIONS)}"
            reader.problem(line_of(block, nation), place, f"'{nation}' is not a nation", hint)
            continue
        body = reader.mapping(value, line_of(block, nation), place, "answer/steps/contacts")
        if body is None:
            continue
        values = reader.fields(body, place, VARIANT_FIELDS)
        if not values:
            reader.problem(
                body.line,
                place,
                "this version changes nothing",
                "Add an `answer`, `steps` or `contacts`",
            )
        variants[nation] = Variant(**values)
    return variants


def read_flow(reader: Reader, data: Any, parts: Parts) -> None:
    """Read one flow file."""
    top = reader.mapping(data, 1, "flow", "a flow")
    if top is None:
        return
    where = f"flow '{top['id']}'" if isinstance(top.get("id"), str) else "flow"
    values = reader.fields(top, where, FLOW_FIELDS)
    nodes_data = top.get("nodes")
    nodes: dict[str, Node] = {}
    if isinstance(nodes_data, YamlMap):
        for node_id, body in nodes_data.items():
            node = read_node(reader, node_id, body, line_of(nodes_data, node_id), where)
            if node is not None:
                nodes[node_id] = node
    required = ("id", "title", "summary", "questions", "keywords", "start", "sources", "reviewed")
    if any(name not in values for name in required):
        return
    values["nodes"] = nodes
    flow = Flow(**values)
    if _register(reader, parts, "flow", flow.id, line_of(top, "id")):
        parts.flows[flow.id] = flow
        for node_id in nodes:
            parts.lines[f"node:{flow.id}:{node_id}"] = (reader.file, line_of(nodes_data, node_id))
        for name in ("start", "danger_step"):
            parts.lines[f"flow-{name}:{flow.id}"] = (reader.file, line_of(top, name))


def read_node(reader: Reader, node_id: str, body: Any, line: int, where: str) -> Node | None:
    """Read one flow node: a question with options, or an outcome."""
    place = f"{where} > node '{node_id}'"
    if reader.ident(node_id, line, place, max_length=NODE_ID_MAX) is None:
        return None
    data = reader.mapping(body, line, place, "a question or an outcome")
    if data is None:
        return None
    values = reader.fields(data, place, NODE_FIELDS)
    if ("question" in data) == ("outcome" in data):
        reader.problem(
            line,
            place,
            "a node needs either `question` (with `options`) or `outcome`, not both or neither",
            "Keep exactly one of them",
        )
        return None
    if "outcome" in values:
        out = reader.fields(values["outcome"], f"{place} > outcome", OUTCOME_FIELDS)
        if "title" not in out or "actions" not in out:
            return None
        return Node(node_id, outcome=Outcome(**out))
    options_data = reader.sequence(
        data.get("options"), line_of(data, "options"), f"{place} > options", "options"
    )
    if "options" not in data:
        reader.problem(
            line,
            place,
            "a question has no options, so there is no way out",
            "Add `options:` with a label and next node for each answer",
        )
    options = []
    for index, item in enumerate(options_data or []):
        opt_place = f"{place} > option {index + 1}"
        opt = reader.mapping(item, line_of(options_data, index), opt_place, "an option")
        if opt is None:
            continue
        got = reader.fields(opt, opt_place, OPTION_FIELDS)
        if "label" in got and "next" in got:
            options.append(Option(got["label"], got["next"]))
    if "question" not in values or not options:
        return None
    return Node(node_id, question=values["question"], options=tuple(options))


def read_contacts(reader: Reader, data: Any, parts: Parts) -> None:
    """Read one contacts file: a list of contacts."""
    items = reader.sequence(data, 1, "file", "contacts")
    for index, item in enumerate(items or []):
        body = reader.mapping(item, line_of(items, index), f"contact {index + 1}", "a contact")
        if body is None:
            continue
        where = f"contact '{body['id']}'" if isinstance(body.get("id"), str) else "contact"
        values = reader.fields(body, where, CONTACT_FIELDS)
        if not any(key in values for key in ("phone", "text", "url", "email")):
            reader.problem(
                body.line,
                where,
                "no way to reach this contact",
                "Add at least one of phone, text, url or email",
            )
            continue
        if any(name not in values for name in ("id", "name", "when", "sources", "reviewed")):
            continue
        if _register(reader, parts, "contact", values["id"], line_of(body, "id")):
            parts.contacts[values["id"]] = Contact(**values)


def read_synonyms(reader: Reader, data: Any, parts: Parts) -> None:
    """Read the synonym groups and ignored words."""
    top = reader.mapping(data, 1, "file", "`groups:` and `ignore:`")
    if top is None:
        return
    values = reader.fields(top, "synonyms", SYNONYM_FIELDS)
    groups = reader.sequence(values.get("groups"), line_of(top, "groups"), "groups", "groups")
    found = []
    for index, group in enumerate(groups or []):
        words = reader.texts(group, line_of(groups, index), f"group {index + 1}")
        if words and len(words) < 2:
            reader.problem(
                line_of(groups, index),
                f"group {index + 1}",
                "a group needs at least two words",
                "Add a word or remove the group",
            )
        elif words:
            found.append(tuple(w.lower() for w in words))
    parts.synonyms = tuple(found)
    parts.ignore = frozenset(w.lower() for w in values.get("ignore", ()))
    parts.off_topic = tuple(w.lower() for w in values.get("off_topic", ()))


def read_triage(reader: Reader, data: Any, parts: Parts) -> None:
    """Read the danger phrases."""
    top = reader.mapping(
        data,
        1,
        "file",
        "danger, life, general, context, past, settled, urgent, slang, flow, topic and crisis",
    )
    if top is None:
        return
    values = reader.fields(top, "triage", TRIAGE_FIELDS)
    for item in TRIAGE_FIELDS:
        if item.kind == "texts" and item.name in values:
            warn_twice_listed(reader, top[item.name], item.name)
    slang = []
    for index, group in enumerate(values.pop("slang", None) or ()):
        words = reader.texts(group, line_of(top["slang"], index), f"slang {index + 1}")
        if words:
            slang.append(tuple(w.lower() for w in words))
    if all(f.name in values for f in TRIAGE_FIELDS if f.required):
        parts.triage = Triage(**values, slang=tuple(slang))
        parts.lines["triage:flow"] = (reader.file, line_of(top, "flow"))
        for key in ("topic", "crisis_entry", "settled_entry", "threat_flow"):
            if key in top:
                parts.lines[f"triage:{key}"] = (reader.file, line_of(top, key))


def warn_twice_listed(reader: Reader, items: YamlList, group: str) -> None:
    """Warn of a phrase listed twice in one triage list, compared as triage reads it ("won't
    leave" is "wont leave"): harmless, but staff should not have to find it by hand."""
    seen: dict[str, int] = {}
    listed = [
        (n, p, folded) for n, p in enumerate(items) if isinstance(p, str) and (folded := fold(p))
    ]
    for index, phrase, folded in listed:
        line = line_of(items, index)
        if folded in seen:
            message = f"'{phrase}' is already listed (line {seen[folded]}), read the same way"
            reader.problem(line, f"{group} {index + 1}", message, "Remove one", warning=True)
        else:
            seen[folded] = line
    if group != "settled":
        return
    for index, phrase, folded in listed:  # "all good" covers "all good now" (SETTLED_NOW)
        shorter = folded.removesuffix(f" {SETTLED_NOW}")
        if shorter != folded and shorter in seen:
            message = f"'{phrase}' is already read through '{shorter}' (line {seen[shorter]})"
            fix = f"Remove it: a '{SETTLED_NOW}' straight after a settled phrase is taken with it"
            where = f"{group} {index + 1}"
            reader.problem(line_of(items, index), where, message, fix, warning=True)


def read_welsh(reader: Reader, data: Any, parts: Parts) -> None:
    """Read the Welsh glossary: each English reading and the Welsh forms read as it."""
    top = reader.mapping(data, 1, "file", "`gloss:`")
    if top is None:
        return
    values = reader.fields(top, "welsh", (Field("nation", "nations"), Field("gloss", "map", True)))
    nations: tuple[str, ...] = values.get("nation") or ()
    if len(nations) > 1:
        reader.problem(
            line_of(top, "nation"), "welsh > nation", "give one nation", "Keep one, e.g. [wales]"
        )
    parts.welsh_nation = nations[0] if len(nations) == 1 else None
    gloss = values.get("gloss")
    if gloss is None:
        return
    found: list[tuple[str, tuple[str, ...]]] = []
    seen: dict[tuple[str, ...], tuple[str, int]] = {}
    for english in gloss:
        line = line_of(gloss, english)
        forms = reader.texts(gloss[english], line, f"gloss '{english}'")
        if not str(english).strip(" ~"):
            reader.problem(
                line, "gloss", "a reading is empty", "Write the English before the colon"
            )
            continue
        if not forms:
            continue
        kept = []
        for form in forms:
            words = letters(form)
            if not words:
                reader.problem(line, f"gloss '{english}'", f"'{form}' has no letters", "Remove it")
            elif words in seen and seen[words][0] != english:
                first, first_line = seen[words]
                reader.problem(
                    line,
                    f"gloss '{english}'",
                    f"'{form}' is already read as '{first}' (line {first_line})",
                    "Keep it under one reading: a Welsh form can be read only one way",
                )
            else:
                seen[words] = (english, line)
                kept.append(form)
        found.append((english, tuple(kept)))
    parts.welsh = tuple(found)


def read_smalltalk(reader: Reader, data: Any, parts: Parts) -> None:
    """Read the kinds of small talk, each with its reply and the messages that get it."""
    top = reader.mapping(data, 1, "file", "kinds of small talk, each with `reply:` and `says:`")
    if top is None:
        return
    found: list[SmallTalk] = []
    seen: dict[tuple[str, ...], tuple[str, int]] = {}
    names: list[tuple[str, int]] = []
    # read as the bot reads them, with synonyms.yaml's text speak ("pls" is "please"), which
    # SINGLE_READERS reads first
    text_speak = Analyzer(parts.synonyms, ()).apply_synonyms
    for name in top:
        line = line_of(top, name)
        if name == SMALLTALK_NAMES:
            names = read_smalltalk_names(reader, top[name], line)
            continue
        ident = reader.ident(name, line, "kind")
        body = reader.mapping(top[name], line, f"kind '{name}'", "`reply:` and `says:`")
        if ident is None or body is None:
            continue
        values = reader.fields(body, f"kind '{ident}'", SMALLTALK_FIELDS)
        does = talk_command(reader, body, values, ident)
        if does is None or "says" not in values:
            continue
        label = f"kind '{ident}' > says"
        others = (seen, "one kind")
        too_long = COMMAND_TOO_LONG if does in TALK_COMMANDS else TALK_TOO_LONG
        listed_once(reader, body["says"], label, ident, too_long, others, text_speak)
        found.append(SmallTalk(ident, values.get("reply", ""), values["says"], does))
    parts.smalltalk = tuple(found)
    for index, (name, name_line) in enumerate(names):
        kind, says_line = seen.get(tuple(text_speak(plain_words(name))), ("", 0))
        if kind:
            reader.problem(
                name_line,
                f"{SMALLTALK_NAMES} {index + 1}",
                f"'{name}' is also small talk under '{kind}' (line {says_line})",
                "Keep it in one place: a name is never small talk on its own",
            )
    parts.smalltalk_names = tuple(name for name, _ in names)


def talk_command(reader: Reader, body: YamlMap, values: dict[str, Any], ident: str) -> str | None:
    """What a small-talk kind does ("" for its own reply), or None (reported) when it is
    unknown, or wrong for the kind's reply: a command brings its own, `repeat` needs one."""
    where, does = f"kind '{ident}'", str(values.get("does", ""))
    known = (*TALK_COMMANDS, TALK_REPEAT)
    if any(name in body and name not in values for name in ("reply", "does")):
        return None  # reported as it was read
    if does and does not in known:
        hint = did_you_mean(does, known) or f"Use one of: {', '.join(known)}"
        reader.problem(line_of(body, "does"), f"{where} > does", f"unknown command '{does}'", hint)
        return None
    if does in TALK_COMMANDS and "reply" in body:
        message = f"has both `reply:` and `does: {does}`"
        reader.problem(body.line, where, message, "Remove `reply:`: the command has its own")
        return None
    if does == TALK_REPEAT and "reply" not in body:
        fix = "Add `reply:`: `does: repeat` gives it when no walk-through question is waiting"
        reader.problem(body.line, where, "missing field 'reply'", fix)
        return None
    if not does and "reply" not in body:
        fix = f"Add `reply:`, or `does:` with one of: {', '.join(TALK_COMMANDS)}"
        reader.problem(body.line, where, "missing field 'reply'", fix)
        return None
    return does


def listed_once(
    reader: Reader,
    items: Any,
    label: str,
    group: str,
    too_long: tuple[int, str, str],
    others: tuple[dict[tuple[str, ...], tuple[str, int]], str] | None = None,
    read_as: Callable[[list[str]], list[str]] = list,
) -> None:
    """Check a group's short phrases (a small-talk kind's, a button's typed answers): each has
    letters and is short (`too_long`: the limit, what the thing is, the fix), and is listed
    once. With `others` (each phrase's group and line so far, compared as the bot reads them,
    and where a phrase belongs), no other group may list it. `read_as`: how the bot reads the
    words beyond `plain_words` (text speak). Items that are not text were reported when read."""
    limit, what, fix = too_long
    seen, under = others or ({}, "")
    for index, phrase in enumerate(items if isinstance(items, list) else ()):
        if not isinstance(phrase, str):
            continue
        line, where = line_of(items, index), f"{label} {index + 1}"
        words = tuple(plain_words(phrase))
        read = tuple(read_as(list(words)))
        first, first_line = seen.get(read, ("", 0))
        if not words:
            reader.problem(line, where, f"'{phrase}' has no letters", "Remove it")
        elif len(words) > limit:
            reader.problem(line, where, f"'{phrase}' is {len(words)} words: {what}", fix)
        elif len(words) < len(fold(phrase).split()):  # only kisses drop a word
            message = f"'{phrase}' is read as '{' '.join(words)}': a last 'x' counts as a kiss"
            spelt = "Write the name out ('on twitter'), or drop the phrase"
            reader.problem(line, where, message, spelt, warning=True)
        elif first:
            elsewhere = first != group
            if read != words:  # the same once text speak is read ("pls help" is "please help")
                as_first = f"line {first_line}" + (f" under '{first}'" if elsewhere else "")
                message = f"'{phrase}' is read as '{' '.join(read)}', as {as_first} is"
            elif elsewhere:
                message = f"'{phrase}' is already under '{first}' (line {first_line})"
            else:
                message = f"'{phrase}' is already listed (line {first_line})"
            if elsewhere:
                reader.problem(line, where, message, f"Keep it under {under}")
            else:
                same = "Remove one: the bot reads them the same way"
                reader.problem(line, where, message, same, warning=True)
        else:
            seen[read] = (group, line)


def read_smalltalk_names(reader: Reader, data: Any, line: int) -> list[tuple[str, int]]:
    """What people call the one they talk to ("pal", "me duck"), with each one's line."""
    items = reader.sequence(data, line, SMALLTALK_NAMES, "names such as 'pal' or 'me duck'")
    names = []
    for index, item in enumerate(items or []):
        item_line = line_of(items, index)
        words = plain_words(item) if isinstance(item, str) else []
        if not words or len(words) > NAME_WORDS:
            reader.problem(
                item_line,
                f"{SMALLTALK_NAMES} {index + 1}",
                f"{item!r} is not a name",
                f"Give a name of 1 to {NAME_WORDS} words, such as 'pal' or 'me duck'",
            )
        else:
            names.append((item, item_line))
    return names


def read_answers(reader: Reader, data: Any, parts: Parts) -> None:
    """Read what people type for a walk-through's buttons, under each button's first words."""
    top = reader.mapping(data, 1, "file", 'button starts such as "Yes", each with what is typed')
    if top is None:
        return
    found: list[TypedAnswer] = []
    for picks in top:
        line = line_of(top, picks)
        if not isinstance(picks, str) or not plain_words(picks):
            reader.problem(
                line, f"'{picks}'", "has no words", 'Write the first words of a button: "Yes"'
            )
            continue
        parts.lines[f"answer:{picks}"] = (reader.file, line)
        typed = reader.texts(top[picks], line, f"'{picks}'")
        if typed:
            # under two buttons is checked against the flows (Checker.answers): only two
            # buttons of one question cannot share words ("twitter" picks "Online, ..." in two)
            listed_once(reader, top[picks], f"'{picks}'", picks, ANSWER_TOO_LONG)
            found.append(TypedAnswer(picks, typed))
            for index, phrase in enumerate(top[picks]):
                where = (reader.file, line_of(top[picks], index))
                parts.lines[f"answer:{picks}:{' '.join(plain_words(str(phrase)))}"] = where
    parts.answers = tuple(found)


def read_messages(reader: Reader, data: Any, parts: Parts) -> None:
    """Read the bot's own wording; every key in MESSAGE_KEYS is required."""
    top = reader.mapping(data, 1, "file", "message names and their text")
    if top is None:
        return
    spec = tuple(Field(key, "text", True) for key in MESSAGE_KEYS)
    parts.messages = reader.fields(top, "messages", spec)


def read_examples(reader: Reader, data: Any, parts: Parts) -> None:
    """Read the example questions."""
    items = reader.sequence(data, 1, "file", "examples")
    found = []
    for index, item in enumerate(items or []):
        line = line_of(items, index)
        body = reader.mapping(item, line, f"example {index + 1}", "`q:` and `expect:`")
        if body is None:
            continue
        values = reader.fields(body, f"example {index + 1}", EXAMPLE_FIELDS)
        if "q" in values and "expect" in values:
            found.append(
                Example(
                    values["q"],
                    values["expect"],
                    values.get("emergency", False),
                    line,
                    values.get("kind", ""),
                    values.get("known_miss", False),
                )
            )
    parts.examples = tuple(found)


NATION_FIELDS = (
    Field("id", "id", True),
    Field("name", "text", True),
    Field("police_report", "id", True),
    Field("police_contacts", "ids"),
    Field("words", "texts"),
)
FORCE_FIELDS = (
    Field("id", "id", True, 24),
    Field("name", "text", True),
    Field("area", "text", True),
    Field("nation", "id", True),
    Field("website", "text", True),
    Field("report_online", "text"),
    Field("places", "texts", True),
)
ELECTION_FIELDS = (
    Field("id", "id", True, 24),
    Field("name", "text", True),
    Field("nations", "nations", True),
    Field("scheme", "text"),
    Field("scheme_note", "text", True),
    Field("home_address", "text", True),
)
AREA_NOTES = ("scheme", "home-address")


def read_areas(reader: Reader, data: Any, parts: Parts) -> None:
    """Read nations, police forces and election types."""
    top = reader.mapping(data, 1, "file", "nations, forces and elections")
    if top is None:
        return
    spec = (
        Field("nations", "list", True),
        Field("forces", "list", True),
        Field("elections", "list", True),
        *SOURCED,
    )
    values = reader.fields(top, "areas", spec)
    found: dict[str, dict[str, Any]] = {"nations": {}, "forces": {}, "elections": {}}
    kinds = (
        ("nations", NATION_FIELDS, NationInfo),
        ("forces", FORCE_FIELDS, Force),
        ("elections", ELECTION_FIELDS, Election),
    )
    for section, fields, make in kinds:
        items = values.get(section) or YamlList()
        for index, item in enumerate(items):
            label = section.rstrip("s")
            body = reader.mapping(item, line_of(items, index), f"{label} {index + 1}", label)
            if body is None:
                continue
            where = f"{label} '{body.get('id')}'"
            got = reader.fields(body, where, fields)
            if not all(f.name in got for f in fields if f.required):
                continue
            if got["id"] in found[section]:
                reader.problem(
                    line_of(body, "id"),
                    where,
                    f"the id '{got['id']}' is used twice",
                    "Give one of them a different id",
                )
                continue
            if section == "forces" and got["nation"] not in NATIONS:
                hint = did_you_mean(got["nation"], NATIONS) or f"Use one of {', '.join(NATIONS)}"
                reader.problem(
                    line_of(body, "nation"), where, f"'{got['nation']}' is not a nation", hint
                )
                continue
            found[section][got["id"]] = make(**got)
            parts.lines[f"{label}:{got['id']}"] = (reader.file, line_of(body, "id"))
    parts.areas = Areas(found["nations"], found["forces"], found["elections"])


def _register(reader: Reader, parts: Parts, kind: str, ident: str, line: int) -> bool:
    """Note where an id is defined; report it if the same id was already used."""
    space = kind if kind in ("contact", "topic") else "item"
    key = f"{space}:{ident}"
    if key in parts.lines:
        file, first = parts.lines[key]
        reader.problem(
            line,
            f"{kind} '{ident}'",
            f"the id '{ident}' is already used at {file}:{first}",
            "Give one of them a different id",
        )
        return False
    parts.lines[key] = (reader.file, line)
    parts.lines[f"{kind}:{ident}"] = (reader.file, line)
    return True


READERS = {"entries": read_entries, "flows": read_flow, "contacts": read_contacts}
SINGLE_READERS = {
    "areas.yaml": read_areas,
    "synonyms.yaml": read_synonyms,
    "triage.yaml": read_triage,
    "messages.yaml": read_messages,
    "examples.yaml": read_examples,
    "welsh.yaml": read_welsh,
    "smalltalk.yaml": read_smalltalk,
    "answers.yaml": read_answers,
}


OPTIONAL_FILES = ("examples.yaml", "areas.yaml", "welsh.yaml", "smalltalk.yaml", "answers.yaml")
"""Files the bot runs without (with fewer abilities); the others must be there."""


def read_all(root: Path) -> tuple[Parts, list[Problem]]:
    """Read every knowledge file under root into Parts, with every problem found."""
    parts, problems = Parts(), []
    if not root.is_dir():
        return parts, [
            Problem(
                str(root),
                1,
                "folder",
                "the knowledge folder does not exist",
                "Pass the folder that holds entries/, flows/ and contacts/",
            )
        ]
    for folder, read in READERS.items():
        files = sorted((root / folder).glob("*.yaml"))
        if not files:
            problems.append(
                Problem(
                    display_path(root / folder, root),
                    1,
                    "folder",
                    f"no {folder} files found",
                    f"Add {folder}/*.yaml",
                )
            )
        for path in files:
            problems += _read_file(root, path, read, parts)
    for name, read in SINGLE_READERS.items():
        path = root / name
        if path.exists():
            problems += _read_file(root, path, read, parts)
        elif name not in OPTIONAL_FILES:
            problems.append(
                Problem(
                    display_path(path, root),
                    1,
                    "file",
                    "missing",
                    f"Create {name} (see knowledge/README.md)",
                )
            )
    for path in sorted(root.glob("*.y*ml")):
        if path.name not in SINGLE_READERS:
            problems.append(
                Problem(
                    display_path(path, root),
                    1,
                    "file",
                    "this file is not read",
                    "Move it into entries/, flows/ or contacts/, or rename it",
                    warning=True,
                )
            )
    return parts, problems


def _read_file(root: Path, path: Path, read: Any, parts: Parts) -> list[Problem]:
    """Load one YAML file and hand it to its reader."""
    shown = display_path(path, root)
    text, problems = read_text(path, shown)
    if text is None:
        return problems
    parts.digest.update(f"{shown}\n{text}".encode())
    data, problems = parse_yaml(text, shown)
    if data is None:
        return problems
    reader = Reader(shown)
    read(reader, data, parts)
    return problems + reader.problems


def load_examples(path: Path) -> tuple[tuple[Example, ...], list[Problem]]:
    """Read a file of example questions (the tuning set, or the benchmark's held-out set)."""
    data, problems = load_yaml(path, str(path))
    parts = Parts()
    if data is not None:
        reader = Reader(str(path))
        read_examples(reader, data, parts)
        problems += reader.problems
    return parts.examples, problems
