"""llama-index pieces of the agent: the LLM over our gateway port, the catalog tools, the
answer filter. Only `adapters/llama_index_agent.py` imports this package (importing llama-index
costs seconds, so nothing else should pay for it)."""
