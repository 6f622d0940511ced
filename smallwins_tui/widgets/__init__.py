"""Widgets: they receive data and post messages; they never touch the store."""
