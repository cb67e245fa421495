"""The options a region's opening marker takes (`<!-- tracker:VIEW key=value -->`), as one model.

docs/reference/region-options.md is generated from it (tracker.report.reference); the views read the
same keys from the marker.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class RegionOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    scope: str | None = Field(None, description=(
        "Comma-separated globs of tracker documents whose items the region shows, instead of its own "
        "document's (`scope=trackers/**/*.md`)."),
        json_schema_extra={"views": ["matrix", "progress", "snapshot", "graph", "findings"]})
    limit: int | None = Field(None, ge=0, description=(
        "How many entries to show: ready items in `snapshot` (default 5), days in `burnup` (default 30, "
        "0 for every day)."), json_schema_extra={"views": ["snapshot", "burnup"]})
    direction: Literal["LR", "TB", "TD", "RL", "BT"] = Field("LR", description=(
        "Which way the `graph` flows: LR (left to right), TB/TD (top down), RL or BT."),
        json_schema_extra={"views": ["graph"]})
    since: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description=(
        "The first day (YYYY-MM-DD) the `burnup` draws; earlier days are left out."),
        json_schema_extra={"views": ["burnup"]})
