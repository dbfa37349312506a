"""Named exceptions: each says what went wrong in one line; messages say how to fix the call."""

from __future__ import annotations


class WartaError(Exception):
    """Base class for every error this package raises on purpose."""


class LoadError(WartaError):
    """An input file could not be turned into an article (raised with errors="raise")."""


class ConfigError(WartaError, ValueError):
    """A user-edited data file (outlet registry, lexicon, sidecar) is malformed."""


class InvalidValue(WartaError, ValueError):
    """A keyword argument holds a value the data does not have; the message lists the valid ones."""


class MissingColumns(WartaError, KeyError):
    """A frame lacks columns a verb needs."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0]) if self.args else ""
