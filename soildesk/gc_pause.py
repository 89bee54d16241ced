"""Pausing Python's cycle collector while thousands of small objects are made at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Reading, storing or writing a big table makes tens of thousands of objects that
    live until the work ends; the collector ran over them again and again with nothing
    to free (a tenth of a 10,000-row import). Nested use keeps the outer pause."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
