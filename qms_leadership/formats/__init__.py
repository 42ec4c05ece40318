"""The house date formats of each language (Django date syntax); numbers follow Django's own."""
