"""Updating a text widget without laying the whole screen out again when its size stays."""

from __future__ import annotations

from textual.content import Content
from textual.css.scalar import Unit
from textual.visual import Visual
from textual.widgets import Static


def update_in_place(widget: Static, content: Content) -> None:
    """Show `content`; ask for a layout only if the widget's size would change.

    `Static.update` lays the screen out again by default, which costs more than drawing it on a
    screen of many widgets; most updates (a count, a mark, another day) keep the size.
    """
    styles = widget.styles
    width, height = widget.content_size
    if width <= 0:
        widget.update(content)
        return
    if styles.height is not None and not styles.height.is_auto:
        same_height = True  # its height is set by the layout, not by what it shows
    else:
        needed = content_height(widget, content)
        floor = styles.min_height
        if floor is not None and floor.unit is Unit.CELLS:
            needed = max(needed, int(floor.value) - styles.gutter.height)
        same_height = needed == height
    fixed_width = styles.width is not None and not styles.width.is_auto
    same_width = fixed_width or content.cell_length == width
    widget.update(content, layout=not (same_height and same_width))


def shown_height(widget: Static) -> int:
    """The height of what `widget` shows at its width, without its gutter (0 before layout)."""
    return content_height(widget, widget.visual)


def content_height(widget: Static, content: Visual) -> int:
    """The height `content` takes at `widget`'s width, without its gutter (0 before layout)."""
    width = widget.content_size.width
    if width <= 0:
        return 0
    # Widget.get_content_height passes its styles as the rules, as here.
    return content.get_height(widget.styles, width)  # type: ignore[arg-type]
