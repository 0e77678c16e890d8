"""The one error type for a refused step: views show its message, the API answers 400/409."""


class StepRefused(Exception):
    """A step the actor may not take, or that the object's state does not allow.

    ``message`` is translated and meant for the person who tried.
    """

    def __init__(self, message, *, code: str = "refused", status: int = 409):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status

    def __str__(self):
        return str(self.message)
