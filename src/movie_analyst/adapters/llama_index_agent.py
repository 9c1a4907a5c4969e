"""The Agent port as a llama-index ReActAgent over our LLM gateway and media catalog."""

from collections.abc import AsyncGenerator
from typing import Any

import anyio
from llama_index.core.agent.workflow import (
    AgentInput,
    AgentStream,
    ReActAgent,
    ToolCall,
    ToolCallResult,
)
from llama_index.core.base.llms.types import ChatMessage
from llama_index.core.bridge.pydantic import PrivateAttr
from llama_index.core.workflow import Event
from workflows.errors import WorkflowRuntimeError, WorkflowTimeoutError

from movie_analyst.adapters.llama_index.answer_filter import AnswerFilter
from movie_analyst.adapters.llama_index.catalog_tools import catalog_tools
from movie_analyst.adapters.llama_index.gateway_llm import GatewayLLM
from movie_analyst.adapters.llama_index.mimic import MimicStreaming
from movie_analyst.adapters.llama_index.prompts import SYSTEM_PROMPT
from movie_analyst.adapters.llama_index.run_memory import RunMemory, Tokenizer
from movie_analyst.adapters.llama_index.usage import CURRENT_USAGE, TokenUsage
from movie_analyst.application.errors import (
    AgentGaveUp,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamTimeout,
)
from movie_analyst.application.media_tools import summarize_call, summarize_result
from movie_analyst.application.ports.agent import Agent, AgentEvent, AgentFinal
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.message import estimate_tokens
from movie_analyst.domain.run_event import AnswerToken, ToolStep

# Workflows are kept per model; a run's state lives in its own workflow Context, so one
# workflow object serves concurrent runs. Bounded in case clients send many model names.
MAX_CACHED_MODELS = 16


def estimate_tokenizer(text: str) -> list[int]:
    """Offline budget estimate for llama-index memory (it only counts the list's length)."""
    return [0] * estimate_tokens(text)


class _SharedReActAgent(ReActAgent):
    """A ReActAgent meant to live long and serve many runs.

    The workflow runtime asks for the step table about a dozen times per run, and each time
    rebuilds it with `inspect.getmembers` (a quarter of the agent's CPU per run). The steps of
    an instance never change, so the table is computed once.
    """

    _steps: dict[str, Any] | None = PrivateAttr(default=None)

    def _get_steps(self) -> dict[str, Any]:
        if self._steps is None:
            self._steps = super()._get_steps()
        return self._steps


class LlamaIndexAgent(Agent):
    """A ReActAgent workflow per model, built once and shared by every run of that model.

    Streams only the text after "Answer:"; closing the iterator calls the workflow's own
    `cancel_run()` inside a shielded scope, which cancels the step in flight and so closes the
    gateway stream (the upstream request is aborted, not left running).
    """

    def __init__(
        self,
        *,
        gateway: LLMGateway,
        catalog: MediaCatalog,
        max_iterations: int,
        mimic: MimicStreaming,
        memory_token_limit: int,
        max_output_tokens: int | None = None,
        default_region: str = "US",
        system_prompt: str = SYSTEM_PROMPT,
        tokenizer_fn: Tokenizer = estimate_tokenizer,
    ) -> None:
        self._gateway = gateway
        self._catalog = catalog
        self._max_iterations = max_iterations
        self._mimic = mimic
        self._memory_token_limit = memory_token_limit
        self._max_output_tokens = max_output_tokens
        self._region = default_region
        self._system_prompt = system_prompt
        self._tokenizer_fn = tokenizer_fn
        self._tools = catalog_tools(catalog, default_region)
        self._workflows: dict[tuple[str | None, bool], ReActAgent] = {}

    def run(
        self, *, history: list[ChatTurn], message: str, model: str | None, stream: bool = True
    ) -> AsyncGenerator[AgentEvent, None]:
        return self._run(history, message, model, stream)

    async def _run(
        self, history: list[ChatTurn], message: str, model: str | None, stream: bool
    ) -> AsyncGenerator[AgentEvent, None]:
        usage = TokenUsage()
        CURRENT_USAGE.set(usage)  # before run(): the workflow's tasks copy this context
        handler = self._workflow(model, stream).run(
            user_msg=message, memory=self._memory(history), max_iterations=self._max_iterations
        )
        answer = AnswerFilter()
        try:
            async for event in handler.stream_events():
                _raise_upstream_failure(event)
                step = _translate(event, answer)
                if step is not None:
                    yield step
            result = await handler
        except WorkflowRuntimeError as exc:
            raise self._explain(exc) from exc
        except WorkflowTimeoutError as exc:
            raise UpstreamTimeout(str(exc), upstream="agent") from exc
        finally:
            with anyio.CancelScope(shield=True):
                if not handler.is_done():
                    await handler.cancel_run()
        yield AgentFinal(
            text=str(result), input_tokens=usage.input_tokens, output_tokens=usage.output_tokens
        )

    def _workflow(self, model: str | None, stream: bool) -> ReActAgent:
        # A non-stream run uses a non-streaming workflow: one whole reply per model call.
        workflow = self._workflows.get((model, stream))
        if workflow is None:
            if len(self._workflows) >= MAX_CACHED_MODELS:
                self._workflows.pop(next(iter(self._workflows)))
            workflow = self._workflows[model, stream] = self._build_workflow(model, stream)
        return workflow

    def _build_workflow(self, model: str | None, stream: bool) -> _SharedReActAgent:
        llm = GatewayLLM(
            gateway=self._gateway,
            model=model,
            mimic=self._mimic,
            max_output_tokens=self._max_output_tokens,
        )
        return _SharedReActAgent(
            tools=self._tools,
            llm=llm,
            system_prompt=self._system_prompt,
            timeout=None,  # the run's own timeout (ExecuteRun) bounds it
            streaming=stream,
        )

    def _memory(self, history: list[ChatTurn]) -> RunMemory:
        memory = RunMemory(token_limit=self._memory_token_limit, tokenizer_fn=self._tokenizer_fn)
        memory.set([ChatMessage(role=turn.role, content=turn.content) for turn in history])
        return memory

    def _explain(self, exc: WorkflowRuntimeError) -> UpstreamError:
        if "Max iterations" in str(exc):
            return AgentGaveUp(self._max_iterations)
        return UpstreamBadResponse(f"the agent stopped: {exc}", upstream="llm")


def _raise_upstream_failure(event: Event) -> None:
    """llama-index turns a tool's exception into an observation for the model; a live
    service failing after retries should fail the run instead (see `call_tool`)."""
    if isinstance(event, ToolCallResult) and isinstance(event.tool_output.exception, UpstreamError):
        raise event.tool_output.exception


def _translate(event: Event, answer: AnswerFilter) -> AgentEvent | None:
    if isinstance(event, AgentInput):
        answer.reset()
    elif isinstance(event, AgentStream):
        piece = answer.feed(event.response)
        return AnswerToken(content=piece) if piece else None
    elif isinstance(event, ToolCallResult):  # a subclass of ToolCall: test it first
        data = event.tool_output.content
        summary = summarize_result(event.tool_name, data)
        return ToolStep(type="tool_result", tool=event.tool_name, summary=summary, data=data)
    elif isinstance(event, ToolCall):
        summary = summarize_call(event.tool_name, event.tool_kwargs)
        return ToolStep(type="tool_call", tool=event.tool_name, summary=summary)
    return None
