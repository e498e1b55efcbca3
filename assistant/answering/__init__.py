"""The answer stage: intent -> units that each read one facet of the evidence (see ``router``)."""

from assistant.answering.base import NOT_FOUND, refusal, too_long
from assistant.answering.router import ROUTES, Composer

__all__ = ["Composer", "ROUTES", "NOT_FOUND", "refusal", "too_long"]
