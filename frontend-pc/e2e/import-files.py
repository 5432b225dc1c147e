"""Files for the import-admin browser test (run with the project's Python: openpyxl, Pillow).

    import-files.py workbook TEMPLATE OUT ROWS EXTRA_TITLE  - the downloaded template filled with
        ROWS valid archives of the FZ bank's 鼓楼支行, EXTRA_TITLE (an extra field's column, which
        the template must have) set on every row
    import-files.py logo OUT                                - a 600x200 PNG logo
"""

from __future__ import annotations

import io
import sys

from openpyxl import load_workbook
from PIL import Image, ImageDraw
from stdnum.cn import ric

from backend.demo import demo_accounts


def resident_id(n: int) -> str:
    body = f"350102{1980 + n % 20}{1 + n // 20 % 12:02d}{1 + n // 240 % 28:02d}{500 + n // 6720 % 400:03d}"
    return body + ric.calc_check_digit(body + "0")


def workbook(template: str, out: str, rows: int, extra_title: str) -> None:
    wb = load_workbook(template)
    ws = wb["客户档案"]
    column = {cell.value: cell.column for cell in ws[1]}
    assert extra_title in column, f"the template has no column {extra_title}: {list(column)}"
    assert "乡镇村代码" in wb.sheetnames
    manager = next(a.employee_no for a in demo_accounts() if a.username == "fz1.cm1")
    for n in range(rows):
        values = {
            "姓名": "导入客户", "身份证号码": resident_id(n), "长期有效": "是", "区县代码": "350102",
            "乡镇代码": "350102001", "村代码": "350102001001", "客户经理工号": manager, extra_title: n % 100,
        }
        for title, value in values.items():
            ws.cell(row=n + 2, column=column[title], value=value)
    wb.save(out)


def logo(out: str) -> None:
    img = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    draw.rounded_rectangle((10, 10, 590, 190), radius=30, fill=(20, 90, 200, 255))
    draw.ellipse((40, 40, 160, 160), fill=(255, 255, 255, 255))
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    with open(out, "wb") as f:
        f.write(buffer.getvalue())


if __name__ == "__main__":
    if sys.argv[1] == "workbook":
        workbook(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    else:
        logo(sys.argv[2])
