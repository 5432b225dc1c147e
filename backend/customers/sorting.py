"""The pinyin sort key of a customer's name (拼音排序): how staff expect a list of names ordered.

``name`` is stored with the C collation (code-point order: 张 U+5F20 before 李 U+674E), which
keeps its btree indexes usable for both ``LIKE 'prefix%'`` and keyset paging. Bank staff expect
the order of a dictionary or a spreadsheet: 阿明, 李四, 王五, 张三. ICU collations would give it,
but the embedded PostgreSQL of ``make run`` (pgserver) is built without ICU, so the key is computed
here and stored in ``customers.name_sort`` (C collation too), written on every path that writes
the name (``archive_columns``: create, update, import; the seeder; the migration's backfill).

The key is built character by character, so the key of a prefix of a name is a prefix of the
name's key: a name-prefix search can range-scan the same index it pages on. Each Chinese
character becomes its toneless syllable followed by its tone digit (``zhang1``): a digit sorts
before every letter, so 李 (li3) comes before 梁 (liang2), and the same syllable sorts by tone. The
first character is read as a surname (单 shàn, 曾 zēng, 解 xiè...). Other characters are kept,
letters lower-cased. A space and the name itself end the key, so homophones (李明, 黎明) do not
interleave and equal names stay together before the id breaks the tie.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

# Surnames read differently from the character's most common reading (pypinyin's default).
SURNAME_READINGS = {
    "单": "shan4", "曾": "zeng1", "解": "xie4", "仇": "qiu2", "朴": "piao2", "区": "ou1", "查": "zha1",
    "乐": "yue4", "覃": "qin2", "盖": "ge3", "缪": "miao4", "翟": "zhai2", "繁": "po2", "种": "chong2",
    "召": "shao4", "黑": "he4", "折": "she2", "秘": "bi4", "任": "ren2", "华": "hua4", "纪": "ji3",
    "燕": "yan1", "宁": "ning4", "员": "yun4", "句": "gou1", "隗": "wei3", "洗": "xian3", "冼": "xian3",
    "长": "chang2", "重": "chong2", "藏": "zang4", "薄": "bo2", "贲": "ben1", "郇": "xun2", "尉": "wei4",
}


@lru_cache(maxsize=65536)
def _syllable(ch: str) -> str:
    reading = lazy_pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True, errors="default")
    return reading[0].lower() if reading else ch


def pinyin_key(text: str) -> str:
    """The pinyin part of the key: ``张三`` -> ``zhang1san1``; a prefix's key is a prefix of the
    whole name's key."""
    if not text:
        return ""
    return (SURNAME_READINGS.get(text[0]) or _syllable(text[0])) + syllables(text[1:])


def syllables(text: str) -> str:
    """The key of characters after the first (no surname reading): a given name's part."""
    return "".join(_syllable(ch) for ch in text)


def name_sort_key(name: str) -> str:
    """The stored sort key of a name: ``张三`` -> ``zhang1san1 张三``."""
    return f"{pinyin_key(name)} {name}"
