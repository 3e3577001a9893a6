"""Generator package for the blind evaluation corpus (see ../README.md)."""
