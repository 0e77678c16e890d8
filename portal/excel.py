"""Spreadsheets the portal writes: what a person typed goes out as text, never as a live
formula (a title or an address typed as ``=HYPERLINK(...)`` must not run when the sheet is
opened). The text is kept exactly; only its cell type says "text"."""

import io

import openpyxl
from import_export.formats.base_formats import XLSX
from openpyxl.cell import WriteOnlyCell

# What spreadsheet programs read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def row_of(sheet, values) -> list:
    """``values`` as a write-only sheet's row, typed text cells marked as text."""
    row = []
    for value in values:
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row


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
