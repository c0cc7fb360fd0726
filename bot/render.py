"""Turn entries, flow steps and search results into neutral replies: HTML text and buttons."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass, replace

from bot import callbacks as cb
from bot.model import NATION_NAMES, Contact, Entry, Flow, Force, KnowledgeBase, Node, Prefs, Source
from bot.search import Match

MAX_MESSAGE = 4096
"""Telegram's limit on one message's text."""


@dataclass(frozen=True)
class Button:
    """One inline button: the label people see and the data it sends back."""

    label: str
    data: str


@dataclass(frozen=True)
class Reply:
    """What the bot says: one or more HTML messages, buttons under the last one."""

    texts: tuple[str, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    emergency: bool = False
    answered: str | None = None
    """The entry or flow id that answered, if any (for statistics and tests)."""
    prefs: Prefs | None = None
    """New preferences to remember for the user (set by /start links and /area)."""
    forget: bool = False
    """Delete everything held about the user (confirmed /forget)."""
    feedback: tuple[str, bool] | None = None
    """A 'Was this helpful?' answer to count: the entry or flow id, and yes or no."""
    asks: tuple[str, str] | None = None
    """The walk-through question this reply asks (flow id, node id), so that a typed answer
    ("yes", "scotland") can count as tapping its button."""
    small_talk: bool = False
    """It answers small talk ("hi", "delete my data"), not a question: no gap for staff."""


def esc(text: str) -> str:
    """Escape dynamic text for Telegram's HTML mode."""
    return html.escape(text, quote=False)


def telegram_length(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units), so emoji are not undercounted."""
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split HTML into messages under the limit, at paragraph or line ends, never in a tag."""
    if telegram_length(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in _hard_split(line, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if telegram_length(candidate) <= limit:
                current = candidate
            else:
                parts.append(current.strip("\n"))
                current = piece
    if current.strip():
        parts.append(current.strip("\n"))
    return [p for p in parts if p.strip()]


def _hard_split(line: str, limit: int) -> list[str]:
    """Cut one over-long line at spaces, never inside a tag or an entity."""
    pieces = []
    while telegram_length(line) > limit:
        cut = limit // 2
        while cut > 0 and (line[cut] != " " or _inside_markup(line[:cut])):
            cut -= 1
        if cut == 0:
            cut = limit // 2
            while cut > 0 and _inside_markup(line[:cut]):
                cut -= 1
        pieces.append(line[:cut])
        line = line[cut:].lstrip(" ")
    return [*pieces, line]


def _inside_markup(prefix: str) -> bool:
    """True when a cut after this prefix would land inside a tag or an entity."""
    in_tag = prefix.rfind("<") > prefix.rfind(">")
    amp = prefix.rfind("&")
    in_entity = amp > prefix.rfind(";") and amp >= len(prefix) - 8
    return in_tag or in_entity


def reply(
    body: str,
    buttons: Iterable[Iterable[Button]] = (),
    emergency: bool = False,
    answered: str | None = None,
) -> Reply:
    """Build a Reply, splitting the body safely under Telegram's limit."""
    rows = tuple(tuple(row) for row in buttons if row)
    return Reply(tuple(split_message(body)), rows, emergency, answered)


def feedback_row(kb: KnowledgeBase, ident: str) -> list[Button]:
    """'Was this helpful?' buttons, counted per answer and never per person."""
    return [
        Button(kb.messages["helpful_yes"], cb.encode(cb.HELPFUL, ident, "y")),
        Button(kb.messages["helpful_no"], cb.encode(cb.HELPFUL, ident, "n")),
    ]


def menu_button(kb: KnowledgeBase) -> Button:
    """The 'back to menu' button every reply ends with."""
    return Button(kb.messages["back_to_menu"], cb.encode(cb.MENU))


def render_entry(kb: KnowledgeBase, entry: Entry, prefs: Prefs, lead: str = "") -> Reply:
    """An entry's answer, steps, contacts and sources, for someone's nation and area."""
    nation = prefs.nation
    answer, steps, contact_ids = entry.for_nation(nation)
    lines = [lead] if lead else []
    lines += [f"<b>{esc(entry.title)}</b>", esc(answer)]
    if steps:
        lines.append("\n".join(f"{n}. {esc(s)}" for n, s in enumerate(steps, 1)))
    lines += _election_block(kb, entry, prefs)
    lines += _contacts_block(kb, contact_ids, prefs)
    lines += _nation_block(kb, entry, nation)
    lines.append(_sources_line(kb, entry.sources, entry.reviewed))
    rows: list[list[Button]] = []
    if entry.flow and entry.flow in kb.flows:
        flow = kb.flows[entry.flow]
        rows.append([Button(kb.messages["walk_through"], cb.encode(cb.FLOW, flow.id, flow.start))])
    if nation is None:
        rows += [
            [Button(f"{NATION_NAMES[n]} version", cb.encode(cb.ENTRY, entry.id, n))]
            for n in entry.by_nation
        ]
    rows += [
        [Button(kb.entries[i].title, cb.encode(cb.ENTRY, i))]
        for i in entry.see_also[:3]
        if i in kb.entries
    ]
    rows.append(feedback_row(kb, entry.id))
    rows.append([menu_button(kb)])
    return reply("\n\n".join(lines), rows, answered=entry.id)


def render_flow_step(
    kb: KnowledgeBase,
    flow: Flow,
    node: Node,
    prefs: Prefs,
    lead: str = "",
    intro: bool = False,
) -> Reply:
    """One step of a flow: a question with option buttons, or the outcome to act on."""
    lines = [lead] if lead else []
    if intro:
        lines += [f"<b>{esc(flow.title)}</b>", esc(flow.summary)]
    rows: list[list[Button]] = []
    if node.outcome is None:
        lines.append(
            f"<b>{esc(node.question or '')}</b>"
            if intro
            else f"<b>{esc(flow.title)}</b>\n{esc(node.question or '')}"
        )
        rows += [[Button(o.label, cb.encode(cb.FLOW, flow.id, o.next))] for o in node.options]
    else:
        out = node.outcome
        lines.append(f"<b>{esc(out.title)}</b>")
        lines.append("\n".join(f"{n}. {esc(a)}" for n, a in enumerate(out.actions, 1)))
        lines += _contacts_block(kb, out.contacts, prefs)
        if out.checklist:
            items = "\n".join(f"☐ {esc(item)}" for item in out.checklist)
            lines.append(f"<b>{esc(kb.messages['checklist'])}</b>\n{items}")
        lines.append(_sources_line(kb, flow.sources, flow.reviewed))
        rows += [
            [Button(kb.entries[i].title, cb.encode(cb.ENTRY, i))]
            for i in out.entries
            if i in kb.entries
        ]
        rows.append(
            [Button(kb.messages["flow_start_again"], cb.encode(cb.FLOW, flow.id, flow.start))]
        )
        rows.append(feedback_row(kb, flow.id))
    rows.append([menu_button(kb)])
    result = reply("\n\n".join(lines), rows, answered=flow.id)
    return result if node.outcome is not None else replace(result, asks=(flow.id, node.id))


def render_menu(kb: KnowledgeBase, lead: str = "", key: str = "menu") -> Reply:
    """The main menu: the situations (flows) first, the one for danger now (triage.yaml's
    `flow`) at the top, where someone in danger looks first, the rest by their `order`; then a
    way into the topics."""
    body = "\n\n".join(x for x in (lead, esc(kb.messages[key])) if x)
    flows = sorted(kb.flows.values(), key=lambda f: (f.id != kb.triage.flow, f.order))  # stable
    rows = [[Button(f.title, cb.encode(cb.FLOW, f.id, f.start))] for f in flows if f.menu]
    rows.append([Button(kb.messages["browse_topics"], cb.encode(cb.TOPICS))])
    return reply(body, rows)


def render_topics(kb: KnowledgeBase) -> Reply:
    """The list of topics."""
    topics = sorted(kb.topics.values(), key=lambda t: (t.order, t.title))
    rows = [[Button(t.title, cb.encode(cb.TOPIC, t.id))] for t in topics]
    rows.append([menu_button(kb)])
    return reply(esc(kb.messages["topics"]), rows)


def render_topic(kb: KnowledgeBase, topic_id: str) -> Reply | None:
    """The entries in one topic, as buttons."""
    topic = kb.topics.get(topic_id)
    if topic is None:
        return None
    rows = [[Button(kb.entries[i].title, cb.encode(cb.ENTRY, i))] for i in topic.entries]
    rows.append([Button(kb.messages["browse_topics"], cb.encode(cb.TOPICS)), menu_button(kb)])
    return reply(f"<b>{esc(topic.title)}</b>", rows)


def render_choices(kb: KnowledgeBase, matches: Iterable[Match], lead: str = "") -> Reply:
    """'Did you mean…' with the close candidates and 'none of these'."""
    body = "\n\n".join(x for x in (lead, esc(kb.messages["did_you_mean"])) if x)
    rows = [[Button(title_of(kb, m.id), _open(kb, m.id))] for m in matches]
    rows.append([Button(kb.messages["none_of_these"], cb.encode(cb.NONE))])
    return reply(body, rows)


def with_alternatives(kb: KnowledgeBase, shown: Reply, others: Iterable[Match]) -> Reply:
    """Add 'Did you mean' buttons for near rivals under an answer, above the menu button."""
    present = {b.data for row in shown.buttons for b in row}
    rows = [
        (Button(f"Or: {title_of(kb, m.id)}", _open(kb, m.id)),)
        for m in others
        if _open(kb, m.id) not in present
    ]
    if not rows:
        return shown
    buttons = (*shown.buttons[:-1], *rows, *shown.buttons[-1:])
    return replace(shown, buttons=buttons)


def render_note(kb: KnowledgeBase, key: str, lead: str = "") -> Reply:
    """A fixed message from messages.yaml followed by the menu."""
    return render_menu(kb, lead=lead, key=key)


def title_of(kb: KnowledgeBase, ident: str) -> str:
    """The title of an entry or flow."""
    if ident in kb.entries:
        return kb.entries[ident].title
    return kb.flows[ident].title


def _open(kb: KnowledgeBase, ident: str) -> str:
    """Button data that opens an entry, or a flow at its start."""
    if ident in kb.entries:
        return cb.encode(cb.ENTRY, ident)
    return cb.encode(cb.FLOW, ident, kb.flows[ident].start)


def _contacts_block(kb: KnowledgeBase, ids: Iterable[str], prefs: Prefs) -> list[str]:
    """The 'Who to contact' lines: the user's nation only, and their own force when known."""
    chosen = [kb.contacts[i] for i in ids if i in kb.contacts]
    if prefs.nation:
        chosen = [c for c in chosen if prefs.nation in c.nations]
    force = kb.areas.forces.get(prefs.area or "")
    lines = []
    if force is not None:
        nation = kb.areas.nations.get(force.nation)
        replaced = set(nation.police_contacts) if nation else set()
        if any(c.id in replaced for c in chosen):
            lines.append(_force_line(kb, force))
            chosen = [c for c in chosen if c.id not in replaced]
    lines += [_contact_line(c) for c in chosen]
    if not lines:
        return []
    body = "\n".join(lines)
    return [f"<b>{esc(kb.messages['contacts'])}</b>\n{body}"]


def _force_line(kb: KnowledgeBase, force: Force) -> str:
    """The user's own police force: 101, its online reporting route and its website."""
    nation = kb.areas.nations.get(force.nation)
    report = force.report_online
    if not report and nation and nation.police_report in kb.contacts:
        report = kb.contacts[nation.police_report].url
    ways = ["101"]
    if report:
        ways.append(f"{esc(kb.messages['report_online'])}: {_link(report)}")
    if force.website.rstrip("/") != report.rstrip("/"):
        ways.append(_link(force.website))
    return f"• <b>{esc(force.name)}</b>: {' · '.join(ways)}. {esc(kb.messages['your_force'])}"


def _link(url: str) -> str:
    """A short, tappable web address."""
    shown = url.removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")
    return f'<a href="{html.escape(url, quote=True)}">{esc(shown)}</a>'


def _election_block(kb: KnowledgeBase, entry: Entry, prefs: Prefs) -> list[str]:
    """The support scheme or home-address rule for the user's kind of election."""
    election = kb.areas.elections.get(prefs.election or "")
    if election is None or not entry.area_notes:
        return []
    texts = []
    for note in entry.area_notes:
        if note == "scheme":
            scheme = f"{election.scheme}: " if election.scheme else ""
            texts.append(scheme + election.scheme_note)
        else:
            texts.append(election.home_address)
    heading = kb.messages["for_election"].replace("{election}", election.name)
    return [f"<b>{esc(heading)}</b>\n" + "\n".join(esc(t) for t in texts)]


def _contact_line(contact: Contact) -> str:
    """One contact: name, how to reach them, hours and when to use them."""
    ways = [
        esc(x) for x in (contact.phone, contact.text and f"text {contact.text}", contact.email) if x
    ]
    if contact.url:
        ways.append(_link(contact.url))
    hours = f" ({esc(contact.hours)})" if contact.hours else ""
    return f"• <b>{esc(contact.name)}</b>: {' · '.join(ways)}{hours}. {esc(contact.when)}"


def _nation_block(kb: KnowledgeBase, entry: Entry, nation: str | None) -> list[str]:
    """Say which nation's version is shown, or that other nations have their own."""
    notes = []
    if nation and nation not in entry.nations:
        names = ", ".join(NATION_NAMES[n] for n in entry.nations)
        notes.append(kb.messages["nation_note"].replace("{nations}", names))
    if entry.by_nation:
        if nation in entry.by_nation:
            notes.append(kb.messages["nation_note"].replace("{nations}", NATION_NAMES[nation]))
        elif nation is None:
            names = ", ".join(NATION_NAMES[n] for n in entry.by_nation)
            notes.append(kb.messages["nation_other"].replace("{nations}", names))
    return [f"<i>{esc(n)}</i>" for n in notes]


def _sources_line(kb: KnowledgeBase, sources: Iterable[Source], reviewed: dt.date) -> str:
    """Where the guidance comes from and when it was last checked."""
    shown = []
    for source in sources:
        date = f", {source.date.isoformat()}" if source.date else ""
        name = f"{esc(source.title)} ({esc(source.publisher)}{date})"
        if source.url:
            name = f'<a href="{html.escape(source.url, quote=True)}">{name}</a>'
        shown.append(name)
    return (
        f"<i>{esc(kb.messages['source'])}: {'; '.join(shown)}. "
        f"{esc(kb.messages['reviewed'])} {reviewed.strftime('%-d %B %Y')}.</i>"
    )
