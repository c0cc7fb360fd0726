"""Meaning-based matching: sentence embeddings from a small local model (all-MiniLM-L6-v2).

Words alone miss "my wife is in bits over what people post" -> supporting family. The model turns
each question into a vector so that questions meaning the same thing sit close together. It runs
on the CPU through onnxruntime (int8, 23 MB), needs no network, and the bot still answers
without it.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

PROJECT_MODEL = Path(__file__).resolve().parent.parent / "models" / "minilm-l6-int8"
"""The shipped model: see models/minilm-l6-int8/README.md for where it comes from."""
MAX_TOKENS = 64
"""Word pieces read per text: long stories are matched on their words, not only their start."""
MEMO = 50_000
"""Knowledge phrases whose vectors are remembered, so a reload re-encodes only what changed.
Candidates' questions are never remembered."""
NEAREST = 200
"""Phrases looked at per question: the nearest ones decide, the rest cannot win."""
RUNNERS_UP = 0.3
"""Weight of an item's second and third closest phrases: several close phrases beat one."""


class Encoder:
    """Turns texts into unit-length vectors with the ONNX model (mean of its token outputs)."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 2
        options.inter_op_num_threads = 1
        options.enable_cpu_mem_arena = False
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.memo: dict[str, np.ndarray] = {}
        self.lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length row per knowledge phrase (a dot product is the cosine similarity)."""
        with self.lock:
            for text in dict.fromkeys(t for t in texts if t not in self.memo):
                self.memo[text] = self._run(text)
            rows = [self.memo[t] for t in texts]
            if len(self.memo) > MEMO:
                self.memo.clear()
        return np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32)

    def encode_question(self, text: str) -> np.ndarray:
        """The unit-length vector of one candidate's message, encoded alone and not kept."""
        with self.lock:
            return self._run(text)

    def _run(self, text: str) -> np.ndarray:
        """Encode one text on its own: int8 scales depend on the whole batch, so a phrase is
        never batched with others and gets exactly the vector the same question would."""
        ids = np.array([self.tokenizer.encode(text).ids], dtype=np.int64)
        mask, types = np.ones_like(ids), np.zeros_like(ids)
        inputs = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        mean = self.session.run(None, inputs)[0][0].mean(axis=0)
        result: np.ndarray = (mean / max(float(np.linalg.norm(mean)), 1e-9)).astype(np.float32)
        return result


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

    def __init__(self, encoder: Encoder, phrases: Sequence[tuple[str, str]]) -> None:
        self.encoder = encoder
        self.labels = [item for item, _ in phrases]
        self.vectors = encoder.encode([text for _, text in phrases])

    def similarities(self, text: str) -> dict[str, tuple[float, float]]:
        """Per nearby item: (closest phrase plus a little for the next two, closest phrase).

        Only the nearest phrases are looked at, so a very large knowledge base stays fast.
        """
        if not self.labels:
            return {}
        sims = self.vectors @ self.encoder.encode_question(text)
        count = min(NEAREST, len(sims))
        nearest = np.argpartition(-sims, count - 1)[:count]
        found: dict[str, list[float]] = defaultdict(list)
        for row in nearest[np.argsort(-sims[nearest])]:
            found[self.labels[row]].append(float(sims[row]))
        return {
            item: (best[0] + RUNNERS_UP * sum(best[1:3]), best[0]) for item, best in found.items()
        }
