"""The export's workbook writer: what a spreadsheet reads back from it, cell by cell."""

import datetime
import io
import zipfile
from decimal import Decimal

from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from reports import xlsx


def _written(rows, title="Register") -> bytes:
    target = io.BytesIO()
    xlsx.write(target, title, rows)
    return target.getvalue()


def _cells(data: bytes, read_only: bool = True):
    book = load_workbook(io.BytesIO(data), read_only=read_only)
    return book, [tuple(row) for row in book.active.iter_rows(values_only=True)]


def test_each_kind_of_value_reads_back_as_that_kind():
    when = datetime.datetime(2026, 3, 4, 15, 30, 45)
    rows = [
        ["Text", "Whole", "Decimal", "Fraction", "Day", "Moment", "Flag", "Empty", "Label"],
        [
            "Pump housing",
            42,
            Decimal("12.50"),
            0.25,
            datetime.date(2026, 2, 28),
            when,
            True,
            None,
            gettext_lazy("Yes"),
        ],
    ]
    book, cells = _cells(_written(rows))
    assert cells[0] == tuple(rows[0])
    text, whole, decimal, fraction, day, moment, flag, empty, label = cells[1]
    assert (text, whole, decimal, fraction) == ("Pump housing", 42, 12.5, 0.25)
    assert day == datetime.datetime(2026, 2, 28)
    assert moment == when
    assert flag is True and empty is None and label == "Yes"


def test_dates_show_in_a_date_format():
    book, _ = _cells(
        _written([["Day", "Moment"], [datetime.date(2026, 1, 2), datetime.datetime(2026, 1, 2, 8, 0)]]), False
    )
    day, moment = book.active[2]
    assert day.is_date and day.number_format == "yyyy-mm-dd"
    assert moment.is_date and moment.number_format == "yyyy-mm-dd h:mm:ss"


def test_a_day_before_excels_calendar_is_kept_as_its_text():
    _, cells = _cells(_written([[datetime.date(1890, 5, 1), datetime.datetime(1899, 1, 1, 12, 0)]]))
    assert cells == [("1890-05-01", "1899-01-01T12:00:00")]


def test_markup_line_breaks_and_spaces_survive_and_control_characters_are_dropped():
    text = '  <b>R&D</b> "quoted"\r\nnext line\ttab\x00\x07 end  '
    _, cells = _cells(_written([[text]]))
    assert cells == [('  <b>R&D</b> "quoted"\r\nnext line\ttab end  ',)]


def test_text_that_would_start_a_formula_gets_an_apostrophe_and_numbers_stay_numbers():
    rows = [["=SUM(A1)", -3, "ok; +cmd", "plain"], ["fine", 5, "a\r@b", "=1"]]
    book, cells = _cells(_written(rows), read_only=False)
    assert cells == [("'=SUM(A1)", -3, "ok; '+cmd", "plain"), ("fine", 5, "a\r'@b", "'=1")]
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)


def test_a_batch_with_only_a_negative_number_is_left_as_it_was():
    _, cells = _cells(_written([["Balance", -12.5], ["Pump", -1]]))
    assert cells == [("Balance", -12.5), ("Pump", -1)]


def test_rows_of_many_batches_keep_their_order_and_width():
    rows = [[f"Row {i}", i, "" if i % 2 else "x"] for i in range(xlsx.BATCH_ROWS * 2 + 7)]
    _, cells = _cells(_written(rows))
    assert len(cells) == len(rows)
    assert cells[0] == ("Row 0", 0, "x")
    assert cells[-1] == (f"Row {len(rows) - 1}", len(rows) - 1, "x")
    assert cells[-2] == (f"Row {len(rows) - 2}", len(rows) - 2, None)
    assert [row[1] for row in cells] == list(range(len(rows)))


def test_a_wide_row_reaches_columns_past_z():
    row = [f"c{i}" for i in range(30)]
    book, _ = _cells(_written([row]), read_only=False)
    assert book.active["AD1"].value == "c29"


def test_the_sheet_is_named_after_the_register_within_excels_rules():
    book, _ = _cells(_written([["x"]], title="Risks / opportunities: [all] of the organisation's processes"))
    assert book.sheetnames == ["Risks   opportunities   all  of"]
    assert xlsx.sheet_name("") == "Sheet1"


def test_the_file_is_a_zip_with_the_sheet_compressed():
    data = _written([["Pump housing " * 20]] * 500)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.getinfo(xlsx.SHEET)
        assert sheet.compress_type == zipfile.ZIP_DEFLATED
        assert sheet.compress_size < sheet.file_size / 10
        assert "[Content_Types].xml" in archive.namelist()
