"""The ReAct protocol of one run, from llama-index-core's own parts: the chat formatter renders
the system header (tools and format rules), the output parser reads each model reply.

What a reply leads to mirrors llama-index's Workflow `ReActAgent`, so both engines behave alike:
an empty or unparsable reply is sent back with the same correction message; a reply with no
`Thought:`/`Action:`/`Answer:` at all is the final answer verbatim; an `Action` runs a tool whose
observation comes back as a user message "Observation: ...".
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from llama_index.core.agent.react.formatter import ReActChatFormatter
from llama_index.core.agent.react.output_parser import ReActOutputParser
from llama_index.core.agent.react.types import ActionReasoningStep, ObservationReasoningStep
from llama_index.core.tools.types import BaseTool

from movie_analyst.domain.llm import ChatTurn

EMPTY_REPLY = (
    "FAILURE: Your previous response was empty.\n"
    "You must output a thought and an action/answer.\n\n"
    "Please follow this structure exactly:\n"
    "Thought: <what you are thinking>\n"
    "Action: <tool_name>\n"
    "Action Input: <json_params>\n\n"
    "OR:\n\n"
    "Thought: <what you are thinking>\n"
    "Answer: <your final response to the user>"
)
PARSE_FAILURE = (
    "Error while parsing the output: {error}\n\n"
    "The output should be in one of the following formats:\n"
    "1. To call a tool:\n```\nThought: <thought>\nAction: <action>\n"
    "Action Input: <action_input>\n```\n"
    "2. To answer the question:\n```\nThought: <thought>\nAnswer: <answer>\n```\n"
)
_parser = ReActOutputParser()  # stateless: one instance serves every run
# `parse` is wrapped in llama-index's instrumentation span (signature binding, a uuid and span
# events per call: 57 us, of which the parsing is 12); nothing here listens to those spans.
_parse = getattr(ReActOutputParser.parse, "__wrapped__", ReActOutputParser.parse)


def system_header(tools: Sequence[BaseTool], system_prompt: str) -> str:
    """The ReAct header with our prompt and every tool's schema, rendered once per agent."""
    formatter = ReActChatFormatter.from_defaults(context=system_prompt)
    return formatter.format(list(tools), chat_history=[])[0].content or ""


@dataclass(frozen=True, slots=True)
class Retry:
    """The reply could not be used: send it back with a correction for the next step."""

    turns: tuple[ChatTurn, ChatTurn]


@dataclass(frozen=True, slots=True)
class Final:
    text: str


@dataclass(frozen=True, slots=True)
class Act:
    tool: str
    args: dict[str, Any]
    step: ActionReasoningStep

    def transcript(self, observation: str) -> list[ChatTurn]:
        """The step and its observation, as the next model call sees them."""
        seen = ObservationReasoningStep(observation=observation)
        return [
            ChatTurn(role="assistant", content=self.step.get_content()),
            ChatTurn(role="user", content=seen.get_content()),
        ]


Outcome = Retry | Final | Act


def read_reply(text: str) -> Outcome:
    if not text:
        return _retry(text, EMPTY_REPLY)
    try:
        step = _parse(_parser, text, is_streaming=False)
    except ValueError as exc:
        return _retry(text, PARSE_FAILURE.format(error=exc))
    if isinstance(step, ActionReasoningStep):
        return Act(tool=step.action, args=step.action_input, step=step)
    return Final(text=final_text(text))


def final_text(text: str) -> str:
    """What the Workflow agent returns: the text after the first "Answer:", else all of it."""
    start = text.find("Answer:")
    return text if start < 0 else text[start + len("Answer:") :].strip()


def _retry(text: str, correction: str) -> Retry:
    return Retry(
        turns=(ChatTurn(role="assistant", content=text), ChatTurn(role="user", content=correction))
    )
