"""Shared helpers for offline HTML reports: sections, inline Plotly, zh/en labels."""

from chainchief.report.html import (
    Section,
    dict_html,
    esc,
    figure_html,
    render_page,
    table_html,
    write_page,
)
from chainchief.report.labels import LABELS, LANGS, label, register_labels

__all__ = [
    "LABELS",
    "LANGS",
    "Section",
    "dict_html",
    "esc",
    "figure_html",
    "label",
    "register_labels",
    "render_page",
    "table_html",
    "write_page",
]
