"""A CSV file's text, read and checked: its bytes decoded, its header and rows, a cell's
text or number. The standard library's ``csv`` only, no numpy; ``table`` builds X
and y from what this reads. Nothing is guessed: a file that is not CSV text, a header
without names or with a name twice, a ragged row each stop with the file and the row
named; rows are counted as a spreadsheet shows them (the header is row 1).
"""

import csv
import io
import os

from .._checks import describe

#: Cells read as a missing value (compared stripped and in lower case).
MISSING = ("", "na", "n/a", "nan", "null", "none", "?")

#: How the files most often taken for CSV begin, and what they are.
NOT_CSV = {
    b"PK\x03\x04": "a zip archive (an Excel .xlsx workbook is one); save the sheet as CSV",
    b"\x1f\x8b": "compressed with gzip; unpack it first",
    b"\xff\xfe": "UTF-16 text (a spreadsheet's 'Unicode text'); save it as 'CSV UTF-8'",
    b"\xfe\xff": "UTF-16 text (a spreadsheet's 'Unicode text'); save it as 'CSV UTF-8'",
}


def check_delimiter(delimiter):
    """The error of a ``delimiter`` that is not one character, or is a quote or a line break."""
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
        raise ValueError(
            "delimiter: expected one character such as ',' or ';', not a quote or a line break, "
            f"got {describe(delimiter)}"
        )


def text_of(text, name):
    """The text of a file's contents given as str, or as bytes / memoryview (decoded as ``decode`` does)."""
    return text if isinstance(text, str) else decode(name, bytes(text))


def csv_columns(text, name, delimiter=","):
    """The column names of the header of a file's contents (str or bytes), checked as ``from_csv`` checks them."""
    check_delimiter(delimiter)
    text = text_of(text, name)
    header_row, header, _ = read_rows(name, text, delimiter)
    check_header(name, header_row, header, delimiter)
    return header


def name_columns(text, name, delimiter=","):
    """The columns of a file's contents (str or bytes) that hold names, not numbers (a person's
    name, an id such as A-17): no cell of theirs is a number, and one at least is not missing."""
    check_delimiter(delimiter)
    text = text_of(text, name)
    header_row, header, rows = read_rows(name, text, delimiter)
    check_header(name, header_row, header, delimiter)
    cells = [[fields[j].strip() for _, fields in rows] for j in range(len(header))]
    return [
        label
        for label, column in zip(header, cells)
        if all(number(c) is None for c in column) and any(c.lower() not in MISSING for c in column)
    ]


def read_text(name):
    """The file's text, or the error of a folder, a missing file or a file that is not CSV text."""
    if os.path.isdir(name):  # checked first: on Windows open() raises PermissionError for a folder
        raise ValueError(f"{name}: a folder, not a file; expected a CSV file")
    try:
        with open(name, "rb") as file:
            raw = file.read()
    except FileNotFoundError:
        raise FileNotFoundError(f"{name}: no such file (looked for {os.path.abspath(name)})") from None
    return decode(name, raw)


def decode(name, raw):
    """The text of the bytes ``raw`` of the file ``name``, or the error of a file that is not CSV text."""
    not_csv = f"{name}: not a CSV file"
    for start, what in NOT_CSV.items():
        if raw.startswith(start):
            raise ValueError(f"{not_csv}: it is {what}")
    if b"\x00" in raw:
        row = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise ValueError(f"{not_csv}: row {row} holds binary data (a zero byte); a CSV file is text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = raw[: error.start].count(b"\n") + 1
        raise ValueError(
            f"{not_csv}: row {row} is not UTF-8 text (the byte {raw[error.start]:#04x}); save it as 'CSV UTF-8'"
        ) from None


def read_rows(name, text, delimiter):
    """The header's row number, its names, and [(row number, fields)] of the non-blank rows below."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header_row, header, rows, row = None, None, [], 0
    try:
        for row, fields in enumerate(reader, start=1):
            if not any(field.strip() for field in fields):
                continue  # a blank row, or one of empty fields as spreadsheets write at the end
            if header is None:
                header_row, header = row, [field.strip() for field in fields]
            elif len(fields) != len(header):
                raise ValueError(
                    f"{name}, row {row}: expected {len(header)} fields, one per column of the header, got {len(fields)}"
                )
            else:
                rows.append((row, fields))
    except csv.Error:  # in the record after row ``row``; reader.line_num counts lines, a quoted field spans several
        raise ValueError(
            f"{name}: not a CSV file: row {row + 1} has a quote that does not close or is followed by "
            'other text (a quoted field is written "a, b"; a quote inside it is written twice)'
        ) from None
    if header is None:
        raise ValueError(f"{name}: the file is empty; expected a header row of column names, then rows of data")
    return header_row, header, rows


def check_header(name, row, header, delimiter):
    """The column index of each name of the header, checked: two or more names, none empty, none twice."""
    if len(header) < 2:
        others = [d for d in ",;\t|" if d != delimiter and d in header[0]]
        hint = f"; its fields seem separated by {others[0]!r}: pass delimiter={others[0]!r}" if others else ""
        raise ValueError(
            f"{name}: not a CSV file: row {row}, the header, has one column {header[0][:40]!r}; "
            f"expected column names separated by {delimiter!r}{hint}"
        )
    column = {}
    for j, label in enumerate(header):
        if not label:
            raise ValueError(f"{name}, row {row}: column {j + 1} of the header has no name; every column needs one")
        if label in column:
            raise ValueError(
                f"{name}, row {row}: the header names the column {label!r} twice (columns "
                f"{column[label] + 1} and {j + 1}); every column needs a name of its own"
            )
        column[label] = j
    return column


def cell(name, column, row, text):
    """A cell's stripped text, or the error of a missing value."""
    value = text.strip()
    if value.lower() in MISSING:
        raise ValueError(
            f"{name}, column {column!r}, row {row}: a missing value ({text!r}); nothing is filled "
            "in for you: remove the row or fill in the value"
        )
    return value


def number(value):
    """``value`` (text) as a float, or None if it is not a number: Python's float reads 1_000 as 1000, a
    spreadsheet does not. (inf is read here and refused by the callers; nan is a missing value.)"""
    try:
        return None if "_" in value else float(value)
    except ValueError:
        return None
