"""Fitting a scorecard from labelled rows, and the card as data reproducing the fitted model.

Pure Python: no database. The data is synthetic so the truth is known: the bad rate falls with
income, rises with overdue days, differs by region, and ignores the noise column.
"""

from __future__ import annotations

import json
import math

import numpy as np
import polars as pl
import pytest
from typer.testing import CliRunner

from backend.cli import app
from backend.rating import fitting


def _history(rows: int, seed: int) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    income = rng.lognormal(mean=8.5, sigma=0.6, size=rows)
    overdue = rng.poisson(lam=6, size=rows).astype(float)
    region = rng.choice(["north", "south", "east", "west"], size=rows, p=[0.4, 0.3, 0.2, 0.1])
    region_risk = pl.Series(region).replace_strict({"north": -0.6, "south": 0.0, "east": 0.5, "west": 1.0}).to_numpy()
    log_odds = -1.2 - 1.4 * (np.log(income) - 8.5) / 0.6 + 0.25 * (overdue - 6) + region_risk
    bad = (rng.random(rows) < 1 / (1 + np.exp(-log_odds))).astype(int)
    overdue[rng.random(rows) < 0.03] = np.nan  # some rows have no overdue history on file
    return pl.DataFrame(
        {
            "customer_no": np.arange(rows),
            "income": income,
            "overdue_days": overdue,
            "region": region,
            "noise": rng.normal(size=rows),
            "bad": bad,
        }
    )


@pytest.fixture(scope="module")
def history() -> pl.DataFrame:
    return _history(4000, seed=1)


@pytest.fixture(scope="module")
def fitted(history) -> fitting.FittedCard:
    return fitting.fit(history, "bad", exclude=["customer_no"])


def _item(card: dict, code: str) -> dict:
    return next(item for item in card["items"] if item["code"] == code)


def test_the_card_holds_the_informative_columns_and_their_bins_follow_the_risk(fitted):
    card = fitted.card
    assert {item["code"] for item in card["items"]} == {"income", "overdue_days", "region"}
    income = [b["points"] for b in _item(card, "income")["bins"] if not b.get("missing")]
    overdue = [b["points"] for b in _item(card, "overdue_days")["bins"] if not b.get("missing")]
    assert len(income) >= 3 and income == sorted(income)  # more income, more points
    assert len(overdue) >= 3 and overdue == sorted(overdue, reverse=True)  # more overdue days, fewer
    region = {v: b["points"] for b in _item(card, "region")["bins"] for v in b.get("values", [])}
    assert region["north"] > region["south"] > region["west"]
    for item in card["items"]:
        assert sum(bool(b.get("missing")) for b in item["bins"]) == 1
        assert item["maxPoints"] == max(b["points"] for b in item["bins"])
        assert min(b["points"] for b in item["bins"]) == 0


def test_the_card_is_json_in_the_card_format(fitted):
    card = json.loads(json.dumps(fitted.card))
    assert card["version"] == 1 and card["source"] == "fit" and card["target"] == "bad"
    assert card["scaling"] == {"points": 600, "odds": 20, "pdo": 60, "min": 0, "max": 1200}
    assert isinstance(card["base_points"], int)
    income = _item(card, "income")
    assert income["kind"] == "NUMERIC" and income["variable"] == "income"
    edges = [(b["min"], b["max"]) for b in income["bins"] if not b.get("missing")]
    assert edges[0][0] is None and edges[-1][1] is None
    assert all(high == low for (_, high), (low, _) in zip(edges, edges[1:]))  # contiguous, no gap
    assert _item(card, "region")["kind"] == "CATEGORY"
    for item in card["items"]:
        for b in item["bins"]:
            assert isinstance(b["points"], int)
            assert set(b) <= {"label", "min", "max", "values", "missing", "points"}


def test_scores_are_integers_within_the_scale_and_rank_the_risk(fitted, history):
    scores = fitting.score(fitted.card, history)
    assert scores.dtype.kind == "i" and len(scores) == history.height
    assert scores.min() >= 0 and scores.max() <= 1200
    assert np.std(scores) > 30
    assert fitting.performance(history["bad"].to_numpy(), scores)["auc"] > 0.8


def test_the_card_scores_an_unseen_sample_almost_as_well(fitted):
    fresh = _history(2000, seed=2)
    result = fitting.performance(fresh["bad"].to_numpy(), fitting.score(fitted.card, fresh))
    assert result["auc"] > 0.78 and result["ks"] > 0.4


def test_scoring_the_exported_json_reproduces_the_models_scores_up_to_rounding(fitted, history):
    card = json.loads(json.dumps(fitted.card))
    exact = np.clip(fitted.model_scores(history), 0, 1200)
    # base points and each item's points are rounded once each: at most half a point apiece.
    rounding = (len(card["items"]) + 1) / 2
    assert np.max(np.abs(fitting.score(card, history) - exact)) <= rounding + 0.5


def test_600_points_are_odds_of_20_to_1_and_60_more_double_them(fitted, history):
    odds = np.exp(-fitted.log_odds(history))  # good:bad
    scores = fitting.score(fitted.card, history)
    rounding = (len(fitted.items) + 1) / 2 + 0.5
    at_20 = np.argmin(np.abs(np.log(odds / 20)))
    at_40 = np.argmin(np.abs(np.log(odds / 40)))
    assert abs(odds[at_20] / 20 - 1) < 0.05 and abs(odds[at_40] / 40 - 1) < 0.05
    assert abs(scores[at_20] - 600) <= rounding + 60 * abs(math.log2(odds[at_20] / 20))
    assert abs(scores[at_40] - scores[at_20] - 60) <= 2 * rounding + 60 * abs(math.log2(odds[at_40] / odds[at_20] / 2))
    inside = (scores > 0) & (scores < 1200)
    expected = 600 + 60 * np.log2(odds / 20)
    assert np.max(np.abs(scores[inside] - expected[inside])) <= rounding


def test_an_unknown_category_and_a_missing_value_score_as_the_missing_bin(fitted, history):
    card = fitted.card
    row = history.head(1)
    region = _item(card, "region")
    known = next(b["points"] for b in region["bins"] if row["region"][0] in b.get("values", []))
    missing = next(b["points"] for b in region["bins"] if b.get("missing"))
    assert known != missing
    base = fitting.score(card, row)[0]
    for other in ("nowhere", None):
        changed = row.with_columns(pl.lit(other, pl.String).alias("region"))
        assert fitting.score(card, changed)[0] == base - known + missing
    overdue = _item(card, "overdue_days")
    missing_overdue = next(b["points"] for b in overdue["bins"] if b.get("missing"))
    blank = row.with_columns(pl.lit(None, pl.Float64).alias("overdue_days"), pl.lit(None, pl.String).alias("region"))
    text = row.with_columns(pl.lit("n/a").alias("overdue_days"), pl.lit(None, pl.String).alias("region"))
    assert fitting.score(card, blank)[0] == fitting.score(card, text)[0]
    expected_blank = fitting.score(card, row.with_columns(pl.lit(None, pl.String).alias("region")))[0]
    own = fitting.score({**card, "items": [overdue], "base_points": 0}, row)[0]
    assert fitting.score(card, blank)[0] == expected_blank - own + missing_overdue


def test_a_bin_holds_its_lower_edge_and_not_its_upper_one(fitted, history):
    card = fitted.card
    income = _item(card, "income")
    inner = [b for b in income["bins"] if not b.get("missing")][1]
    below = next(b for b in income["bins"] if b.get("max") == inner["min"])
    above = next(b for b in income["bins"] if b.get("min") == inner["max"])
    rows = history.head(3).with_columns(pl.Series("income", [inner["min"], inner["max"], np.nextafter(inner["min"], -np.inf)]))
    only_income = {**card, "items": [income], "base_points": 0}
    assert fitting.score(only_income, rows).tolist() == [inner["points"], above["points"], below["points"]]


def test_an_item_whose_evidence_turns_around_next_to_a_correlated_one_is_left_out():
    # "limit" alone says "more limit, more bads" (it goes with "debt"), but once "debt" is in the
    # model a higher limit means less risk: its coefficient on WoE turns positive, and a card
    # giving points to a worse bin cannot be explained, so the item goes.
    rng = np.random.default_rng(6)
    debt = rng.normal(size=2500)
    limit = 0.9 * debt + np.sqrt(1 - 0.81) * rng.normal(size=2500)
    bad = (rng.random(2500) < 1 / (1 + np.exp(-(-1 + 2.0 * debt - 0.8 * limit)))).astype(int)
    one_threshold = fitting.Settings(min_ivs=(0.02,))  # both items pass it: the sign decides
    fitted = fitting.fit(pl.DataFrame({"debt": debt, "limit": limit, "bad": bad}), "bad", settings=one_threshold)
    assert [item["code"] for item in fitted.items] == ["debt"]
    assert all(c < 0 for c in fitted.coefficients)


def test_data_without_a_cards_column_is_refused(fitted, history):
    with pytest.raises(ValueError, match="lacks the card's columns: region"):
        fitting.score(fitted.card, history.drop("region"))


def test_a_target_that_is_not_0_or_1_is_refused(history):
    with pytest.raises(ValueError, match="0 \\(good\\) or 1 \\(bad\\)"):
        fitting.fit(history.with_columns(pl.col("bad") * 2), "bad")


def test_psi_is_zero_for_the_same_scores_and_grows_with_a_shift():
    scores = np.random.default_rng(3).normal(600, 80, 5000)
    assert fitting.psi(scores, scores) == pytest.approx(0, abs=1e-12)
    assert 0.02 < fitting.psi(scores, scores + 20) < fitting.psi(scores, scores + 60)


def test_the_cli_fits_a_card_with_a_report_then_scores_each_row_in_order(tmp_path, history):
    train_csv, test_csv, data_csv = tmp_path / "train.csv", tmp_path / "test.csv", tmp_path / "data.csv"
    history.write_csv(train_csv)
    _history(1000, seed=4).write_csv(test_csv)
    data = history.sample(fraction=0.1, shuffle=True, seed=5).drop("bad")
    data.write_csv(data_csv)
    runner = CliRunner()

    fitted = runner.invoke(
        app,
        ["rating", "fit", str(train_csv), "--target", "bad", "--out", str(tmp_path / "card.json"),
         "--report", str(tmp_path / "report"), "--exclude", "customer_no", "--test", str(test_csv)],
    )  # fmt: skip
    assert fitted.exit_code == 0, fitted.output
    card = json.loads((tmp_path / "card.json").read_text(encoding="utf-8"))
    assert "customer_no" not in {item["code"] for item in card["items"]}
    report = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    assert report["test"]["rows"] == 1000 and report["test"]["auc"] > 0.75
    assert 0 <= report["psi_train_test"] < 0.1
    assert {p.name for p in (tmp_path / "report").iterdir()} == {"report.json", "report.md"} | {
        f"{item['code']}.png" for item in card["items"]
    }

    scored = runner.invoke(app, ["rating", "score", str(tmp_path / "card.json"), str(data_csv), "--out", str(tmp_path / "scores.csv")])
    assert scored.exit_code == 0, scored.output
    scores = pl.read_csv(tmp_path / "scores.csv")
    assert scores.columns == ["score"]
    assert scores["score"].to_list() == fitting.score(card, data).tolist()
    by_customer = dict(zip(history["customer_no"], fitting.score(card, history), strict=True))
    assert scores["score"].to_list() == [by_customer[c] for c in data["customer_no"]]
