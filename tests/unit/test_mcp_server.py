"""The MCP server over fakes, through the mcp SDK's own client connected in-process."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from movie_analyst.application.errors import UpstreamTimeout
from movie_analyst.application.use_cases.conversations.ask_analyst import AskAnalyst
from movie_analyst.application.use_cases.conversations.continue_conversation import (
    ContinueConversation,
)
from movie_analyst.application.use_cases.sessions.import_session import ImportSession
from movie_analyst.application.use_cases.tools.call_media_tool import CallMediaTool
from movie_analyst.domain.run_event import ToolStep
from movie_analyst.entrypoints.mcp.server import build_server
from tests.fakes.agent import ScriptedAgent, answering
from tests.fakes.conversation_index import DictConversationIndex
from tests.fakes.media_catalog import FakeMediaCatalog
from tests.support.mcp_tools import ASK_TOOL, assert_every_tool_listed
from tests.support.runs import RunsKit, make_kit, utc_now

STEP = ToolStep(type="tool_call", tool="search_media", summary="Searching for Alien")


def _ask(kit: RunsKit) -> AskAnalyst:
    conversation = ContinueConversation(
        repository=kit.repository,
        index=DictConversationIndex(),
        submit=kit.submit,
        follow=kit.follow,
        cancel=kit.cancel_run,
        import_session=ImportSession(repository=kit.repository),
        clock=utc_now,
    )
    return AskAnalyst(conversation=conversation)


@pytest.fixture
def kit() -> RunsKit:
    agent = ScriptedAgent(
        [STEP, *answering("Ridley Scott directed Alien.")],
        [UpstreamTimeout("the model took too long", upstream="llm")],
    )
    return make_kit(agent)


@asynccontextmanager
async def _client(kit: RunsKit) -> AsyncIterator[Client]:
    # Not a fixture: the client's task group must close in the task that opened it.
    media = CallMediaTool(catalog=FakeMediaCatalog(), default_region="US")
    ask = _ask(kit)
    async with Client(build_server(lambda: media, lambda: ask)) as connected:
        yield connected


async def test_every_media_tool_is_listed_with_its_schema(kit: RunsKit) -> None:
    async with _client(kit) as client:
        assert_every_tool_listed((await client.list_tools()).tools)


async def test_a_media_tool_answers_from_the_catalog(kit: RunsKit) -> None:
    async with _client(kit) as client:
        result = await client.call_tool("search_media", {"query": "Alien", "kind": "movie"})

    assert not result.is_error
    assert '"title":"Alien"' in result.content[0].text


async def test_bad_arguments_are_an_error_result_and_an_unknown_tool_an_mcp_error(
    kit: RunsKit,
) -> None:
    async with _client(kit) as client:
        bad = await client.call_tool("search_media", {"query": 42})
        extra = await client.call_tool(ASK_TOOL, {"question": "Hi", "colour": "red"})
        with pytest.raises(MCPError) as unknown:
            await client.call_tool("delete_everything", {})

    assert bad.is_error and "Expected keys: query (required)" in bad.content[0].text
    assert extra.is_error and "colour" in extra.content[0].text
    assert "unknown tool" in unknown.value.message


async def test_ask_runs_the_agent_and_returns_its_answer_and_steps(kit: RunsKit) -> None:
    async with _client(kit) as client:
        result = await client.call_tool(ASK_TOOL, {"question": "Who directed Alien?"})
        failed = await client.call_tool(ASK_TOOL, {"question": "Again?"})
        missing = await client.call_tool(ASK_TOOL, {"question": "Hi", "session_id": "nope"})

    assert not result.is_error
    assert result.content[0].text == "Ridley Scott directed Alien."
    answer = result.structured_content
    assert answer["steps"][0]["tool"] == "search_media"
    stored = kit.conversation(answer["session_id"])
    assert [m.content for m in stored] == ["Who directed Alien?", "Ridley Scott directed Alien."]
    assert failed.is_error and "took too long" in failed.content[0].text
    assert missing.is_error and "nope" in missing.content[0].text
