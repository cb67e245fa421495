"""tracker: evidence-gated execution tracking for Markdown and YAML trackers."""

__version__ = "0.1.0"

import os as _os

# pydantic scans installed entry points for plugins on first use; tracker uses none, and the
# scan costs ~15 ms of every start-up.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
