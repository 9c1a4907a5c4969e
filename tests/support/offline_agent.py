"""Runs questions through the real llama-index agent loop with the offline analyst as its model.

The agent is the API's default engine (`AGENT_ENGINE=react-loop`; pass `engine="workflow"` for
the Workflow ReActAgent), with the tools and answer filter the API uses, so a question here
travels the real text protocol: prompt -> analyst -> parser -> tool -> prompt.
"""

from collections.abc import Sequence

import msgspec

from movie_analyst.adapters.llama_index.mimic import MimicStreaming
from movie_analyst.adapters.offline_llm_gateway import OfflineLLMGateway
from movie_analyst.application.ports.agent import Agent, AgentFinal
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.domain.llm import ChatTurn
from movie_analyst.domain.run_event import AnswerToken, ToolStep
from tests.support.agents import build_agent
from tests.support.offline_lexicon import fake_lexicon


class AgentAnswer(msgspec.Struct, kw_only=True):
    text: str
    streamed: str
    tools: list[str]


def offline_agent(
    catalog: MediaCatalog, max_iterations: int = 8, engine: str = "react-loop"
) -> Agent:
    gateway = OfflineLLMGateway(catalog=catalog, names=fake_lexicon())
    mimic = MimicStreaming(batch_words=3, delay_seconds=0)
    return build_agent(engine, gateway, catalog, max_iterations=max_iterations, mimic=mimic)


async def ask(agent: Agent, question: str, history: Sequence[ChatTurn] = ()) -> AgentAnswer:
    streamed, tools, final = "", [], ""
    async for event in agent.run(history=list(history), message=question, model=None):
        if isinstance(event, AnswerToken):
            streamed += event.content
        elif isinstance(event, ToolStep) and event.type == "tool_call":
            tools.append(event.tool)
        elif isinstance(event, AgentFinal):
            final = event.text
    return AgentAnswer(text=final, streamed=streamed, tools=tools)


async def conversation(agent: Agent, questions: Sequence[str]) -> list[AgentAnswer]:
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
