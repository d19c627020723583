"""Domain sense on the example datasets (issue 5, 'Done when')."""

from __future__ import annotations

from typing import Any

from chainchief.attraction import degree_of_match


def _types(pkg: Any, strategy: str, top: int) -> list[str]:
    res = degree_of_match(pkg, strategy=strategy)
    ft = pkg.firms.set_index("firm_id")["firm_type"]
    return [str(ft[c]) for c in res.ranking["candidate_id"].head(top)]


def test_xianju_top_includes_fpp_makers_and_high_end_api(xianju: Any) -> None:
    for strategy in ("buyer-driven", "producer-driven"):
        types = _types(xianju, strategy, 20)
        # Downstream FPP makers (domestic generic makers and FPP manufacturers) lead.
        assert set(types[:5]) <= {"fpp_maker", "domestic_buyer"}
        assert "high_end_api" in types
    res = degree_of_match(xianju, strategy="producer-driven")
    ft = xianju.firms.set_index("firm_id")["firm_type"]
    rank = res.ranking.assign(t=res.ranking["candidate_id"].map(ft))
    # High-end API makers rank above every plain supplier and competitor.
    assert (
        rank.loc[rank.t == "high_end_api", "rank"].max()
        < rank.loc[rank.t.isin(["supplier", "competitor"]), "rank"].min()
    )


def test_ouhai_top_includes_domestic_brands_and_arvr(ouhai: Any) -> None:
    for strategy in ("buyer-driven", "producer-driven"):
        types = _types(ouhai, strategy, 15)
        assert "arvr_maker" in types[:5]
        assert "domestic_brand" in types[:10]
        assert "domestic_retail" in types
    # Domestic brand firms outrank the foreign buyers (lower lead-firm dependence).
    res = degree_of_match(ouhai, strategy="buyer-driven")
    ft = ouhai.firms.set_index("firm_id")["firm_type"]
    rank = res.ranking.assign(t=res.ranking["candidate_id"].map(ft))
    assert (
        rank.loc[rank.t == "domestic_brand", "rank"].max()
        < rank.loc[rank.t == "foreign_buyer", "rank"].min()
    )
