"""A miniature ReAct loop for unit tests of the offline analyst, without llama-index.

It builds the prompt the way ReActChatFormatter does (a system header listing the tools, the
history, the question, then assistant steps and "Observation:" user turns, with the Action Input
echoed back as a Python dict repr like llama-index does) and runs the real `call_tool`.
"""

import json
import re
from collections.abc import Sequence

import msgspec

from movie_analyst.adapters.offline_llm_gateway import OfflineLLMGateway
from movie_analyst.application.media_tools import MEDIA_TOOLS, call_tool
from movie_analyst.application.ports.media_catalog import MediaCatalog
from movie_analyst.domain.llm import ChatTurn, LLMRequest
from tests.support.offline_lexicon import fake_lexicon

HEADER = "You are designed to help.\n## Tools\n" + "\n".join(
    f"> Tool Name: {spec.name}\nTool Description: {spec.description}\n" for spec in MEDIA_TOOLS
)
_ACTION = re.compile(r"Action: (\S+)\nAction Input: (\{.*\})", re.DOTALL)


class Drive(msgspec.Struct, kw_only=True):
    answer: str
    tools: list[str]
    replies: list[str]


async def drive(
    catalog: MediaCatalog, question: str, history: Sequence[ChatTurn] = (), max_steps: int = 8
) -> Drive:
    gateway = OfflineLLMGateway(catalog=catalog, names=fake_lexicon())
    messages = [ChatTurn(role="system", content=HEADER), *history]
    messages.append(ChatTurn(role="user", content=question))
    tools: list[str] = []
    replies: list[str] = []
    for _ in range(max_steps):
        text = (await gateway.complete(LLMRequest(messages=messages))).text
        replies.append(text)
        action = _ACTION.search(text)
        if action is None:
            return Drive(answer=text.split("Answer:", 1)[1].strip(), tools=tools, replies=replies)
        tool, args = action.group(1), json.loads(action.group(2))
        tools.append(tool)
        thought = text.split("\n", 1)[0].removeprefix("Thought: ")
        echoed = f"Thought: {thought}\nAction: {tool}\nAction Input: {args!r}"
        observation = await call_tool(catalog, tool, args)
        messages.append(ChatTurn(role="assistant", content=echoed))
        messages.append(ChatTurn(role="user", content=f"Observation: {observation}"))
    raise AssertionError(f"no answer after {max_steps} steps: {replies[-1]}")


async def chat(catalog: MediaCatalog, questions: Sequence[str]) -> list[Drive]:
    """Questions in order, each with the clean earlier exchanges as history."""
    history: list[ChatTurn] = []
    drives = []
    for question in questions:
        result = await drive(catalog, question, history)
        history += [
            ChatTurn(role="user", content=question),
            ChatTurn(role="assistant", content=result.answer),
        ]
        drives.append(result)
    return drives
