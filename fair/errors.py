"""The one error type for what a client did wrong: a code for programs, a message for people."""


class ClientError(Exception):
    """Raised by services and the protocol; consumers send it back as an `error` message."""

    def __init__(self, code: str, message: str, **details):
        message = str(message)  # a lazy translation is fixed here, in the language active for this client
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details  # what the client needs to act on it (the refused message's client id, until when)
