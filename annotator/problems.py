"""Errors that reach the user as a message, never as a traceback."""


class UserError(Exception):
    """A problem the user can fix: the message names the file, line or byte and what to do."""
