"""The OpenAI-compatible facade with the real `openai` SDK against the real server process.

One server on the offline defaults, behind a bearer token, for the whole module.
"""

from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest

from tests.support.real_server import real_server

TOKEN = "openai-e2e-token"
JAWS = "Who directed Jaws?"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with real_server(tmp_path_factory.mktemp("openai"), {"API_AUTH_TOKEN": TOKEN}) as server:
        yield server.base_url


def _sdk(base_url: str, key: str = TOKEN) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{base_url}/v1", api_key=key, max_retries=0)


@pytest.fixture
def client(base_url: str) -> Iterator[openai.OpenAI]:
    with _sdk(base_url) as sdk:
        yield sdk


def _messages(base_url: str, session_id: str) -> list[tuple[str, str]]:
    response = httpx.get(
        f"{base_url}/api/v1/session/{session_id}/messages",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 200, response.text
    return [(m["role"], m["content"]) for m in response.json()["messages"]]


def test_models_lists_the_agent_and_one_id_per_gateway_model(client: openai.OpenAI) -> None:
    ids = [model.id for model in client.models.list()]

    assert ids[0] == "movie-analyst"
    assert len(ids) >= 2 and all(i.startswith("movie-analyst:") for i in ids[1:])


def test_a_completion_answers_and_is_stored_as_a_session(
    client: openai.OpenAI, base_url: str
) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model="movie-analyst", messages=[{"role": "user", "content": JAWS}]
    )
    completion = raw.parse()

    answer = completion.choices[0].message.content or ""
    assert "Spielberg" in answer
    assert completion.choices[0].finish_reason == "stop"
    assert _messages(base_url, raw.headers["x-session-id"]) == [
        ("user", JAWS),
        ("assistant", answer),
    ]


def test_a_streamed_completion_sends_the_answer_in_chunks(
    client: openai.OpenAI, base_url: str
) -> None:
    with client.chat.completions.with_streaming_response.create(
        model="movie-analyst",
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": JAWS}],
        stream=True,
    ) as response:
        session_id = response.headers["x-session-id"]
        chunks = list(response.parse())

    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert "Spielberg" in text
    assert len(chunks) > 3, "the answer arrives in pieces"
    assert chunks[0].choices[0].delta.role == "assistant"
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert _messages(base_url, session_id)[-1] == ("assistant", text)


def test_the_next_turn_with_the_whole_history_continues_the_same_session(
    client: openai.OpenAI, base_url: str
) -> None:
    history: list[dict[str, str]] = [{"role": "user", "content": JAWS}]
    first = client.chat.completions.with_raw_response.create(
        model="movie-analyst",
        messages=history,  # type: ignore[arg-type]
    )
    history.append({"role": "assistant", "content": first.parse().choices[0].message.content})
    history.append({"role": "user", "content": "What year was it released?"})

    with client.chat.completions.with_streaming_response.create(
        model="movie-analyst",
        messages=history,
        stream=True,  # type: ignore[arg-type]
    ) as second:
        second_session = second.headers["x-session-id"]
        list(second.parse())

    assert second_session == first.headers["x-session-id"]
    stored = _messages(base_url, second_session)
    assert [role for role, _ in stored] == ["user", "assistant", "user", "assistant"]
    assert "1975" in stored[-1][1]


def test_a_wrong_key_gets_openais_401(base_url: str) -> None:
    sdk = openai.OpenAI(base_url=f"{base_url}/v1", api_key="wrong", max_retries=0)
    with sdk, pytest.raises(openai.AuthenticationError) as caught:
        sdk.models.list()

    assert caught.value.status_code == 401
    assert caught.value.code == "invalid_api_key"
    assert set(caught.value.response.json()["error"]) == {"message", "type", "param", "code"}


def test_an_unknown_model_and_a_bad_body_get_openai_errors(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as unknown:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": JAWS}])
    assert unknown.value.code == "model_not_found"

    with pytest.raises(openai.BadRequestError) as bad:
        client.chat.completions.create(
            model="movie-analyst", messages=[{"role": "assistant", "content": "Hello"}]
        )
    assert bad.value.code == "invalid_request"
    assert "user message" in str(bad.value.response.json()["error"]["message"])


def test_a_conversation_is_found_again_after_a_restart(tmp_path: Path) -> None:
    question = [{"role": "user", "content": JAWS}]
    with real_server(tmp_path) as server, _sdk(server.base_url) as sdk:
        first = sdk.chat.completions.with_raw_response.create(
            model="movie-analyst", messages=question
        )
        answer = first.parse().choices[0].message.content or ""
        server.stop()

    history = [*question, {"role": "assistant", "content": answer}]
    history.append({"role": "user", "content": "What year was it released?"})
    with real_server(tmp_path) as server, _sdk(server.base_url) as sdk:
        second = sdk.chat.completions.with_raw_response.create(
            model="movie-analyst",
            messages=history,  # type: ignore[arg-type]
        )

    assert second.headers["x-session-id"] == first.headers["x-session-id"]
