"""A deterministic analyst that speaks the ReAct text protocol without a language model.

It reads the whole prompt (`transcript`), parses each question into a `Query` (`parse`: names
found by the catalog's own lexicon, constraints read compositionally), keeps the conversation as
those queries (`context`), and runs ONE executor (`execute`) that replays its own earlier tool
calls against the observations it got (`tape`) and either asks for the next tool call or writes
the answer from those observations alone.
"""
