"""Admin use cases: an admin reads other people's users and chats only through these, and each
read leaves one audit line (who, through which route, on what)."""
