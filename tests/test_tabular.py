"""lk.datasets.from_csv: a learner's CSV file read into (X, y, info), and every bad
input stopped with the file, the column and the row named (rows counted as a
spreadsheet shows them: the header is row 1)."""

import csv
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessonkit.datasets import TableInfo, from_csv
from lessonkit.datasets.csvtext import csv_columns, name_columns
from lessonkit.datasets.table import from_csv_text

TUMOURS = """radius,texture,diagnosis
17.5,10.25,malignant
12,20,benign
-3.5,1e2,benign
"""


def write(tmp_path, content, name="tumours.csv"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def fails(tmp_path, content, *parts, error=ValueError, **kwargs):
    """Read ``content`` from tumours.csv, expect ``error`` and every text of ``parts`` in its message."""
    kwargs.setdefault("target", "diagnosis")
    with pytest.raises(error) as caught:
        from_csv(write(tmp_path, content), **kwargs)
    message = str(caught.value)
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"
    return message


def test_reads_features_and_class_labels_in_sorted_order(tmp_path):
    X, y, info = from_csv(write(tmp_path, TUMOURS), target="diagnosis")
    np.testing.assert_array_equal(X, [[17.5, 10.25], [12.0, 20.0], [-3.5, 100.0]])
    assert X.dtype == np.float64 and y.dtype == np.int64
    np.testing.assert_array_equal(y, [1, 0, 0])  # alphabetical: benign 0, malignant 1
    assert info == TableInfo(
        str(tmp_path / "tumours.csv"), ("radius", "texture"), "diagnosis", "classes", ("benign", "malignant"), 3
    )


def test_features_chosen_and_ordered_and_classes_in_the_order_given(tmp_path):
    X, y, info = from_csv(
        write(tmp_path, TUMOURS), target="diagnosis", features=["texture", "radius"], classes=["malignant", "benign"]
    )
    np.testing.assert_array_equal(X[:, 0], [10.25, 20.0, 100.0])
    np.testing.assert_array_equal(y, [0, 1, 1])
    assert info.features == ("texture", "radius") and info.classes == ("malignant", "benign")


def test_integer_labels_sort_by_value_not_as_text(tmp_path):
    _, y, info = from_csv(write(tmp_path, "x,label\n1,10\n2,9\n3,9.0\n4,-1\n"), target="label")
    assert info.classes == (-1, 9, 10)  # as text, "10" would come before "9"
    np.testing.assert_array_equal(y, [2, 1, 1, 0])


def test_a_target_of_numbers_with_kind_numbers(tmp_path):
    X, y, info = from_csv(write(tmp_path, "area,price\n50,1.5e5\n72.5,210000\n"), target="price", kind="numbers")
    np.testing.assert_array_equal(y, [150000.0, 210000.0])
    assert y.dtype == np.float64 and info.kind == "numbers" and info.classes == ()


def test_bom_quoted_fields_crlf_and_blank_rows(tmp_path):
    content = (
        '\ufeff"size, in mm",colour,"diagnosis"\r\n'
        '" 3.5 ","1",benign\r\n\r\n'
        '4,2,"malignant, stage ""II"""\r\n'
        "\r\n,,\r\n\r\n"
    )  # trailing blank rows and a row of empty fields, as spreadsheets leave them
    X, y, info = from_csv(write(tmp_path, content), target="diagnosis")
    assert info.features == ("size, in mm", "colour")  # the BOM is not part of the first name
    np.testing.assert_array_equal(X, [[3.5, 1.0], [4.0, 2.0]])
    assert info.classes == ("benign", 'malignant, stage "II"') and info.n_rows == 2


def test_semicolons_with_delimiter(tmp_path):
    X, y, _ = from_csv(write(tmp_path, "a;b;t\n1;2;x\n3;4;y\n"), target="t", delimiter=";")
    np.testing.assert_array_equal(X, [[1, 2], [3, 4]])


# ---- bad input, one test each -------------------------------------------------------------


def test_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nothere\.csv: no such file"):
        from_csv(tmp_path / "nothere.csv", target="diagnosis")


def test_an_unknown_target_column_lists_the_columns_and_a_near_name(tmp_path):
    fails(
        tmp_path,
        TUMOURS,
        "tumours.csv: no column 'Diagnosis' (target)",
        "'radius', 'texture', 'diagnosis'",
        "did you mean 'diagnosis'?",
        target="Diagnosis",
    )


def test_a_non_numeric_feature_names_file_column_row(tmp_path):
    content = TUMOURS.replace("12,20,benign", "12,abc,benign")
    fails(tmp_path, content, "tumours.csv, column 'texture', row 3: expected a number, got 'abc'")


def test_a_decimal_comma_gets_a_hint(tmp_path):
    fails(
        tmp_path,
        "a;t\n1,5;x\n2;y\n",
        "column 'a', row 2: expected a number, got '1,5'",
        "decimal point",
        target="t",
        delimiter=";",
    )


@pytest.mark.parametrize("cell", ["", "NA", " nan ", "?"])
def test_a_missing_value_in_a_feature(tmp_path, cell):
    content = TUMOURS.replace("-3.5,1e2", f"-3.5,{cell}")
    fails(tmp_path, content, f"tumours.csv, column 'texture', row 4: a missing value ({cell!r})")


def test_a_missing_value_in_the_target(tmp_path):
    fails(
        tmp_path, TUMOURS.replace("12,20,benign", "12,20,"), "tumours.csv, column 'diagnosis', row 3: a missing value"
    )


@pytest.mark.parametrize(
    "content, row",
    [
        ('a,diagnosis\n1,x\n2,y\n"3,z\n4,w\n', 4),  # the record starts at row 4; the file ends at line 5
        ('a,diagnosis\n1,"x\nx"\n2,y\n3,"z\n', 4),  # row 2 spans two lines of the file: row 4 is line 5
        ('a,diagnosis\n1,"x\nx"\n2,"y"y\n3,z\n', 3),  # a quote followed by other text
    ],
)
def test_a_bad_quote_names_the_row_where_its_record_starts(tmp_path, content, row):
    fails(
        tmp_path,
        content,
        f"tumours.csv: not a CSV file: row {row} has a quote that does not close or is followed by other text",
    )


@pytest.mark.parametrize("cell", ["1_000", "1_0.5", "1e1_0"])
def test_a_number_with_underscores_is_refused(tmp_path, cell):
    # Python's float reads 1_000 as 1000; a spreadsheet does not: the cell is most likely a typo
    fails(
        tmp_path,
        TUMOURS.replace("12,20", f"12,{cell}"),
        f"tumours.csv, column 'texture', row 3: expected a number, got {cell!r}",
        "no '_'",
    )
    fails(
        tmp_path,
        "x,price\n1,3\n2,1_000\n",
        "column 'price', row 3: expected a number, got '1_000'",
        target="price",
        kind="numbers",
    )


def test_underscores_in_class_labels_make_them_names_not_integers(tmp_path):
    _, y, info = from_csv(write(tmp_path, "x,label\n1,1_0\n2,2_0\n"), target="label")
    assert info.classes == ("1_0", "2_0") and list(y) == [0, 1]


def test_ordinary_numbers_are_still_read(tmp_path):
    X, _, _ = from_csv(write(tmp_path, "x,t\n 1.5e3 ,a\n-.5,b\n+2.,a\n1E-2,b\n"), target="t")
    assert X[:, 0].tolist() == [1500.0, -0.5, 2.0, 0.01]


def test_an_infinite_number(tmp_path):
    fails(tmp_path, TUMOURS.replace("1e2", "inf"), "column 'texture', row 4: expected a finite number, got 'inf'")


def test_one_class_only(tmp_path):
    fails(
        tmp_path,
        TUMOURS.replace("malignant", "benign"),
        "tumours.csv, column 'diagnosis': expected at least 2 classes, got one only ('benign' in all 3 rows)",
    )


@pytest.mark.parametrize("content, got", [("radius,diagnosis\n", 0), ("radius,diagnosis\n1,benign\n\n", 1)])
def test_fewer_rows_than_needed_and_a_header_only(tmp_path, content, got):
    fails(tmp_path, content, f"tumours.csv: expected at least 2 rows of data under the header, got {got}")


@pytest.mark.parametrize(
    "content, part",
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "zip archive (an Excel .xlsx workbook is one)"),
        (b"\x1f\x8b\x08\x00", "compressed with gzip"),
        ("radius,diagnosis\n".encode("utf-16"), "UTF-16 text"),
        (b"a,b\n1,2\x00\n", "row 2 holds binary data"),
        ("radius,diagnosis\n1,b\xe9nin\n".encode("latin-1"), "row 2 is not UTF-8 text (the byte 0xe9)"),
        (
            "<!DOCTYPE html>\n<html><body>Not found</body></html>\n",
            "row 1, the header, has one column '<!DOCTYPE html>'",
        ),
        ("a;b;diagnosis\n1;2;x\n", "pass delimiter=';'"),
        ('a,diagnosis\n"1,x\n2,y\n', "row 2 has a quote that does not close"),
    ],
)
def test_a_file_that_is_not_csv(tmp_path, content, part):
    fails(tmp_path, content, "tumours.csv: not a CSV file", part)


def test_an_empty_file(tmp_path):
    fails(tmp_path, "\n\n", "tumours.csv: the file is empty")


def test_a_ragged_row(tmp_path):
    fails(tmp_path, TUMOURS.replace("12,20,benign", "12,benign"), "tumours.csv, row 3: expected 3 fields", "got 2")


def test_duplicate_column_names(tmp_path):
    fails(
        tmp_path,
        "radius,radius,diagnosis\n1,2,x\n3,4,y\n",
        "tumours.csv, row 1: the header names the column 'radius' twice (columns 1 and 2)",
    )


def test_a_column_without_a_name(tmp_path):
    fails(tmp_path, "radius,diagnosis,\n1,x,\n3,y,\n", "tumours.csv, row 1: column 3 of the header has no name")


def test_features_naming_an_unknown_column(tmp_path):
    fails(
        tmp_path, TUMOURS, "tumours.csv: no column 'radious' (features)", "did you mean 'radius'?", features=["radious"]
    )


def test_features_naming_the_target(tmp_path):
    fails(tmp_path, TUMOURS, "features: 'diagnosis' is the target column", features=["radius", "diagnosis"])


@pytest.mark.parametrize(
    "features, error, part",
    [
        ("radius", TypeError, "features: expected a list of column names"),
        ([], ValueError, "features: expected at least one column name"),
        (["radius", "radius"], ValueError, "features: the column 'radius' is named twice"),
        ([3], TypeError, "features: expected column names (str), got 3 (int) at position 0"),
    ],
)
def test_features_of_the_wrong_form(tmp_path, features, error, part):
    fails(tmp_path, TUMOURS, part, error=error, features=features)


def test_non_integer_numbers_as_classes_point_to_kind_numbers(tmp_path):
    fails(
        tmp_path,
        "x,price\n1,3\n2,3.7\n",
        "column 'price', row 3: expected a class label",
        "kind='numbers'",
        target="price",
    )


def test_class_labels_mixing_numbers_and_names(tmp_path):
    fails(
        tmp_path,
        "x,label\n1,0\n2,1\n3,one\n",
        "column 'label': mixes numbers and names (row 2: '0', row 4: 'one')",
        target="label",
    )


def test_a_target_of_text_with_kind_numbers(tmp_path):
    fails(tmp_path, TUMOURS, "column 'diagnosis', row 2: expected a number, got 'malignant'", kind="numbers")


@pytest.mark.parametrize(
    "classes, part",
    [
        (["benign"], "row 2: the label 'malignant' is not one of classes ['benign']"),
        (["benign", "malignant", "cyst"], "classes: the label 'cyst' never appears in"),
        (["benign", "benign"], "classes: expected each label once"),
    ],
)
def test_classes_that_do_not_fit_the_column(tmp_path, classes, part):
    fails(tmp_path, TUMOURS, part, classes=classes)


@pytest.mark.parametrize(
    "kwargs, error, part",
    [
        ({"target": 2}, TypeError, "target: expected a column name (str), got 2 (int)"),
        ({"kind": "labels"}, ValueError, "kind: expected one of 'classes', 'numbers', got 'labels'"),
        ({"delimiter": ";;"}, ValueError, "delimiter: expected one character"),
        (
            {"delimiter": '"'},
            ValueError,
            "delimiter: expected one character such as ',' or ';', not a quote or a line break, got '\"' (str)",
        ),
        (
            {"delimiter": "\n"},
            ValueError,
            "delimiter: expected one character such as ',' or ';', not a quote or a line break, got '\\n' (str)",
        ),
        ({"delimiter": "\r"}, ValueError, "got '\\r' (str)"),
        ({"delimiter": ""}, ValueError, "delimiter: expected one character"),
        ({"delimiter": 44}, ValueError, "delimiter: expected one character"),
    ],
)
def test_arguments_of_the_wrong_kind(tmp_path, kwargs, error, part):
    fails(tmp_path, TUMOURS, part, error=error, **kwargs)


def test_a_path_that_is_not_a_file_name(tmp_path):
    with pytest.raises(TypeError, match=r"path: expected a file name"):
        from_csv(open, target="diagnosis")
    with pytest.raises(ValueError, match=r"a folder, not a file"):
        from_csv(tmp_path, target="diagnosis")


def test_a_folder_on_windows(tmp_path, monkeypatch):
    """On Windows open() on a folder raises PermissionError, not IsADirectoryError."""
    import lessonkit.datasets.table

    def windows_open(path, *args, **kwargs):
        if os.path.isdir(path):
            raise PermissionError(13, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(lessonkit.datasets.table, "open", windows_open, raising=False)
    with pytest.raises(ValueError, match=r"^.*: a folder, not a file; expected a CSV file$"):
        from_csv(tmp_path, target="diagnosis")
    assert from_csv(write(tmp_path, TUMOURS), target="diagnosis")[2].n_rows == 3  # a file still opens


# ---- a round trip through the csv module --------------------------------------------------

names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8).filter(
    lambda s: s == s.strip() and s.lower() not in ("", "na", "n/a", "nan", "null", "none", "?")
)


@st.composite
def tables(draw):
    n = draw(st.integers(2, 12))
    d = draw(st.integers(1, 4))
    header = draw(st.lists(names, min_size=d + 1, max_size=d + 1, unique=True))
    X = np.array(
        draw(
            st.lists(
                st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=d, max_size=d),
                min_size=n,
                max_size=n,
            )
        )
    )
    labels = draw(
        st.lists(names.filter(lambda s: not _number(s)), min_size=n, max_size=n).filter(  # names, not numbers
            lambda ls: len(set(ls)) >= 2
        )
    )
    return header, X, labels


def _number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=tables())
def test_a_table_written_with_the_csv_module_reads_back(tmp_path, table):
    header, X, labels = table
    path = tmp_path / "round.csv"
    with open(path, "w", newline="", encoding="utf-8") as file:
        out = csv.writer(file)
        out.writerow(header)
        for row, label in zip(X, labels):
            out.writerow([repr(float(v)) for v in row] + [label])
    X_read, y, info = from_csv(path, target=header[-1])
    np.testing.assert_array_equal(X_read, X)
    assert info.features == tuple(header[:-1]) and info.classes == tuple(sorted(set(labels)))
    assert [info.classes[i] for i in y] == labels


# ---- from_csv_text and csv_columns: a file's contents, as an upload gives them ------------


@pytest.mark.parametrize(
    "as_",
    [str, lambda t: t.encode("utf-8"), lambda t: memoryview(t.encode("utf-8-sig"))],
    ids=["str", "bytes", "memoryview with a BOM"],
)
def test_from_csv_text_reads_the_tables_numbers_and_labels(as_):
    X, y, info = from_csv_text(as_(TUMOURS), "upload.csv", target="diagnosis")
    np.testing.assert_array_equal(X, [[17.5, 10.25], [12.0, 20.0], [-3.5, 100.0]])  # TUMOURS, read by eye
    np.testing.assert_array_equal(y, [1, 0, 0])  # malignant, benign, benign; benign 0 (alphabetical)
    assert info == TableInfo("upload.csv", ("radius", "texture"), "diagnosis", "classes", ("benign", "malignant"), 3)


def test_name_columns_are_those_without_a_number():
    text = "id,name,age,code,label\nA-1,Ann,31,7,x\nB-2,,45,?,y\nC-3,Bo,nan,x9,x\n"
    assert name_columns(text, "people.csv") == ["id", "name", "label"]  # age has numbers, code has 7
    assert name_columns("a,b\n,1\nNA,2\n", "gaps.csv") == []  # a: only missing cells


@pytest.mark.parametrize(
    "content,part",
    [
        (
            "radius,texture,diagnosis\n17.5,abc,malignant\n12,20,benign\n",
            "upload.csv, column 'texture', row 2: expected a number, got 'abc'",
        ),
        (
            "radius,texture,diagnosis\n17.5,1,malignant\n12,,benign\n",
            "upload.csv, column 'texture', row 3: a missing value",
        ),
        (
            "radius,texture,diagnosis\n17.5,1,benign\n12,2,benign\n",
            "upload.csv, column 'diagnosis': expected at least 2 classes",
        ),
        (b"PK\x03\x04rest of a workbook", "upload.csv: not a CSV file: it is a zip archive"),
        (b"a,b\n1,\xe92\n", "upload.csv: not a CSV file: row 2 is not UTF-8 text"),
        ("", "upload.csv: the file is empty"),
    ],
    ids=["not a number", "missing", "one class", "xlsx", "latin-1", "empty"],
)
def test_from_csv_text_errors_name_the_uploaded_file(content, part):
    with pytest.raises(ValueError) as caught:
        from_csv_text(content, "upload.csv", target="diagnosis")
    assert part in str(caught.value), str(caught.value)


def test_csv_columns_reads_the_header_only():
    assert csv_columns(TUMOURS.encode(), "upload.csv") == ["radius", "texture", "diagnosis"]
    assert csv_columns("a;b\n1;x\n", "semi.csv", delimiter=";") == ["a", "b"]  # the rows are not read as numbers
    with pytest.raises(ValueError, match=r"^semi\.csv: not a CSV file: row 1, the header, has one column .*';'"):
        csv_columns("a;b\n1;2\n", "semi.csv")
    with pytest.raises(ValueError, match=r"^dup\.csv, row 1: the header names the column 'a' twice"):
        csv_columns("a,a\n1,2\n", "dup.csv")


@pytest.mark.parametrize(
    "kwargs,error,part",
    [
        (dict(text=3, name="u.csv"), TypeError, "text: expected the file's contents (str or bytes), got 3 (int)"),
        (dict(text="a,b\n", name=None), TypeError, "name: expected the file's name (str), got None"),
        (dict(text="a,b\n", name="u.csv", kind="number"), ValueError, "kind: expected one of"),
    ],
)
def test_from_csv_text_arguments_of_the_wrong_kind(kwargs, error, part):
    with pytest.raises(error) as caught:
        from_csv_text(target="b", **kwargs)
    assert str(caught.value).startswith(part), str(caught.value)
