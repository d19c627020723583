"""Coupling profile, coupling diversity and lead-firm dependence, per flow and year."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from chainchief.coupling.codes import codes_of, group_sum, rank_within
from chainchief.coupling.flows import UNKNOWN_PARTNER, positions
from chainchief.coupling.params import CouplingParams
from chainchief.diversification.concentration import hhi, shannon_entropy
from chainchief.model.enums import Scale

__all__ = [
    "UNKNOWN_PARTNER",
    "coupling_diversity",
    "coupling_profile",
    "fill_unknown",
    "lead_firm_dependence",
]


def _year_key(flows: pd.DataFrame) -> pd.DataFrame:
    return flows.assign(year=flows["year"].astype("Int64"))


def fill_unknown(s: pd.Series, label: str = UNKNOWN_PARTNER) -> pd.Series:
    """``s`` with missing values replaced by ``label`` (categoricals get the category)."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        if label not in s.cat.categories:
            s = s.cat.add_categories([label])
        return s.fillna(label)
    return s.fillna(label)


def coupling_profile(
    flows: pd.DataFrame,
    by: str = "scale",
    partner_names: pd.Series | None = None,
    top_n: int | None = None,
) -> pd.DataFrame:
    """Value and value share of each scale (or partner) per flow and year.

    Parameters
    ----------
    flows
        Output of :func:`~chainchief.coupling.flows.coupling_flows`.
    by
        ``"scale"`` (default) or ``"partner"``. Partners are the buyers (sales) and
        suppliers (sourcing); sales without a known buyer form the partner
        ``"(unknown)"``.
    partner_names
        Optional Series firm id -> name, added as ``partner_name`` for ``by="partner"``.
    top_n
        For ``by="partner"``: keep the ``top_n`` largest partners of each flow and year
        and sum the others into one ``"(other partners)"`` row (default None: all).

    Returns
    -------
    DataFrame
        ``flow, year, scale, value, share`` (every scale listed, zero where absent) or
        ``flow, year, partner_id, partner_name, scale, partner_is_lead, value, share``
        (``scale`` is the partner's main scale). Shares sum to 1 within (flow, year).
    """
    f = _year_key(flows)
    if by == "scale":
        scales = [s.value for s in Scale]
        small = (
            f.groupby(["flow", "year", "scale"], dropna=False, observed=True)["value"]
            .sum()
            .reset_index()
        )
        small["flow"] = small["flow"].astype("str")
        small["scale"] = small["scale"].astype("str")
        wide = (
            small.set_index(["flow", "year", "scale"])["value"]
            .unstack("scale")
            .reindex(columns=scales)
            .fillna(0.0)
        )
        wide.columns.name = "scale"
        g = pd.DataFrame({"value": wide.stack()}).reset_index()
        g["scale"] = pd.Categorical(g["scale"], categories=scales, ordered=True)
        keys = ["flow", "year"]
    elif by == "partner":
        g = _partner_table(f, top_n)
        names = partner_names if partner_names is not None else pd.Series(dtype="str")
        pos = positions(g["partner_id"], pd.Series(names.index.astype("str")))
        name_vals = names.to_numpy(dtype=object)
        g["partner_name"] = pd.array(
            np.where(pos >= 0, name_vals[np.maximum(pos, 0)] if len(name_vals) else None, None),
            dtype="str",
        )
        g = g[["flow", "year", "partner_id", "partner_name", "scale", "partner_is_lead", "value"]]
        keys = ["flow", "year"]
    else:
        raise ValueError(f"by must be 'scale' or 'partner', not {by!r}")
    total = g.groupby(keys, dropna=False)["value"].transform("sum")
    g["share"] = np.where(total > 0, g["value"] / total.where(total > 0, 1.0), np.nan)
    sort = [*keys, "value"] if by == "partner" else [*keys, "scale"]
    asc = [True, True, False] if by == "partner" else True
    return g.sort_values(sort, ascending=asc, kind="stable").reset_index(drop=True)


def coupling_diversity(
    flows: pd.DataFrame,
    params: CouplingParams | None = None,
    *,
    profile: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Diversity of coupling over scales per flow and year.

    ``profile`` may pass an already computed ``coupling_profile(flows, "scale")``.

    Returns
    -------
    DataFrame
        ``flow, year, value, n_scales, hhi, diversity, entropy, entropy_max``:
        ``diversity`` is 1 − HHI of the scale shares; ``entropy`` the Shannon entropy of
        the same shares (base ``params.entropy_base``); ``entropy_max`` its upper bound
        log(number of scales present).
    """
    p = params or CouplingParams()
    prof = profile if profile is not None else coupling_profile(flows, by="scale")
    rows = []
    for (flow, year), grp in prof.groupby(["flow", "year"], dropna=False, sort=True, observed=True):
        v = grp["value"].to_numpy()
        n = int((v > 0).sum())
        h = hhi(v)
        rows.append(
            {
                "flow": flow,
                "year": year,
                "value": float(v.sum()),
                "n_scales": n,
                "hhi": h,
                "diversity": 1.0 - h if not math.isnan(h) else math.nan,
                "entropy": shannon_entropy(v, p.entropy_base),
                "entropy_max": math.log(n, p.entropy_base) if n > 0 else math.nan,
            }
        )
    return _frame(
        rows, ["flow", "year", "value", "n_scales", "hhi", "diversity", "entropy", "entropy_max"]
    )


def lead_firm_dependence(flows: pd.DataFrame, params: CouplingParams | None = None) -> pd.DataFrame:
    """Dependence on the largest partners (buyers for sales, suppliers for sourcing).

    Shares are taken over the value whose partner is known.

    Returns
    -------
    DataFrame
        ``flow, year, known_share, n_partners, top_k, top_k_share, partner_hhi,
        lead_share, foreign_lead_share``: ``known_share`` is the share of value with
        a known partner; ``lead_share`` the share of known-partner value going to
        partners flagged as lead firms, ``foreign_lead_share`` to foreign lead firms.
    """
    p = params or CouplingParams()
    f = _year_key(flows)
    fc, flab = codes_of(f["flow"])
    yc, ylab = codes_of(f["year"])
    pc, _ = codes_of(f["partner_id"])
    val = f["value"].to_numpy(dtype=float, na_value=np.nan)
    lead = f["partner_is_lead"].fillna(False).to_numpy(dtype=bool)
    foreign = f["partner_foreign"].to_numpy(dtype=bool)
    (gf, gy), tot, inv = group_sum([fc, yc], [len(flab), len(ylab)], val)
    known = pc >= 0
    kval = np.where(known, np.nan_to_num(val), 0.0)
    kv = np.bincount(inv, weights=kval, minlength=len(tot))
    lv = np.bincount(inv, weights=np.where(lead, kval, 0.0), minlength=len(tot))
    flv = np.bincount(inv, weights=np.where(lead & foreign, kval, 0.0), minlength=len(tot))
    (pf, py, _pp), pv, _ = group_sum(
        [fc[known], yc[known], pc[known]],
        [len(flab), len(ylab), int(pc.max()) + 1 if known.any() else 0],
        val[known],
    )
    # map each (flow, year, partner) group to its (flow, year) row
    fy_key = gf * (len(ylab) + 1) + gy
    grp = np.searchsorted(fy_key, pf * (len(ylab) + 1) + py)
    rank = rank_within(grp, pv)
    n_part = np.bincount(grp, minlength=len(tot))
    top = np.bincount(grp, weights=np.where(rank < p.top_k, pv, 0.0), minlength=len(tot))
    with np.errstate(divide="ignore", invalid="ignore"):
        share = pv / kv[grp]
        out = pd.DataFrame(
            {
                "flow": _labels(flab, gf),
                "year": _labels(ylab, gy),
                "known_share": np.where(tot > 0, kv / tot, np.nan),
                "n_partners": n_part,
                "top_k": p.top_k,
                "top_k_share": np.where(kv > 0, top / kv, np.nan),
                "partner_hhi": np.where(
                    kv > 0, np.bincount(grp, weights=share**2, minlength=len(tot)), np.nan
                ),
                "lead_share": np.where(kv > 0, lv / kv, np.nan),
                "foreign_lead_share": np.where(kv > 0, flv / kv, np.nan),
            }
        )
    out["year"] = out["year"].astype("Int64")
    out["flow"] = out["flow"].astype("str")
    return out.sort_values(["flow", "year"], kind="stable").reset_index(drop=True)


def _labels(labels: pd.Index, codes: np.ndarray) -> np.ndarray:
    vals = np.asarray(labels.to_numpy(dtype=object), dtype=object)
    if not len(vals):
        return np.full(len(codes), None, dtype=object)
    out = vals[np.maximum(codes, 0)]
    out[codes < 0] = None
    return out


#: Partner label of the row that sums the partners beyond ``top_n``.
OTHER_PARTNERS = "(other partners)"


def _partner_table(f: pd.DataFrame, top_n: int | None = None) -> pd.DataFrame:
    """(flow, year, partner) totals with the partner's main scale and lead flag.

    With ``top_n``, partners beyond the ``top_n`` largest of each flow and year are
    summed into one :data:`OTHER_PARTNERS` row.
    """
    fc, flab = codes_of(f["flow"])
    yc, ylab = codes_of(f["year"])
    pc, plab = codes_of(f["partner_id"])
    sc, slab = codes_of(f["scale"])
    val = f["value"].to_numpy(dtype=float, na_value=np.nan)
    sizes = [len(flab), len(ylab), len(plab), len(slab)]
    (gf, gy, gp, gs), v4, _ = group_sum([fc, yc, pc, sc], sizes, val)
    # the 4-key groups come out sorted, so (flow, year, partner) groups are runs of them
    key3 = (gf * (sizes[1] + 1) + gy) * (sizes[2] + 1) + gp
    start = np.r_[0, np.flatnonzero(key3[1:] != key3[:-1]) + 1]
    v3 = np.add.reduceat(v4, start) if len(v4) else np.zeros(0)
    hf, hy, hp = gf[start], gy[start], gp[start]
    # main scale: the first largest 4-key group of each run (== the first row of a
    # lexsort by (key3, -v4)), found in linear time
    if len(v4):
        run = np.repeat(np.arange(len(start)), np.diff(np.r_[start, len(v4)]))
        cand = np.flatnonzero(v4 == np.maximum.reduceat(v4, start)[run])
        first = cand[np.r_[True, run[cand][1:] != run[cand][:-1]]]
    else:
        first = np.zeros(0, dtype=np.int64)
    main_scale = gs[first]
    lead_rows = f["partner_is_lead"].fillna(False).to_numpy(dtype=bool)
    lead = np.zeros(len(plab) + 1, dtype=bool)
    np.logical_or.at(lead, pc + 1, lead_rows)
    is_lead = lead[hp + 1].astype(object)
    other = np.zeros(0, dtype=bool)
    if top_n is not None:
        fy = hf * (sizes[1] + 1) + hy
        keep = rank_within(fy, v3) < top_n
        rest = ~keep
        if rest.any():
            (of, oy), ov, _ = group_sum([hf[rest], hy[rest]], sizes[:2], v3[rest])
            hf, hy, hp = np.r_[hf[keep], of], np.r_[hy[keep], oy], np.r_[hp[keep], -2 + 0 * of]
            v3 = np.r_[v3[keep], ov]
            main_scale = np.r_[main_scale[keep], -1 + 0 * of]
            is_lead = np.r_[is_lead[keep], np.full(len(of), None, dtype=object)]
            other = np.r_[np.zeros(int(keep.sum()), dtype=bool), np.ones(len(of), dtype=bool)]
    partner = np.where(hp >= 0, _labels(plab, hp), UNKNOWN_PARTNER)
    if other.size:
        partner = np.where(other, OTHER_PARTNERS, partner)
    return pd.DataFrame(
        {
            "flow": pd.array(_labels(flab, hf), dtype="str"),
            "year": pd.array(_labels(ylab, hy), dtype="Int64"),
            "partner_id": pd.array(partner, dtype="str"),
            "scale": pd.Categorical.from_codes(
                main_scale, dtype=pd.CategoricalDtype(slab, ordered=True)
            ),
            "partner_is_lead": pd.array(is_lead, dtype="boolean"),
            "value": v3,
        }
    )


def _frame(rows: list[dict[str, object]], cols: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=cols)
    out["year"] = out["year"].astype("Int64")
    if "flow" in out:
        out["flow"] = out["flow"].astype("str")
    return out
