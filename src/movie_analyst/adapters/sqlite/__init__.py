"""SQLite plumbing for SqliteChatRepository: connections, migrations, row mapping, queries."""
