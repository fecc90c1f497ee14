"""LangGraph: the triggered / completed / failed events of a compiled graph's runs.

Install the ``langgraph`` extra. :func:`instrument` wraps a compiled graph; its ``invoke``,
``ainvoke``, ``stream`` and ``astream`` run the graph as before and emit, per call,
triggered (the input summarised: its type and keys), then completed or failed (the
exception goes on unchanged)::

    from workflow_events.integrations import langgraph as workflow_events

    events = workflow_events.emitter(producer, environment="prod")
    graph = workflow_events.instrument(builder.compile(), events, "support_agent")
    graph.invoke({"question": "…"}, {"configurable": {"thread_id": "t-1"}})

``workflow_id`` defaults to the graph's ``name``; the run id is the config's ``run_id``
when given, else a new UUID (hex); a ``thread_id`` goes into the payload. A run that an
``interrupt()`` paused ends without an error in LangGraph: it is reported as completed
with ``status`` ``"interrupted"`` (not ``"success"``) and the number of interrupts; the
resumed run (``Command(resume=…)``) is a new run of the same thread. A stream that the
caller stops early is completed with ``status`` ``"stopped"``. The events are queued for
the emitter's thread: a run never waits for the broker; call ``events.close()`` at
shutdown to wait (at most its ``timeout``) for those still queued (done at process exit
otherwise).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any

from ._core import (
    DEFAULT_QUEUE_SIZE,
    DEFAULT_TIMEOUT,
    DEFAULT_TOPIC,
    Emitter,
    Publisher,
    Run,
    current_run,
)
from ._core import reset_current as _reset
from ._core import set_current as _set

__all__ = ["SOURCE", "InstrumentedGraph", "current_run", "emitter", "instrument"]

SOURCE = "langgraph"
"""The ``source`` of the events of this integration."""

_INTERRUPT = "__interrupt__"
_KEYS = 50
"""Input keys listed in the triggered event's payload at most."""


def emitter(
    publisher: Publisher,
    *,
    environment: str | None = None,
    topic: str = DEFAULT_TOPIC,
    timeout: float = DEFAULT_TIMEOUT,
    queue_size: int = DEFAULT_QUEUE_SIZE,
) -> Emitter:
    """An :class:`~workflow_events.integrations.Emitter` with ``source`` ``langgraph``."""
    return Emitter(
        publisher,
        SOURCE,
        environment=environment,
        topic=topic,
        timeout=timeout,
        queue_size=queue_size,
    )


def summarize(value: Any) -> dict[str, object]:
    """The input's type and, for a mapping, its (first 50, sorted) keys and count."""
    found: dict[str, object] = {"input_type": type(value).__name__}
    if isinstance(value, Mapping):
        keys = sorted(str(k) for k in value)
        found["input_keys"] = keys[:_KEYS]
        found["input_key_count"] = len(keys)
    return found


def _interrupts(value: Any) -> int:
    if isinstance(value, Mapping) and _INTERRUPT in value:
        found = value[_INTERRUPT]
        return len(found) if isinstance(found, (list, tuple)) else 1
    return 0


def _ending(interrupts: int) -> dict[str, object]:
    if interrupts:
        return {"status": "interrupted", "interrupts": interrupts}
    return {}


def instrument(
    graph: Any, events: Emitter, workflow_id: str | None = None
) -> InstrumentedGraph:
    """``graph`` (a compiled LangGraph graph) emitting the events of each run."""
    return InstrumentedGraph(graph, events, workflow_id)


class InstrumentedGraph:
    """A compiled graph whose runs emit events; everything else is the graph's."""

    def __init__(
        self, graph: Any, events: Emitter, workflow_id: str | None = None
    ) -> None:
        self.graph = graph
        self.events = events
        self.workflow_id = workflow_id or str(getattr(graph, "name", None) or "graph")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.graph, name)

    def _start(self, input: Any, config: Any) -> Run:
        data = summarize(input)
        run_id = None
        if isinstance(config, Mapping):
            if config.get("run_id") is not None:
                run_id = str(config["run_id"])
            configurable = config.get("configurable")
            if isinstance(configurable, Mapping) and "thread_id" in configurable:
                data["thread_id"] = str(configurable["thread_id"])
        return self.events.start(self.workflow_id, run_id, data)

    def invoke(self, input: Any, config: Any = None, **kwargs: Any) -> Any:
        """``graph.invoke`` as one run."""
        run = self._start(input, config)
        token = _set(run)
        try:
            result = self.graph.invoke(input, config, **kwargs)
        except BaseException as error:
            run.failed(error)
            raise
        finally:
            _reset(token)
        run.completed(_ending(_interrupts(result)))
        return result

    async def ainvoke(self, input: Any, config: Any = None, **kwargs: Any) -> Any:
        """``graph.ainvoke`` as one run."""
        run = self._start(input, config)
        token = _set(run)
        try:
            result = await self.graph.ainvoke(input, config, **kwargs)
        except BaseException as error:
            run.failed(error)
            raise
        finally:
            _reset(token)
        run.completed(_ending(_interrupts(result)))
        return result

    def stream(self, input: Any, config: Any = None, **kwargs: Any) -> Iterator[Any]:
        """``graph.stream`` as one run: triggered at the first ``next``."""
        run = self._start(input, config)
        interrupts = 0
        try:
            for chunk in self.graph.stream(input, config, **kwargs):
                interrupts += _interrupts(chunk)
                yield chunk
        except GeneratorExit:
            run.completed({"status": "stopped"})
            raise
        except BaseException as error:
            run.failed(error)
            raise
        run.completed(_ending(interrupts))

    async def astream(
        self, input: Any, config: Any = None, **kwargs: Any
    ) -> AsyncIterator[Any]:
        """``graph.astream`` as one run: triggered at the first ``anext``."""
        run = self._start(input, config)
        interrupts = 0
        try:
            async for chunk in self.graph.astream(input, config, **kwargs):
                interrupts += _interrupts(chunk)
                yield chunk
        except GeneratorExit:
            run.completed({"status": "stopped"})
            raise
        except BaseException as error:
            run.failed(error)
            raise
        run.completed(_ending(interrupts))
