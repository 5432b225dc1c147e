"""Fit a 1,200-point scorecard from labelled history, score data with it, and report on it.

The fit is the classic credit-scoring pipeline: each feature is cut into bins whose bad rate is
monotonic (optbinning's optimal binning), each bin stands for its weight of evidence (WoE), a
logistic regression on the WoE columns gives the log-odds of "bad", and the log-odds are scaled
to points: 600 points at odds 20:1 good:bad, 60 more points each time the odds double.

The result is a card as data (CARD.json): per item, the bins and their integer points. The same
bin lookup (``_bin_values``) turns a frame into WoE columns for the regression and into points
for the card, so the card reproduces the model up to the rounding of each item's points.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

CARD_VERSION = 1
SCALING = {"points": 600, "odds": 20, "pdo": 60, "min": 0, "max": 1200}
# score = OFFSET - FACTOR * ln(odds bad:good): ln(odds) falls by ln 2 when the good odds double.
FACTOR = SCALING["pdo"] / math.log(2)
OFFSET = SCALING["points"] - FACTOR * math.log(SCALING["odds"])
MISSING_LABEL = "缺失"
# What a bin carries in CARD.json; the fit keeps more (WoE, counts) for the report.
_CARD_BIN_KEYS = ("label", "min", "max", "values", "missing", "points")


@dataclass(frozen=True)
class Settings:
    """How finely the fit may cut and how much evidence a feature needs to enter the card.

    Each numeric column is first cut into candidate bins ("prebins") of at least
    ``min_prebin_size`` of the rows (at most ``max_n_prebins``); the optimal binning then merges
    them into bins whose bad rate rises or falls steadily (``trend``), each holding at least
    ``min_bin_size`` of the rows, at most ``max_n_bins`` of them (a card's item takes at most 20
    bins). Fine prebins let a cut fall where the bad rate really changes; the bin size and the
    monotonic trend keep the bins from following noise.

    A feature whose information value (IV) is below the threshold adds too little to earn an item;
    the threshold (one of ``min_ivs``, 0 = every column that tells anything apart) and the
    regression's strength ``C`` (one of ``cs``) are chosen by ``folds``-fold cross-validated AUC on
    the training data alone. ``C`` defaults to 1 (scikit-learn's default) rather than a grid:
    on a thousand rows the cross-validated choice of C is noise and cost test AUC.
    """

    max_n_bins: int | None = 6
    min_bin_size: float = 0.05
    min_prebin_size: float = 0.02
    max_n_prebins: int = 50
    trend: str = "auto_asc_desc"
    min_ivs: tuple[float, ...] = (0.0, 0.01, 0.02, 0.05)
    cs: tuple[float, ...] = (1.0,)
    folds: int = 5
    seed: int = 0


@dataclass(frozen=True)
class FittedCard:
    """A fitted scorecard: the items with their bins' statistics, and the regression behind them."""

    target: str
    items: list[dict[str, Any]]
    coefficients: np.ndarray
    intercept: float
    c: float
    min_iv: float
    cv_auc: float
    base_points: int

    @property
    def card(self) -> dict[str, Any]:
        """The card as data (the CARD.json format of docs/rating.md)."""
        return {
            "version": CARD_VERSION,
            "source": "fit",
            "target": self.target,
            "base_points": self.base_points,
            "items": [_card_item(item) for item in self.items],
            "scaling": dict(SCALING),
        }

    def log_odds(self, frame: pl.DataFrame) -> np.ndarray:
        """The regression's ln(odds bad:good) for each row."""
        return self.intercept + woe_matrix(self.items, frame) @ self.coefficients

    def model_scores(self, frame: pl.DataFrame) -> np.ndarray:
        """The exact (unrounded, unclipped) scores the regression gives, for checking the card."""
        return OFFSET - FACTOR * self.log_odds(frame)


def read_csv(path: Path) -> pl.DataFrame:
    """A CSV with the whole file used to infer types (a late decimal must not break an integer column)."""
    return pl.read_csv(path, infer_schema_length=None)


def fit(frame: pl.DataFrame, target: str, *, exclude: Iterable[str] = (), settings: Settings = Settings()) -> FittedCard:
    """Fit a card on ``frame``: every column but ``target`` and ``exclude`` is a candidate item."""
    y = _target(frame, target)
    skipped = {target, *exclude}
    candidates = [_binned_item(name, frame[name], y, settings) for name in frame.columns if name not in skipped]
    candidates = [item for item in candidates if item["iv"] > 0]  # a single bin tells nothing apart
    best = None
    # From the strictest threshold down: a looser one must cross-validate better to add items.
    for min_iv in sorted(settings.min_ivs, reverse=True):
        items = [item for item in candidates if item["iv"] >= min_iv]
        if items and (best is None or len(items) > len(best.items)):
            fitted = _regression(items, frame, y, settings, min_iv)
            if best is None or fitted.cv_auc > best.cv_auc:
                best = fitted
    if best is None:
        raise ValueError(f"no column tells good from bad with an information value of at least {min(settings.min_ivs)}")
    return _scaled(target, best)


def score(card: dict[str, Any], frame: pl.DataFrame) -> np.ndarray:
    """Each row's integer score under ``card``: base points plus each item's bin's points, clipped.

    A value no bin holds (an unknown category, a null, text in a number column) scores as missing.
    """
    _require_columns(card["items"], frame)
    total = pl.sum_horizontal(_bin_values(item, "points") for item in card["items"]) + card["base_points"]
    low, high = card["scaling"]["min"], card["scaling"]["max"]
    return frame.select(total.clip(low, high).round().cast(pl.Int64)).to_series().to_numpy()


def woe_matrix(items: Sequence[dict[str, Any]], frame: pl.DataFrame) -> np.ndarray:
    """One column per item: the WoE of the bin each row's value falls in."""
    _require_columns(items, frame)
    return frame.select(_bin_values(item, "woe").alias(item["code"]) for item in items).to_numpy()


def _target(frame: pl.DataFrame, target: str) -> np.ndarray:
    if target not in frame.columns:
        raise ValueError(f"there is no target column {target!r}")
    y = frame[target]
    if y.null_count() or not set(y.unique().to_list()) <= {0, 1}:
        raise ValueError(f"the target {target!r} must be 0 (good) or 1 (bad) on every row")
    return y.cast(pl.Int8).to_numpy()


def _binned_item(name: str, column: pl.Series, y: np.ndarray, settings: Settings) -> dict[str, Any]:
    """Optimal bins for one column (monotonic bad rate for numbers), as an item with statistics."""
    from optbinning import OptimalBinning

    numeric = column.dtype.is_numeric()
    binning = OptimalBinning(
        name=name,
        dtype="numerical" if numeric else "categorical",
        # Rising or falling, whichever fits: a score that turns back is hard to defend to a customer.
        monotonic_trend=settings.trend if numeric else "auto",
        max_n_bins=settings.max_n_bins,
        min_bin_size=settings.min_bin_size,
        min_prebin_size=settings.min_prebin_size,
        max_n_prebins=settings.max_n_prebins,
    )
    values = column.cast(pl.Float64).to_numpy() if numeric else column.cast(pl.String).to_numpy()
    binning.fit(values, y)
    table = binning.binning_table.build()
    # The table's rows: the bins in order, then "Special" (unused here), "Missing", "Totals".
    count = len(binning.splits) + (1 if numeric else 0)
    limits = _numeric_limits(binning.splits) if numeric else [{"values": [str(v) for v in group]} for group in binning.splits]
    bins = [{**_stats(table.iloc[i]), **limit, "label": _label(limit)} for i, limit in zip(range(count), limits, strict=True)]
    bins.append({**_stats(table.iloc[count + 1]), "label": MISSING_LABEL, "missing": True})
    return {
        "code": name,
        "label": name,
        "variable": name,
        "kind": "NUMERIC" if numeric else "CATEGORY",
        "bins": bins,
        "iv": float(sum(b["iv"] for b in bins)),
    }


def _numeric_limits(splits: Sequence[float]) -> list[dict[str, float | None]]:
    """The bins between consecutive split points: min inclusive, max exclusive, None = open end."""
    edges = [None, *(float(s) for s in splits), None]
    return [{"min": low, "max": high} for low, high in zip(edges, edges[1:])]


def _label(limit: dict[str, Any]) -> str:
    if "values" in limit:
        return ", ".join(limit["values"])
    low = "(-inf" if limit["min"] is None else f"[{limit['min']:.6g}"
    high = "+inf" if limit["max"] is None else f"{limit['max']:.6g}"
    return f"{low}, {high})"


def _stats(row: Any) -> dict[str, float]:
    """A binning-table row's count, bad rate, WoE (ln of good share over bad share) and IV."""
    count = int(row["Count"])
    return {
        "count": count,
        "events": int(row["Event"]),
        "event_rate": float(row["Event rate"]) if count else 0.0,
        "woe": float(row["WoE"]) if count else 0.0,
        "iv": float(row["IV"]) if count else 0.0,
    }


@dataclass(frozen=True)
class _Regression:
    items: list[dict[str, Any]]
    coefficients: np.ndarray
    intercept: float
    c: float
    min_iv: float
    cv_auc: float


def _regression(items: list[dict[str, Any]], frame: pl.DataFrame, y: np.ndarray, settings: Settings, min_iv: float) -> _Regression:
    """Logistic regression of "bad" on the items' WoE, with C chosen by cross-validated AUC.

    A higher WoE means a better bin, so every coefficient should be negative; one that is not
    only repeats what correlated items already say, and would make a better bin cost points. Such
    items leave the card (the most positive first) and the regression is fitted again.
    """
    from sklearn.linear_model import LogisticRegressionCV
    from sklearn.model_selection import StratifiedKFold

    while True:
        x = woe_matrix(items, frame)
        model = LogisticRegressionCV(
            Cs=list(settings.cs),
            l1_ratios=(0.0,),
            cv=StratifiedKFold(settings.folds, shuffle=True, random_state=settings.seed),
            scoring="roc_auc",
            max_iter=1000,
            use_legacy_attributes=False,
        ).fit(x, y)
        coefficients = model.coef_[0]
        worst = int(np.argmax(coefficients))
        if coefficients[worst] <= 0 or len(items) == 1:
            cv_auc = float(np.max(np.mean(model.scores_, axis=0)))  # mean over folds, best C
            return _Regression(items, coefficients, float(model.intercept_[0]), float(np.ravel(model.C_)[0]), min_iv, cv_auc)
        items = items[:worst] + items[worst + 1 :]


def _scaled(target: str, fitted: _Regression) -> FittedCard:
    """Integer points per bin: each item starts at 0 in its worst bin, the rest is base points.

    An item's exact points in a bin are -FACTOR * coefficient * WoE; shifting them so the worst
    bin scores 0 makes ``maxPoints`` the item's weight in the card, and moves the constant
    (OFFSET - FACTOR * intercept, less the shifts) into ``base_points``.
    """
    base = OFFSET - FACTOR * fitted.intercept
    scaled = []
    for item, coefficient in zip(fitted.items, fitted.coefficients, strict=True):
        exact = [-FACTOR * coefficient * b["woe"] for b in item["bins"]]
        floor = min(exact)
        base += floor
        bins = [{**b, "points": round(e - floor)} for b, e in zip(item["bins"], exact, strict=True)]
        scaled.append({**item, "bins": bins, "coefficient": float(coefficient), "maxPoints": max(b["points"] for b in bins)})
    return FittedCard(target, scaled, fitted.coefficients, fitted.intercept, fitted.c, fitted.min_iv, fitted.cv_auc, round(base))


def _card_item(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": item["code"],
        "label": item["label"],
        "variable": item["variable"],
        "kind": item["kind"],
        "bins": [{k: b[k] for k in _CARD_BIN_KEYS if k in b} for b in item["bins"]],
        "maxPoints": item["maxPoints"],
    }


def _require_columns(items: Iterable[dict[str, Any]], frame: pl.DataFrame) -> None:
    absent = sorted({item["variable"] for item in items} - set(frame.columns))
    if absent:
        raise ValueError(f"the data lacks the card's columns: {', '.join(absent)}")


def _bin_values(item: dict[str, Any], key: str) -> pl.Expr:
    """A polars expression giving each row the ``key`` ("points", "woe") of its value's bin."""
    missing = next(b[key] for b in item["bins"] if b.get("missing"))
    valued = [b for b in item["bins"] if not b.get("missing")]
    if item["kind"] == "CATEGORY":
        mapping = {v: b[key] for b in valued for v in b["values"]}
        value = pl.col(item["variable"]).cast(pl.String)
        return value.replace_strict(mapping, default=missing, return_dtype=pl.Float64).fill_null(missing)
    value = pl.col(item["variable"]).cast(pl.Float64, strict=False).fill_nan(None)
    expr = pl.when(value.is_null()).then(pl.lit(missing, pl.Float64))
    for b in valued:
        inside = pl.lit(True)
        if b["min"] is not None:
            inside &= value >= b["min"]
        if b["max"] is not None:
            inside &= value < b["max"]
        expr = expr.when(inside).then(pl.lit(b[key], pl.Float64))
    return expr.otherwise(pl.lit(missing, pl.Float64))


# --- report ---------------------------------------------------------------------------------


def performance(y: np.ndarray, scores: np.ndarray) -> dict[str, float]:
    """KS, AUC and Gini of scores where a higher score means less risk."""
    from sklearn.metrics import roc_auc_score, roc_curve

    risk = -np.asarray(scores, dtype=float)
    fpr, tpr, _ = roc_curve(y, risk)
    auc = float(roc_auc_score(y, risk))
    return {"rows": int(len(y)), "bad_rate": float(np.mean(y)), "ks": float(np.max(tpr - fpr)), "auc": auc, "gini": 2 * auc - 1}


def psi(expected: np.ndarray, actual: np.ndarray, bands: int = 10) -> float:
    """Population stability index of ``actual`` against ``expected``, over the latter's deciles.

    Below 0.1 the population is usually called stable, above 0.25 shifted.
    """
    edges = np.unique(np.quantile(expected, np.linspace(0, 1, bands + 1))[1:-1])
    shares = [np.bincount(np.searchsorted(edges, s, side="right"), minlength=len(edges) + 1) / len(s) for s in (expected, actual)]
    e, a = (np.clip(s, 1e-6, None) for s in shares)
    return float(np.sum((a - e) * np.log(a / e)))


def report(fitted: FittedCard, train: pl.DataFrame, test: pl.DataFrame | None = None) -> dict[str, Any]:
    """What the report says: performance on train (and test), stability, and every item's bins."""
    card = fitted.card
    train_scores = score(card, train)
    result: dict[str, Any] = {
        "target": fitted.target,
        "scaling": card["scaling"],
        "regularisation_c": fitted.c,
        "min_iv": fitted.min_iv,
        "cross_validated_auc": fitted.cv_auc,
        "base_points": fitted.base_points,
        "train": performance(_target(train, fitted.target), train_scores),
    }
    if test is not None:
        test_scores = score(card, test)
        result["test"] = performance(_target(test, fitted.target), test_scores)
        result["psi_train_test"] = psi(train_scores, test_scores)
    result["items"] = [_item_report(item) for item in fitted.items]
    return result


def _item_report(item: dict[str, Any]) -> dict[str, Any]:
    keys = ("label", "count", "event_rate", "woe", "iv", "points")
    return {
        "code": item["code"],
        "kind": item["kind"],
        "iv": item["iv"],
        "coefficient": item["coefficient"],
        "maxPoints": item["maxPoints"],
        "bins": [{k: b[k] for k in keys} for b in item["bins"]],
    }


def write_report(result: dict[str, Any], directory: Path) -> list[Path]:
    """``report.json``, ``report.md`` and one chart per item (``<code>.png``) in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = [directory / "report.json", directory / "report.md"]
    written[0].write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written[1].write_text(_markdown(result), encoding="utf-8")
    for item in result["items"]:
        written.append(_chart(item, directory / f"{_file_name(item['code'])}.png"))
    return written


def _file_name(code: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in code)


def _markdown(result: dict[str, Any]) -> str:
    splits = [s for s in ("train", "test") if s in result]
    lines = [
        f"# Scorecard fit: target `{result['target']}`",
        "",
        "600 points at odds 20:1 good:bad, 60 points double the odds; scores clipped to [0, 1200].",
        f"Chosen by cross-validation on the training rows: regularisation C = {result['regularisation_c']:.4g},",
        f"minimum IV {result['min_iv']} (cross-validated AUC {result['cross_validated_auc']:.3f}); base points {result['base_points']}.",
        "",
        "| split | rows | bad rate | KS | AUC | Gini |",
        "|---|---|---|---|---|---|",
        *(
            f"| {s} | {result[s]['rows']} | {result[s]['bad_rate']:.3f} | {result[s]['ks']:.3f} "
            f"| {result[s]['auc']:.3f} | {result[s]['gini']:.3f} |"
            for s in splits
        ),
    ]
    if "psi_train_test" in result:
        lines += ["", f"PSI of the test scores against the train scores: {result['psi_train_test']:.4f}."]
    for item in result["items"]:
        lines += [
            "",
            f"## {item['code']} ({item['kind']}, IV {item['iv']:.3f}, up to {item['maxPoints']} points)",
            "",
            f"![{item['code']}]({_file_name(item['code'])}.png)",
            "",
            "| bin | count | bad rate | WoE | IV | points |",
            "|---|---|---|---|---|---|",
            *(
                f"| {b['label']} | {b['count']} | {b['event_rate']:.3f} | {b['woe']:.3f} | {b['iv']:.4f} | {b['points']} |"
                for b in item["bins"]
            ),
        ]
    return "\n".join(lines) + "\n"


def _chart(item: dict[str, Any], path: Path) -> Path:
    """Bars of each bin's rows, a line of its bad rate, the points written above each bar."""
    import matplotlib

    matplotlib.use("Agg")  # files only: no display on a server
    import matplotlib.pyplot as plt

    bins = item["bins"]
    # The charts' default font has no CJK glyphs.
    labels = ["missing" if b["label"] == MISSING_LABEL else b["label"] for b in bins]
    positions = np.arange(len(bins))
    figure, counts = plt.subplots(figsize=(max(6, 1.1 * len(bins)), 4))
    bars = counts.bar(positions, [b["count"] for b in bins], color="#9ab")
    counts.set_ylabel("rows")
    counts.set_xticks(positions, labels, rotation=30, ha="right", fontsize=8)
    counts.bar_label(bars, [f"{b['points']} pts" for b in bins], fontsize=8)
    rates = counts.twinx()
    rates.plot(positions, [b["event_rate"] for b in bins], color="#c33", marker="o")
    rates.set_ylabel("bad rate")
    counts.set_title(f"{item['code']} (IV {item['iv']:.3f})")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path
