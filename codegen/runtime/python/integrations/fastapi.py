"""FastAPI: the triggered / completed / failed events of an endpoint or a background task.

Install the ``fastapi`` extra. ``@workflow(events)`` wraps an endpoint (sync or async):
triggered when the request reaches it, completed when it returns, failed when it raises
(an ``HTTPException``'s ``status_code`` goes into the payload; the exception goes on to
FastAPI unchanged). A background task runs after the response was sent, so its failure
never shows in the status code (a failing task still answers 200): wrap the task with
:func:`background` to get its own run, with the request's run as ``parent_run_id``.
The events are queued for the emitter's thread: a request never waits for the broker.
:func:`lifespan` waits (at most the emitter's ``timeout``) for the events still queued
when the app shuts down::

    from workflow_events.integrations import fastapi as workflow_events

    events = workflow_events.emitter(producer, environment="prod")
    app = FastAPI(lifespan=workflow_events.lifespan(events))

    @app.post("/orders")
    @workflow_events.workflow(events, "create_order")
    async def create_order(order: Order, tasks: BackgroundTasks) -> dict[str, str]:
        tasks.add_task(workflow_events.background(events, send_receipt), order.id)
        return {"run_id": workflow_events.current_run().run_id}
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, ParamSpec, TypeVar, cast

from ._core import (
    DEFAULT_QUEUE_SIZE,
    DEFAULT_TIMEOUT,
    DEFAULT_TOPIC,
    Emitter,
    Publisher,
    current_run,
)
from ._core import reset_current as _reset
from ._core import set_current as _set

__all__ = ["SOURCE", "background", "current_run", "emitter", "lifespan", "workflow"]

SOURCE = "fastapi"
"""The ``source`` of the events of this integration."""

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


def emitter(
    publisher: Publisher,
    *,
    environment: str | None = None,
    topic: str = DEFAULT_TOPIC,
    timeout: float = DEFAULT_TIMEOUT,
    queue_size: int = DEFAULT_QUEUE_SIZE,
) -> Emitter:
    """An :class:`~workflow_events.integrations.Emitter` with ``source`` ``fastapi``."""
    return Emitter(
        publisher,
        SOURCE,
        environment=environment,
        topic=topic,
        timeout=timeout,
        queue_size=queue_size,
    )


Lifespan = Callable[[Any], AbstractAsyncContextManager[Any]]
"""A FastAPI ``lifespan``: called with the app, an async context manager."""


def lifespan(events: Emitter, inner: Lifespan | None = None) -> Lifespan:
    """A FastAPI ``lifespan`` (``FastAPI(lifespan=lifespan(events))``) that closes
    ``events`` when the app shuts down: the events still queued get at most its
    ``timeout`` seconds to be delivered (off the event loop). ``inner``: the app's own
    lifespan, run inside this one (its state is the app's)."""

    @asynccontextmanager
    async def run(app: Any) -> AsyncIterator[Any]:
        try:
            if inner is None:
                yield None
            else:
                async with inner(app) as state:
                    yield state
        finally:
            await asyncio.to_thread(events.close)

    return run


def workflow(events: Emitter, workflow_id: str | None = None) -> Callable[[F], F]:
    """Decorates an endpoint (under the route decorator): one run per call.

    ``workflow_id`` defaults to the function's name; the run id is a new UUID (hex),
    :func:`current_run` inside the endpoint.
    """

    def decorate(endpoint: F) -> F:
        name = workflow_id or endpoint.__name__
        data: dict[str, object] = {"endpoint": endpoint.__qualname__}
        return cast(F, _as_run(events, name, data, endpoint))

    return decorate


def background(
    events: Emitter, task: Callable[P, R], workflow_id: str | None = None
) -> Callable[P, R]:
    """``task`` as a run of its own, for ``BackgroundTasks.add_task`` (sync or async).

    Called inside a :func:`workflow` endpoint, the payload names that request's run as
    ``parent_run_id``. The task's exception goes on, after the failed event.
    """
    name = workflow_id or task.__name__
    data: dict[str, object] = {"task": task.__qualname__}
    parent = current_run()
    if parent is not None:
        data["parent_run_id"] = parent.run_id
        data["parent_workflow_id"] = parent.workflow_id
    return _as_run(events, name, data, task)


def _as_run(
    events: Emitter, name: str, data: dict[str, object], function: Callable[P, R]
) -> Callable[P, R]:
    """``function`` (sync or async) with each call one run: completed, or failed and raised."""
    if inspect.iscoroutinefunction(function):
        call = cast(Callable[..., Awaitable[Any]], function)

        @functools.wraps(function)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            run = events.start(name, data=data)
            token = _set(run)
            try:
                result = await call(*args, **kwargs)
            except BaseException as error:
                run.failed(error)
                raise
            finally:
                _reset(token)
            run.completed()
            return result

        return cast(Callable[P, R], run_async)

    @functools.wraps(function)
    def run_sync(*args: P.args, **kwargs: P.kwargs) -> R:
        with events.run(name, data=data):
            return function(*args, **kwargs)

    return run_sync
