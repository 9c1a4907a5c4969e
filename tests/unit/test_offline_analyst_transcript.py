from movie_analyst.adapters.offline_analyst.transcript import read_transcript
from movie_analyst.domain.llm import ChatTurn


def turn(role: str, content: str) -> ChatTurn:
    return ChatTurn(role=role, content=content)  # type: ignore[arg-type]


def test_splits_history_question_and_this_turns_steps() -> None:
    messages = [
        turn("system", "header\n> Tool Name: search_media\n> Tool Name: get_details\n"),
        turn("user", "Who directed Alien?"),
        turn("assistant", "**Alien** (1979) was directed by **Ridley Scott**."),
        turn("user", "And Aliens?"),
        turn("assistant", "Thought: x\nAction: search_media\nAction Input: {'query': 'Aliens'}"),
        turn("user", 'Observation: {"results": [{"kind": "movie", "id": 2}]}'),
    ]
    transcript = read_transcript(messages)
    assert transcript.question == "And Aliens?"
    assert [e.question for e in transcript.history] == ["Who directed Alien?"]
    assert transcript.history[0].answer.startswith("**Alien** (1979)")
    assert transcript.tools == {"search_media", "get_details"}
    [step] = transcript.steps
    assert step.tool == "search_media"
    assert step.args == {"query": "Aliens"}  # the agent echoes a Python dict repr, not JSON
    assert step.observation == {"results": [{"kind": "movie", "id": 2}]}


def test_reads_json_inputs_python_literals_and_unreadable_observations() -> None:
    messages = [
        turn("user", "q"),
        turn("assistant", 'Thought: t\nAction: discover\nAction Input: {"year_from": null}'),
        turn("user", "Observation: Error: tool crashed"),
        turn("assistant", "Thought: t\nAction: discover\nAction Input: {'x': None, 'y': True}"),
        turn("user", "Observation: [1, 2]"),
    ]
    first, second = read_transcript(messages).steps
    assert first.args == {"year_from": None}
    assert first.observation == {"error": "Error: tool crashed"}
    assert second.args == {"x": None, "y": True}
    assert second.observation == {"results": [1, 2]}


def test_agent_retry_notices_are_not_questions() -> None:
    messages = [
        turn("user", "Who directed Alien?"),
        turn("assistant", "garbled"),
        turn("user", "Error while parsing the output: could not parse"),
    ]
    assert read_transcript(messages).question == "Who directed Alien?"


def test_a_stored_scratchpad_keeps_only_its_final_answer() -> None:
    messages = [
        turn("user", "first"),
        turn("assistant", "Thought: a\nAction: x\nObservation: {}\nThought: b\nAnswer: Done."),
        turn("user", "second"),
    ]
    assert read_transcript(messages).history[0].answer == "Done."


def test_empty_prompt_gives_an_empty_question() -> None:
    assert read_transcript([]).question == ""
