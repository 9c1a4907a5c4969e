"""Agent runs: submit a message, execute it in the background, follow, cancel, recover."""
