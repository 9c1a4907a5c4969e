from movie_analyst.adapters.llama_index.answer_filter import AnswerFilter
from movie_analyst.adapters.llama_index.mimic import MimicStreaming
from tests.fakes.llm_gateway import answer, tokens


def _stream(text: str, answer_filter: AnswerFilter) -> list[str]:
    so_far, pieces = "", []
    for token in tokens(text):
        so_far += token
        if piece := answer_filter.feed(so_far):
            pieces.append(piece)
    return pieces


def test_only_the_text_after_the_answer_marker_is_forwarded() -> None:
    pieces = _stream(answer("Alien (1979) is great."), AnswerFilter())
    assert pieces == ["Alien ", "(1979) ", "is ", "great."]


def test_the_marker_split_across_tokens_and_a_late_space_are_handled() -> None:
    answer_filter = AnswerFilter()
    assert answer_filter.feed("Thought: ok\nAns") == ""
    assert answer_filter.feed("Thought: ok\nAnswer:") == ""
    assert answer_filter.feed("Thought: ok\nAnswer: ") == ""
    assert answer_filter.feed("Thought: ok\nAnswer: Hi") == "Hi"


def test_reasoning_steps_send_nothing_and_reset_starts_a_new_step() -> None:
    answer_filter = AnswerFilter()
    assert (
        _stream('Thought: look\nAction: search_media\nAction Input: {"query": "x"}', answer_filter)
        == []
    )
    answer_filter.reset()
    assert "".join(_stream(answer("Done."), answer_filter)) == "Done."


def test_mimic_chunks_rebuild_the_reply_with_the_answer_in_word_batches() -> None:
    text = answer("one two three four five six seven")
    chunks = MimicStreaming(batch_words=3, delay_seconds=0).chunks(text)
    assert "".join(chunks) == text
    assert chunks[0].endswith("Answer: ")
    assert chunks[1:] == ["one two three", " four five six", " seven"]
    assert MimicStreaming(batch_words=2, delay_seconds=0).chunks("no marker here") == [
        "no marker here"
    ]
