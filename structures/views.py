from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from structures.models import Organisation


def index(request):
    """Return the public directory: structures and enterprises, paginated."""
    records = Organisation.objects.published().select_related("departement")
    page_obj = Paginator(records, 20).get_page(request.GET.get("page"))
    return render(request, "structures/index.html", {"page_obj": page_obj})


def detail(request, slug):
    """Return one published structure or enterprise."""
    record = get_object_or_404(Organisation.objects.published(), slug=slug)
    return render(request, "structures/detail.html", {"record": record})
