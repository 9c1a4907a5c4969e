"""The MCP server: the media tools and `ask_movie_analyst`, over stdio or streamable HTTP."""
