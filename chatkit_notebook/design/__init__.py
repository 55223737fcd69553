"""Designing in a cell: the theme editor and `show(widget)` previews."""
