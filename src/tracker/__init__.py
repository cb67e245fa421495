"""tracker: evidence-gated execution tracking for Markdown and YAML trackers."""

__version__ = "0.1.0"

import os as _os

# pydantic (imported only to validate YAML trackers) scans every installed distribution's entry
# points for plugins on first use; tracker uses none, and the scan costs ~10 ms of such a run. Set
# here, before anything can import pydantic; child processes (git, gate commands) never use it.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
