"""REALIS settings, with defaults, read from the project settings when they are given.

The project's settings module belongs to the whole portal; these values have sensible
defaults here so that the pépinière's team can tune them (through settings or the
environment) without the app depending on them being declared.
"""

from django.conf import settings


def capacity() -> int:
    """Return how many enterprises the pépinière hosts at most (seed: "une trentaine")."""
    return int(getattr(settings, "REALIS_CAPACITY", 30))


def opening_hours() -> tuple[int, int]:
    """Return the opening and closing hours (local time) within which rooms are booked."""
    opening, closing = getattr(settings, "REALIS_OPENING_HOURS", (8, 20))
    return int(opening), int(closing)


def opening_days() -> tuple[int, ...]:
    """Return the weekdays (Monday is 0) on which rooms can be booked."""
    return tuple(getattr(settings, "REALIS_OPENING_DAYS", (0, 1, 2, 3, 4)))


def booking_max_hours() -> int:
    """Return the longest booking allowed, in hours."""
    return int(getattr(settings, "REALIS_BOOKING_MAX_HOURS", 4))


def booking_slot_minutes() -> int:
    """Return the granularity of bookings, in minutes (start and end fall on it)."""
    return int(getattr(settings, "REALIS_BOOKING_SLOT_MINUTES", 30))


def booking_horizon_days() -> int:
    """Return how many days ahead a resident may book."""
    return int(getattr(settings, "REALIS_BOOKING_HORIZON_DAYS", 90))


def structure_slug() -> str:
    """Return the slug of the pépinière's own record in the directory (its supports)."""
    return str(getattr(settings, "REALIS_STRUCTURE_SLUG", "realis"))
