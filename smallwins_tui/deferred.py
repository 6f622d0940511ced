"""Modules our libraries import at start-up but use only on rare paths: loaded at first use.

pendulum imports dateutil's parser (and through it `dateutil.tz`, `tempfile`, `decimal`,
`ctypes`…: ~18 ms under `-X importtime`, ~10 ms of wall time) for
`pendulum.parse(..., strict=False)` alone, a fallback smallwins never takes. Every command
and the dashboard paid for it at start-up.
"""

from __future__ import annotations

import importlib.util
import sys

DEFERRED = ("dateutil.parser",)
"""Modules whose code runs at their first attribute access instead of at their import."""


def defer(name: str) -> None:
    """Put a lazy module for `name` in `sys.modules` (stdlib `importlib.util.LazyLoader`): an
    `import` of it then finds it there, and its code runs when an attribute is first read.

    Does nothing if the module is loaded already or cannot be found.
    """
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)  # imports the parent package (dateutil: tiny)
    except ImportError:
        return
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


def defer_all() -> None:
    for name in DEFERRED:
        defer(name)
