"""Running the async pipeline from synchronous code, inside or outside an event loop.

``asyncio.run`` refuses to start when a loop is already running in the thread — as it always is
in Jupyter and in async web handlers — so ``Verifier.check()`` would fail exactly where
journalists try the library first. Inside a running loop the coroutine runs to completion on
a fresh loop in one worker thread instead.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """The coroutine's result, whether or not this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        # the worker runs in a copy of this context: the cassette being recorded or replayed
        # (verify.replay) is seen there too
        return pool.submit(contextvars.copy_context().run, asyncio.run, coro).result()
