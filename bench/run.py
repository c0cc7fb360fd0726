"""Benchmark: our search and triage against BM25 and plain rapidfuzz, with figures printed.

Run with `make bench`. Prints tables; it is a measurement, not a test.
The tuning set is knowledge/examples.yaml (looked at while improving the search, and taught to
the bot: its questions are phrases of the meaning index and train the danger model, so figures on
it are in-sample; they are also given 5-fold cross-validated, each question judged by an engine
not taught it, though the meaning model itself was tuned on all of them, so even those figures
flatter it: models/minilm-l6-tuned/README.md gives figures with the model re-tuned per fold).
The held-out set is bench/heldout.yaml (written fresh, never tuned to, never taught): its
figures are the ones that count. bench/crisis-heldout.yaml, held out the same way, measures how
often the reply leads with crisis support for people thinking of suicide or self-harm, and
bench/endings-heldout.yaml how often chat endings and everyday plans get crisis support or 999,
and bench/chatter-heldout.yaml how often campaign chatter in danger's words ("man at the door
wants a poster") does.

"top-1 answered" counts a question when the reply opens with the expected entry or flow (after
the 999 line, if any); "top-1 ranked" when the search ranks it first, answered or offered.
"""

from __future__ import annotations

import gc
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from rank_bm25 import BM25Okapi
from rapidfuzz import fuzz, process, utils

from bot.checks import check_knowledge
from bot.config import PROJECT_KNOWLEDGE
from bot.conversation import Engine, Understanding
from bot.knowledge import load_examples
from bot.model import Example, KnowledgeBase, Source
from bot.search import Index
from bot.semantic import PROJECT_MODEL, VECTORS_FILE, Encoder
from bot.text import fold

BENCH = Path(__file__).parent
HELD_OUT_SETS = {
    "heldout": BENCH / "heldout.yaml",
    "crisis": BENCH / "crisis-heldout.yaml",
    "endings": BENCH / "endings-heldout.yaml",
    "chatter": BENCH / "chatter-heldout.yaml",
}
"""Every held-out set (never taught, never tuned to), by the name bench.verdicts gives it."""
Ranker = Callable[[str], tuple[list[str], str | None]]
"""A method: question -> (ranked ids, the id it opens as its answer, or None if it gives none)."""


@dataclass
class Tally:
    """Counts for one method over one set of examples."""

    n: int = 0
    top1: int = 0
    ranked1: int = 0
    top3: int = 0
    rr: float = 0.0
    oos: int = 0
    oos_rejected: int = 0


Understand = Callable[[str], Understanding]
T = TypeVar("T")


def ours(understand: Understand) -> Ranker:
    def rank(question: str) -> tuple[list[str], str | None]:
        seen = understand(question)  # what the reply opens, after any 999 line
        return [m.id for m in seen.matches], seen.opens

    return rank


def cross_validated(kb: KnowledgeBase, folds: int = 5) -> Understand:
    """Each tuning example understood by an engine that was not taught it (k-fold): honest
    figures for the tuning set, whose examples the shipped engine learns from."""
    examples = list(kb.examples)
    random.Random(1).shuffle(examples)
    engine_for: dict[str, Engine] = {}
    for part in range(folds):
        taught = tuple(x for n, x in enumerate(examples) if n % folds != part)
        engine = Engine(replace(kb, examples=taught))
        engine_for.update((x.question, engine) for x in examples[part::folds])
    return lambda question: engine_for[question].understand(question)


def documents(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """The same fields our index uses: title, questions, keywords and answer/summary."""
    docs = []
    for e in kb.entries.values():
        docs.append((e.id, " ".join([e.title, *e.questions, *e.keywords, e.answer, *e.steps])))
    for f in kb.flows.values():
        docs.append((f.id, " ".join([f.title, *f.questions, *f.keywords, f.summary])))
    return docs


def bm25(kb: KnowledgeBase) -> Ranker:
    docs = documents(kb)
    index = BM25Okapi([fold(text).split() for _, text in docs])

    def rank(question: str) -> tuple[list[str], str | None]:
        scores = index.get_scores(fold(question).split())
        order = sorted(range(len(docs)), key=lambda i: -scores[i])
        ranked = [docs[i][0] for i in order if scores[i] > 0][:5]
        return ranked, ranked[0] if ranked else None

    return rank


def plain_fuzz(kb: KnowledgeBase) -> Ranker:
    choices: list[tuple[str, str]] = []
    for e in kb.entries.values():
        choices += [(e.id, t) for t in (e.title, *e.questions)]
    for f in kb.flows.values():
        choices += [(f.id, t) for t in (f.title, *f.questions)]
    texts = [utils.default_process(t) for _, t in choices]

    def rank(question: str) -> tuple[list[str], str | None]:
        found = process.extract(
            utils.default_process(question), texts, scorer=fuzz.WRatio, limit=30, processor=None
        )
        ranked: list[str] = []
        for _, _score, index in found:
            if choices[index][0] not in ranked:
                ranked.append(choices[index][0])
        best = found[0][1] if found else 0
        return ranked[:5], ranked[0] if ranked and best >= 60 else None

    return rank


def score(rank: Ranker, examples: Sequence[Example]) -> dict[str, Tally]:
    """Accuracy figures overall and by kind."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    for example in examples:
        ranked, opens = rank(example.question)
        for key in ("all", example.kind or "unlabelled"):
            t = tallies[key]
            if example.expect == "none":
                t.oos += 1
                t.oos_rejected += opens is None
                continue
            t.n += 1
            t.top1 += opens == example.expect
            t.ranked1 += bool(ranked) and ranked[0] == example.expect
            t.top3 += example.expect in ranked[:3]
            if example.expect in ranked:
                t.rr += 1 / (ranked.index(example.expect) + 1)
    return tallies


def triage_rates(understand: Understand, examples: Sequence[Example]) -> tuple[str, str]:
    danger = [x for x in examples if x.emergency]
    calm = [x for x in examples if not x.emergency]
    caught = sum(understand(x.question).triage.emergency for x in danger)
    false = [x for x in calm if understand(x.question).triage.emergency]
    return (
        f"{caught}/{len(danger)} = {pct(caught, len(danger))}",
        f"{len(false)}/{len(calm)} = {pct(len(false), len(calm))}",
    )


def crisis_report(understand: Understand, examples: Sequence[Example]) -> None:
    """How often the reply leads with crisis support, for people in crisis and for the rest."""
    seen = [(x, understand(x.question).triage) for x in examples]
    crisis = [(x, t) for x, t in seen if x.kind == "crisis"]
    safe = [(x, t) for x, t in seen if x.kind != "crisis"]
    led = sum(t.crisis for _, t in crisis)
    wrong = sum(t.crisis for _, t in safe)
    calm = [t for x, t in safe if not x.emergency]
    alarmed = sum(t.emergency for t in calm)
    table(
        f"held-out crisis set (never tuned to): {len(examples)} messages",
        [
            ["in crisis: crisis support first", "safe: given the crisis entry", "safe: 999 line"],
            [
                f"{led}/{len(crisis)} = {pct(led, len(crisis))}",
                f"{wrong}/{len(safe)} = {pct(wrong, len(safe))}",
                f"{alarmed}/{len(calm)} = {pct(alarmed, len(calm))}",
            ],
        ],
    )
    for x, t in crisis:
        if not t.crisis:
            print(f"  missed: {x.question[:80]!r}")


def alarms_report(understand: Understand, examples: Sequence[Example], title: str) -> None:
    """Calm messages against crises and danger told in the same words (chat endings: "see you
    tomorrow, bye"; campaign chatter: "man at the door wants a poster"): how often the calm
    ones are alarmed, and the others led with the right help."""
    seen = [(x, understand(x.question).triage) for x in examples]
    calm = [t for x, t in seen if x.kind == "calm"]
    crisis = [t for x, t in seen if x.kind == "crisis"]
    danger = [t for x, t in seen if x.kind == "danger"]
    given_crisis = sum(t.crisis for t in calm)
    given_999 = sum(t.emergency and not t.crisis for t in calm)
    led = sum(t.crisis for t in crisis)  # as crisis_report counts it
    caught = sum(t.emergency for t in danger)
    columns = [
        ("calm: given the crisis entry", given_crisis, len(calm)),
        ("calm: given the 999 line", given_999, len(calm)),
        ("in crisis: crisis support first", led, len(crisis)),
        ("in danger: 999 first", caught, len(danger)),
    ]
    shown = [c for c in columns if c[2]]
    table(
        f"{title}: {len(examples)} messages",
        [[name for name, _, _ in shown], [f"{n}/{of} = {pct(n, of)}" for _, n, of in shown]],
    )


def pct(part: float, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def latency(rank: Callable[[str], object], questions: Sequence[str], rounds: int = 3) -> str:
    """p50 and p99 per question, and the share of CPU time the host took meanwhile: on a
    shared virtual machine that share stalls single questions for up to a second, which no
    change to the code moves (session 31: p99 at 10,000 entries read 41, 109 and 226 ms on
    the same code)."""
    times = []
    before = cpu_ticks()
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter()
            rank(q)
            times.append((time.perf_counter() - start) * 1000)
    after = cpu_ticks()
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    taken = ""
    if before and after and after[0] > before[0]:
        taken = f", host took {100 * (after[1] - before[1]) / (after[0] - before[0]):.1f}% of CPU"
    return f"p50 {statistics.median(times):.2f} ms, p99 {p99:.2f} ms{taken}"


def cpu_ticks() -> tuple[int, int] | None:
    """All CPU ticks so far and those the host stole (Linux's /proc/stat), else None."""
    try:
        first = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()
    except OSError:
        return None
    ticks = [int(field) for field in first[1:9]]  # user to steal; guest is within user
    return sum(ticks), ticks[-1]


def build_time(make: Callable[[], T]) -> tuple[str, str, T]:
    """How long `make` takes, its peak memory, and what it made. Two runs: tracemalloc, which
    finds the peak, slowed the index build about threefold (600 ms to 1,630 ms for a restart),
    so the time comes from a second run without it; the first run's result is dropped before
    it, so two large engines are never held at once."""
    gc.collect()
    tracemalloc.start()
    make()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    gc.collect()
    start = time.perf_counter()
    made = make()
    seconds = time.perf_counter() - start
    return f"{seconds * 1000:.0f} ms", f"{peak / 2**20:.1f} MiB", made


def table(title: str, rows: list[list[str]]) -> None:
    print(f"\n## {title}\n")
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def report(
    name: str, examples: Sequence[Example], methods: dict[str, Ranker], understand: Understand
) -> None:
    results = {m: score(rank, examples) for m, rank in methods.items()}
    kinds = sorted({x.kind or "unlabelled" for x in examples if x.expect != "none"})
    rows = [["method", "top-1 answered", "top-1 ranked", "top-3", "MRR", "out-of-scope rejected"]]
    for method, tallies in results.items():
        t = tallies["all"]
        rows.append(
            [
                method,
                pct(t.top1, t.n),
                pct(t.ranked1, t.n),
                pct(t.top3, t.n),
                f"{t.rr / max(t.n, 1):.3f}",
                f"{t.oos_rejected}/{t.oos} = {pct(t.oos_rejected, t.oos)}",
            ]
        )
    table(f"{name}: {len(examples)} questions", rows)
    rows = [["subset (top-1)", *results]]
    for kind in kinds:
        cells = []
        for tallies in results.values():
            t = tallies[kind]
            cells.append(f"{pct(t.top1, t.n)} (n={t.n})")
        rows.append([kind, *cells])
    table(f"{name}: top-1 by subset", rows)
    recall, false_rate = triage_rates(understand, examples)
    table(
        f"{name}: emergency triage (ours only; the baselines have none)",
        [["emergency recall", "false-emergency rate"], [recall, false_rate]],
    )
    misses = []
    rank = methods["ours"]
    for x in examples:
        _, opens = rank(x.question)
        got = opens or "none"
        if got != x.expect:
            misses.append(f"  [{x.kind}] {x.question[:80]!r} -> {got} (expected {x.expect})")
    print(f"\n{name}: {len(misses)} top-1 misses (ours)")
    print("\n".join(misses[:40]))


def synthetic(kb: KnowledgeBase, size: int) -> KnowledgeBase:
    """A knowledge base of `size` entries made from the real vocabulary, for the scaling run."""
    rng = random.Random(7)
    words = sorted({w for e in kb.entries.values() for w in fold(e.answer).split() if len(w) > 3})
    source = (Source("Synthetic", "Benchmark", "https://example.org"),)
    template = next(iter(kb.entries.values()))
    entries = {}

    def pick(k: int) -> str:
        return " ".join(rng.sample(words, k))

    for n in range(size):
        entries[f"syn-{n}"] = replace(
            template,
            id=f"syn-{n}",
            title=pick(5),
            questions=(pick(7), pick(6), pick(8)),
            keywords=(pick(1), pick(2), pick(1)),
            answer=pick(60),
            steps=(),
            see_also=(),
            flow=None,
            contacts=(),
            by_nation={},
            sources=source,
        )
    return replace(kb, entries=entries)


def max_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def shipped_knowledge() -> KnowledgeBase | None:
    """The shipped knowledge, or None after printing why it cannot be loaded."""
    kb, problems = check_knowledge(PROJECT_KNOWLEDGE)
    if kb is None:
        print("\n".join(p.format() for p in problems))
    return kb


def main() -> int:
    kb = shipped_knowledge()
    if kb is None:
        return 1
    tuning = kb.examples
    loaded = {name: load_examples(path) for name, path in HELD_OUT_SETS.items()}
    problems = [problem for _, found in loaded.values() for problem in found]
    held = {name: examples for name, (examples, _) in loaded.items()}
    if problems:
        print("\n".join(p.format() for p in problems))
        return 1
    engine = Engine(kb)
    methods = {
        "ours": ours(engine.understand),
        "ours, words only (no meaning model)": ours(Engine(kb, meaning=False).understand),
        "BM25": bm25(kb),
        "rapidfuzz WRatio": plain_fuzz(kb),
    }
    print(f"# Benchmark: {len(kb.entries)} entries, {len(kb.flows)} flows")
    report("held-out set (never tuned to)", held["heldout"], methods, engine.understand)
    crisis_report(engine.understand, held["crisis"])
    alarms_report(engine.understand, held["endings"], "held-out endings set (never taught)")
    alarms_report(engine.understand, held["chatter"], "held-out chatter set (never taught)")
    unseen = cross_validated(kb)
    report(
        "tuning set, 5-fold cross-validated (each question judged by an engine not taught it; "
        "the meaning model was tuned on all of them, so this flatters it)",
        tuning,
        {"ours": ours(unseen), "BM25": methods["BM25"]},
        unseen,
    )
    report(
        "tuning set (knowledge/examples.yaml; in-sample, see above)",
        tuning,
        methods,
        engine.understand,
    )
    questions = [x.question for x in (*held["heldout"], *tuning)]
    cold, cold_peak, _ = build_time(lambda: Index(kb, Encoder(PROJECT_MODEL)))
    with tempfile.TemporaryDirectory() as folder:
        kept = Path(folder) / VECTORS_FILE
        Index(kb, Encoder(PROJECT_MODEL), kept)  # the first start keeps the vectors
        restart, restart_peak, _ = build_time(lambda: Index(kb, Encoder(PROJECT_MODEL), kept))
    build, peak, _ = build_time(lambda: Engine(kb))
    rows = [
        ["method", "per query", "index build", "build peak memory"],
        ["ours, first start ever (load model, encode every phrase)", "", cold, cold_peak],
        ["ours, restart (load model, read kept vectors)", "", restart, restart_peak],
        ["ours (triage + search), reload", latency(engine.understand, questions), build, peak],
        ["BM25", latency(methods["BM25"], questions), *build_time(lambda: bm25(kb))[:2]],
        [
            "rapidfuzz WRatio",
            latency(methods["rapidfuzz WRatio"], questions),
            *build_time(lambda: plain_fuzz(kb))[:2],
        ],
    ]
    table("speed and memory, shipped knowledge", rows)
    big = synthetic(kb, 10_000)
    big_build, big_peak, big_engine = build_time(lambda: Engine(big))
    table(
        "scaling: synthetic knowledge of 10,000 entries",
        [
            ["per query", "index build", "build peak memory"],
            [latency(big_engine.understand, questions, rounds=1), big_build, big_peak],
        ],
    )
    print(f"\nprocess peak resident memory: {max_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
