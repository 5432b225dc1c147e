"""The vectorized half of the import: rows go to COPY in chunks that add up to the whole file."""

import polars as pl

from backend.business import records
from backend.business.models import Subject


def test_rows_reach_copy_in_chunks_that_add_up_to_the_whole_in_key_order(monkeypatch):
    monkeypatch.setattr(records, "CSV_ROWS", 2)
    matched = pl.DataFrame(
        {
            "signup_no": ["S3", "S1", "S2", "S5", "S4"],
            "id_number": ["x"] * 5,
            "ecif_no": [None, "E1", None, None, None],
            "service": ["POS"] * 5,
            "signed_on": ["20200101"] * 5,
            "last_active_on": ["", "20261130", "", "", ""],
            "tx_count_30d": ["1"] * 5,
            "tx_amount_30d": ["1.5", "2", "0.05", "10.10", "3"],
            "bidx": [bytes([i]) * 2 for i in range(5)],
            "customer_id": [None] * 5,
        },
        schema_overrides={"bidx": pl.Binary, "customer_id": pl.String, "ecif_no": pl.String},
    )
    rows = records.snapshot_rows(matched, Subject.SERVICE, 7, "2026-11-30")
    chunks = list(rows.csv_chunks())
    assert len(chunks) == 3
    lines = b"".join(chunks).decode().splitlines()
    assert [line.split(",")[rows.columns.index("signup_no")] for line in lines] == ["S1", "S2", "S3", "S4", "S5"]
    first = dict(zip(rows.columns, lines[0].split(","), strict=True))
    # Amounts in fen, an empty field as NULL (nothing between the commas), the blind index as bytea hex.
    assert (first["tx_amount_30d"], first["last_active_on"], first["id_bidx"]) == ("200", "20261130", "\\x0101")
    assert dict(zip(rows.columns, lines[1].split(","), strict=True))["last_active_on"] == ""
    assert [dict(zip(rows.columns, line.split(","), strict=True))["tx_amount_30d"] for line in lines] == ["200", "5", "150", "300", "1010"]
