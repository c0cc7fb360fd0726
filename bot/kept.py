"""Arrays the bot keeps in its data folder between starts (phrase vectors, the learned models),
so a restart skips work it has done before. A missing, stale or damaged file only costs that work
again, and a disk that cannot be written only costs start-up time: neither ever stops the bot."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)


def read_kept(
    path: Path, stamp: tuple[str, str], names: Sequence[str], what: str
) -> list[np.ndarray] | None:
    """The arrays `names` kept in `path`, if its stamp (a field and the value it must hold:
    the model, or the examples and settings, that made them) matches; else None."""
    field, value = stamp
    try:
        with np.load(path, allow_pickle=False) as kept:
            if str(kept[field]) != value:
                return None
            return [kept[name] for name in names]
    except FileNotFoundError:
        return None
    except Exception as error:  # a damaged file is made again, never fatal
        log.warning("%s in %s not used: %s", what, path, type(error).__name__)
        return None


def keep(path: Path, arrays: dict[str, Any], what: str) -> None:
    """Keep these arrays (numpy arrays, by name) for the next start: written whole, then moved
    in place, so a start never reads half a file."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as out:
            np.savez(out, **arrays)
        os.replace(partial, path)
    except OSError as error:  # a read-only disk costs start-up time, nothing else
        log.warning("%s not kept in %s: %s", what, path, type(error).__name__)
        with contextlib.suppress(OSError):  # no half-written file is left behind
            partial.unlink()
