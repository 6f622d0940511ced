"""One module per screen; each screen's styles are rooted at its own type."""
