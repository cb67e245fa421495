"""Generated regions: render their views from data the use case gathered, and replace only stale ones (pure)."""
