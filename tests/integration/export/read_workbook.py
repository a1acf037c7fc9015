"""Reads an .xlsx with openpyxl (a second, independent reader) and prints what the tests check, as JSON.

Usage: read_workbook.py <file.xlsx>
Prints {"sheets": [...], "sheet": {name: {"freeze": ..., "filter": ..., "rows": [[{"v":..., "t":..., "fmt":...}, ...]], "images": n}}}
for the first 12 rows of every sheet. Dates come back as ISO text with "t": "d".
"""
import datetime
import json
import sys
import zipfile

import openpyxl


def cell_json(cell):
    value = cell.value
    kind = cell.data_type
    if isinstance(value, (datetime.datetime, datetime.date)):
        value = value.isoformat()
        kind = "d"
    elif hasattr(value, "text") and not isinstance(value, str):  # rich text
        value = str(value)
    return {"v": value, "t": kind, "fmt": cell.number_format, "link": cell.hyperlink.target if cell.hyperlink else None}


def main(path):
    book = openpyxl.load_workbook(path)  # not read_only: hyperlinks and images are only read in normal mode
    # openpyxl keeps pictures only with Pillow installed: count them in the package instead (a picture is a
    # media file referenced from a drawing part).
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
    media = [name for name in names if name.startswith("xl/media/")]
    drawings = [name for name in names if name.startswith("xl/drawings/drawing") and name.endswith(".xml")]
    out = {"sheets": book.sheetnames, "sheet": {}, "media": len(media), "drawings": len(drawings)}
    for ws in book.worksheets:
        rows = []
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 12)):
            rows.append([cell_json(cell) for cell in row])
        out["sheet"][ws.title] = {
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "rows": rows,
            "max_row": ws.max_row,
            "widths": {key: dim.width for key, dim in list(ws.column_dimensions.items())[:5]},
        }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
