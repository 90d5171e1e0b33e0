"""The project's own error types: every failure a user can act on is one of these."""


class ChanceryError(ValueError):
    """Base class of every error Chancery raises on purpose."""


class InputRejected(ChanceryError):
    """A file, row or pasted text that cannot be read as an article.

    ``origin`` names the file (and row or member) and the message says why.
    """

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class ModelUnavailable(ChanceryError):
    """No spaCy English model could be loaded."""


class StoreError(ChanceryError):
    """The database could not be opened or written."""
