"""Meaning-based matching: sentence embeddings from a small local model (all-MiniLM-L6-v2).

Words alone miss "my wife is in bits over what people post" -> supporting family. The model turns
each question into a vector so that questions meaning the same thing sit close together. It runs
on the CPU through onnxruntime (int8, 23 MB, of which the 11 MB word table is read from disk),
needs no network, and the bot still answers without it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import weakref
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from bot.kept import keep, read_kept
from bot.wordpiece import WordPiece

log = logging.getLogger(__name__)

PROJECT_MODEL = Path(__file__).resolve().parent.parent / "models" / "minilm-l6-tuned"
"""The shipped model: see models/minilm-l6-tuned/README.md for where it comes from."""
MAX_TOKENS = 64
"""Word pieces read per text: long stories are matched on their words, not only their start."""
MEMO = 50_000
"""Knowledge phrases whose vectors are remembered, so a reload re-encodes only what changed.
Candidates' questions are never remembered."""
NEAREST = 200
"""Phrases looked at per question: the nearest ones decide, the rest cannot win."""
RUNNERS_UP = 0.3
"""Weight of an item's second and third closest phrases: several close phrases beat one."""
WORD_TABLE = "words.npy"
"""The model's quantised word table, kept out of its graph and read from disk row by row."""
WORD_ROWS = "word_rows"
"""The graph input that takes a text's rows of the word table."""
VECTORS_FILE = "phrase-vectors.npz"
"""Where, in the bot's data folder, knowledge phrases' vectors are kept between starts (the model
takes about 6 s to encode every phrase; reading them back takes a few milliseconds)."""


class Encoder:
    """Turns texts into unit-length vectors with the ONNX model (mean of its token outputs)."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # two spin after each run and slow the search after it
        options.inter_op_num_threads = 1
        options.enable_cpu_mem_arena = False
        options.log_severity_level = 3
        self.folder = folder
        self.session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = WordPiece.from_file(folder / "tokenizer.json", MAX_TOKENS)
        self.words = WordTable(folder / WORD_TABLE, len(self.tokenizer.vocabulary))
        files = [folder / name for name in ("model.onnx", WORD_TABLE, "tokenizer.json")]
        self.model = ":".join(_file_digest(f) for f in files) + f":{MAX_TOKENS}"
        """Vectors kept on disk are only reused with the model and reading that made them."""
        self.memo: dict[str, np.ndarray] = {}
        """Knowledge phrases' vectors, by a digest of the phrase."""
        self.lock = threading.Lock()

    def encode(self, texts: Sequence[str], kept: Path | None = None) -> np.ndarray:
        """One unit-length row per knowledge phrase (a dot product is the cosine similarity).

        With `kept`, vectors an earlier start kept there are reused and the file is brought up
        to date; the file then serves the next build, so they are not also held in memory.
        """
        keys = [_text_digest(t) for t in texts]
        found = self._load(kept) if kept else set()
        with self.lock:
            for key, text in dict(zip(keys, texts, strict=True)).items():
                if key not in self.memo:
                    self.memo[key] = self._run(text)
            rows = [self.memo[k] for k in keys]
            if kept or len(self.memo) > MEMO:
                self.memo.clear()
        vectors = np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)
        if kept and not found.issuperset(keys):
            self._save(kept, keys, vectors)
        return vectors

    def _load(self, path: Path) -> set[str]:
        """Take phrase vectors kept by an earlier start; the digests of those taken."""
        found = read_kept(path, ("model", self.model), ("keys", "vectors"), "phrase vectors")
        if found is None:
            return set()
        keys, vectors = [str(k) for k in found[0]], found[1]
        with self.lock:
            self.memo.update(zip(keys, vectors.astype(np.float32), strict=True))
        return set(keys)

    def _save(self, path: Path, keys: Sequence[str], vectors: np.ndarray) -> None:
        """Keep these vectors (one row per key) for the next start."""
        rows = {key: n for n, key in enumerate(keys)}
        unique, vectors = list(rows), vectors[list(rows.values())]
        arrays = {"model": np.array(self.model), "keys": np.array(unique), "vectors": vectors}
        keep(path, arrays, "phrase vectors")

    def encode_question(self, text: str) -> np.ndarray:
        """The unit-length vector of one candidate's message, encoded alone and not kept."""
        with self.lock:
            return self._run(text)

    def _run(self, text: str) -> np.ndarray:
        """Encode one text on its own: int8 scales depend on the whole batch, so a phrase is
        never batched with others and gets exactly the vector the same question would."""
        pieces = self.tokenizer.encode(text)
        ids = np.array([pieces], dtype=np.int64)
        mask, types = np.ones_like(ids), np.zeros_like(ids)
        inputs = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        inputs[WORD_ROWS] = self.words.rows(pieces)
        mean = self.session.run(None, inputs)[0][0].mean(axis=0)
        result: np.ndarray = (mean / max(float(np.linalg.norm(mean)), 1e-9)).astype(np.float32)
        return result


class WordTable:
    """The word table (30,522 rows of 384 bytes), read a message's few rows at a time from
    disk: held in memory it would cost the bot 11 MiB, and the operating system caches it."""

    def __init__(self, path: Path, words: int) -> None:
        """`words`: the tokenizer's vocabulary size, which the table must cover."""
        table = np.load(path, mmap_mode="r")  # reads the header and checks the size, no rows
        if table.ndim != 2 or not table.flags.c_contiguous or len(table) < words:
            raise ValueError(f"{path.name}: not a word table for this tokenizer")
        self.dtype, self.width, self.start = table.dtype, table.shape[1], table.offset
        self.row_bytes = self.width * table.itemsize
        del table  # unmapped: rows are read with pread, never mapped
        self.file = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, self.file)

    def rows(self, ids: Sequence[int]) -> np.ndarray:
        """The rows of these word ids, as one batch of one text."""
        size = self.row_bytes
        data = b"".join(os.pread(self.file, size, self.start + i * size) for i in ids)
        return np.frombuffer(data, dtype=self.dtype).reshape(1, len(ids), self.width)


def _text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _file_digest(path: Path) -> str:
    with path.open("rb") as model:
        return hashlib.file_digest(model, "sha256").hexdigest()


@lru_cache(maxsize=1)
def shared_encoder(folder: Path = PROJECT_MODEL) -> Encoder | None:
    """The process's one encoder, or None (words-only search) if the model cannot load."""
    try:
        return Encoder(folder)
    except Exception as error:  # a missing or broken model must not stop the bot
        log.warning("meaning-based search is off: %s", type(error).__name__)
        return None


class SemanticIndex:
    """Vectors of every phrase that should lead to an item: titles, questions, examples."""

    def __init__(
        self, encoder: Encoder, phrases: Sequence[tuple[str, str]], kept: Path | None = None
    ) -> None:
        """`kept`: a file where phrase vectors are kept between starts (None: not kept)."""
        self.encoder = encoder
        self.model, self.folder = encoder.model, encoder.folder
        self.labels = [item for item, _ in phrases]
        self.vectors = encoder.encode([text for _, text in phrases], kept)
        self.rows = {text: row for row, (_, text) in enumerate(phrases)}

    def vector(self, text: str) -> np.ndarray:
        """A phrase's vector: the one held if the phrase is indexed, else encoded now."""
        row = self.rows.get(text)
        return self.vectors[row] if row is not None else self.encode(text)

    def encode(self, text: str) -> np.ndarray:
        """A candidate's message as a vector, to share between triage and search."""
        return self.encoder.encode_question(text)

    def similarities(
        self, text: str, vector: np.ndarray | None = None
    ) -> dict[str, tuple[float, float]]:
        """Per nearby item: (closest phrase plus a little for the next two, closest phrase).

        Only the nearest phrases are looked at, so a very large knowledge base stays fast.
        `vector`: the message's vector if already encoded.
        """
        if not self.labels:
            return {}
        sims = self.vectors @ (self.encode(text) if vector is None else vector)
        count = min(NEAREST, len(sims))
        nearest = np.argpartition(-sims, count - 1)[:count]
        found: dict[str, list[float]] = defaultdict(list)
        for row in nearest[np.argsort(-sims[nearest])]:
            found[self.labels[row]].append(float(sims[row]))
        return {
            item: (best[0] + RUNNERS_UP * sum(best[1:3]), best[0]) for item, best in found.items()
        }
