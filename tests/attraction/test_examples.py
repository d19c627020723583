"""Domain sense on the example datasets (issue 5, 'Done when')."""

from __future__ import annotations

from typing import Any

from chainchief.attraction import degree_of_match


def _typed(pkg: Any, strategy: str) -> Any:
    """Ranking with a ``t`` column: the example's firm_type, or the institution's kind."""
    res = degree_of_match(pkg, strategy=strategy)
    ft = pkg.firms.set_index("firm_id")["firm_type"].astype(str)
    rk = res.ranking
    return rk.assign(t=rk["candidate_id"].map(ft).fillna(rk["org_type"]))


def _types(pkg: Any, strategy: str, top: int) -> list[str]:
    return _typed(pkg, strategy)["t"].head(top).tolist()


def test_xianju_top_includes_fpp_makers_and_high_end_api(xianju: Any) -> None:
    """Issue 5 Done-when. Xianju is locked into bulk and steroid (specialty) APIs: patented
    API and the FPPs are weak or missing, so the chief extends toward them; the outside
    high-end API makers (specialty and patented APIs with generic FPPs and CDMO) fill
    those gaps."""
    from chainchief.diagnosis import diagnose

    cls = diagnose(xianju).segments.set_index("segment_id")["class"]
    assert cls["bulk_api"] == "strong" and cls["specialty_api"] == "strong"
    assert cls["patented_api"] == "weak"
    # Buyer-driven: FPP makers and high-end API makers both in the top ten.
    top10 = _typed(xianju, "buyer-driven")["t"].head(10).tolist()
    assert "fpp_maker" in top10 and "high_end_api" in top10, top10
    # Producer-driven: FPP makers and domestic generic groups lead; the high-end API
    # makers come within the default --top (20), after the foreign originators.
    rank = _typed(xianju, "producer-driven")
    top10 = rank["t"].head(10).tolist()
    assert "fpp_maker" in top10 and "domestic_buyer" in top10, top10
    assert "high_end_api" in rank["t"].head(20).tolist()
    # High-end API makers rank above every plain supplier and competitor.
    assert (
        rank.loc[rank.t == "high_end_api", "rank"].max()
        < rank.loc[rank.t.isin(["supplier", "competitor"]), "rank"].min()
    )


def test_ouhai_top_includes_domestic_brands_and_arvr(ouhai: Any) -> None:
    for strategy in ("buyer-driven", "producer-driven"):
        # Default --top (20), firms and institutions together: the outside R&D
        # institutes (serving the weak design segment) now share the top places.
        types = _types(ouhai, strategy, 20)
        assert "arvr_maker" in types[:5]
        assert "domestic_brand" in types[:10]
        assert "research_institute" in types
    # Ouhai's own (buyer-driven) profile also lists the domestic retail chains; the
    # producer-driven one puts the Dongguan park's component makers before them.
    assert "domestic_retail" in _types(ouhai, "buyer-driven", 20)
    # Domestic brand firms outrank the foreign buyers (lower lead-firm dependence).
    rank = _typed(ouhai, "buyer-driven")
    assert (
        rank.loc[rank.t == "domestic_brand", "rank"].max()
        < rank.loc[rank.t == "foreign_buyer", "rank"].min()
    )
