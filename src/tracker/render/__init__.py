"""Generated regions: find them, render their views, and replace only stale ones."""
