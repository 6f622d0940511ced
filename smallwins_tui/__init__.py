"""smallwins: a terminal companion for the small-wins method."""

from .deferred import defer_all

__version__ = "0.1.0"

defer_all()  # before anything imports pendulum
