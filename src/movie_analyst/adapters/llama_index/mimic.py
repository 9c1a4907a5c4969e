from movie_analyst.adapters.llama_index.answer_filter import MARKER


class MimicStreaming:
    """How a reply from a gateway that cannot stream is replayed: the answer part in batches of
    `batch_words` words, `delay_seconds` apart (the reasoning before it goes at once)."""

    def __init__(self, *, batch_words: int, delay_seconds: float) -> None:
        self.batch_words = batch_words
        self.delay_seconds = delay_seconds

    def chunks(self, text: str) -> list[str]:
        """Pieces that concatenate back to `text`."""
        cut = text.find(MARKER)
        end = len(text) if cut < 0 else cut + len(MARKER)
        if text[end : end + 1] == " ":
            end += 1  # the marker's space goes with the reasoning, not the first batch
        head, words = text[:end], text[end:].split(" ")
        step = self.batch_words
        batches = [" ".join(words[i : i + step]) for i in range(0, len(words), step)]
        pieces = [head] + [(" " if i else "") + b for i, b in enumerate(batches)]
        return [piece for piece in pieces if piece]
