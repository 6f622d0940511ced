"""The footer of key bindings, rebuilt only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.widgets import Footer


class KeysFooter(Footer):
    """Textual's footer, recomposed only when what it would show changes.

    Textual's `Footer` rebuilds all of its keys whenever the screen says its bindings may have
    changed: a focus change, a screen pushed or popped, an action's state refreshed. Start-up
    alone sends six such signals; at ~10 ms a rebuild, that was a fifth of the time to the
    first paint of Today. Most signals change nothing the footer shows.
    """

    _shown: Hashable = None
    """What the keys showed when last composed (None: never composed with bindings)."""

    def shown_keys(self) -> Hashable:
        """What the footer would show now: its keys, their labels and whether they work."""
        # Every binding (a hidden one can be the command palette's key), as frozen `Binding`s.
        bindings = tuple(
            (binding, enabled, tip)
            for (_node, binding, enabled, tip) in self.screen.active_bindings.values()
        )
        return (bindings, self.show_command_palette, self.app.ENABLE_COMMAND_PALETTE)

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        shown = self.shown_keys() if self._bindings_ready else None
        if shown is not None and shown == self._shown:
            return
        self._shown = shown
        await super().recompose()
