"""Mojibake repair is exact: every repair re-encodes to the original text."""

import pytest

from tracker.parse.mojibake import encode_like, repair


@pytest.mark.parametrize(
    ("broken", "fixed", "codec"),
    [
        ("‚úÖ ok", "✅ ok", "Mac Roman"),
        ("\uf8ffüèÉ run", "🏃 run", "Mac Roman"),
        ("‚Äî", "—", "Mac Roman"),
        ("âœ… ok", "✅ ok", "cp1252"),
        ("â€” dash", "— dash", "cp1252"),
        ("cafÃ©", "café", "cp1252"),
    ],
)
def test_repairs(broken, fixed, codec):
    text, count, found = repair(broken)
    assert (text, found) == (fixed, codec)
    assert count >= 1
    assert encode_like(found, text) == broken


@pytest.mark.parametrize("clean", ["plain ascii", "café déjà vu", "naïve — “quoted”", "✅ real emoji", "Größe"])
def test_clean_text_untouched(clean):
    assert repair(clean) == (clean, 0, None)
