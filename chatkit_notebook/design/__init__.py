"""Designing in a cell: the playground (and its theme column) and `show(widget)` previews."""
