"""Authentication (where tokens come from, which session they open) and permissions."""
