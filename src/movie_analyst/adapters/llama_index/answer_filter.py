MARKER = "Answer:"


class AnswerFilter:
    """Turns the cumulative text of one ReAct step into the new pieces of its final answer.

    Only text after the "Answer:" marker is answer; "Thought:"/"Action:" text never is.
    Call `reset()` at the start of every LLM step.
    """

    def __init__(self) -> None:
        self._sent = -1  # how much of the step's text has been handled; -1: no marker yet
        self._skip_space = False

    def reset(self) -> None:
        self._sent = -1
        self._skip_space = False

    def feed(self, text: str) -> str:
        if self._sent < 0:
            start = text.find(MARKER)
            if start < 0:
                return ""
            self._sent = start + len(MARKER)
            self._skip_space = True
        if self._skip_space and len(text) > self._sent:
            self._skip_space = False  # the space after the marker may arrive in a later token
            if text[self._sent] == " ":
                self._sent += 1
        piece = text[self._sent :]
        self._sent = max(self._sent, len(text))
        return piece
