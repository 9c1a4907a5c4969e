"""The analyst inside the real llama-index ReActAgent (H2's adapter): its text must parse the
way the agent parses a real model's, answers must stream, and follow-ups must see history."""

from tests.fakes.media_catalog import FakeMediaCatalog
from tests.support.offline_agent import ask, conversation, offline_agent


async def test_the_real_agent_loop_runs_the_analysts_steps_and_streams_the_answer() -> None:
    agent = offline_agent(FakeMediaCatalog(live=False))
    answer = await ask(agent, "Compare Alien and Aliens")
    assert answer.tools == ["search_media", "search_media", "get_details", "get_details"]
    assert answer.text.startswith("Comparing **Alien** (1979) and **Aliens** (1986):")
    assert answer.streamed.strip() == answer.text.strip()


async def test_follow_ups_work_from_the_clean_history_the_agent_is_given() -> None:
    agent = offline_agent(FakeMediaCatalog(live=False))
    first, second = await conversation(
        agent, ["Who directed Prisoners?", "What else did he direct?"]
    )
    assert first.text == "**Prisoners** (2013) was directed by **Denis Villeneuve**."
    assert "**Incendies** (2010)" in second.text and "Prisoners" not in second.text
