"""Small learned checks for danger now: logistic regression over a message's meaning vector
(MeaningDangerModel) or, when the meaning model is off, over hashed word features; and for
thoughts of suicide, a small neural network over the meaning vector (MeaningNetModel).

The two meaning models are named by the examples that teach triage and shipped beside the meaning
model (`bot train`): a question added for search keeps them as they are, and every machine
answers alike.

They back up the phrase lists in triage.yaml with what examples.yaml teaches. They are written
on numpy rather than scikit-learn because scikit-learn took the running bot from 61 to 162 MiB
(the limit is 150); the models are a few lines of standard maths.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import threading
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Self

import numpy as np

from bot.kept import keep, read_kept

log = logging.getLogger(__name__)

DIMENSIONS = 1 << 12
"""Hashed feature space: words and word pairs are folded into this many slots."""
L2 = 1e-4
STEPS = 800
RATE = 4.0
DANGER_STRENGTH = 100.0
"""Inverse L2 penalty of the meaning danger model (scikit-learn's C), chosen with triage.py's
MEANING_BACKS and MEANING_ALONE by 5-fold cross-validation over examples.yaml (README,
"Understanding a message")."""
NEWTON_STEPS = 30
"""Newton's method converges in about ten; this is a ceiling."""
HIDDEN = 128
"""Units in the network's one hidden layer."""
NETS = 3
"""Networks trained from different random starts and averaged, so no one start decides."""
EPOCHS = 100
BATCH = 64
NET_RATE = 3e-3
NET_L2 = 1e-5
"""The network's training (Adam). Of the two settings tried on the sign-off batches (the later
two are bench/endings-heldout.yaml), 64 units for 40 epochs with L2 1e-4 underfit: 18 tuning
examples' verdicts changed, against none with these."""
FLUSH_BELOW = 1e-30
"""Weights and Adam's running averages smaller than this are set to 0 while training: left to
shrink into denormal floats, which some CPUs work on many times slower, they took training on
the shipped examples from about 20 s to 100 s on a 2-core Xeon (AVX-512)."""
KEPT_MODELS = 8
"""Learned models remembered in this process, by what taught them: a reload with the same
examples reuses them (training the crisis network takes about 20 s; the reload bar is 1 s)."""


def features(words: Sequence[str]) -> list[str]:
    """Single words and adjacent pairs."""
    return [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))]


def slots(words: Sequence[str]) -> np.ndarray:
    """The hashed feature slots of a message (crc32: the same in every process)."""
    found = {zlib.crc32(f.encode()) % DIMENSIONS for f in features(words)}
    return np.fromiter(sorted(found), dtype=np.int64, count=len(found))


class DangerModel:
    """Logistic regression with balanced classes over unit-length binary features.

    Trained by full-batch gradient descent on sparse rows, which keeps training well under a
    second for a thousand examples.
    """

    def __init__(self, examples: Sequence[Sequence[str]], labels: Sequence[int]) -> None:
        rows = [slots(words) for words in examples]
        lengths = np.array([max(len(r), 1) for r in rows])
        index = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        owner = np.repeat(np.arange(len(rows)), [len(r) for r in rows])
        value = (1.0 / np.sqrt(lengths))[owner]
        y = np.asarray(labels, dtype=np.float64)
        weight = _balanced(y)
        self.weights = np.zeros(DIMENSIONS)
        self.bias = 0.0
        for _ in range(STEPS):
            scores = np.bincount(owner, self.weights[index] * value, len(rows)) + self.bias
            error = (_sigmoid(scores) - y) * weight
            gradient = np.bincount(index, error[owner] * value, DIMENSIONS) / len(y)
            self.weights -= RATE * (gradient + L2 * self.weights)
            self.bias -= RATE * float(error.mean())

    def probability(self, words: Sequence[str]) -> float:
        """How likely the message describes danger now, from 0 to 1."""
        found = slots(words)
        score = self.weights[found].sum() / np.sqrt(max(len(found), 1)) + self.bias
        return float(_sigmoid(np.asarray(score)))


class Shipped:
    """A model over meaning vectors named by what taught it: trained once per process, or read
    from the data folder (kept there after training, so the next start skips it) or from the
    copy `bot train` ships beside the meaning model. Training turns on rounding, which differs
    between CPUs, so only a shipped model answers alike on every machine."""

    WHAT: ClassVar[str]
    """What it is called in the log."""
    SETTINGS: ClassVar[tuple[object, ...]]
    """The training settings, which name it too."""
    key: str

    @staticmethod
    def _train(vectors: np.ndarray, labels: Sequence[int]) -> Any:
        """What training on these examples gives, for `_made`."""
        raise NotImplementedError

    @classmethod
    def _made(cls, trained: Any, key: str) -> Self:
        raise NotImplementedError

    @classmethod
    def _read(cls, path: Path, key: str) -> Self | None:
        """The model kept or shipped in `path` for `key`, or None."""
        raise NotImplementedError

    def ship(self, path: Path) -> None:
        """Write the model where `taught` finds it (`bot train`, or kept for the next start)."""
        raise NotImplementedError

    @classmethod
    def taught(
        cls,
        vectors: np.ndarray,
        labels: Sequence[int],
        made_from: str,
        kept: Path | None = None,
        shipped: Path | None = None,
        named_by: Sequence[int] | None = None,
    ) -> Self:
        """The model for these examples, from this process, `kept` (the data folder's file) or
        `shipped`, else trained and kept. Every example moves it a little, and every retraining
        moves borderline messages, so it is named by `made_from` (the meaning model and the
        texts of the examples that teach triage) and `named_by`, their labels (default: all
        of `labels`): a question added for search alone keeps it as it is."""
        key = _named(made_from, labels if named_by is None else named_by, cls.SETTINGS)
        with _kept_lock:
            if key not in _kept:
                if len(_kept) >= KEPT_MODELS:
                    _kept.pop(next(iter(_kept)))  # the oldest
                found = next(filter(None, (cls._read(p, key) for p in (kept, shipped) if p)), None)
                if found is None:
                    if shipped:
                        log.info(
                            "Training the %s: none for these examples in %s", cls.WHAT, shipped
                        )
                    found = cls._made(cls._train(vectors, labels), key)
                    if kept:
                        found.ship(kept)
                _kept[key] = found
            model = _kept[key]
        assert isinstance(model, cls)
        return model


class MeaningDangerModel(Shipped):
    """Logistic regression with balanced classes over unit-length meaning vectors.

    Meaning tells "he is outside now" from "he was outside last week" in words no phrase list
    holds. Trained by Newton's method, each step found by conjugate gradients from products
    with the data alone: forming and solving the 385-square system instead left OpenBLAS and
    LAPACK holding about 3 MiB for the life of the bot, which must stay under 150 MiB. One calm
    question added for search once took a blind line from 0.80 to 0.79, under the 0.8 that
    raises the alarm alone, so it is shipped and named like the crisis network.
    """

    WHAT = "danger model"
    SETTINGS = ("danger", DANGER_STRENGTH, NEWTON_STEPS)

    def __init__(self, weights: np.ndarray, bias: float, key: str = "") -> None:
        """`weights`, `bias`: trained (`_train`); `key`: what taught them."""
        self.weights, self.bias, self.key = weights, bias, key

    @staticmethod
    def _train(vectors: np.ndarray, labels: Sequence[int]) -> tuple[np.ndarray, float]:
        """Newton's method from zero (about 0.2 s on the shipped examples)."""
        x = np.hstack([vectors, np.ones((len(vectors), 1))]).astype(np.float64)
        y = np.asarray(labels, dtype=np.float64)
        weight = _balanced(y)
        penalty = np.full(x.shape[1], 1.0 / DANGER_STRENGTH)
        penalty[-1] = 0.0  # the bias is not shrunk
        beta = np.zeros(x.shape[1])
        for _ in range(NEWTON_STEPS):
            chance = _sigmoid(x @ beta)
            gradient = x.T @ (weight * (chance - y)) + penalty * beta
            spread = weight * chance * (1 - chance)
            step = _conjugate_gradients(_curvature(x, spread, penalty), gradient)
            beta -= step
            if float(np.abs(step).max()) < 1e-7:  # converged
                break
        return beta[:-1], float(beta[-1])

    @classmethod
    def _made(cls, trained: tuple[np.ndarray, float], key: str) -> MeaningDangerModel:
        return cls(*trained, key)

    @classmethod
    def _read(cls, path: Path, key: str) -> MeaningDangerModel | None:
        parts = read_kept(path, ("key", key), DANGER_PARTS, cls.WHAT)
        return None if parts is None else cls(parts[0].astype(np.float64), float(parts[1]), key)

    def ship(self, path: Path) -> None:
        arrays = {"key": np.array(self.key), "weights": self.weights, "bias": self.bias}
        keep(path, arrays, self.WHAT)

    def probability(self, vector: np.ndarray) -> float:
        """How likely the message describes danger now, from 0 to 1."""
        return float(_sigmoid(np.asarray(float(vector @ self.weights) + self.bias)))


class MeaningNetModel(Shipped):
    """A one-hidden-layer network over unit-length meaning vectors, with balanced classes.

    A straight line through meaning cannot part "going away for the weekend, bye" from "going
    away for good, bye": both sit near the taught goodbyes, so the logistic model gave crisis
    support to about one chat ending in seven. A hidden layer can bend around them. Seeded, so
    the same examples give the same model on one machine; on another, rounding may differ, so
    the model for the shipped examples is shipped (`bot train`).
    """

    WHAT = "crisis network"
    SETTINGS = (HIDDEN, NETS, EPOCHS, BATCH, NET_RATE, NET_L2, FLUSH_BELOW)

    def __init__(self, nets: Sequence[Net], key: str) -> None:
        """`nets`: trained networks, whose chances are averaged; `key`: what taught them."""
        self.nets = list(nets)
        self.key = key

    @staticmethod
    def _train(vectors: np.ndarray, labels: Sequence[int]) -> list[Net]:
        """Train NETS networks from seeded starts (about 20 s on the shipped examples)."""
        x = np.asarray(vectors, dtype=np.float32)
        y = np.asarray(labels, dtype=np.float32)
        weight = _balanced(y.astype(np.float64)).astype(np.float32)
        return [_train_net(x, y, weight, seed) for seed in range(NETS)]

    @classmethod
    def _made(cls, trained: list[Net], key: str) -> MeaningNetModel:
        return cls(trained, key)

    @classmethod
    def _read(cls, path: Path, key: str) -> MeaningNetModel | None:
        parts = read_kept(path, ("key", key), NET_PARTS, cls.WHAT)
        if parts is None:
            return None
        return cls(list(zip(*(part.astype(np.float32) for part in parts), strict=True)), key)

    def ship(self, path: Path) -> None:
        stacked = (np.stack(part) for part in zip(*self.nets, strict=True))
        keep(
            path,
            {"key": np.array(self.key), **dict(zip(NET_PARTS, stacked, strict=True))},
            self.WHAT,
        )

    def probability(self, vector: np.ndarray) -> float:
        """How likely the message tells of thoughts of suicide or self-harm, from 0 to 1."""
        vector = np.asarray(vector, dtype=np.float32)
        chances = [_sigmoid(_net_score(net, vector[None, :]))[0] for net in self.nets]
        return float(np.mean(chances))


def _named(made_from: str, labels: Sequence[int], settings: tuple[object, ...]) -> str:
    """A learned model's name: the vectors' source, the labels and the training settings."""
    digest = hashlib.sha256(made_from.encode())
    digest.update(bytes(labels))
    digest.update(repr(settings).encode())
    return digest.hexdigest()


_kept: dict[str, Shipped] = {}
_kept_lock = threading.Lock()

Net = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""Hidden weights and biases, then output weights and bias."""
NET_FILE = "crisis-network.npz"
"""Where the data folder keeps the trained crisis network between starts (and `bot train` ships
it)."""
NET_PARTS = ("hidden_w", "hidden_b", "out_w", "out_b")
"""A kept file's arrays, each one row per network, in Net's order."""
DANGER_FILE = "danger-model.npz"
"""Where the data folder keeps the danger model between starts (and `bot train` ships it)."""
DANGER_PARTS = ("weights", "bias")


def _net_score(net: Net, x: np.ndarray) -> np.ndarray:
    hidden_w, hidden_b, out_w, out_b = net
    score: np.ndarray = np.maximum(x @ hidden_w + hidden_b, 0) @ out_w + out_b[0]
    return score


def _train_net(x: np.ndarray, y: np.ndarray, weight: np.ndarray, seed: int) -> Net:
    """Mini-batch Adam on the weighted log-loss, with a light L2 penalty on the weights."""
    rng = np.random.default_rng(seed)
    size = x.shape[1]
    params = [
        rng.normal(0, np.sqrt(2 / size), (size, HIDDEN)).astype(np.float32),
        np.zeros(HIDDEN, np.float32),
        rng.normal(0, np.sqrt(1 / HIDDEN), HIDDEN).astype(np.float32),
        np.zeros(1, np.float32),
    ]
    mean = [np.zeros_like(p) for p in params]
    square = [np.zeros_like(p) for p in params]
    step = 0
    for _ in range(EPOCHS):
        order = rng.permutation(len(x))
        for start in range(0, len(x), BATCH):
            rows = order[start : start + BATCH]
            inputs = x[rows]
            before = inputs @ params[0] + params[1]
            hidden = np.maximum(before, 0)
            chance = _sigmoid(hidden @ params[2] + params[3][0])
            error = (weight[rows] * (chance - y[rows]) / len(rows)).astype(np.float32)
            back = np.outer(error, params[2]) * (before > 0)
            grads = [
                inputs.T @ back + NET_L2 * params[0],
                back.sum(axis=0),
                hidden.T @ error + NET_L2 * params[2],
                np.array([error.sum()], np.float32),
            ]
            step += 1
            for n, grad in enumerate(grads):
                mean[n] = 0.9 * mean[n] + 0.1 * grad
                square[n] = 0.999 * square[n] + 0.001 * grad * grad
                fresh_mean = mean[n] / (1 - 0.9**step)
                fresh_square = square[n] / (1 - 0.999**step)
                params[n] -= NET_RATE * fresh_mean / (np.sqrt(fresh_square) + 1e-8)
                for values in (params[n], mean[n], square[n]):
                    values[np.abs(values) < FLUSH_BELOW] = 0
    return params[0], params[1], params[2], params[3]


def _balanced(y: np.ndarray) -> np.ndarray:
    """Per-example weights that give danger and calm equal say however rare danger is."""
    positive, negative = max(y.sum(), 1.0), max(len(y) - y.sum(), 1.0)
    weight: np.ndarray = np.where(y == 1, len(y) / (2 * positive), len(y) / (2 * negative))
    return weight


def _curvature(
    x: np.ndarray, spread: np.ndarray, penalty: np.ndarray
) -> Callable[[np.ndarray], np.ndarray]:
    """The log-loss's curvature times a vector, without forming the matrix."""
    return lambda v: x.T @ (spread * (x @ v)) + penalty * v


def _conjugate_gradients(
    times: Callable[[np.ndarray], np.ndarray], target: np.ndarray
) -> np.ndarray:
    """Solve A s = target for a symmetric positive definite A given only as `times` (s -> A s),
    to a hundredth of the target's size, which Newton's method needs and no more."""
    solution = np.zeros_like(target)
    residual = target.copy()
    direction = residual.copy()
    size = float(residual @ residual)
    enough = 1e-4 * size
    for _ in range(len(target)):
        if size <= enough:
            break
        moved = times(direction)
        alpha = size / float(direction @ moved)
        solution += alpha * direction
        residual -= alpha * moved
        new_size = float(residual @ residual)
        direction = residual + (new_size / size) * direction
        size = new_size
    return solution


def _sigmoid(z: np.ndarray) -> np.ndarray:
    result: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
    return result
