"""TVMaze: mapping of its JSON onto our domain types."""
