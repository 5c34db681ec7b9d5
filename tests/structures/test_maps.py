from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from structures import maps
from structures.territory import DEPARTEMENTS


def test_map_file_has_the_13_departements_of_occitanie():
    shapes = maps.occitanie_map().shapes
    assert [s.code for s in shapes] == sorted(code for code, _n, _s in DEPARTEMENTS)
    assert all(s.path.startswith("M") and s.path.endswith("Z") for s in shapes)


@given(st.dictionaries(st.sampled_from(["09", "11", "34"]), st.integers(0, 10_000)))
def test_every_count_falls_in_the_legend_range_of_its_level(counts):
    legend = {item["level"]: item for item in maps.legend(counts)}
    top = max(counts.values(), default=0)
    for count in counts.values():
        level = maps.level(count, top)
        if count == 0:
            assert level == 0
        else:
            assert legend[level]["low"] <= count <= legend[level]["high"]


def test_departement_links_keep_the_other_filters():
    query = QueryDict("categorie=entreprise&departement=11", mutable=True)
    query.pop("departement")
    items = maps.departements_with_counts({"34": 3}, list_url="/annuaire/", query=query)
    herault = next(i for i in items if i["shape"].code == "34")
    assert herault["url"] == "/annuaire/?categorie=entreprise&departement=34"
    assert herault["count"] == 3 and herault["level"] == 5
