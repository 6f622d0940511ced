"""The journal on disk: the only part of smallwins that knows about TinyDB or JSON."""

from __future__ import annotations

from .migrations import SCHEMA_VERSION
from .storage import Store, StoreError, default_path
from .transaction import Transaction

__all__ = ["SCHEMA_VERSION", "Store", "StoreError", "Transaction", "default_path"]
