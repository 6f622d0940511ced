"""The Goals screen's tree: each goal's mark for today, title, streak and progress on one line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from .. import wording
from ..domain.models import Goal, Snapshot
from ..domain.rules import DayState, GoalGlance

MARKS = {DayState.DONE: "✔", DayState.OPEN: "○", DayState.REST: "☾"}
"""Today's mark of a goal in the tree; anything else (not due today) is "·"."""


@dataclass(frozen=True)
class TreeRow:
    """One line of the tree: a goal's mark, title and short facts."""

    goal_id: str
    title: str
    mark: str
    facts: str
    """Streak and progress, right-aligned ("12d  52 %")."""
    tone: str
    """The component class that colours the line."""


def tree_row(glance: GoalGlance) -> TreeRow:
    """The tree line of one goal."""
    goal = glance.goal
    if goal.archived:
        return TreeRow(goal.id, goal.title, "▫", "archived", "goal-tree--archived")
    facts = []
    if glance.streak.current:
        facts.append(f"{glance.streak.current}{glance.streak.unit[0]}")
    if glance.progress is not None:
        facts.append(wording.percent(glance.progress))
    state = glance.today_state
    tone = {DayState.DONE: "goal-tree--done", DayState.OPEN: "goal-tree--open"}
    return TreeRow(
        goal.id,
        goal.title,
        MARKS.get(state, "·"),
        "  ".join(facts),
        tone.get(state, "goal-tree--muted"),
    )


def visible_goals(snapshot: Snapshot, show_archived: bool) -> list[tuple[Goal, str | None]]:
    """Goals in tree order with the parent each is shown under; archived ones last."""
    goals = [g for g in snapshot.goals if show_archived or not g.archived]
    ids = {g.id for g in goals}
    by_parent: dict[str | None, list[Goal]] = {}
    for goal in goals:
        by_parent.setdefault(goal.parent_id if goal.parent_id in ids else None, []).append(goal)
    out: list[tuple[Goal, str | None]] = []

    def visit(parent: str | None) -> None:
        for goal in sorted(
            by_parent.get(parent, []), key=lambda g: (g.archived, g.position, g.created)
        ):
            out.append((goal, parent))
            visit(goal.id)

    visit(None)
    return out


class GoalTree(Tree[TreeRow]):
    """The goal tree; each line fits its width, long titles end with "…"."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "goal-tree--done",
        "goal-tree--open",
        "goal-tree--muted",
        "goal-tree--archived",
        "goal-tree--facts",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "down", show=False),
        Binding("k", "cursor_up", "up", show=False),
    ]
    """j and k move as on the Today screen."""

    DEFAULT_CSS = """
    GoalTree {
        background: $background;
        overflow-x: hidden;
        & > .goal-tree--done { color: $success; }
        & > .goal-tree--open { color: $text; }
        & > .goal-tree--muted { color: $text-muted; }
        & > .goal-tree--archived { color: $text-disabled; }
        & > .goal-tree--facts { color: $text-muted; }
    }
    """

    def render_label(self, node: TreeNode[TreeRow], base_style: Style, style: Style) -> Text:
        """Mark, title cut to fit with "…", and the facts flush right."""
        row = node.data
        if row is None:
            return Text()
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        width = self.scrollable_content_region.width - depth * self.guide_depth
        tone = self.get_component_rich_style(row.tone, partial=True)
        mark = Text(f"{row.mark} ", style=tone)
        facts = Text(
            f"  {row.facts}" if row.facts else "",
            style=self.get_component_rich_style("goal-tree--facts", partial=True),
        )
        title = Text(row.title, style="bold" if depth == 0 else "")
        if row.tone == "goal-tree--archived":
            title.stylize(tone)
        room = width - mark.cell_len - facts.cell_len
        if width > 0:
            if room < 6:
                facts, room = Text(), width - mark.cell_len
            title.truncate(max(1, room), overflow="ellipsis", pad=True)
        label = Text.assemble(mark, title, facts)
        label.stylize(style)
        return label
