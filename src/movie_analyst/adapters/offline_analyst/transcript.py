"""Reads a ReAct prompt back into its parts: earlier exchanges, the question, and this turn's steps.

The prompt is what llama-index's ReActChatFormatter sends: a system header listing the tools, the
stored conversation (clean user/assistant turns), the current question, then alternating assistant
steps ("Thought/Action/Action Input") and user "Observation: ..." messages.
"""

import ast
import re
from typing import Any

import msgspec

from movie_analyst.domain.llm import ChatTurn

_OBSERVATION = "Observation:"
# What the agent sends back after a reply it could not parse; never a user's question.
_AGENT_NOTICES = ("Error while parsing the output", "FAILURE: Your previous response")
_TOOL_NAME = re.compile(r"^> Tool Name: (\S+)", re.MULTILINE)
_ACTION = re.compile(r"^Action: ([^\n()\s]+)", re.MULTILINE)
_ACTION_INPUT = re.compile(r"^Action Input: (\{.*\})\s*$", re.MULTILINE | re.DOTALL)


class Exchange(msgspec.Struct, frozen=True, kw_only=True):
    """One earlier question and the answer given to it (empty if none was stored)."""

    question: str
    answer: str = ""


class ToolStep(msgspec.Struct, frozen=True, kw_only=True):
    """A tool call made earlier in this turn and what it returned (parsed JSON)."""

    tool: str
    args: dict[str, Any]
    observation: dict[str, Any]


class Transcript(msgspec.Struct, frozen=True, kw_only=True):
    question: str
    history: list[Exchange] = []
    steps: list[ToolStep] = []
    tools: frozenset[str] = frozenset()  # empty when the header lists none (then assume all)
    header: str = ""  # the system prompt: tool descriptions and argument schemas


def read_transcript(messages: list[ChatTurn]) -> Transcript:
    """Split the prompt at the last real user message; never raises on odd input."""
    header = messages[0].content if messages and messages[0].role == "system" else ""
    tools = frozenset(_TOOL_NAME.findall(header))
    turns = [m for m in messages if m.role != "system"]
    start = _question_index(turns)
    if start is None:
        return Transcript(question="", history=_history(turns), tools=tools, header=header)
    return Transcript(
        question=turns[start].content.strip(),
        history=_history(turns[:start]),
        steps=_steps(turns[start + 1 :]),
        tools=tools,
        header=header,
    )


def _is_question(turn: ChatTurn) -> bool:
    text = turn.content.lstrip()
    return turn.role == "user" and not text.startswith((_OBSERVATION, *_AGENT_NOTICES))


def _question_index(turns: list[ChatTurn]) -> int | None:
    for index in range(len(turns) - 1, -1, -1):
        if _is_question(turns[index]):
            return index
    return None


def _history(turns: list[ChatTurn]) -> list[Exchange]:
    exchanges: list[Exchange] = []
    for turn in turns:
        if _is_question(turn):
            exchanges.append(Exchange(question=turn.content.strip()))
        elif turn.role == "assistant" and exchanges:
            answer = final_answer_text(turn.content)
            exchanges[-1] = Exchange(question=exchanges[-1].question, answer=answer)
    return exchanges


def final_answer_text(content: str) -> str:
    """The part after the last "Answer:" when a stored reply kept its scratchpad."""
    index = content.rfind("Answer:")
    return content[index + len("Answer:") :].strip() if index >= 0 else content.strip()


def _steps(turns: list[ChatTurn]) -> list[ToolStep]:
    steps: list[ToolStep] = []
    pending: tuple[str, dict[str, Any]] | None = None
    for turn in turns:
        if turn.role == "assistant":
            pending = _parse_action(turn.content)
        elif pending is not None and turn.content.lstrip().startswith(_OBSERVATION):
            body = turn.content.lstrip()[len(_OBSERVATION) :].strip()
            steps.append(ToolStep(tool=pending[0], args=pending[1], observation=parse_json(body)))
            pending = None
    return steps


def _parse_action(content: str) -> tuple[str, dict[str, Any]] | None:
    action = _ACTION.search(content)
    if action is None:
        return None
    match = _ACTION_INPUT.search(content)
    return action.group(1), _parse_args(match.group(1)) if match else {}


def _parse_args(text: str) -> dict[str, Any]:
    # The agent re-renders our Action Input as a Python dict repr ({'id': 3}), not JSON.
    for parse in (msgspec.json.decode, ast.literal_eval):
        try:
            value = parse(text)
        except (msgspec.DecodeError, ValueError, SyntaxError, TypeError, MemoryError):
            continue
        if isinstance(value, dict):
            return value
    return {}


def parse_json(text: str) -> dict[str, Any]:
    """A tool's observation as an object; anything unreadable becomes {"error": text}."""
    try:
        value = msgspec.json.decode(text)
    except msgspec.DecodeError:
        return {"error": text.strip() or "the tool returned nothing"}
    if isinstance(value, dict):
        return value
    return {"results": value} if isinstance(value, list) else {"value": value}
