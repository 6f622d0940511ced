"""Goals: the tree of goals and micro-goals, the selected goal's detail, and editing them."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from pendulum import Date, DateTime
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from .. import wording
from ..domain.changes import Change, RecordKind
from ..domain.commands import (
    add_milestone,
    archive_family,
    deletion_of,
    edit_goal,
    mark_milestone,
    new_goal,
    reorder,
)
from ..domain.models import Goal, Snapshot, ValidationError
from ..domain.rules import goal_glance, goal_stats
from ..widgets.goal_tree import GoalTree, TreeRow, tree_row, visible_goals
from .base import DashboardScreen
from .goal_detail import detail_content
from .goal_form import GoalFields, GoalFormScreen
from .goal_modals import ConfirmScreen, MarkMilestone, MilestoneScreen, NewMilestone

MOVE = Binding.Group("move", compact=True)
"""J and K share one footer entry."""


class GoalsScreen(DashboardScreen):
    """Every goal and micro-goal, with what the selected one has built up."""

    MODE = "goals"
    # Screen declares this as an instance variable for mypy, so no ClassVar here.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "add"),
        Binding("e", "edit", "edit"),
        Binding("m", "micro", "micro"),
        Binding("M", "milestone", "milestone"),
        Binding("x", "archive", "archive"),
        Binding("d", "delete", "delete"),
        Binding("J", "move(1)", "move down", group=MOVE, key_display="J/"),
        Binding("K", "move(-1)", "move up", group=MOVE),
        Binding("A", "toggle_archived", "show archived", show=False),
        Binding("u", "undo", "undo", show=False),  # (in help: the footer keeps "? help")
    ]

    def __init__(self) -> None:
        super().__init__()
        self.selected_id: str | None = None
        """The goal the tree's cursor is on; kept across every refresh."""
        self.show_archived = True
        """Whether archived goals are listed (dimmed, at the end)."""
        self._shape: tuple[tuple[str, str | None], ...] = ()
        """The shown goals and their parents, as last drawn (the tree is rebuilt when it
        changes)."""

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(
            "No goals yet — press a to add your first one.", id="goals-empty", markup=False
        )
        with Horizontal(id="goals-body"):
            tree = GoalTree("goals", id="goal-tree")
            tree.show_root = False
            tree.auto_expand = False
            tree.guide_depth = 3
            yield tree
            with VerticalScroll(id="goal-detail"):
                yield Static("", id="goal-detail-text")
        yield from self.compose_footer()

    # --- following the store ---------------------------------------------------------------

    def show(self, snapshot: Snapshot, today: Date) -> None:
        """Redraw the tree (keeping the selection) and the selected goal's detail."""
        tree = self.query_one(GoalTree)
        shown = visible_goals(snapshot, self.show_archived)
        self.set_class(not shown, "-empty")
        # The tree needs no strength (a walk over every day of each goal): only the detail.
        rows = {goal.id: tree_row(goal_glance(goal, snapshot, today)) for goal, _ in shown}
        shape = tuple((goal.id, parent) for goal, parent in shown)
        if shape == self._shape:
            for node in self._goal_nodes(tree):
                if node.data is not None:
                    node.data = rows[node.data.goal_id]
                    node.set_label(Text(node.data.title))
        else:
            self._rebuild(tree, shown, rows)
        self._shape = shape
        self._show_detail(snapshot, today)
        self.refresh_bindings()

    def _goal_nodes(self, tree: GoalTree) -> list[TreeNode[TreeRow]]:
        out: list[TreeNode[TreeRow]] = []
        stack = list(reversed(tree.root.children))
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(reversed(node.children))
        return out

    def _rebuild(
        self, tree: GoalTree, shown: list[tuple[Goal, str | None]], rows: dict[str, TreeRow]
    ) -> None:
        ids = [goal.id for goal, _ in shown]
        old_line = max(tree.cursor_line, 0)
        tree.clear()
        nodes: dict[str | None, TreeNode[TreeRow]] = {None: tree.root}
        for goal, parent in shown:
            nodes[goal.id] = nodes[parent].add(
                Text(goal.title), rows[goal.id], expand=True, allow_expand=False
            )
        if not ids:
            self.selected_id = None
            return
        if self.selected_id not in ids:
            self.selected_id = ids[min(old_line, len(ids) - 1)]
        line = ids.index(self.selected_id)
        tree.cursor_line = line
        tree.scroll_to_line(line, animate=False)

    def _show_detail(self, snapshot: Snapshot, today: Date) -> None:
        goal = snapshot.goal(self.selected_id) if self.selected_id else None
        text = self.query_one("#goal-detail-text", Static)
        if goal is None:
            text.update("")
            return
        text.update(detail_content(goal_stats(goal, snapshot, today), snapshot, today))

    @on(Tree.NodeHighlighted)
    def _follow_cursor(self, event: Tree.NodeHighlighted[TreeRow]) -> None:
        row = event.node.data
        if row is not None and row.goal_id != self.selected_id:
            self.selected_id = row.goal_id
            self._show_detail(self.dashboard.snapshot, self.dashboard.today)

    @on(Tree.NodeSelected)
    def _edit_on_enter(self, event: Tree.NodeSelected[TreeRow]) -> None:
        event.stop()
        self.action_edit()

    def select_goal(self, goal_id: str) -> None:
        """Put the tree's cursor on a goal (when it is shown)."""
        tree = self.query_one(GoalTree)
        for line in range(tree.last_line + 1):
            node = tree.get_node_at_line(line)
            if node is not None and node.data is not None and node.data.goal_id == goal_id:
                tree.cursor_line = line
                tree.scroll_to_line(line, animate=False)
                self.selected_id = goal_id
                self._show_detail(self.dashboard.snapshot, self.dashboard.today)
                return

    def selected_goal(self) -> Goal | None:
        """The goal under the cursor, as in the latest snapshot."""
        return self.dashboard.snapshot.goal(self.selected_id) if self.selected_id else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that act on a goal are hidden while there is none."""
        if action in ("edit", "micro", "milestone", "archive", "delete", "move"):
            return self.selected_goal() is not None
        return True

    # --- writing ------------------------------------------------------------------------------

    def _write(
        self,
        make: Callable[[Snapshot, Date, DateTime], Change],
        toast: str = "",
        then: Callable[[], None] | None = None,
    ) -> None:
        def done(inverse: Change) -> None:
            self._undo.append(inverse)
            if toast:
                self.notify(toast, markup=False, timeout=3)
            if then is not None:
                then()

        self.dashboard.apply(make, done=done)

    def _fresh(self, snapshot: Snapshot, goal_id: str) -> Goal:
        goal = snapshot.goal(goal_id)
        if goal is None:
            raise ValidationError("that goal was deleted meanwhile")
        return goal

    def _save_new(self, fields: GoalFields | None) -> None:
        if fields is None:
            return

        added: list[str] = []

        def make(snapshot: Snapshot, today: Date, now: DateTime) -> Change:
            goal = new_goal(snapshot, now=now, **fields.as_changes())
            added.append(goal.id)
            return Change((goal,), label=f"“{goal.title}” added")

        # A new top-level goal gets the cursor; after a micro-goal the cursor stays on its
        # parent, so several steps can be added in a row.
        keep = fields.parent_id if fields.parent_id else None
        self._write(make, f"Added “{fields.title}”.", lambda: self.select_goal(keep or added[-1]))

    def action_add(self) -> None:
        """Add a top-level goal."""
        self.app.push_screen(GoalFormScreen(self.dashboard.snapshot), self._save_new)

    def action_micro(self) -> None:
        """Add a micro-goal to the selected goal."""
        goal = self.selected_goal()
        if goal is not None:
            form = GoalFormScreen(self.dashboard.snapshot, parent_id=goal.id)
            self.app.push_screen(form, self._save_new)

    def action_edit(self) -> None:
        """Edit the selected goal."""
        goal = self.selected_goal()
        if goal is None:
            return
        goal_id = goal.id

        def save(fields: GoalFields | None) -> None:
            if fields is None:
                return

            def make(snapshot: Snapshot, today: Date, now: DateTime) -> Change:
                fresh = self._fresh(snapshot, goal_id)
                edited = edit_goal(snapshot, fresh, now=now, **fields.as_changes())
                return Change((edited,), label=f"the edit of “{fresh.title}”")  # (as it was)

            self._write(make)

        self.app.push_screen(GoalFormScreen(self.dashboard.snapshot, goal=goal), save)

    def action_milestone(self) -> None:
        """Name a milestone of the selected goal, or mark one reached today."""
        goal = self.selected_goal()
        if goal is None:
            return
        goal_id = goal.id

        def save(result: NewMilestone | MarkMilestone | None) -> None:
            if result is None:
                return

            def make(snapshot: Snapshot, today: Date, now: DateTime) -> Change:
                fresh = self._fresh(snapshot, goal_id)
                if isinstance(result, NewMilestone):
                    named = add_milestone(fresh, result.title, now=now)
                    return Change((named,), label=f"the milestone of “{fresh.title}”")
                done_on = today if result.reached else None
                marked = mark_milestone(fresh, result.milestone_id, now=now, done_on=done_on)
                return Change((marked,), label=f"the milestone of “{fresh.title}”")

            self._write(make)

        self.app.push_screen(MilestoneScreen(goal, self.dashboard.today), save)

    def action_archive(self) -> None:
        """Archive the selected goal, or bring an archived one back."""
        goal = self.selected_goal()
        if goal is None:
            return
        goal_id, archived = goal.id, not goal.archived

        def make(snapshot: Snapshot, today: Date, now: DateTime) -> Change:
            goal = self._fresh(snapshot, goal_id)
            family = archive_family(snapshot, goal, archived=archived, now=now)
            done = "archived" if archived else "brought back"
            return Change(family, label=f"“{goal.title}” {done}")

        toast = f"Archived “{goal.title}”." if archived else f"“{goal.title}” is back."
        self._write(make, toast)

    def action_delete(self) -> None:
        """Delete the selected goal with its micro-goals and wins, after asking."""
        goal = self.selected_goal()
        if goal is None:
            return
        goals, wins = deletion_of(self.dashboard.snapshot, goal)
        micro = len(goals) - 1
        question = Content.assemble(
            Content.from_markup("Delete “$title”", title=goal.title),
            f", its {wording.plural(micro, 'micro-goal')}" if micro else "",
            f" and {wording.plural(len(wins), 'win')}?",
            ("\nUntil you quit, u (undo) puts it all back.", "$text-muted"),
        )
        goal_id = goal.id

        def answer(yes: bool | None) -> None:
            if not yes:
                return

            def make(snapshot: Snapshot, today: Date, now: DateTime) -> Change:
                fresh = self._fresh(snapshot, goal_id)
                gone_goals, gone_wins = deletion_of(snapshot, fresh)
                deletes: list[tuple[RecordKind, str]] = [("win", w.id) for w in gone_wins]
                deletes += [("goal", g.id) for g in gone_goals]
                return Change(deletes=tuple(deletes), label=f"“{fresh.title}” deleted")

            self._write(make, f"Deleted “{goal.title}”.")

        self.app.push_screen(ConfirmScreen(question), answer)

    def action_move(self, step: int) -> None:
        """Move the selected goal up or down among its siblings."""
        goal = self.selected_goal()
        if goal is None:
            return
        if goal.archived:
            self.notify(
                "Archived goals stay at the end; unarchive it (x) to move it.", markup=False
            )
            return
        goal_id = goal.id

        def make(snapshot: Snapshot, today: Date, now: DateTime) -> Change:
            fresh = self._fresh(snapshot, goal_id)
            if fresh.archived:
                raise ValidationError("unarchive this goal to move it")
            moved = reorder(snapshot.goals, fresh, step, now=now)
            return Change(moved, label=f"“{fresh.title}” moved")

        self._write(make)

    def action_toggle_archived(self) -> None:
        """Show or hide archived goals."""
        self.show_archived = not self.show_archived
        self.show(self.dashboard.snapshot, self.dashboard.today)
        self.notify(
            "Showing archived goals." if self.show_archived else "Archived goals hidden.", timeout=2
        )
