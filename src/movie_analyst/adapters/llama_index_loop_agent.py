"""The Agent port as a plain ReAct loop over our LLM gateway (`AGENT_ENGINE=react-loop`).

The same protocol and outcomes as the Workflow `ReActAgent` adapter (see `react_steps`), without
the workflow runtime: no step dispatcher, spans, event objects or tasks per step. One run is one
async generator in the consumer's task, so cancelling that task or closing the generator stops
the run where it is and closes the gateway stream in flight (the upstream request is aborted).
"""

from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Any

from movie_analyst.adapters.llama_index.answer_filter import AnswerFilter
from movie_analyst.adapters.llama_index.catalog_tools import CatalogTool, catalog_tools
from movie_analyst.adapters.llama_index.mimic import MimicStreaming
from movie_analyst.adapters.llama_index.model_call import ModelCall
from movie_analyst.adapters.llama_index.prompts import SYSTEM_PROMPT
from movie_analyst.adapters.llama_index.react_steps import (
    Act,
    Final,
    Retry,
    read_reply,
    system_header,
)
from movie_analyst.adapters.llama_index.usage import TokenUsage
from movie_analyst.application.errors import AgentGaveUp, UpstreamError
from movie_analyst.application.media_tools import call_tool, summarize_call, summarize_result
from movie_analyst.application.ports.agent import Agent, AgentEvent, AgentFinal
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.domain.llm import ChatTurn, LLMRequest
from movie_analyst.domain.message import estimate_tokens
from movie_analyst.domain.run_event import AnswerToken, ToolStep


class LlamaIndexLoopAgent(Agent):
    """Holds only what never changes between runs (tools, the rendered header): every run's
    state is local to its generator, so one instance serves any number of concurrent runs."""

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
    ) -> None:
        self._gateway = gateway
        self._max_iterations = max_iterations
        self._mimic = mimic
        self._memory_token_limit = memory_token_limit
        self._max_output_tokens = max_output_tokens
        tools = [t for t in catalog_tools(catalog, default_region) if isinstance(t, CatalogTool)]
        self._tools = {tool.metadata.name for tool in tools}
        self._catalog = catalog
        self._region = default_region
        self._header = ChatTurn(role="system", content=system_header(tools, system_prompt))

    def run(
        self, *, history: list[ChatTurn], message: str, model: str | None, stream: bool = True
    ) -> AsyncGenerator[AgentEvent, None]:
        return self._run(history, message, model, stream)

    async def _run(
        self, history: list[ChatTurn], message: str, model: str | None, stream: bool
    ) -> AsyncGenerator[AgentEvent, None]:
        usage = TokenUsage()
        call = ModelCall(self._gateway, self._mimic, usage)
        user = ChatTurn(role="user", content=message)
        start = [self._header, *recent_turns([*history, user], self._memory_token_limit)]
        transcript: list[ChatTurn] = []
        retry: tuple[ChatTurn, ...] = ()
        for iteration in range(1, self._max_iterations + 1):
            request = LLMRequest(
                messages=[*start, *transcript, *retry],
                model=model,
                max_output_tokens=self._max_output_tokens,
            )
            reply: list[str] = []
            async with aclosing(self._answer_tokens(call, request, stream, reply)) as tokens:
                async for token in tokens:
                    yield token
            outcome = read_reply("".join(reply))
            if iteration >= self._max_iterations:  # as the Workflow agent counts: every step
                break
            retry = outcome.turns if isinstance(outcome, Retry) else ()
            if isinstance(outcome, Final):
                yield AgentFinal(
                    text=outcome.text,
                    input_tokens=usage.input_tokens,
                    output_tokens=usage.output_tokens,
                )
                return
            if isinstance(outcome, Act):
                observation = ""
                async with aclosing(self._act(outcome)) as steps:
                    async for step in steps:
                        observation = step.data or ""
                        yield step
                transcript += outcome.transcript(observation)
        raise AgentGaveUp(self._max_iterations)

    async def _answer_tokens(
        self, call: ModelCall, request: LLMRequest, stream: bool, reply: list[str]
    ) -> AsyncGenerator[AnswerToken, None]:
        """The reply's answer text as it arrives; the whole reply is collected in `reply`."""
        answer = AnswerFilter()
        text = ""
        async with aclosing(call.pieces(request, streaming=stream)) as pieces:
            async for piece in pieces:
                reply.append(piece)
                if not stream:
                    continue
                text += piece
                if token := answer.feed(text):
                    yield AnswerToken(content=token)

    async def _act(self, act: Act) -> AsyncGenerator[ToolStep, None]:
        """The tool call and its result; `data` of the result is the observation.

        An unknown tool and a tool's own failure become observations the model can act on; an
        `UpstreamError` (a live service down after retries) propagates and fails the run."""
        yield ToolStep(type="tool_call", tool=act.tool, summary=summarize_call(act.tool, act.args))
        if act.tool not in self._tools:
            observation = f"Tool {act.tool} not found. Please select a tool that is available."
        else:
            # `call_tool` directly: `BaseTool.acall` would add llama-index dispatcher spans.
            observation = await _call(self._catalog, act.tool, act.args, self._region)
        summary = summarize_result(act.tool, observation)
        yield ToolStep(type="tool_result", tool=act.tool, summary=summary, data=observation)


def recent_turns(turns: list[ChatTurn], token_limit: int) -> list[ChatTurn]:
    """The newest turns that fit the memory budget (at least the last one), as the Workflow
    agent's memory keeps them."""
    kept: list[ChatTurn] = []
    budget = token_limit
    for turn in reversed(turns):
        budget -= estimate_tokens(turn.content)
        if budget < 0 and kept:
            break
        kept.append(turn)
    return kept[::-1]


async def _call(catalog: MediaCatalog, name: str, args: dict[str, Any], region: str) -> str:
    try:
        return await call_tool(catalog, name, args, default_region=region)
    except UpstreamError:
        raise
    except Exception as exc:  # as the Workflow agent does: the model reads what went wrong
        return str(exc)
