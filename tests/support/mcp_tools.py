"""What every MCP transport test checks of `list_tools`: each media tool, with a valid schema."""

from typing import Any

from jsonschema import Draft202012Validator

from movie_analyst.application.media_tools import MEDIA_TOOLS

ASK_TOOL = "ask_movie_analyst"


def assert_every_tool_listed(tools: list[Any]) -> None:
    names = [tool.name for tool in tools]
    assert names == [*(spec.name for spec in MEDIA_TOOLS), ASK_TOOL]
    for tool in tools:
        Draft202012Validator.check_schema(tool.input_schema)
        assert tool.input_schema["type"] == "object" and tool.description
        assert tool.annotations.read_only_hint is (tool.name != ASK_TOOL)
