"""Native tool calling in Concentrate's Responses format (CONCENTRATE.md §6): function tools at
top level (no nested `function`), calls replayed as `function_call` items followed by their
`function_call_output` items."""

from typing import Any

from movie_analyst.domain.llm import ChatTurn, ToolDefinition


def function_tool(tool: ToolDefinition) -> dict[str, Any]:
    # `strict` defaults to true, which demands every property be required: our tools have
    # optional arguments, so it is turned off.
    return {
        "type": "function",
        "name": tool.name,
        "description": tool.description,
        "parameters": tool.parameters,
        "strict": False,
    }


def input_items(turn: ChatTurn) -> list[dict[str, Any]]:
    if turn.role == "tool":
        return [
            {"type": "function_call_output", "call_id": turn.tool_call_id, "output": turn.content}
        ]
    items: list[dict[str, Any]] = []
    if turn.content or not turn.tool_calls:
        items.append({"role": turn.role, "content": turn.content})
    items += [
        {"type": "function_call", "call_id": c.id, "name": c.name, "arguments": c.arguments}
        for c in turn.tool_calls
    ]
    return items
