"""The Agent port over the model's native tool calling (`AGENT_ENGINE=tools`).

The tools go to the model as function definitions built from llama-index tool metadata (the
same schemas the ReAct prompt shows); each step is one whole-reply call (`complete`), tool
calls run in order and come back as "tool" turns. A gateway without native tools
(`can_call_tools` False, e.g. the offline analyst) gets the ReAct loop instead. Outcomes follow
the other engines: tool steps as events, the iteration cap counted on every model call, a
live-service failure failing the run, and the final text replayed in word batches when the run
streams (a whole reply cannot be streamed token by token).
"""

import asyncio
import json
from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Any

from movie_analyst.adapters.llama_index.answer_filter import MARKER
from movie_analyst.adapters.llama_index.catalog_tools import CatalogTool, catalog_tools
from movie_analyst.adapters.llama_index.mimic import MimicStreaming
from movie_analyst.adapters.llama_index.model_call import ModelCall
from movie_analyst.adapters.llama_index.prompts import SYSTEM_PROMPT
from movie_analyst.adapters.llama_index.usage import TokenUsage
from movie_analyst.adapters.llama_index_loop_agent import LlamaIndexLoopAgent, recent_turns
from movie_analyst.application.errors import AgentGaveUp
from movie_analyst.application.media_tools import call_tool, summarize_call, summarize_result
from movie_analyst.application.ports.agent import Agent, AgentEvent, AgentFinal
from movie_analyst.application.ports.llm_gateway import LLMGateway
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.domain.llm import ChatTurn, LLMRequest, ToolCall, ToolDefinition
from movie_analyst.domain.run_event import AnswerToken, ToolStep


class LlamaIndexToolsAgent(Agent):
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
        self._catalog = catalog
        self._region = default_region
        self._max_iterations = max_iterations
        self._mimic = mimic
        self._memory_token_limit = memory_token_limit
        self._max_output_tokens = max_output_tokens
        self._system = ChatTurn(role="system", content=system_prompt)
        tools = [t for t in catalog_tools(catalog, default_region) if isinstance(t, CatalogTool)]
        self._tools = [_definition(tool) for tool in tools]
        self._fallback = LlamaIndexLoopAgent(
            gateway=gateway, catalog=catalog, max_iterations=max_iterations, mimic=mimic,
            memory_token_limit=memory_token_limit, max_output_tokens=max_output_tokens,
            default_region=default_region, system_prompt=system_prompt,
        )  # fmt: skip

    def run(
        self, *, history: list[ChatTurn], message: str, model: str | None, stream: bool = True
    ) -> AsyncGenerator[AgentEvent, None]:
        if not getattr(self._gateway, "can_call_tools", False):
            return self._fallback.run(history=history, message=message, model=model, stream=stream)
        return self._run(history, message, model, stream)

    async def _run(
        self, history: list[ChatTurn], message: str, model: str | None, stream: bool
    ) -> AsyncGenerator[AgentEvent, None]:
        usage = TokenUsage()
        call = ModelCall(self._gateway, self._mimic, usage)
        user = ChatTurn(role="user", content=message)
        turns = [self._system, *recent_turns([*history, user], self._memory_token_limit)]
        for iteration in range(1, self._max_iterations + 1):
            request = LLMRequest(
                messages=turns,
                model=model,
                max_output_tokens=self._max_output_tokens,
                tools=self._tools,
            )
            reply = await call.reply(request)
            if iteration >= self._max_iterations:
                break
            if not reply.tool_calls:
                async for token in self._replay(reply.text, stream):
                    yield token
                yield AgentFinal(
                    text=reply.text.strip(),
                    input_tokens=usage.input_tokens,
                    output_tokens=usage.output_tokens,
                )
                return
            turns = [
                *turns,
                ChatTurn(role="assistant", content=reply.text, tool_calls=reply.tool_calls),
            ]
            for tool_call in reply.tool_calls:
                async with aclosing(self._act(tool_call)) as steps:
                    async for step in steps:
                        yield step
                        if step.type == "tool_result":
                            result = ChatTurn(
                                role="tool", content=step.data or "", tool_call_id=tool_call.id
                            )
                            turns = [*turns, result]
        raise AgentGaveUp(self._max_iterations)

    async def _act(self, tool_call: ToolCall) -> AsyncGenerator[ToolStep, None]:
        args = _arguments(tool_call.arguments)
        name = tool_call.name
        yield ToolStep(type="tool_call", tool=name, summary=summarize_call(name, args))
        observation = await call_tool(self._catalog, name, args, default_region=self._region)
        summary = summarize_result(name, observation)
        yield ToolStep(type="tool_result", tool=name, summary=summary, data=observation)

    async def _replay(self, text: str, stream: bool) -> AsyncGenerator[AnswerToken, None]:
        if not stream:
            return
        # The mimic paces the text after an answer marker; a native reply has none.
        chunks = self._mimic.chunks(f"{MARKER} {text.strip()}")[1:]
        for index, chunk in enumerate(chunks):
            if index:
                await asyncio.sleep(self._mimic.delay_seconds)
            yield AnswerToken(content=chunk)


def _definition(tool: CatalogTool) -> ToolDefinition:
    metadata = tool.metadata
    return ToolDefinition(
        name=metadata.get_name(),
        description=metadata.description,
        parameters=metadata.get_parameters_dict(),
    )


def _arguments(text: str) -> dict[str, Any] | str:
    """The call's arguments; text that is not a JSON object goes to the tool as is (it fills
    a tool's one required field, or comes back as a message the model can act on)."""
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    return parsed if isinstance(parsed, dict) else text
