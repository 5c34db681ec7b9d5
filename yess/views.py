from django.shortcuts import render


def index(request):
    """Return the section's home page."""
    return render(request, "yess/index.html")
