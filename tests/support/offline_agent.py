"""Runs questions through the real llama-index agent loop with the offline analyst as its model.

The agent is H2's `LlamaIndexAgent` (the same ReActAgent, tools and answer filter the API uses),
so a question here travels the real text protocol: prompt -> analyst -> parser -> tool -> prompt.
"""

from collections.abc import Sequence

import msgspec

from movie_analyst.adapters.llama_index.mimic import MimicStreaming
from movie_analyst.adapters.llama_index_agent import LlamaIndexAgent
from movie_analyst.adapters.offline_llm_gateway import OfflineLLMGateway
from movie_analyst.application.ports.agent import AgentFinal
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.run_event import AnswerToken, ToolStep


class AgentAnswer(msgspec.Struct, kw_only=True):
    text: str
    streamed: str
    tools: list[str]


def offline_agent(catalog: MediaCatalog, max_iterations: int = 8) -> LlamaIndexAgent:
    return LlamaIndexAgent(
        gateway=OfflineLLMGateway(catalog=catalog),
        catalog=catalog,
        max_iterations=max_iterations,
        mimic=MimicStreaming(batch_words=3, delay_seconds=0),
        memory_token_limit=4000,
    )


async def ask(
    agent: LlamaIndexAgent, question: str, history: Sequence[ChatTurn] = ()
) -> AgentAnswer:
    streamed, tools, final = "", [], ""
    async for event in agent.run(history=list(history), message=question, model=None):
        if isinstance(event, AnswerToken):
            streamed += event.content
        elif isinstance(event, ToolStep) and event.type == "tool_call":
            tools.append(event.tool)
        elif isinstance(event, AgentFinal):
            final = event.text
    return AgentAnswer(text=final, streamed=streamed, tools=tools)


async def conversation(agent: LlamaIndexAgent, questions: Sequence[str]) -> list[AgentAnswer]:
    """Asks in order, each with the earlier questions and answers as history."""
    history: list[ChatTurn] = []
    answers = []
    for question in questions:
        answer = await ask(agent, question, history)
        history += [
            ChatTurn(role="user", content=question),
            ChatTurn(role="assistant", content=answer.text),
        ]
        answers.append(answer)
    return answers
