"""Spreadsheets the portal writes: what a person typed goes out as text, never as a live
formula (a title or an address typed as ``=HYPERLINK(...)`` must not run when the sheet is
opened). The text is kept exactly; only its cell type says "text"."""

import datetime
import io

import openpyxl
from import_export.formats.base_formats import XLSX
from openpyxl.cell import WriteOnlyCell

# What spreadsheet programs read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# How times and dates read in a cell (Excel and WPS draw them so, in any locale).
TIME_FORMAT = "yyyy-mm-dd hh:mm"
DATE_FORMAT = "yyyy-mm-dd"


def row_of(sheet, values) -> list:
    """``values`` as a write-only sheet's row: typed text cells marked as text, times and
    dates with a format that reads the same everywhere."""
    row = []
    for value in values:
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        elif isinstance(value, datetime.date):
            cell = WriteOnlyCell(sheet, value=value)
            is_time = isinstance(value, datetime.datetime)
            cell.number_format = TIME_FORMAT if is_time else DATE_FORMAT
            row.append(cell)
        else:
            row.append(value)
    return row


def set_widths(sheet, widths: list[int]) -> None:
    """Column widths in characters, set before the first row of a write-only sheet (a time
    in a default-width column shows as ##### until someone widens it)."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


class SafeXLSX(XLSX):
    """django-import-export's xlsx export, with typed text kept as text."""

    def export_data(self, dataset, **kwargs):
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet(dataset.title or "Sheet1")
        if dataset.headers:
            sheet.append(row_of(sheet, dataset.headers))
        for values in dataset:
            sheet.append(row_of(sheet, values))
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
