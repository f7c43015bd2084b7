"""The HTML engine: jinja2 templates and the helpers that prepare their data.

Every page is self-contained: CSS inline, figures embedded as base64 PNG images
drawn on matplotlib's non-interactive canvas, no network, no JavaScript. The
templates (``templates/*.html.j2``) receive plain data: tables as
:func:`table` dicts, figures as :func:`figure` dicts. Autoescaping is on.
"""

from ._engine import anchor, figure, have_matplotlib, render_page, table

__all__ = ["anchor", "figure", "have_matplotlib", "render_page", "table"]
