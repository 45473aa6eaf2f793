"""rnnviz.market.read_ohlc_csv on the exports people bring (a corpus written for the tests, one file per source's
layout): the values read are stated here by hand from each file, and every refusal names what it found."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rnnviz.market import OHLCError, read_ohlc_csv, sample_ohlc

CORPUS = Path(__file__).parent / "data" / "price_files"


def read(name: str, min_rows: int = 5) -> pd.DataFrame:
    return read_ohlc_csv(CORPUS / name, min_rows=min_rows)


def refusal(content, min_rows: int = 5) -> OHLCError:
    source = CORPUS / content if isinstance(content, str) else io.BytesIO(content)
    with pytest.raises(OHLCError) as caught:
        read_ohlc_csv(source, min_rows=min_rows)
    return caught.value


# file, days, first day, its open, high, low, close, volume
CORPUS_EXPECTED = [
    ("investing_en.csv", 6, "2024-12-09", 241.83, 247.24, 241.75, 246.75, 101_410.0),
    ("investing_ko.csv", 6, "2024-12-09", 53_500, 54_200, 53_000, 53_200, 460_090_000.0),
    ("nse.csv", 6, "2024-12-02", 1280.00, 1297.50, 1275.10, 1295.45, 8_123_456),
    ("daily_day_first.csv", 9, "2007-12-03", 25.10, 25.60, 24.90, 25.40, 120_000),
    ("monthly_day_first.csv", 8, "2024-09-01", 94.3, 99.0, 93.1, 97.9, 4_600_000),
    ("pandas_index.csv", 6, "2024-03-01", 50.0, 51.0, 49.5, 50.5, 1000),
    ("pandas_unnamed_index.csv", 6, "2024-03-01", 50.0, 51.0, 49.5, 50.5, 1000),
    ("nasdaq.csv", 6, "2024-11-29", 234.805, 237.81, 233.97, 237.33, 28_481_380),
    ("kiwoom_cp949.csv", 6, "2024-12-09", 53_500, 54_200, 53_000, 53_200, 19_740_000),
    ("binance_ms.csv", 6, "2024-12-01", 96_407.99, 97_836.00, 95_693.88, 97_185.18, 14_781.72),
    ("cryptodatadownload.csv", 6, "2024-12-01", 96_407.99, 97_836.00, 95_693.88, 97_185.18, 14_781.72),
    ("semicolon_decimal_comma.csv", 6, "2024-12-02", 1234.50, 1250.00, 1220.10, 1245.80, 1_234_567),
    ("metastock.txt", 6, "2024-12-02", 237.27, 240.79, 237.16, 239.59, 48_137_100),
    ("alpha_vantage.csv", 6, "2024-11-29", 234.805, 237.81, 233.97, 237.33, 28_481_380),
    ("yahoo_nulls.csv", 6, "2024-12-20", 248.04, 255.00, 245.69, 254.49, 147_495_300),
    ("krx_halt_cp949.csv", 6, "2024-12-09", 12_100, 12_200, 11_900, 12_000, 150_000),
    ("stooq_pl.csv", 6, "2024-12-02", 101.2, 102.9, 100.8, 102.5, 41_234),
]


@pytest.mark.parametrize("name, days, first, open_, high, low, close, volume", CORPUS_EXPECTED,
                         ids=[row[0] for row in CORPUS_EXPECTED])
def test_each_export_reads_to_its_own_first_day(name, days, first, open_, high, low, close, volume):
    frame = read(name)
    assert list(frame.columns) == ["Open", "High", "Low", "Close", "Volume"] and len(frame) == days
    assert frame.index.is_monotonic_increasing and frame.index[0] == pd.Timestamp(first)
    assert frame.iloc[0].tolist() == pytest.approx([open_, high, low, close, volume], rel=1e-12)


# ---- the four that used to load silently wrong ----------------------------------------------------------------------
def test_investing_volume_with_a_dotted_header_and_suffixes_is_read_not_zeroed():
    frame = read("investing_en.csv")
    assert frame["Volume"].iloc[-1] == 51_690_000.0 and frame["Volume"].iloc[0] == 101_410.0


def test_close_is_taken_before_last_when_a_file_has_both():
    frame = read("nse.csv")
    assert frame["Close"].tolist() == [1295.45, 1309.60, 1305.85, 1319.35, 1310.70, 1303.20]


def test_day_first_dates_are_read_day_first():
    daily = read("daily_day_first.csv")
    assert daily.index[-1] == pd.Timestamp("2007-12-13") and (daily.index.month == 12).all()
    monthly = read("monthly_day_first.csv")
    assert list(monthly.index.strftime("%Y-%m")) == ["2024-09", "2024-10", "2024-11", "2024-12", "2025-01",
                                                     "2025-02", "2025-03", "2025-04"]


def test_an_index_column_before_the_date_is_not_taken_as_the_date():
    assert list(read("pandas_index.csv").index.day) == [1, 4, 5, 6, 7, 8]
    assert list(read("pandas_unnamed_index.csv").index.day) == [1, 4, 5, 6, 7, 8]


# ---- rows left out, with a note --------------------------------------------------------------------------------------
def test_null_and_zero_price_rows_are_dropped_and_named():
    assert read("yahoo_nulls.csv").attrs["dropped"] == (("2024-12-25", "no price"),)
    halted = read("krx_halt_cp949.csv")
    assert halted.attrs["dropped"] == (("2024-12-10", "zero price"), ("2024-12-11", "zero price"))
    assert pd.Timestamp("2024-12-10") not in halted.index
    assert read("stooq_pl.csv").attrs["dropped"] == ()


# ---- Excel -----------------------------------------------------------------------------------------------------------
def test_an_xlsx_workbook_is_read_like_its_csv(tmp_path):
    expected = sample_ohlc().iloc[:70]
    path = tmp_path / "prices.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame([["Exported from a broker"]]).to_excel(writer, index=False, header=False, startrow=0)
        expected.reset_index().to_excel(writer, index=False, startrow=2)
    frame = read_ohlc_csv(path)
    assert frame.index.equals(expected.index)
    assert (frame.to_numpy() == expected.to_numpy()).all()


def test_an_old_xls_workbook_is_named_as_one():
    assert refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100).code == "old_excel"


def test_a_workbook_whose_xml_would_expand_past_the_limit_is_refused_unread(tmp_path):
    import zipfile

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", " " * (30 << 20))
    assert path.stat().st_size < 100_000
    assert refusal(path.read_bytes()).code == "price_file_size"


# ---- refusals that name what they found ------------------------------------------------------------------------------
def test_one_year_of_first_of_month_bars_is_refused_as_ambiguous_not_guessed():
    error = refusal("monthly_one_year.csv")
    assert error.code == "ambiguous_dates"
    assert str(error) == ("the dates in Date read both day-first and month-first (01-05-2024 could be 2024-05-01 or "
                          "2024-01-05); save them as YYYY-MM-DD")


def test_mixed_decimal_marks_are_refused_with_one_value_of_each():
    error = refusal("mixed_decimal_marks.csv")
    assert (error.code, error.values["value"], error.values["value2"]) == ("mixed_decimal_marks", "1245.80",
                                                                            "1234,50")


def test_day_first_and_month_first_in_one_column_are_refused_naming_both_rows():
    text = "Date,Open,High,Low,Close\n13/01/2024,1,2,1,2\n01/14/2024,1,2,1,2\n"
    error = refusal(text.encode(), min_rows=1)
    assert error.code == "mixed_date_order"
    assert (error.values["row"], error.values["value"], error.values["row2"], error.values["value2"]) == \
        (2, "13/01/2024", 3, "01/14/2024")


def test_a_missing_price_column_lists_the_headers_it_saw():
    error = refusal(b"Date,Open,High,Bottom,Close\n2024-01-02,1,2,1,2\n", min_rows=1)
    assert str(error) == "no column for Low; the headers found are Date, Open, High, Bottom, Close"


def test_a_file_with_no_price_header_at_all_shows_its_first_row():
    error = refusal(b"1704153600000,1,2,1,2,10\n1704240000000,1,2,1,2,10\n", min_rows=1)
    assert error.code == "missing_columns" and error.values["headers"] == "1704153600000, 1, 2, 1, 2, 10"


def test_a_row_with_more_fields_than_the_header_is_named_by_its_line():
    text = "title line\nDate,Open,High,Low,Close\n2024-01-02,1,2,1,2\n2024-01-03,1,2,1,2,9,9\n"
    error = refusal(text.encode(), min_rows=1)
    assert (error.code, error.values["line"], error.values["found"], error.values["expected"]) == \
        ("bad_line", 4, 7, 5)


def test_a_bad_cell_is_named_by_its_line_column_and_value():
    text = "Source: a broker\n\nDate;Open;High;Low;Close\n2024-01-02;1;2;1;2\n2024-01-03;1;2;1;abc\n"
    error = refusal(text.encode(), min_rows=1)
    assert str(error) == "Close in row 5 is not a number (abc)"


def test_dates_out_of_order_name_the_day_that_breaks_the_order():
    text = "Date,Open,High,Low,Close\n2024-01-02,1,2,1,2\n2024-01-04,1,2,1,2\n2024-01-03,1,2,1,2\n" \
           "2024-01-05,1,2,1,2\n"
    assert str(refusal(text.encode(), min_rows=1)) == \
        "the dates are out of order: 2024-01-03 comes after 2024-01-04"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    from rnnviz.limits import MAX_PRICE_FILE_BYTES

    error = refusal(b"Date,Open,High,Low,Close\n" + b"2024-01-02,1,2,1,2\n" * (MAX_PRICE_FILE_BYTES // 19 + 1))
    assert error.code == "price_file_size"


# ---- any common layout of the same days reads back to the same frame -------------------------------------------------

DATE_STYLES = ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%Y%m%d", "%d-%b-%Y", "%Y.%m.%d")


@settings(max_examples=60, deadline=None)
@given(start=st.integers(0, 2000), separator=st.sampled_from([",", ";", "\t"]), comma_decimal=st.booleans(),
       date_style=st.sampled_from(DATE_STYLES), newest_first=st.booleans(), title=st.booleans(),
       korean=st.booleans(), thousands=st.booleans())
def test_a_layout_changes_nothing_read(start, separator, comma_decimal, date_style, newest_first, title, korean,
                                       thousands):
    days = sample_ohlc().iloc[start:start + 70].round(2)
    decimal = "," if comma_decimal and separator != "," else "."
    group = "." if decimal == "," else ","

    def number(value: float) -> str:
        text = f"{value:,.2f}" if thousands else f"{value:.2f}"
        return text.translate(str.maketrans({",": group, ".": decimal}))

    names = ["날짜", "시가", "고가", "저가", "종가", "거래량"] if korean else \
        ["Date", "Open", "High", "Low", "Close", "Volume"]
    lines = [separator.join(names)]
    for day, row in (days.iloc[::-1] if newest_first else days).iterrows():
        cells = [day.strftime(date_style)] + [number(v) for v in row[:4]] + [f"{int(row['Volume'])}"]
        lines.append(separator.join(f'"{cell}"' if separator in cell else cell for cell in cells))
    text = ("Prices exported for a test\n" if title else "") + "\n".join(lines) + "\n"
    frame = read_ohlc_csv(io.BytesIO(text.encode()), min_rows=60)
    assert frame.index.equals(days.index)
    assert (frame.to_numpy() == days.to_numpy()).all()


def test_old_mac_line_ends_read_like_any_other_and_a_stray_quote_is_a_message():
    lines = ["Date,Open,High,Low,Close,Volume", "2024-01-02,1,2,0.5,1.5,10", "2024-01-03,1,2,0.5,1.6,10"]
    frame = read_ohlc_csv(io.BytesIO("\r".join(lines).encode()), min_rows=1)
    assert list(frame["Close"]) == [1.5, 1.6]
    with pytest.raises(OHLCError) as refused:
        read_ohlc_csv(io.BytesIO(b"a\x00b\n\"x"), min_rows=1)
    assert refused.value.code == "not_csv"
