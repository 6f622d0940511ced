"""Updating a text widget without laying the whole screen out again when its size stays."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def update_in_place(widget: Static, content: Content) -> None:
    """Show `content`; ask for a layout only if the widget's size would change.

    `Static.update` lays the screen out again by default, which costs more than drawing it on a
    screen of many widgets; most updates (a count, a mark, another day) keep the size.
    """
    width, height = widget.content_size
    if width <= 0:
        widget.update(content)
        return
    # Widget.get_content_height passes its styles as the rules, as here.
    same_height = content.get_height(widget.styles, width) == height  # type: ignore[arg-type]
    fixed_width = widget.styles.width is not None and not widget.styles.width.is_auto
    same_width = fixed_width or content.cell_length == width
    widget.update(content, layout=not (same_height and same_width))
