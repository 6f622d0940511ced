"""Pure small-wins rules: the model, time, streaks and statistics, heatmap levels.

This package imports only the standard library and pendulum: never textual, rich or tinydb.
"""
