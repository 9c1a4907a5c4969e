"""The runs benchmark's fake LLM: an OpenAI-compatible server on loopback, in its own process.

    python -m bench.fake_llm     # prints its base URL on stdout, serves until killed

The first call of a chat asks for one tool call; a call whose last message is an observation
gets the answer (5,000 words in 50-word deltas when the question says "at length"). Every call
waits the current latency, then streams at once. Control routes: `POST /bench/latency?seconds=`,
`GET /bench/emissions` (monotonic times at which each answer's first answer token was written;
the clock is shared by every process of the machine), `POST /bench/served` (the seconds each
completion took here, from its request read to its reply written, since the last such call:
the LLM's own time, which on a loaded machine runs a few ms past the set latency).
"""

import sys
import time
from urllib.parse import parse_qs, urlsplit

import uvloop

from tests.fakes.http.llm_script import Reply, tokens
from tests.fakes.http.loopback import RecordedRequest, Response
from tests.fakes.http.openai_server import FakeOpenAIServer

SEARCH = 'Thought: I should look it up.\nAction: search_media\nAction Input: {"query": "Alien"}'
ANSWER = "Thought: I can answer.\nAnswer: Alien (1979) is a classic."
LONG_ANSWER = "Thought: I can answer.\nAnswer: " + "Alien (1979) is a classic film. " * 1000
LONG_MARKER = "at length"  # a chat whose message says this gets a 5,000-word answer
# Chunk 0 is the role chunk, chunk i + 1 the answer's token i.
FIRST_ANSWER_CHUNK = 1 + next(i for i, t in enumerate(tokens(ANSWER)) if t.strip() == "Alien")


class BenchLLMServer(FakeOpenAIServer):
    def __init__(self) -> None:
        super().__init__()
        self.latency = 0.05
        self.emitted: list[float] = []
        self.served: list[float] = []
        self.responder = self._reply
        self.loop_factory = uvloop.new_event_loop  # less of the cores it shares with the server

    def _reply(self, request: RecordedRequest) -> Reply:
        if not _observed(request):
            return Reply(text=SEARCH, delay=self.latency)
        if LONG_MARKER.encode() in request.raw:
            return Reply(text=LONG_ANSWER, delay=self.latency, piece_words=50)
        return Reply(text=ANSWER, delay=self.latency)

    async def handle(self, request: RecordedRequest, response: Response) -> None:
        url = urlsplit(request.path)
        if url.path == "/bench/latency":
            self.latency = float(parse_qs(url.query)["seconds"][0])
            await response.send_json(200, self.latency)
            return
        if url.path == "/bench/emissions":
            await response.send_json(200, self.emitted)
            return
        if url.path == "/bench/served":
            served, self.served = self.served, []
            await response.send_json(200, served)
            return
        started = time.monotonic()
        await super().handle(request, response)
        self.served.append(time.monotonic() - started)
        self.requests.clear()  # nothing is inspected: keep memory flat over long runs
        if len(request.chunk_times) > FIRST_ANSWER_CHUNK and _observed(request):
            self.emitted.append(request.chunk_times[FIRST_ANSWER_CHUNK])


def _observed(request: RecordedRequest) -> bool:
    """Whether the call follows a tool's observation (then it is the chat's answer)."""
    messages = request.body.get("messages") if isinstance(request.body, dict) else None
    if not isinstance(messages, list) or not messages:
        return False
    return str(messages[-1].get("content", "")).startswith("Observation:")


def main() -> None:
    server = BenchLLMServer().start()
    print(server.base_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
