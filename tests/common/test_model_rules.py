"""Rules written in the models name choice values through their TextChoices members, never
as literal strings that a renamed value would silently leave behind."""

import enum

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

LOCAL_APPS = ("structures", "fiso", "realis", "yess", "coventis", "common")


def _lookups(condition):
    """Yield every (lookup, value) pair of a Q condition, however nested."""
    for child in condition.children:
        if isinstance(child, Q):
            yield from _lookups(child)
        else:
            yield child


def _literal_choices(model, pairs):
    """Return the pairs whose field has choices and whose value is a bare string."""
    found = []
    for lookup, value in pairs:
        name = lookup.split("__")[0]
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not getattr(field, "choices", None):
            continue
        values = value if lookup.endswith("__in") else [value]
        # "" is the blank value of an optional field, not one of its choices.
        found += [
            (lookup, v)
            for v in values
            if isinstance(v, str) and v != "" and not isinstance(v, enum.Enum)
        ]
    return found


def test_constraints_and_choice_limits_name_textchoices_members():
    literals = []
    for config in apps.get_app_configs():
        if config.label not in LOCAL_APPS:
            continue
        for model in config.get_models():
            for constraint in model._meta.constraints:
                condition = getattr(constraint, "condition", None)
                if condition is not None:
                    pairs = _lookups(condition)
                    literals += [
                        (model.__name__, constraint.name, *p)
                        for p in _literal_choices(model, pairs)
                    ]
            for field in model._meta.fields:
                limit = getattr(field.remote_field, "limit_choices_to", None)
                if isinstance(limit, dict):
                    pairs = limit.items()
                    related = field.related_model
                    literals += [
                        (model.__name__, field.name, *p) for p in _literal_choices(related, pairs)
                    ]
    assert literals == []
