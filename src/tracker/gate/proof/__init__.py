"""Evidence kinds recognised by content (test reports, attestations, commits): pure readers with verdicts."""
