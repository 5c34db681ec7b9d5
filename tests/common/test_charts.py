from decimal import Decimal

from django.template.loader import render_to_string

from occitanie_ess.common.charts import bar_chart


def test_bars_are_proportional_to_their_values():
    chart = bar_chart("Montants", [("A", Decimal("100")), ("B", Decimal("50")), ("C", 0)])
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == chart.plot_width
    assert widths[1] == chart.plot_width / 2
    assert widths[2] == 0
    assert chart.height == 3 * (chart.bar_height + chart.gap) + chart.gap


def test_empty_chart_does_not_divide_by_zero():
    chart = bar_chart("Rien", [])
    assert chart.bars == []
    assert chart.height > 0


def test_chart_renders_an_svg_and_its_table_alternative():
    chart = bar_chart(
        "Par département", [("Hérault", 3, "3 entreprises", "/annuaire/?departement=34")]
    )
    html = render_to_string("components/chart.html", {"chart": chart, "chart_id": "dep"})
    assert 'aria-hidden="true"' in html  # the picture; the table carries the figures
    assert "<table>" in html
    assert '<caption id="dep-table">Par département</caption>' in html
    assert 'role="region" tabindex="0" aria-labelledby="dep-table"' in html
    assert '<a href="/annuaire/?departement=34">Hérault</a>' in html
    assert "3 entreprises" in html


def test_components_render_their_defaults_when_optional_values_are_missing(rf):
    """Optional component arguments must not show up as invalid variables (strict tests)."""
    from django import forms
    from django.core.paginator import Paginator

    class Empty(forms.Form):
        q = forms.CharField(required=False)

    request = rf.get("/annuaire/")
    html = render_to_string("components/filter_form.html", {"form": Empty()}, request=request)
    html += render_to_string(
        "components/pagination.html",
        {"page_obj": Paginator(range(50), 10).get_page(2)},
        request=request,
    )
    html += render_to_string("components/chart.html", {"chart": bar_chart("T", [("a", 1)])})
    assert 'action="/annuaire/"' in html
    assert 'aria-label="Pagination"' in html
    assert 'id="chart-title"' in html
