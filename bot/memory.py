"""Give memory freed while loading back to the system, so the running bot stays small."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc


def release_freed_memory() -> None:
    """Loading the knowledge and the meaning model frees many small objects, whose pages glibc
    keeps unless asked (malloc_trim); about 10 MiB of the bot's resident memory. Elsewhere a
    no-op."""
    gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to ask
        pass
