"""Reports built from frames: the regional brief (terminal data and self-contained HTML)."""

from .brief import Brief, build_brief, render_html, write_html

__all__ = ["Brief", "build_brief", "render_html", "write_html"]
