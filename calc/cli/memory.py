"""Freed memory kept for the next partition of a batch run.

By default glibc's malloc gives every block over 128 KiB its own pages from the system and
hands them back when freed, so each partition's columns, the same sizes as the last one's, are
faulted in anew (Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536, which keeps it so).
A batch run asks malloc to serve such blocks from its heap, where a freed one is reused:
the output is the same and the memory still that of a partition or two (make bench)."""

from __future__ import annotations

import ctypes

M_TRIM_THRESHOLD = -1       # glibc's malloc.h
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 1 << 30    # blocks under 1 GiB come from the heap, so they can be reused
TRIM_THRESHOLD = 1 << 30    # freed memory at the top of the heap is kept up to this much


def keep_freed_memory(trim: int | None = TRIM_THRESHOLD) -> bool:
    """Ask this process's malloc to keep freed blocks, and up to ``trim`` bytes free at the top
    of its heap (None: leave the process's own setting); False where it is not glibc's."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False            # not glibc (macOS, Windows): nothing to tune
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and \
        (trim is None or bool(mallopt(M_TRIM_THRESHOLD, trim)))
