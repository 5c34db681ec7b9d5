"""A paginator that reads at most a bounded number of rows, once.

Counting every match of a broad search at 100,000 records reads every matching row, and
a visitor only needs to know that there are "more than 1,000" and cannot page deeper
anyway. `CappedPaginator` runs one query for the primary keys of the first `cap + 1`
rows in the list's order: their number is the count (`capped` tells the template to say
"plus de"), and a page is the slice of them, whose records are then read by primary key.

One ordered, bounded query instead of a count and an `OFFSET` page: the database finds
the rows once, and a page never costs more than the rows within the cap, whatever plan
the sort would have led PostgreSQL to for a `LIMIT 20` (an index walk in name order
that filters out thousands of rows before finding twenty matches of a rare word).
"""

from functools import cached_property

from django.core.paginator import Page, Paginator


class CappedPaginator(Paginator):
    """Pages through `object_list` (an ordered QuerySet) up to `cap` rows; a page's records
    are read by key from `rows` (by default `object_list` without its order). Pass the
    plain queryset of what a page shows as `rows`: the keys already passed the list's
    filters, and its search need not be built, sent and run again for twenty rows."""

    def __init__(self, object_list, per_page, *, cap: int = 10_000, rows=None):
        super().__init__(object_list, per_page)
        self.cap = cap
        self.rows = object_list if rows is None else rows

    @cached_property
    def _keys(self) -> list:
        """Return the primary keys of the first `cap + 1` rows, in the list's order."""
        return list(self.object_list.values_list("pk", flat=True)[: self.cap + 1])

    @cached_property
    def count(self) -> int:
        """Return the number of rows, at most `cap`."""
        return min(len(self._keys), self.cap)

    @cached_property
    def capped(self) -> bool:
        """Return True when there are more rows than `cap`."""
        return len(self._keys) > self.cap

    def page(self, number):
        """Return the page `number`: its rows read by primary key, in the list's order."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = self._keys[bottom : min(bottom + self.per_page, self.count)]
        by_key = {row.pk: row for row in self.rows.order_by().filter(pk__in=keys)}
        return Page([by_key[key] for key in keys if key in by_key], number, self)
