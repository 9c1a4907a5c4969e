"""Replays a plan against the tool calls already made in this turn.

A plan is straight-line code that calls `tape.call(tool, args)`. While the transcript holds an
observation for that step, `call` returns it; the first call beyond the record raises `NeedTool`,
which becomes the next "Action:". `Finish` ends the plan early with an answer. Because the prompt is
re-sent whole on every model call, running the plan again from the top is how the analyst resumes.
"""

from typing import Any

from movie_analyst.adapters.offline_analyst.transcript import ToolStep

MAX_TOOL_CALLS = 6  # below the agent's default max_iterations (8), leaving room for the answer


class NeedTool(Exception):  # a control signal, not an error
    def __init__(self, tool: str, args: dict[str, Any], thought: str) -> None:
        super().__init__(tool)
        self.tool = tool
        self.arguments = args
        self.thought = thought


class Finish(Exception):  # a control signal, not an error
    def __init__(
        self, answer: str, thought: str = "I can answer without using any more tools."
    ) -> None:
        super().__init__(answer)
        self.answer = answer
        self.thought = thought


class Tape:
    def __init__(
        self, steps: list[ToolStep], tools: frozenset[str] = frozenset(), header: str = ""
    ) -> None:
        self._steps = steps
        self._tools = tools
        self._header = header
        self._position = 0

    def declares(self, tool: str, word: str) -> bool:
        """Whether the system prompt's entry for `tool` mentions `word` (an option it offers)."""
        start = self._header.find(f"> Tool Name: {tool}\n")
        if start < 0:
            return False
        end = self._header.find("> Tool Name:", start + 1)
        return word.lower() in self._header[start : end if end > 0 else None].lower()

    def call(self, tool: str, args: dict[str, Any], thought: str) -> dict[str, Any]:
        """The observation of this call, or `NeedTool` when it has not been made yet."""
        if self._tools and tool not in self._tools:
            raise Finish(
                f"I would need the `{tool}` tool for that, and it is not available here.",
                "I cannot answer the question with the provided tools.",
            )
        if self._position < len(self._steps):
            step = self._steps[self._position]
            self._position += 1
            if step.tool == tool:
                return step.observation
            return {"error": f"the conversation shows a different step ({step.tool}) here"}
        if self._position >= MAX_TOOL_CALLS:
            raise Finish(
                "That needs more lookups than I allow myself for one question; "
                "could you ask something narrower?",
                "I cannot answer the question with the provided tools.",
            )
        raise NeedTool(tool, args, thought)
