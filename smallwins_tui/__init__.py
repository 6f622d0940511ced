"""smallwins: a terminal companion for the small-wins method."""

__version__ = "0.1.0"
