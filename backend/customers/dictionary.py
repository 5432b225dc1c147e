"""Bank-maintained reference data for the demo: townships and villages, extra fields.

Real banks load their dictionaries from their own registers; the demo gives each demo bank a
few townships and villages under the counties its branches serve, and the FZ bank two extra
archive fields, so the region picker and the extra-field list show something.
"""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.customers.models import ExtraFieldDefinition, ExtraFieldKind, Village
from backend.orgs.models import OrgUnit

DEMO_VILLAGES: dict[str, dict[str, list[tuple[str, str, list[str]]]]] = {
    # bank code -> county -> [(township suffix, township name, [village names])]
    "FJ-FZ": {
        "350102": [("001", "东街街道", ["东街社区", "南营社区"]), ("002", "鼓东街道", ["鼓东社区", "庆城社区"])],
        "350112": [("100", "潭头镇", ["潭头村", "大宏村", "福星村"]), ("101", "古槐镇", ["古槐村", "青山村"])],
    },
    "FJ-QZ": {
        "350582": [("100", "安海镇", ["安东村", "星塔村"]), ("101", "磁灶镇", ["大埔村", "岭畔村"])],
        "350583": [("100", "官桥镇", ["内厝村", "竹口村"]), ("101", "水头镇", ["朴里村", "溪东村"])],
    },
    "FJ-NP": {
        "350783": [("100", "东峰镇", ["桂林村", "东峰村"]), ("101", "小松镇", ["小松村", "湖头村"])],
        "350782": [("100", "星村镇", ["星村村", "桐木村"]), ("101", "兴田镇", ["兴田村", "南源岭村"])],
    },
}

DEMO_EXTRA_FIELDS = {
    "FJ-FZ": [
        dict(code="tea_garden_mu", label_zh="茶园面积(亩)", label_en="Tea garden (mu)", kind=ExtraFieldKind.NUMBER, min_value="0", max_value="10000", position=1),
        dict(code="poverty_exited", label_zh="是否脱贫户", label_en="Exited poverty", kind=ExtraFieldKind.BOOLEAN, position=2),
        dict(code="cooperative", label_zh="合作社成员", label_en="Cooperative member", kind=ExtraFieldKind.CHOICE, choices=["否", "普通成员", "理事"], position=3),
    ],
}


async def load_demo_dictionaries(session: AsyncSession) -> None:
    banks = {u.code: u.id for u in await session.scalars(select(OrgUnit).where(OrgUnit.code.in_(list(DEMO_VILLAGES))))}
    rows = []
    for bank_code, counties in DEMO_VILLAGES.items():
        for county, townships in counties.items():
            for suffix, township, villages in townships:
                township_code = county + suffix
                rows.append(dict(bank_id=banks[bank_code], code=township_code, parent_code=county, name=township, level="TOWNSHIP"))
                for i, village in enumerate(villages, start=1):
                    rows.append(dict(bank_id=banks[bank_code], code=f"{township_code}{i:03d}", parent_code=township_code, name=village, level="VILLAGE"))
    await session.execute(insert(Village), rows)
    extra = [dict(bank_id=banks[b], **spec) for b, specs in DEMO_EXTRA_FIELDS.items() for spec in specs]
    await session.execute(insert(ExtraFieldDefinition), extra)
