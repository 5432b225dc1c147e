"""Synthetic customer archives: realistic, correlated, valid, and fast enough for millions.

Vocabularies (surnames with their frequencies, given names, place names) come once from Faker's
zh_CN data; everything per row is drawn with numpy, column by column, and only the final
assembly of a row (its JSON profile, its ciphertexts) is a Python loop. Rows go to PostgreSQL
with binary COPY in chunks while the next chunk is generated in a thread.

What is correlated: the ID number gives the birth date and gender; the ID's region is a Fujian
county near the archive's branch (with the code that was in force in the birth year, so every
number passes GB 11643 and stdnum's region check); age drives education, marital status,
health, household (spouse when married, children, parents), ID card validity and income;
income drives the house, vehicle and deposits; overdue debt lowers the village credit rating.

Uniqueness without lookups: each bank has a counter, and the counter is mapped one-to-one onto
(birth date, sequence number) pairs (a golden-ratio Weyl permutation over a fixed birth-date
window whose per-day capacity follows an age profile). Distinct counters give distinct ID
numbers whatever the region, so 10 M archives per bank never collide. A new run starts after
the bank's current number of archives. Each chunk is copied under a savepoint: should a row
clash with an archive outside that range (a real one, or the bank lost archives so its count
went back), the chunk is copied again without the clashing rows and replacements are made -
never a failed load.
"""

from __future__ import annotations

import asyncio
import binascii
import json
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

import asyncpg
import numpy as np
import polars as pl
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from backend.auth.contexts import (
    ADDRESS_CONTEXT,
    ALT_PHONE_CONTEXT,
    FAMILY_ID_CONTEXT,
    ID_CONTEXT,
    MOBILE_CONTEXT,
    REGISTER_NO_CONTEXT,
    REMARKS_CONTEXT,
)
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.masking import mask_id_number
from backend.db.ids import new_ids
from backend.identifiers import current_regions
from backend.customers.models import Customer, Village
from backend.customers.sorting import pinyin_key, syllables
from backend.orgs.models import (
    OrgLevel,
    OrgStatus,
    OrgUnit,
    Role,
    StaffStatus,
    StaffUser,
)

CHUNK_ROWS = 25_000
FIRST_CHUNK_ROWS = 2_000
UNIQUE_ID_NUMBER = "uq_customers_bank_id_number"
CONSENT_WORDING = "v2024.1"
PROVINCE_PREFIX = 35  # Fujian

# The ID key space is fixed (not relative to today) so that a counter always maps to the same
# (birth date, sequence) pair: births 1951-01-01 .. 2008-06-30 are ages 18-75 in 2026.
BIRTH_FIRST = np.datetime64("1951-01-01", "D")
BIRTH_LAST = np.datetime64("2008-06-30", "D")
AGE_PROFILE_YEAR = 2026
# Relative density of customers by age (rural credit customers are mostly 30-65).
AGE_PROFILE = ([18, 22, 30, 40, 55, 65, 72, 76], [0.45, 0.6, 0.85, 1.0, 1.0, 0.8, 0.55, 0.45])

ProgressFn = Callable[[int], None]


# ----------------------------------------------------------------------------------------------
# Identity key space: counter -> (birth date, sequence)
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _IdSpace:
    day_start: np.ndarray  # first key of each birth day
    day_end: np.ndarray  # one past the last key of each birth day
    size: int
    multiplier: int
    offset: int

    def keys(self, counters: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Counters (distinct, < size) -> (day index from BIRTH_FIRST, sequence 0-999), one-to-one."""
        if counters.size and int(counters.max()) >= self.size:
            raise ValueError(f"a bank holds at most {self.size:,} synthetic archives")
        m = (counters.astype(np.int64) * self.multiplier + self.offset) % self.size
        day = np.searchsorted(self.day_end, m, side="right")
        return day, m - self.day_start[day]


@lru_cache(maxsize=1)
def _id_space() -> _IdSpace:
    days = np.arange(BIRTH_FIRST, BIRTH_LAST + 1)
    age = AGE_PROFILE_YEAR - (days.astype("M8[Y]").astype(np.int64) + 1970)
    capacity = (np.round(np.interp(age, *AGE_PROFILE) * 500) * 2).astype(np.int64)  # even: both genders
    end = np.cumsum(capacity)
    size = int(end[-1])
    multiplier = int(size * (math.sqrt(5) - 1) / 2)
    while math.gcd(multiplier, size) != 1:
        multiplier += 1
    return _IdSpace(day_start=end - capacity, day_end=end, size=size, multiplier=multiplier, offset=size // 3)


# ----------------------------------------------------------------------------------------------
# Check characters (vectorized)
# ----------------------------------------------------------------------------------------------
_RIC_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)], dtype=np.int64)
_RIC_CHECK = np.array(list("10X98765432"))
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.int64)
_ORG_WEIGHTS = np.array([3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)  # GB 11714 organization code
_GB11714_VALUE = np.array([int(c, 36) for c in _USCC_ALPHABET], dtype=np.int64)


def resident_ids(region: np.ndarray, birth: np.ndarray, seq: np.ndarray) -> list[str]:
    """18-digit resident ID numbers (GB 11643) from region codes, birth dates and sequence numbers."""
    years = birth.astype("M8[Y]").astype(np.int64) + 1970
    months = birth.astype("M8[M]").astype(np.int64) % 12 + 1
    days = (birth - birth.astype("M8[M]")).astype(np.int64) + 1
    first17 = region.astype(np.int64) * 10**11 + (years * 10000 + months * 100 + days) * 1000 + seq.astype(np.int64)
    total = np.zeros(len(first17), dtype=np.int64)
    rest = first17.copy()
    for i in range(16, -1, -1):
        total += (rest % 10) * _RIC_WEIGHTS[i]
        rest //= 10
    checks = _RIC_CHECK[total % 11]
    return [f"{n}{c}" for n, c in zip(first17.tolist(), checks.tolist())]


def credit_codes(rng: np.random.Generator, region: np.ndarray, individual: np.ndarray) -> list[str]:
    """Unified social credit codes (GB 32100): 9 + entity type + county + organization code + check.

    The organization code is a post-2015 ``MA`` code with its own GB 11714 check character.
    """
    n = len(region)
    alphabet = np.array(list(_USCC_ALPHABET))
    ma = [_USCC_ALPHABET.index("M"), _USCC_ALPHABET.index("A")]
    body = np.concatenate([np.tile(ma, (n, 1)), rng.integers(0, 31, size=(n, 6))], axis=1)  # indexes into the alphabet
    # GB 11714 check character over the 8 characters (digits 0-9, letters A=10 .. Z=35): 10 -> X, 11 -> 0.
    org_check = (11 - (_GB11714_VALUE[body] @ _ORG_WEIGHTS) % 11) % 11
    org_check_index = np.where(org_check == 10, _USCC_ALPHABET.index("X"), org_check)  # as a USCC character
    kind = np.where(individual, 2, 1)
    region_digits = (region.astype(np.int64)[:, None] // 10 ** np.arange(5, -1, -1)) % 10
    values = np.concatenate([np.full((n, 1), 9), kind[:, None], region_digits, body, org_check_index[:, None]], axis=1)
    values = np.concatenate([values, ((31 - (values @ _USCC_WEIGHTS) % 31) % 31)[:, None]], axis=1)
    return ["".join(row) for row in alphabet[values].tolist()]


# ----------------------------------------------------------------------------------------------
# Geography: Fujian counties, their cities, and the region code in force in a birth year
# ----------------------------------------------------------------------------------------------
LINEAGE_YEAR0 = 1900
LINEAGE_YEARS = 131  # 1900-2030
AREA_CODES = {"3501": "0591", "3502": "0592", "3503": "0594", "3504": "0598", "3505": "0595", "3506": "0596",
              "3507": "0599", "3508": "0597", "3509": "0593"}  # fmt: skip


def _stem(name: str) -> str:
    while len(name) > 1 and name[-1] in "市县区":
        name = name[:-1]
    return name


@dataclass(frozen=True)
class _Geography:
    codes: np.ndarray  # current Fujian county codes (int)
    names: list[str]
    stems: list[str]
    city_of: np.ndarray  # county -> city index
    city_prefixes: list[str]  # city index -> "3501"
    city_counties: list[np.ndarray]  # city index -> county indices
    lineage: np.ndarray  # [county, year - LINEAGE_YEAR0] -> ID region code valid in that year
    area_code: list[str]  # county -> telephone area code

    def county_index(self, code: str) -> int | None:
        hit = np.flatnonzero(self.codes == int(code))
        return int(hit[0]) if hit.size else None


def _fujian_code_periods() -> dict[int, list[tuple[int | None, int | None, str]]]:
    """Every Fujian code of stdnum's cn/loc table with its (start, end, name) periods."""
    import stdnum.cn

    periods: dict[int, list[tuple[int | None, int | None, str]]] = {}
    inside = False
    with open(stdnum.cn.__path__[0] + "/loc.dat", encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            if not line.startswith(" "):
                inside = line.startswith(str(PROVINCE_PREFIX))
                continue
            if not inside:
                continue
            key, _, value = line.strip().partition(" ")
            spec = value.split("=", 1)[1].strip('"')
            parts: list[tuple[int | None, int | None, str]] = []
            for part in spec.split(","):
                if part.startswith("["):
                    span, name = part[1:].split("]", 1)
                    start, end = span.split("-")
                    parts.append((int(start) if start else None, int(end) if end else None, name))
                else:
                    parts.append((None, None, part))
            periods[PROVINCE_PREFIX * 10000 + int(key)] = parts
    return periods


def _valid_names(parts: list[tuple[int | None, int | None, str]], year: int) -> list[str]:
    """Names of a code in force in ``year``, as stdnum's ``get_birth_place`` decides it."""
    if parts and parts[0][0] is None and parts[0][1] is None:
        return [parts[0][2]]
    return [name for start, end, name in parts if (start is None or year >= start) and (end is None or year <= end)]


@lru_cache(maxsize=1)
def fujian_geography() -> _Geography:
    regions = [r for r in current_regions().values() if r.level == "COUNTY" and r.code.startswith(str(PROVINCE_PREFIX))]
    regions.sort(key=lambda r: r.code)
    codes = np.array([int(r.code) for r in regions], dtype=np.int64)
    names = [r.name for r in regions]
    stems = [_stem(n) for n in names]
    prefixes = sorted({r.code[:4] for r in regions})
    city_of = np.array([prefixes.index(r.code[:4]) for r in regions], dtype=np.int64)
    city_counties = [np.flatnonzero(city_of == i) for i in range(len(prefixes))]

    periods = _fujian_code_periods()
    county_level = {c: p for c, p in periods.items() if c % 100 != 0 and all(n != "市辖区" for _, _, n in p)}
    lineage = np.zeros((len(regions), LINEAGE_YEARS), dtype=np.int64)
    by_stem: dict[tuple[str, int], int] = {}
    valid_in: dict[int, list[int]] = {}
    for year in range(LINEAGE_YEAR0, LINEAGE_YEAR0 + LINEAGE_YEARS):
        valid_in[year] = [c for c, p in sorted(county_level.items()) if _valid_names(p, year)]
        for c in valid_in[year]:
            for name in _valid_names(county_level[c], year):
                by_stem.setdefault((_stem(name), year), c)
    for year in range(LINEAGE_YEAR0, LINEAGE_YEAR0 + LINEAGE_YEARS):
        valid = set(valid_in[year])
        for i, code in enumerate(codes.tolist()):
            # 1. the current code itself; 2. the same place under an earlier code (建瓯市 <- 建瓯县)
            found = code if code in valid else by_stem.get((stems[i], year))
            if found is None:  # 3. another code of the same city (福州 "市区" before 1983)
                found = next((c for c in valid_in[year] if c // 100 == code // 100), None)
            if found is None:  # 4. the prefecture the city's counties belonged to (泉州 <- 晋江地区)
                sibling_prefixes = [
                    hit // 100 for j in city_counties[city_of[i]].tolist() if (hit := by_stem.get((stems[j], year)))
                ]
                if sibling_prefixes:
                    prefix = max(set(sibling_prefixes), key=sibling_prefixes.count)
                    found = prefix * 100 + 1 if prefix * 100 + 1 in valid else next(c for c in valid_in[year] if c // 100 == prefix)
            lineage[i, year - LINEAGE_YEAR0] = found if found is not None else 350121  # 闽侯县: always valid
    area_code = [AREA_CODES.get(r.code[:4], "0591") for r in regions]
    return _Geography(codes, names, stems, city_of, prefixes, city_counties, lineage, area_code)


def _branch_county(geo: _Geography, bank_name: str, branch_name: str, branch_id: int) -> int:
    """The county of a branch, from its name (鼓楼支行 -> 鼓楼区) or else one of its bank's city."""
    city = None
    for i, prefix in enumerate(geo.city_prefixes):
        city_region = current_regions().get(prefix + "00")
        if city_region and bank_name.startswith(_stem(city_region.name)):
            city = i
    if city is None:  # a county-level bank: 晋江农村商业银行
        for i, stem in enumerate(geo.stems):
            if len(stem) > 1 and bank_name.startswith(stem):
                city = int(geo.city_of[i])
    stem = branch_name
    for suffix in ("支行", "分行", "营业部", "分理处", "信用分社", "信用社", "营业所", "分社"):
        stem = stem.removesuffix(suffix)
    candidates = [i for i, s in enumerate(geo.stems) if len(stem) > 1 and (s == stem or stem.startswith(s) or s.startswith(stem))]
    if candidates:
        same_city = [i for i in candidates if city is None or geo.city_of[i] == city]
        return (same_city or candidates)[0]
    pool = geo.city_counties[city] if city is not None else np.arange(len(geo.codes))
    return int(pool[branch_id % len(pool)])


# ----------------------------------------------------------------------------------------------
# Vocabularies (built once from Faker's zh_CN data)
# ----------------------------------------------------------------------------------------------
CROPS = ["水稻", "茶叶", "蔬菜", "甘薯", "花生", "食用菌", "柑橘", "龙眼", "荔枝", "毛竹", "烟叶", "马铃薯", "茉莉花", "橄榄", "枇杷"]
CROP_WEIGHTS = {
    "default": [8, 6, 8, 4, 3, 3, 3, 2, 2, 2, 1, 3, 1, 1, 1],
    "3501": [8, 3, 10, 3, 2, 2, 3, 4, 2, 1, 0.3, 2, 4, 4, 2],  # 福州: vegetables, jasmine, olives
    "3505": [5, 10, 8, 6, 4, 1, 2, 4, 4, 1, 0.3, 3, 0.5, 1, 1],  # 泉州: Anxi tea, sweet potato
    "3507": [9, 9, 4, 2, 1, 8, 3, 0.5, 0.3, 8, 4, 1, 0.3, 0.3, 0.3],  # 南平: tea, bamboo, mushrooms
}
OCCUPATIONS = ["务农", "外出务工", "个体经营", "企业职工", "建筑工人", "家务", "教师", "学生", "学龄前", "退休", "无"]
WORKING_AGE_OCCUPATIONS = [0.3, 0.3, 0.08, 0.15, 0.07, 0.08, 0.02]  # the first 7 OCCUPATIONS
OCCUPATION_MEDIAN_YUAN = np.array([25e3, 55e3, 80e3, 60e3, 60e3, 0, 90e3, 0, 0, 30e3, 2e3])
LENDERS = ["中国农业银行", "中国邮政储蓄银行", "中国建设银行", "村镇银行", "小额贷款公司", "亲友借款"]
INDUSTRIES = [
    ("农产品批发", "农产品商行"), ("茶叶加工", "茶厂"), ("餐饮", "小吃店"), ("零售", "便利店"), ("水产养殖", "养殖场"),
    ("运输", "货运部"), ("建材", "建材店"), ("服装鞋帽", "鞋服店"), ("民宿", "民宿"), ("农机维修", "农机维修部"),
    ("食用菌种植", "菌菇场"), ("竹木加工", "竹制品厂"),
]  # fmt: skip
BRANDS = ["鑫源", "兴旺", "福顺", "宏达", "恒丰", "永盛", "聚福", "顺发", "金穗", "绿野", "闽兴", "福源"]
RETURN_REASONS = ["身份证影像不清晰，请重新上传", "家庭成员信息不完整", "收入情况与走访调查不符，请核实", "缺少授权书影像", "土地承包面积需提供证明"]
REMARKS = ["邻里关系和睦", "村委推荐", "曾获评信用户", "家庭和睦，口碑良好", "常年外出务工，较少在村"]
MOBILE_PREFIXES = [130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 156, 157, 158, 159, 166, 177,
                   180, 181, 182, 183, 186, 187, 188, 189, 191, 198, 199]  # fmt: skip
EDUCATION = ["NONE", "PRIMARY", "JUNIOR", "SENIOR", "VOCATIONAL", "COLLEGE", "BACHELOR", "POSTGRADUATE"]
MARITAL = ["SINGLE", "MARRIED", "DIVORCED", "WIDOWED"]
HEALTH = ["GOOD", "FAIR", "POOR", "DISABLED"]
ETHNICITY = (["汉族", "畲族", "回族", "满族", "苗族", "土家族"], [0.975, 0.015, 0.004, 0.002, 0.002, 0.002])
# Per age band (18-25, 26-35, 36-50, 51-60, 61+).
EDUCATION_BY_AGE = [
    [0.002, 0.02, 0.25, 0.2, 0.22, 0.18, 0.12, 0.008],
    [0.005, 0.05, 0.38, 0.18, 0.15, 0.13, 0.1, 0.005],
    [0.01, 0.15, 0.5, 0.17, 0.07, 0.06, 0.04, 0.002],
    [0.04, 0.35, 0.42, 0.13, 0.03, 0.02, 0.01, 0.0],
    [0.15, 0.5, 0.25, 0.07, 0.01, 0.01, 0.01, 0.0],
]
MARITAL_BY_AGE = [[0.8, 0.19, 0.01, 0], [0.25, 0.7, 0.05, 0], [0.05, 0.87, 0.07, 0.01], [0.02, 0.88, 0.05, 0.05], [0.02, 0.78, 0.03, 0.17]]
HEALTH_BY_AGE = [[0.93, 0.05, 0.01, 0.01], [0.9, 0.07, 0.02, 0.01], [0.82, 0.13, 0.04, 0.01], [0.7, 0.22, 0.07, 0.01], [0.55, 0.33, 0.1, 0.02]]
RELATIONS = ["SPOUSE", "CHILD", "PARENT", "SIBLING", "GRANDCHILD"]
LABOUR = ["FULL", "PARTIAL", "NONE"]
LIVESTOCK = ["PIG", "POULTRY", "CATTLE", "SHEEP", "AQUATIC", "OTHER"]
LIVESTOCK_WEIGHTS = [0.3, 0.35, 0.08, 0.1, 0.12, 0.05]
LIVESTOCK_MEDIAN_COUNT = [8, 60, 3, 12, 2000, 20]
LIVESTOCK_UNIT_YUAN = [1800, 60, 9000, 1000, 8, 500]
RATINGS = ["AAA", "AA", "A", "B", "C", "UNRATED"]
# Faker's frequencies are national; these surnames are far more common in Fujian (陈 and 林 lead).
FUJIAN_SURNAMES = {"陈": 2.5, "林": 5.0, "黄": 1.8, "郑": 2.5, "吴": 1.5, "蔡": 3.0, "许": 2.0, "洪": 3.0, "苏": 2.0, "庄": 3.0, "詹": 3.0, "游": 3.0, "王": 0.7, "李": 0.7, "张": 0.8, "刘": 0.8}


@dataclass(frozen=True)
class _Vocabulary:
    surnames: np.ndarray
    surname_p: np.ndarray
    given_male: np.ndarray
    given_female: np.ndarray
    townships: np.ndarray
    villages: np.ndarray
    streets: np.ndarray
    # The pinyin sort keys of the names above, aligned (backend.customers.sorting): a name's key
    # is its surname's key followed by its given name's, so the seeder adds them like the names.
    surname_keys: np.ndarray
    given_male_keys: np.ndarray
    given_female_keys: np.ndarray


@lru_cache(maxsize=1)
def vocabulary() -> _Vocabulary:
    from faker.providers.address.zh_CN import Provider as Address
    from faker.providers.person.zh_CN import Provider as Person

    surnames = np.array(list(Person.last_names))
    weights = np.array([w * FUJIAN_SURNAMES.get(name, 1.0) for name, w in Person.last_names.items()])

    def given(names: tuple[str, ...] | list[str]) -> np.ndarray:
        singles = [n for n in names if len(n) == 1]
        doubles = [n for n in names if len(n) == 2]
        # One-character names, the locale's two-character names, and pairs of its characters.
        return np.array(singles * 8 + doubles * 4 + [a + b for a in singles for b in singles if a != b])

    places = sorted({*Address.districts, *(c for c in Address.cities if len(c) == 2)})
    fujian_style = [s + t for s in list(Person.last_names)[:40] for t in "厝坑洋坂埔头山墩"]
    townships = np.array([p + suffix for p in places for suffix in ("镇", "乡")])
    villages = np.array([p + "村" for p in places + fujian_style])
    streets = np.array([s + suffix for s in [*Address.cities, *list(Person.last_names)[:60]] for suffix in Address.street_suffixes])
    # Profiles are written as JSON text without escaping: no vocabulary word may need it.
    for words in (surnames, townships, villages, streets, given(Person.first_names_male), given(Person.first_names_female),
                  CROPS, LENDERS, BRANDS, REMARKS, OCCUPATIONS, [w for pair in INDUSTRIES for w in pair]):  # fmt: skip
        assert all(w.isprintable() and '"' not in w and "\\" not in w for w in words)
    given_male, given_female = given(Person.first_names_male), given(Person.first_names_female)
    return _Vocabulary(surnames, weights / weights.sum(), given_male, given_female, townships, villages, streets,
                       _keys(surnames, pinyin_key), _keys(given_male, syllables), _keys(given_female, syllables))  # fmt: skip


def _keys(words: np.ndarray, key: Callable[[str], str]) -> np.ndarray:
    """The sort keys of a vocabulary, each word computed once."""
    known = {w: key(w) for w in set(words.tolist())}
    return np.array([known[w] for w in words.tolist()])


# ----------------------------------------------------------------------------------------------
# Where rows go: banks, branches, managers
# ----------------------------------------------------------------------------------------------
@dataclass
class _Plan:
    bank_ids: list[int]
    bank_names: list[str]  # JSON-escaped
    existing: list[int]  # archives per bank before this run
    branch_ids: np.ndarray
    branch_bank: np.ndarray  # branch -> bank index
    branch_paths: list[str]
    branch_county: np.ndarray  # branch -> county index
    branch_weight: np.ndarray
    managers: np.ndarray  # flattened customer-manager ids, grouped by branch
    manager_start: np.ndarray
    manager_count: np.ndarray
    reviewer: list[int | None]  # branch -> branch manager (else bank approver)
    # The banks' village dictionaries, grouped by (bank index * number of counties + county index).
    village_start: np.ndarray
    village_count: np.ndarray
    village_code: list[str]
    village_name: list[str]
    village_township_code: list[str]
    village_township_name: list[str]


async def _plan(conn: AsyncConnection, bank_codes: list[str] | None) -> _Plan:
    banks = (
        await conn.execute(
            select(OrgUnit.id, OrgUnit.code, OrgUnit.name)
            .where(OrgUnit.level == OrgLevel.BANK, OrgUnit.status == OrgStatus.ACTIVE)
            .order_by(OrgUnit.id)
        )
    ).all()
    if bank_codes:
        wanted = [c.upper() for c in bank_codes]
        chosen = [b for b in banks if any(b.code.upper() == c or b.code.upper().endswith("-" + c) for c in wanted)]
        unknown = [c for c in wanted if not any(b.code.upper() == c or b.code.upper().endswith("-" + c) for b in chosen)]
        if unknown:
            raise ValueError(f"unknown bank code(s): {', '.join(unknown)}")
        banks = chosen
    bank_index = {b.id: i for i, b in enumerate(banks)}
    branches = (
        await conn.execute(
            select(OrgUnit.id, OrgUnit.bank_id, OrgUnit.path, OrgUnit.name)
            .where(OrgUnit.level == OrgLevel.BRANCH, OrgUnit.status == OrgStatus.ACTIVE, OrgUnit.bank_id.in_(list(bank_index)))
            .order_by(OrgUnit.id)
        )
    ).all()
    staff = (
        await conn.execute(
            select(StaffUser.id, StaffUser.org_unit_id, StaffUser.roles)
            .where(StaffUser.status == StaffStatus.ACTIVE, StaffUser.bank_id.in_(list(bank_index)))
            .order_by(StaffUser.id)
        )
    ).all()
    managers: dict[int, list[int]] = {}
    branch_managers: dict[int, int] = {}
    approvers: dict[int, int] = {}
    for s in staff:
        if Role.CUSTOMER_MANAGER.value in s.roles:
            managers.setdefault(s.org_unit_id, []).append(s.id)
        if Role.BRANCH_MANAGER.value in s.roles:
            branch_managers.setdefault(s.org_unit_id, s.id)
        if Role.BANK_APPROVER.value in s.roles:
            approvers.setdefault(s.org_unit_id, s.id)
    branches = [b for b in branches if managers.get(b.id)]
    without = [b.code for b in banks if not any(br.bank_id == b.id for br in branches)]
    if without and bank_codes:
        raise ValueError(f"no branch with an active customer manager in bank(s) {', '.join(without)}")
    banks = [b for b in banks if b.code not in without]
    if not banks:
        raise ValueError("no branch with an active customer manager: load the org tree first (cic seed demo)")
    bank_index = {b.id: i for i, b in enumerate(banks)}
    counts = dict(
        (await conn.execute(select(Customer.bank_id, func.count()).where(Customer.bank_id.in_(list(bank_index))).group_by(Customer.bank_id))).all()
    )
    geo = fujian_geography()
    dictionary = (
        await conn.execute(
            select(Village.bank_id, Village.code, Village.name, Village.parent_code, Village.level)
            .where(Village.bank_id.in_(list(bank_index)))
            .order_by(Village.bank_id, Village.code)
        )
    ).all()
    township_names = {(v.bank_id, v.code): v.name for v in dictionary if v.level == "TOWNSHIP"}
    by_key: dict[int, list[tuple[str, str, str, str]]] = {}
    for v in dictionary:
        county = geo.county_index(v.code[:6]) if v.level == "VILLAGE" and len(v.code) == 12 else None
        if county is not None and (v.bank_id, v.parent_code) in township_names:
            entry = (v.code, v.name, v.parent_code, township_names[(v.bank_id, v.parent_code)])
            by_key.setdefault(bank_index[v.bank_id] * len(geo.codes) + county, []).append(entry)
    village_count = np.zeros(len(banks) * len(geo.codes), dtype=np.int64)
    village_start = np.zeros_like(village_count)
    entries: list[tuple[str, str, str, str]] = []
    for key, found in sorted(by_key.items()):
        village_start[key], village_count[key] = len(entries), len(found)
        entries.extend(found)
    flat = [m for b in branches for m in managers[b.id]]
    count = np.array([len(managers[b.id]) for b in branches], dtype=np.int64)
    return _Plan(
        bank_ids=[b.id for b in banks],
        bank_names=[json.dumps(b.name, ensure_ascii=False)[1:-1] for b in banks],  # JSON-escaped (a lender name)
        existing=[int(counts.get(b.id, 0)) for b in banks],
        branch_ids=np.array([b.id for b in branches], dtype=np.int64),
        branch_bank=np.array([bank_index[b.bank_id] for b in branches], dtype=np.int64),
        branch_paths=[b.path for b in branches],
        branch_county=np.array(
            [_branch_county(geo, banks[bank_index[b.bank_id]].name, b.name, b.id) for b in branches], dtype=np.int64
        ),
        # Some branches are bigger than others; stable per branch.
        branch_weight=np.array([np.random.default_rng(b.id).lognormal(0, 0.4) for b in branches]),
        managers=np.array(flat, dtype=np.int64),
        manager_start=np.cumsum(count) - count,
        manager_count=count,
        reviewer=[branch_managers.get(b.id) or approvers.get(b.bank_id) for b in branches],
        village_start=village_start,
        village_count=village_count,
        village_code=[e[0] for e in entries],
        village_name=[e[1] for e in entries],
        village_township_code=[e[2] for e in entries],
        village_township_name=[e[3] for e in entries],
    )


# ----------------------------------------------------------------------------------------------
# Generation of one chunk
# ----------------------------------------------------------------------------------------------
def _sealed_json(cipher: FieldCipher, values: list[str | None], context: str) -> list[str]:
    """JSON literals of the base64 ciphertexts of the present values ("null" for None), one batch."""
    sealed = iter(cipher.encrypt_many([v for v in values if v is not None], context=context))
    return [f'"{binascii.b2a_base64(next(sealed), newline=False).decode()}"' if v is not None else "null" for v in values]


def _pick(rng: np.random.Generator, n: int, p: list[float]) -> np.ndarray:
    p_arr = np.asarray(p, dtype=float)
    return rng.choice(len(p_arr), size=n, p=p_arr / p_arr.sum())


def _pick_rows(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One categorical draw per row from that row's probabilities."""
    cum = np.cumsum(probs, axis=1)
    return (rng.random(len(probs))[:, None] * cum[:, -1:] > cum).sum(axis=1)


def _top_k(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """Per row, k distinct categories drawn without replacement (Gumbel top-k)."""
    keys = np.log(np.maximum(weights, 1e-12)) + rng.gumbel(size=weights.shape)
    return np.argsort(-keys, axis=1)[:, :k]


def _lognormal_yuan(rng: np.random.Generator, median: float | np.ndarray, sigma: float, n: int) -> np.ndarray:
    return np.round(np.asarray(median) * rng.lognormal(0.0, sigma, n))


def _ages(birth: np.ndarray, today: date) -> np.ndarray:
    years = birth.astype("M8[Y]").astype(np.int64) + 1970
    months = birth.astype("M8[M]").astype(np.int64) % 12 + 1
    days = (birth - birth.astype("M8[M]")).astype(np.int64) + 1
    before = (months > today.month) | ((months == today.month) & (days > today.day))
    return today.year - years - before


def _age_band(age: np.ndarray) -> np.ndarray:
    return np.searchsorted([26, 36, 51, 61], age, side="right")


def _surnames(voc: _Vocabulary, u: np.ndarray, *, keys: bool = False) -> np.ndarray:
    """Surnames by their frequency, from uniform draws (or, with ``keys``, their sort keys)."""
    words = voc.surname_keys if keys else voc.surnames
    return words[np.minimum(np.searchsorted(np.cumsum(voc.surname_p), u, side="right"), len(voc.surnames) - 1)]


def _given_names(voc: _Vocabulary, u: np.ndarray, male: np.ndarray, *, keys: bool = False) -> np.ndarray:
    m = (voc.given_male_keys if keys else voc.given_male)[(u * len(voc.given_male)).astype(np.int64)]
    f = (voc.given_female_keys if keys else voc.given_female)[(u * len(voc.given_female)).astype(np.int64)]
    return np.where(male, m, f)


def _uniform_of(key: np.ndarray, salt: int) -> np.ndarray:
    """A uniform draw in [0, 1) that depends on ``key`` only (splitmix64)."""
    z = key.astype(np.uint64) + np.uint64((0x9E3779B97F4A7C15 * (salt + 1)) % 2**64)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / float(2**53)


def _timestamps(seconds: np.ndarray) -> list[datetime | None]:
    return [None if s < 0 else datetime.fromtimestamp(s, UTC) for s in seconds.tolist()]


COLUMNS = (
    "bank_id", "id", "branch_id", "org_path", "manager_id", "status", "channel", "version", "name", "name_sort",
    "id_number_encrypted", "id_number_bidx", "id_expiry", "id_long_term", "gender", "birth_date", "ethnicity",
    "education", "marital_status", "health", "mobile_encrypted", "mobile_bidx", "alt_phone_encrypted", "region_code",
    "township_code", "village_code", "address_encrypted", "profile", "extra", "consent", "return_reasons",
    "submitted_at", "verified_at", "verified_by", "reviewed_at", "created_by", "created_at", "updated_at",
)  # fmt: skip


@dataclass
class _Chunk:
    bank: np.ndarray  # bank index per row
    counter: np.ndarray


@dataclass
class _Rows:
    bank: np.ndarray
    bidx: list[bytes]
    records: list[tuple[Any, ...]]
    diffs: list[str]  # each record's creation entry (JSON)


def _generate(plan: _Plan, cipher: FieldCipher, chunk: _Chunk, seed: int, now: datetime) -> _Rows:  # noqa: PLR0915
    n = len(chunk.counter)
    starts = [int(x) for b in np.unique(chunk.bank) for x in (b, chunk.counter[chunk.bank == b].min())]
    rng = np.random.default_rng([seed & 0xFFFFFFFF, *starts])
    geo, voc, space = fujian_geography(), vocabulary(), _id_space()
    today = now.date()
    today64 = np.datetime64(today, "D")
    now_s = int(now.timestamp())

    # -- where: branch (weighted within the bank), manager, counties ------------------------------
    branch = np.empty(n, dtype=np.int64)
    for b in np.unique(chunk.bank):
        rows = np.flatnonzero(chunk.bank == b)
        options = np.flatnonzero(plan.branch_bank == b)
        w = plan.branch_weight[options]
        branch[rows] = options[rng.choice(len(options), size=len(rows), p=w / w.sum())]
    manager = plan.managers[plan.manager_start[branch] + (rng.random(n) * plan.manager_count[branch]).astype(np.int64)]
    home = plan.branch_county[branch]
    city = geo.city_of[home]
    city_size = np.array([len(c) for c in geo.city_counties])[city]
    city_first = np.cumsum([0] + [len(c) for c in geo.city_counties])[city]
    city_pick = np.concatenate(geo.city_counties)[city_first + (rng.random(n) * city_size).astype(np.int64)]
    u = rng.random(n)
    born_in = np.where(u < 0.7, home, np.where(u < 0.88, city_pick, rng.integers(0, len(geo.codes), n)))
    lives_in = np.where(geo.city_of[born_in] == city, born_in, home)  # moved to the branch's area

    # -- identity: counter -> birth date + sequence; the region in force at birth ----------------
    day, seq = space.keys(chunk.counter)
    birth = BIRTH_FIRST + day
    male = seq % 2 == 1
    birth_year = birth.astype("M8[Y]").astype(np.int64) + 1970
    id_region = geo.lineage[born_in, birth_year - LINEAGE_YEAR0]
    id_numbers = resident_ids(id_region, birth, seq)
    age = _ages(birth, today)
    band = _age_band(age)

    # The name follows from the ID number: a person who is a customer of two banks (the same
    # number can come up in both) has the same name in both.
    person = id_region * 2**35 + day * 1024 + seq
    surname_u, given_u = _uniform_of(person, 1), _uniform_of(person, 2)
    surname = _surnames(voc, surname_u)
    name_array = np.char.add(surname, _given_names(voc, given_u, male))
    names = name_array.tolist()
    # The pinyin sort key (backend.customers.sorting.name_sort_key) from the vocabulary's keys.
    pinyin = np.char.add(_surnames(voc, surname_u, keys=True), _given_names(voc, given_u, male, keys=True))
    name_sorts = np.char.add(np.char.add(pinyin, " "), name_array).tolist()
    ethnicity = np.array(ETHNICITY[0])[_pick(rng, n, ETHNICITY[1])].tolist()
    education = np.array(EDUCATION, dtype=object)[_pick_rows(rng, np.array(EDUCATION_BY_AGE)[band])]
    education[rng.random(n) < 0.03] = None
    marital = np.array(MARITAL)[_pick_rows(rng, np.array(MARITAL_BY_AGE)[band])]
    health = np.array(HEALTH)[_pick_rows(rng, np.array(HEALTH_BY_AGE)[band])]
    married = marital == "MARRIED"

    # ID card validity: 10 years under 26, 20 years to 45, long-term from 46 (mostly).
    long_term = (age >= 50) | ((age >= 46) & (rng.random(n) < 0.5))
    validity_days = np.where(age < 26, 3652, 7305)
    expiry = today64 + 30 + (rng.random(n) * (validity_days - 30)).astype(np.int64)
    expiry_list = [None if lt else d for lt, d in zip(long_term.tolist(), expiry.tolist())]

    # -- contact and address ---------------------------------------------------------------------------
    mobile = np.array(MOBILE_PREFIXES)[rng.integers(0, len(MOBILE_PREFIXES), n)] * 10**8 + rng.integers(0, 10**8, n)
    has_mobile = rng.random(n) < 0.96
    alt_kind = rng.random(n)  # < 0.12 landline, < 0.22 a second mobile
    area = np.array(geo.area_code)[lives_in]
    local = np.where(np.isin(area, ["0591", "0592", "0595"]), rng.integers(2 * 10**7, 9 * 10**7, n), rng.integers(2 * 10**6, 9 * 10**6, n))
    second = np.array(MOBILE_PREFIXES)[rng.integers(0, len(MOBILE_PREFIXES), n)] * 10**8 + rng.integers(0, 10**8, n)
    alt_phone = [
        f"{a}-{loc}" if k < 0.12 else (str(s) if k < 0.22 else None)
        for a, loc, s, k in zip(area.tolist(), local.tolist(), second.tolist(), alt_kind.tolist())
    ]
    # Statistical codes: township = county + 3 digits, village = township + 3 digits. A village of
    # the bank's dictionary when it has some under the county, else a made-up one.
    region = geo.codes[lives_in]
    township = rng.integers(1, 1 + np.minimum(25, 8 + region % 17), n)
    village = rng.integers(1, 31, n)
    township_code = (region * 1000 + township).astype(str)
    village_code = (region * 1_000_000 + township * 1000 + village).astype(str)
    township_name = voc.townships[(region * 31 + township) % len(voc.townships)]
    village_name = voc.villages[(region * 1009 + township * 37 + village) % len(voc.villages)]
    dictionary_key = chunk.bank * len(geo.codes) + lives_in
    known = np.flatnonzero(plan.village_count[dictionary_key] > 0)
    if known.size:
        entry = plan.village_start[dictionary_key[known]] + (rng.random(known.size) * plan.village_count[dictionary_key[known]]).astype(np.int64)
        township_code, village_code = township_code.astype(object), village_code.astype(object)
        township_name, village_name = township_name.astype(object), village_name.astype(object)
        for column, values in ((township_code, plan.village_township_code), (village_code, plan.village_code),
                               (township_name, plan.village_township_name), (village_name, plan.village_name)):  # fmt: skip
            column[known] = np.array(values, dtype=object)[entry]
    street_name = voc.streets[(region * 7 + township * 13 + rng.integers(0, 6, n)) % len(voc.streets)]
    house_no = rng.integers(1, 200, n)
    in_town = rng.random(n) < 0.2
    address = [
        f"{t}{v}{h}号" if v.endswith("社区") else f"{t}{s}{h}号" if town else f"{t}{v}{h % 12 + 1}组{h}号"
        for t, v, s, h, town in zip(township_name.tolist(), village_name.tolist(), street_name.tolist(), house_no.tolist(), in_town.tolist())
    ]

    # -- household: spouse, children, parents, siblings, grandchildren -------------------------------
    spouse_n = married.astype(np.int64)
    child_p = np.where((age > 55)[:, None], [[0.45, 0.35, 0.15, 0.05]], [[0.12, 0.38, 0.38, 0.12]])
    child_n = np.where((age >= 21) & (marital != "SINGLE"), _pick_rows(rng, child_p), 0)
    parent_n = np.where(age <= 45, _pick(rng, n, [0.45, 0.2, 0.35]), 0)
    sibling_n = np.where((marital == "SINGLE") & (age <= 30), (rng.random(n) < 0.3).astype(np.int64), 0)
    grandchild_n = np.where(age >= 55, _pick(rng, n, [0.65, 0.2, 0.15]), 0)
    spouse_surname = _surnames(voc, rng.random(n))
    parts = []
    for rel, cnt in enumerate((spouse_n, child_n, parent_n, sibling_n, grandchild_n)):
        owner = np.repeat(np.arange(n), cnt)
        k = np.arange(len(owner)) - np.repeat(np.cumsum(cnt) - cnt, cnt)  # position within the owner's group
        parts.append((owner, np.full(len(owner), rel), k))
    owner = np.concatenate([p[0] for p in parts])
    relation = np.concatenate([p[1] for p in parts])
    k = np.concatenate([p[2] for p in parts])
    order = np.lexsort((k, relation, owner))
    owner, relation, k = owner[order], relation[order], k[order]
    m = len(owner)
    own_age = age[owner]
    own_male = male[owner]
    member_age = np.select(
        [relation == 0, relation == 1, relation == 2, relation == 3],
        [
            own_age + np.where(own_male, -2, 2) + np.round(rng.normal(0, 2.5, m)).astype(np.int64),
            own_age - rng.integers(21, 35, m) - 2 * k,
            own_age + rng.integers(22, 33, m) + np.where(k == 0, 2, 0),
            own_age + np.where(rng.random(m) < 0.5, -1, 1) * rng.integers(1, 7, m),
        ],
        default=rng.integers(0, 16, m),
    )
    member_age = np.where(relation == 0, np.maximum(member_age, 20), member_age)
    keep = (member_age >= 0) & (member_age <= 95) & ~((relation == 4) & (member_age > own_age - 40))
    owner, relation, k, member_age = owner[keep], relation[keep], k[keep], member_age[keep]
    rank = np.arange(len(owner)) - np.searchsorted(owner, owner)  # at most 6 members: households of 1-7
    keep = rank < 6
    owner, relation, k, member_age = owner[keep], relation[keep], k[keep], member_age[keep]
    m = len(owner)
    member_male = np.select(
        [relation == 0, relation == 2], [~male[owner], (k == 0) & (parent_n[owner] == 2) | ((parent_n[owner] == 1) & (rng.random(m) < 0.5))],
        default=rng.random(m) < 0.52,
    )
    father_surname = np.where(male | ~married, surname, spouse_surname)
    member_surname = np.select(
        [relation == 0, relation == 1, (relation == 2) & member_male, relation == 2, relation == 3],
        [spouse_surname[owner], father_surname[owner], surname[owner], _surnames(voc, rng.random(m)), surname[owner]],
        default=father_surname[owner],
    )
    member_names = np.char.add(member_surname, _given_names(voc, rng.random(m), member_male)).tolist()
    member_birth = today64 - (member_age * 365.25 + rng.random(m) * 364).astype(np.int64)
    member_year = member_birth.astype("M8[Y]").astype(np.int64) + 1970
    member_county = np.where((relation == 0) & (rng.random(m) < 0.3), lives_in[owner], born_in[owner])
    member_seq = rng.integers(0, 500, m) * 2 + member_male.astype(np.int64)  # spouse: other gender, other number
    member_ids = resident_ids(geo.lineage[member_county, member_year - LINEAGE_YEAR0], member_birth, member_seq)
    has_id = (rng.random(m) < 0.92) & (np.array(member_ids) != np.array(id_numbers)[owner])
    work = _pick(rng, m, WORKING_AGE_OCCUPATIONS)
    occupation = np.select(
        [member_age < 7, member_age < 18, (member_age < 23) & (rng.random(m) < 0.5), member_age < 60, member_age < 70],
        [8, 7, 7, work, np.array([0, 9, 10])[_pick(rng, m, [0.5, 0.2, 0.3])]],
        default=np.array([9, 10, 0])[_pick(rng, m, [0.25, 0.6, 0.15])],
    )
    member_income = (_lognormal_yuan(rng, OCCUPATION_MEDIAN_YUAN[occupation], 0.5, m) * 100).astype(np.int64)
    labour = np.select(
        [member_age < 16, member_age < 60, member_age < 70],
        [2, _pick(rng, m, [0.92, 0.06, 0.02]), _pick(rng, m, [0.3, 0.55, 0.15])],
        default=_pick(rng, m, [0.0, 0.3, 0.7]),
    )
    with_id = has_id.tolist()
    family_id_enc = iter(cipher.encrypt_many([x for x, h in zip(member_ids, with_id) if h], context=FAMILY_ID_CONTEXT))
    b64 = binascii.b2a_base64
    members = [
        f'{{"relation":"{RELATIONS[r]}","name":"{nm}","occupation":"{OCCUPATIONS[o]}","annual_income":{inc},'
        f'"labour_capacity":"{LABOUR[lab]}","id_number_encrypted":'
        + (f'"{b64(next(family_id_enc), newline=False).decode()}","id_number_masked":"{mask_id_number(num)}"}}' if h else 'null,"id_number_masked":null}')
        for r, nm, o, inc, lab, num, h in zip(
            relation.tolist(), member_names, occupation.tolist(), member_income.tolist(), labour.tolist(), member_ids, with_id
        )
    ]  # fmt: skip
    member_offsets = np.searchsorted(owner, np.arange(n + 1)).tolist()
    household_size = np.diff(member_offsets) + 1
    is_head = (male & (age >= 25)) | (age >= 45) | ((marital != "SINGLE") & (parent_n == 0))
    register_no = rng.integers(10**8, 10**9, n)
    has_register = rng.random(n) < 0.7

    # -- business (about 15%, more among 25-55) ------------------------------------------------------
    has_business = rng.random(n) < np.where((age >= 25) & (age <= 55), 0.19, 0.07)
    b_rows = np.flatnonzero(has_business)
    individual = rng.random(len(b_rows)) < 0.7
    b_codes = credit_codes(rng, region[b_rows], individual)
    industry = rng.integers(0, len(INDUSTRIES), len(b_rows))
    brand = np.where(rng.random(len(b_rows)) < 0.5, np.char.add(surname[b_rows], "记"), np.array(BRANDS)[rng.integers(0, len(BRANDS), len(b_rows))])
    business_income = _lognormal_yuan(rng, 120e3, 0.8, len(b_rows))
    employees = np.where(individual, rng.integers(0, 6, len(b_rows)), np.minimum(200, np.round(rng.lognormal(np.log(8), 0.8, len(b_rows)))).astype(np.int64))
    turnover = np.round(business_income * rng.uniform(2.5, 8, len(b_rows)))
    county_name = np.array(geo.names)[lives_in[b_rows]]
    businesses = ["null"] * n
    business_name: list[str | None] = [None] * n
    business_industry: list[str | None] = [None] * n
    business_turnover = np.zeros(n, dtype=np.int64)
    for row, ind, cn, br, code, to, emp in zip(
        b_rows.tolist(), industry.tolist(), county_name.tolist(), brand.tolist(), b_codes, turnover.tolist(), employees.tolist()
    ):
        business_name[row], business_industry[row], business_turnover[row] = f"{cn}{br}{INDUSTRIES[ind][1]}", INDUSTRIES[ind][0], int(to) * 100
        businesses[row] = (
            f'{{"name":"{business_name[row]}","industry":"{business_industry[row]}","credit_code":"{code}",'
            f'"licence_no":null,"annual_turnover":{business_turnover[row]},"employees":{emp}}}'
        )
    business_fen = np.zeros(n, dtype=np.int64)
    business_fen[b_rows] = business_income.astype(np.int64) * 100

    # -- land and livestock ----------------------------------------------------------------------
    farms = rng.random(n) < np.where(has_business, 0.5, 0.82)
    contracted = np.where(farms, np.clip(np.round(rng.lognormal(np.log(2.8), 0.75, n), 1), 0.2, 80), 0.0)
    rented = np.where(rng.random(n) < 0.12, np.clip(np.round(rng.lognormal(np.log(10), 0.9, n), 1), 0.5, 300), 0.0)
    land = contracted + rented
    crop_weights = np.array([CROP_WEIGHTS.get(p, CROP_WEIGHTS["default"]) for p in geo.city_prefixes])[city]
    crop_pick = _top_k(rng, crop_weights, 3)
    crop_n = np.where(land > 0, rng.integers(1, 4, n), 0)
    crops = [",".join(f'"{CROPS[c]}"' for c in row[:k]) for row, k in zip(crop_pick.tolist(), crop_n.tolist())]
    stock_n = _pick(rng, n, [0.65, 0.25, 0.08, 0.02])
    stock_kind = _top_k(rng, np.tile(LIVESTOCK_WEIGHTS, (n, 1)), 3)
    stock_count = np.clip(np.round(np.array(LIVESTOCK_MEDIAN_COUNT)[stock_kind] * rng.lognormal(0, 0.9, (n, 3))), 1, 100_000).astype(np.int64)
    stock_value = (np.round(stock_count * np.array(LIVESTOCK_UNIT_YUAN)[stock_kind] * rng.lognormal(0, 0.15, (n, 3))) * 100).astype(np.int64)
    livestock = [
        ",".join(f'{{"kind":"{LIVESTOCK[kd]}","count":{c},"value":{v}}}' for kd, c, v in zip(kr[:j], cr[:j], vr[:j])) if j else ""
        for kr, cr, vr, j in zip(stock_kind.tolist(), stock_count.tolist(), stock_value.tolist(), stock_n.tolist())
    ]
    livestock_fen = np.where(np.arange(3)[None, :] < stock_n[:, None], stock_value, 0).sum(axis=1)

    # -- income (fen) -------------------------------------------------------------------------------
    farming = np.where(land > 0, land * _lognormal_yuan(rng, 2500, 0.5, n), 0) * 100 + livestock_fen * 0.25
    farming = np.round(farming / 100).astype(np.int64) * 100
    wages = np.where((age < 60) & (rng.random(n) < 0.5), _lognormal_yuan(rng, 50e3, 0.45, n), 0).astype(np.int64) * 100
    other = np.where(
        age >= 60, np.where(rng.random(n) < 0.85, _lognormal_yuan(rng, 8e3, 0.8, n), 0), np.where(rng.random(n) < 0.15, _lognormal_yuan(rng, 6e3, 1.0, n), 0)
    ).astype(np.int64) * 100
    total_yuan = (farming + wages + other + business_fen) / 100

    # -- assets: the house follows income --------------------------------------------------------------
    house = rng.random(n) < 0.9
    house_value = np.round(total_yuan * rng.lognormal(np.log(5), 0.5, n) + _lognormal_yuan(rng, 200e3, 0.5, n))
    floors = _pick(rng, n, [0.2, 0.35, 0.3, 0.1, 0.05]) + 1
    house_area = np.round(floors * rng.lognormal(np.log(90), 0.3, n)).astype(np.int64)
    apartment = rng.random(n) < 0.15
    vehicle = rng.random(n) < np.clip(0.1 + total_yuan / 300e3, 0, 0.85)
    vehicle_value = _lognormal_yuan(rng, 80e3 + 0.3 * total_yuan, 0.5, n)
    vehicle_kind = np.array(["小型轿车", "面包车", "电动三轮车", "货车", "SUV"])[_pick(rng, n, [0.35, 0.15, 0.25, 0.1, 0.15])]
    machinery = (land >= 8) & (rng.random(n) < 0.5)
    machinery_value = _lognormal_yuan(rng, 25e3, 0.8, n)
    machinery_kind = np.array(["拖拉机", "插秧机", "联合收割机", "微耕机", "植保无人机"])[rng.integers(0, 5, n)]
    deposit = rng.random(n) < 0.65
    deposit_value = np.round(total_yuan * rng.lognormal(np.log(0.6), 0.9, n))
    other_asset = rng.random(n) < 0.05
    other_value = _lognormal_yuan(rng, 50e3, 0.8, n)
    other_kind = np.array(["林权", "茶园经营权", "商铺租赁权"])[rng.integers(0, 3, n)]
    assets, asset_n = [], []
    for h, apt, fl, ar, hv, v, vk, vv, mc, mk, mv, d, dv, o, ok, ov in zip(
        house.tolist(), apartment.tolist(), floors.tolist(), house_area.tolist(), house_value.tolist(), vehicle.tolist(),
        vehicle_kind.tolist(), vehicle_value.tolist(), machinery.tolist(), machinery_kind.tolist(), machinery_value.tolist(),
        (deposit & (deposit_value > 0)).tolist(), deposit_value.tolist(), other_asset.tolist(), other_kind.tolist(), other_value.tolist(),
    ):  # fmt: skip
        items = []
        if h:
            what = f"商品房，约{ar}平方米" if apt else f"自建房{fl}层，约{ar}平方米"
            items.append(f'{{"kind":"HOUSE","description":"{what}","value":{int(hv) * 100}}}')
        if v:
            items.append(f'{{"kind":"VEHICLE","description":"{vk}","value":{int(vv) * 100}}}')
        if mc:
            items.append(f'{{"kind":"MACHINERY","description":"{mk}","value":{int(mv) * 100}}}')
        if d:
            items.append(f'{{"kind":"DEPOSIT","description":"定期存款","value":{int(dv) * 100}}}')
        if o:
            items.append(f'{{"kind":"OTHER","description":"{ok}","value":{int(ov) * 100}}}')
        assets.append(",".join(items))
        asset_n.append(len(items))

    # -- liabilities: some overdue, more often with a low income ---------------------------------------
    debt_n = _pick(rng, n, [0.55, 0.33, 0.1, 0.02])
    own_bank = np.array(plan.bank_names)[chunk.bank]
    lender_pick = rng.integers(0, len(LENDERS), (n, 3))
    own_lender = rng.random((n, 3)) < 0.5
    amount = np.maximum(2, np.round(rng.lognormal(np.log(60), 0.9, (n, 3)))).astype(np.int64) * 1000
    overdue = rng.random((n, 3)) < np.where(total_yuan < 30e3, 0.12, 0.04)[:, None]
    overdue_amount = np.where(overdue, np.round(amount * rng.uniform(0.05, 0.5, (n, 3))), 0).astype(np.int64)
    lender = np.where(own_lender, own_bank[:, None], np.array(LENDERS)[lender_pick])
    overdue_json = np.where(overdue, "true", "false")
    liabilities = [
        ",".join(
            f'{{"lender":"{le}","amount":{a * 100},"overdue":{od},"overdue_amount":{oa * 100}}}'
            for le, a, od, oa in zip(ler[:d], ar[:d], odr[:d], oar[:d])
        ) if d else ""
        for ler, ar, odr, oar, d in zip(lender.tolist(), amount.tolist(), overdue_json.tolist(), overdue_amount.tolist(), debt_n.tolist())
    ]  # fmt: skip
    any_overdue = (overdue & (np.arange(3)[None, :] < debt_n[:, None])).any(axis=1)

    # -- social standing ---------------------------------------------------------------------------
    rating_p = np.select(
        [any_overdue[:, None], (total_yuan > 150e3)[:, None]],
        [[[0, 0.02, 0.15, 0.45, 0.3, 0.08]], [[0.2, 0.35, 0.3, 0.05, 0, 0.1]]],
        default=[[0.08, 0.2, 0.35, 0.14, 0.03, 0.2]],
    )
    rating = np.array(RATINGS)[_pick_rows(rng, rating_p)].tolist()
    remark_pick = rng.integers(0, len(REMARKS), n)
    has_remark = rng.random(n) < 0.12

    # -- lifecycle: status mix, timestamps over two years, consent -------------------------------------
    status = np.array(["VERIFIED", "DRAFT", "SUBMITTED", "RETURNED"])[_pick(rng, n, [0.74, 0.12, 0.08, 0.06])]
    channel = np.where(rng.random(n) < 0.55, "PC", "PAD")
    created = now_s - (rng.random(n) * 730 * 86400).astype(np.int64)
    submitted = np.minimum(created + (rng.exponential(2 * 86400, n)).astype(np.int64) + 600, now_s)
    reviewed = np.minimum(submitted + (rng.exponential(1.5 * 86400, n)).astype(np.int64) + 300, now_s)
    draft = status == "DRAFT"
    updated = np.select(
        [draft, status == "SUBMITTED"], [np.minimum(created + rng.exponential(3 * 86400, n).astype(np.int64), now_s), submitted], default=reviewed
    )
    submitted = np.where(draft, -1, submitted)
    verified = np.where(status == "VERIFIED", reviewed, -1)
    reviewed = np.where(np.isin(status, ["VERIFIED", "RETURNED"]), reviewed, -1)
    reviewer = np.array(plan.reviewer, dtype=object)[branch]
    consent_at = created - rng.integers(0, 900, n)
    has_consent = ~draft | (rng.random(n) < 0.4)
    reasons = np.array(RETURN_REASONS)[_top_k(rng, np.ones((n, len(RETURN_REASONS))), 2)]
    reason_n = rng.integers(1, 3, n)
    ids = new_ids(n)

    # -- protect and assemble ---------------------------------------------------------------------
    id_enc = cipher.encrypt_many(id_numbers, context=ID_CONTEXT)
    id_bidx = cipher.blind_index_many(id_numbers, context=ID_CONTEXT)
    mobiles = [str(x) if h else None for x, h in zip(mobile.tolist(), has_mobile.tolist())]
    present = [x for x in mobiles if x]
    mob_enc = iter(cipher.encrypt_many(present, context=MOBILE_CONTEXT))
    mob_bidx = iter(cipher.blind_index_many(present, context=MOBILE_CONTEXT))
    mobile_enc = [(next(mob_enc), next(mob_bidx)) if x else (None, None) for x in mobiles]
    alt_present = iter(cipher.encrypt_many([x for x in alt_phone if x], context=ALT_PHONE_CONTEXT))
    alt_enc = [next(alt_present) if x else None for x in alt_phone]
    address_enc = cipher.encrypt_many(address, context=ADDRESS_CONTEXT)

    # The profile is written as JSON text directly (the shape of ``Profile.model_dump``): every string
    # comes from a vocabulary without characters that JSON escapes, and this is several times
    # faster than building dicts for json.dumps.
    # The register number and the remarks are encrypted inside the profile (PROFILE_SECRETS).
    register = _sealed_json(cipher, [str(x) if h else None for x, h in zip(register_no.tolist(), has_register.tolist())], REGISTER_NO_CONTEXT)
    remarks = _sealed_json(cipher, [REMARKS[i] if h else None for i, h in zip(remark_pick.tolist(), has_remark.tolist())], REMARKS_CONTEXT)
    profiles = [
        f'{{"household":{{"size":{size},"register_no_encrypted":{reg},"is_head":{head}}},'
        f'"family_members":[{",".join(members[a:b])}],'
        f'"land":{{"contracted_mu":"{c:.2f}","rented_mu":"{r:.2f}","crops":[{cr}]}},'
        f'"livestock":[{ls}],"assets":[{ast}],'
        f'"income":{{"farming":{fa},"business":{bu},"wages":{wa},"other":{ot}}},'
        f'"liabilities":[{li}],"business":{biz},'
        f'"social":{{"village_credit_rating":"{rt}","remarks_encrypted":{rm}}}}}'
        for size, reg, head, a, b, c, r, cr, ls, ast, fa, bu, wa, ot, li, biz, rt, rm in zip(
            household_size.tolist(), register, np.where(is_head, "true", "false").tolist(), member_offsets[:-1],
            member_offsets[1:], contracted.tolist(), rented.tolist(), crops, livestock, assets, farming.tolist(),
            business_fen.tolist(), wages.tolist(), other.tolist(), liabilities, businesses, rating, remarks,
        )
    ]  # fmt: skip
    consents = [
        f'{{"wording_version":"{CONSENT_WORDING}","consented_at":"{at.isoformat()}","channel":"{ch}","form_image_ref":null}}' if has else None
        for has, at, ch in zip(has_consent.tolist(), _timestamps(consent_at), channel.tolist())
    ]
    returns = [
        json.dumps(rs[:k], ensure_ascii=False) if st == "RETURNED" else None
        for st, rs, k in zip(status.tolist(), reasons.tolist(), reason_n.tolist())
    ]
    bank_ids = np.array(plan.bank_ids)[chunk.bank].tolist()
    branch_ids = plan.branch_ids[branch].tolist()
    paths = [plan.branch_paths[b] for b in branch.tolist()]
    verified_by = [r if st == "VERIFIED" else None for r, st in zip(reviewer.tolist(), status.tolist())]
    records = list(
        zip(
            bank_ids, ids, branch_ids, paths, manager.tolist(), status.tolist(), channel.tolist(), [1] * n, names, name_sorts,
            id_enc, id_bidx, expiry_list, long_term.tolist(), np.where(male, "MALE", "FEMALE").tolist(), birth.tolist(),
            ethnicity, education.tolist(), marital.tolist(), health.tolist(), [e for e, _ in mobile_enc], [b for _, b in mobile_enc],
            alt_enc, region.astype(str).tolist(), township_code.tolist(), village_code.tolist(),
            address_enc, profiles, ["{}"] * n, consents, returns, _timestamps(submitted), _timestamps(verified), verified_by,
            _timestamps(reviewed), manager.tolist(), _timestamps(created), _timestamps(updated),
        )
    )  # fmt: skip
    # The creation entry of each archive (as a CREATE through the service writes it: every filled
    # field from nothing), from the same values, so the database only copies it in.
    diffs = _creation_diffs({
        "idExpiry": [None if d is None else f'"{d.isoformat()}"' for d in expiry_list],
        "idLongTerm": np.where(long_term, "true", None).tolist(),
        "ethnicity": _json_texts(ethnicity),
        "education": _json_texts(education.tolist()),
        "maritalStatus": _json_texts(marital.tolist()),
        "health": _json_texts(health.tolist()),
        "address.regionCode": _json_texts(region.astype(str).tolist()),
        "address.townshipCode": _json_texts(township_code.tolist()),
        "address.villageCode": _json_texts(village_code.tolist()),
        "household.size": _json_counts(household_size.tolist()),
        "household.isHead": np.where(is_head, "true", None).tolist(),
        "familyMembers.length": _json_counts(np.diff(member_offsets).tolist()),
        "land.contractedMu": _json_mu(contracted.tolist()),
        "land.rentedMu": _json_mu(rented.tolist()),
        "land.crops": [f"[{cr}]" if cr else None for cr in crops],
        "livestock.length": _json_counts(stock_n.tolist()),
        "assets.length": _json_counts(asset_n),
        "income.farming": _json_counts(farming.tolist()),
        "income.business": _json_counts(business_fen.tolist()),
        "income.wages": _json_counts(wages.tolist()),
        "income.other": _json_counts(other.tolist()),
        "liabilities.length": _json_counts(debt_n.tolist()),
        "business.name": _json_texts(business_name),
        "business.industry": _json_texts(business_industry),
        "business.annualTurnover": _json_counts(business_turnover.tolist()),
        "social.villageCreditRating": _json_texts(rating),
        "consent": [f'"{CONSENT_WORDING}/{ch}"' if has else None for has, ch in zip(has_consent.tolist(), channel.tolist())],
    })  # fmt: skip
    return _Rows(bank=chunk.bank, bidx=id_bidx, records=records, diffs=diffs)


def _json_texts(values: list[Any]) -> list[str | None]:
    """JSON strings of vocabulary words (nothing in them that JSON escapes); empty ones dropped."""
    return [f'"{v}"' if v else None for v in values]


def _json_counts(values: list[int]) -> list[str | None]:
    return [str(v) if v else None for v in values]


def _json_mu(values: list[float]) -> list[str | None]:
    """Areas as the profile holds them (a decimal string of two places); none is "0.00"."""
    return [None if t == "0.00" else f'"{t}"' for t in (f"{v:.2f}" for v in values)]


def _creation_diffs(values: dict[str, list[str | None]]) -> list[str]:
    """Each row's history diff ``{path: [null, value]}`` of its filled fields, as JSON text: the
    columns of JSON values (None: not filled) joined in native code."""
    frame = pl.DataFrame({path: pl.Series(column, dtype=pl.String) for path, column in values.items()})
    entry = (pl.lit(f'"{path}":[null,') + pl.col(path) + pl.lit("]") for path in values)  # null stays null
    joined = frame.select(pl.concat_str(entry, separator=",", ignore_nulls=True).alias("diff"))["diff"]
    return ("{" + joined + "}").to_list()


# ----------------------------------------------------------------------------------------------
# Loading
# ----------------------------------------------------------------------------------------------
async def _connection(session_or_conn: AsyncSession | AsyncConnection) -> AsyncConnection:
    if isinstance(session_or_conn, AsyncSession):
        return await session_or_conn.connection()
    return session_or_conn


def _chunks(todo: list[int], next_counter: list[int], chunk_rows: int) -> list[_Chunk]:
    """Split the rows to add per bank into chunks; counters continue each bank's range. The
    first chunk is small, so that PostgreSQL starts loading while the full-size ones are made."""
    chunks: list[_Chunk] = []
    cum = np.cumsum(todo)
    total = int(cum[-1])
    bounds = [0, *range(min(chunk_rows, FIRST_CHUNK_ROWS), total, chunk_rows), total]
    for start, end in zip(bounds, bounds[1:]):
        rows = np.arange(start, end)
        bank = np.searchsorted(cum, rows, side="right")
        counter = np.array(next_counter)[bank] + rows - (cum - np.array(todo))[bank]
        chunks.append(_Chunk(bank=bank, counter=counter.astype(np.int64)))
    return chunks


async def _pipeline(chunks: list[_Chunk], make: Callable[[_Chunk], _Rows], load: Callable[[_Rows], Awaitable[None]]) -> None:
    """Load chunk after chunk; the next one is generated in a thread while PostgreSQL takes this one."""
    upcoming = asyncio.create_task(asyncio.to_thread(make, chunks[0])) if chunks else None
    try:
        for i in range(len(chunks)):
            assert upcoming is not None
            rows: _Rows | None = await upcoming
            upcoming = asyncio.create_task(asyncio.to_thread(make, chunks[i + 1])) if i + 1 < len(chunks) else None
            assert rows is not None
            await load(rows)
            rows = None  # at most two chunks in memory
    finally:
        if upcoming is not None:
            upcoming.cancel()


async def _existing_bidx(raw: Any, plan: _Plan, rows: _Rows) -> set[bytes]:
    found: set[bytes] = set()
    for b in np.unique(rows.bank).tolist():
        mine = [x for x, bank in zip(rows.bidx, rows.bank.tolist()) if bank == b]
        if mine:
            hits = await raw.fetch(
                "SELECT id_number_bidx FROM customers WHERE bank_id = $1 AND id_number_bidx = ANY($2::bytea[])", plan.bank_ids[b], mine
            )
            found.update(bytes(h[0]) for h in hits)
    return found


CHANGE_COLUMNS = ("bank_id", "customer_id", "version", "action", "channel", "changed_by", "changed_at", "diff")
_BANK, _ID, _CHANNEL, _CREATED_BY, _CREATED_AT = (COLUMNS.index(c) for c in ("bank_id", "id", "channel", "created_by", "created_at"))


def _creation_entries(records: list[tuple[Any, ...]], diffs: list[str]) -> list[tuple[Any, ...]]:
    """The history's CREATE entry of each record: version 1, by its collector, at its creation."""
    return [(r[_BANK], r[_ID], 1, "CREATE", r[_CHANNEL], r[_CREATED_BY], r[_CREATED_AT], d) for r, d in zip(records, diffs)]


async def seed_customers(
    session_or_conn: AsyncSession | AsyncConnection,
    cipher: FieldCipher,
    count: int,
    *,
    bank_codes: list[str] | None = None,
    seed: int = 0,
    progress: ProgressFn | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> int:
    """Add ``count`` synthetic archives, split evenly over the chosen banks (default: all).

    Runs in the caller's transaction (the caller commits). Returns the number of rows added.
    """
    conn = await _connection(session_or_conn)
    plan = await _plan(conn, bank_codes)  # also begins the transaction the COPY joins
    raw = (await conn.get_raw_connection()).driver_connection
    nb = len(plan.bank_ids)
    target = [count // nb + (1 if i < count % nb else 0) for i in range(nb)]
    added = [0] * nb
    next_counter = list(plan.existing)
    now = datetime.now(UTC).replace(microsecond=0)

    async def load(rows: _Rows) -> None:
        records, bank, diffs = rows.records, rows.bank, rows.diffs
        try:
            async with raw.transaction():  # a savepoint: a clash undoes this chunk only
                await raw.copy_records_to_table("customers", records=records, columns=COLUMNS)
        except asyncpg.UniqueViolationError as exc:
            if not (exc.constraint_name or "").startswith(UNIQUE_ID_NUMBER):  # the key, or its partition's (…_p3)
                raise
            # An archive that is not from this counter range has one of these ID numbers (a real
            # one, or the bank lost archives): skip those rows; the caller's loop adds others.
            clash = await _existing_bidx(raw, plan, rows)
            keep = np.array([x not in clash for x in rows.bidx])
            records = [r for r, k in zip(records, keep.tolist()) if k]
            diffs = [d for d, k in zip(diffs, keep.tolist()) if k]
            bank = bank[keep]
            if records:
                async with raw.transaction():
                    await raw.copy_records_to_table("customers", records=records, columns=COLUMNS)
        if records:
            await raw.copy_records_to_table("customer_changes", records=_creation_entries(records, diffs), columns=CHANGE_COLUMNS)
        for b, c in zip(*np.unique(bank, return_counts=True)):
            added[int(b)] += int(c)
        if progress:
            progress(len(records))

    while any(todo := [t - a for t, a in zip(target, added)]):
        chunks = _chunks(todo, next_counter, chunk_rows)
        next_counter = [c + t for c, t in zip(next_counter, todo)]
        await _pipeline(chunks, lambda chunk: _generate(plan, cipher, chunk, seed, now), load)
    return sum(added)
