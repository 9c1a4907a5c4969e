"""A deterministic analyst that speaks the ReAct text protocol without a language model.

It reads the whole prompt (`transcript`), recognises what was asked (`intents`), replays its own
earlier tool calls against the observations it got (`tape`), and either asks for the next tool
call or writes the answer from those observations alone (`plans`, `phrasing`).
"""
