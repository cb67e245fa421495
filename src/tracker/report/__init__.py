"""Output formats: terminal text, JSON, GitHub annotations, SARIF, JUnit, Markdown summaries."""
