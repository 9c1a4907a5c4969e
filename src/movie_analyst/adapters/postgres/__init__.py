"""PostgreSQL plumbing for PostgresChatRepository: pool, migrations, row mapping, search."""
