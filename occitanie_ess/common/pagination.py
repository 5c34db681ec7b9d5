"""A paginator that counts at most a bounded number of rows.

Counting every match of a broad search at 100,000 records reads every matching row; a
visitor only needs to know that there are "more than 10,000" and cannot page that deep
anyway. `CappedPaginator` counts up to `cap` rows (one `COUNT(*)` over a `LIMIT`ed
subquery of primary keys, without the rank or any other annotation) and offers the pages
within them, so the deepest page reads at most `cap` rows; `capped` tells the template to
say "plus de".
"""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int = 10_000):
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _bounded_count(self) -> int:
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        """Return the number of rows, at most `cap`."""
        return min(self._bounded_count, self.cap)

    @cached_property
    def capped(self) -> bool:
        """Return True when there are more rows than `cap`."""
        return self._bounded_count > self.cap
