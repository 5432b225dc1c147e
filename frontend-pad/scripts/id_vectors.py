"""Test vectors for the PAD's ID number check, answered by the server's own parser.

Run from the repository root: ``python3 -m uv run python frontend-pad/scripts/id_vectors.py``.
Writes ``frontend-pad/src/lib/idVectors.json``: ``[[input, code or null, normalized, gender,
birth date]]``; src/lib/idNumber.test.ts checks the TypeScript implementation gives the same
answers. The dates are fixed relative to 2026-01-01 so the file does not change with the day.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

from stdnum.cn import ric

from backend.customers.identity import IdentifierError, current_regions, parse_resident_id

TODAY = date(2026, 1, 1)


def with_check(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


def cases() -> list[str]:
    rng = random.Random(2026)
    counties = sorted(current_regions())
    out = [
        "", "1234", "35010219900101001", "3501021990010100X1", "35010219900101001a",
        "350102199001010016", "350102199001010017", "35010219900101001x",
        "350102900101001", "35010290010100X", "350102 19900101 0016",
        with_check("35999919900101001"), with_check("99010219900101001"), with_check("11011119800101001"),
        with_check("11011119870101001"), with_check("35010219900230001"), with_check("35010228000101001"),
        with_check("35010218991231001"), with_check("35010219000101001"), with_check("11010319800101001"),
        with_check("35000019900101001"), with_check("35010019900101001"), with_check("32011119950101001"),
        # Typed through a Chinese IME: full-width digits and X are the same number (NFKC) ...
        "３５０１０２１９９００１０１００１６", "35010219900101001６", "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002ｘ",
        "３５０１０２９００１０１００１", "　350102199001010016　",
        # ... other digits are not (Arabic-Indic, a mix of scripts, superscripts).
        "٣٥٠١٠٢١٩٩٠٠١٠١٠٠١٦", "3501021990010100١6", "۳۵۰۱۰۲۱۹۹۰۰۱۰۱۰۰۱۶", "35010219900101001²",
    ]
    for _ in range(300):
        region = rng.choice(counties)
        birth = date.fromordinal(rng.randint(date(1920, 1, 1).toordinal(), date(2025, 12, 31).toordinal()))
        first17 = f"{region}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
        number = with_check(first17)
        if rng.random() < 0.3:  # a wrong check character
            number = number[:-1] + rng.choice([c for c in "0123456789X" if c != number[-1]])
        out.append(number)
    for _ in range(60):  # any region code, in force or not at the birth year
        first17 = f"{rng.randint(110000, 829999)}{rng.randint(1930, 2020)}{rng.randint(1, 12):02d}{rng.randint(1, 31):02d}{rng.randint(0, 999):03d}"
        out.append(with_check(first17))
    return out


def main() -> None:
    rows = []
    for raw in cases():
        try:
            parsed = parse_resident_id(raw, today=TODAY)
        except IdentifierError as e:
            rows.append([raw, e.code, None, None, None])
        else:
            rows.append([raw, None, parsed.number, parsed.gender, parsed.birth_date.isoformat()])
    target = Path(__file__).resolve().parent.parent / "src" / "lib" / "idVectors.json"
    target.write_text(json.dumps(rows, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(rows)} vectors written to {target}")


if __name__ == "__main__":
    main()
