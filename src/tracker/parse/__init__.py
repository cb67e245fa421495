"""Parsers: Markdown line scanner, YAML trackers, status vocabulary, encoding repair."""
