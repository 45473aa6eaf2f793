"""A price file a person exported, read into the OHLC schema (rnnviz.ohlc_schema): CSV, TSV or semicolon text
from the common sources (Yahoo, investing.com in English and Korean, KRX, Naver, Kiwoom, Nasdaq, NSE, Stooq,
Alpha Vantage, MetaStock, CryptoDataDownload, ...) or an Excel workbook.

Nothing is guessed that the values do not decide: day-first against month-first dates and the decimal mark are
read off the whole column, and a file they do not decide is refused with a message saying so. Rows with no price
or a zero price (holidays, trading halts) are dropped and listed in `frame.attrs["dropped"]`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from rnnviz.errors import RnnvizError
from rnnviz.limits import MAX_PRICE_FILE_BYTES, MAX_PRICE_SHEET_BYTES, MIB
from rnnviz.ohlc_schema import COLUMNS, MIN_ROWS, validate_ohlc
from rnnviz.text_files import decoded

# Header spellings after `_header_key`, each list in order of preference: the first name a file has wins, so a
# file with both Last and Close (NSE) gives Close, and Adj Close is taken only when there is no Close.
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "Date": ("date", "날짜", "일자", "거래일", "data", "datetime", "dtyyyymmdd", "timestamp", "opentime", "unix",
             "time", "day"),
    "Open": ("open", "시가", "otwarcie", "opening", "openprice", "o"),
    "High": ("high", "고가", "najwyzszy", "najwyższy", "highprice", "h"),
    "Low": ("low", "저가", "najnizszy", "najniższy", "lowprice", "l"),
    "Close": ("close", "종가", "zamkniecie", "zamknięcie", "closeprice", "closelast", "last", "price", "현재가",
              "adjclose", "adjustedclose", "c"),
    "Volume": ("volume", "vol", "거래량", "wolumen", "v"),
}
# CryptoDataDownload names its volumes by currency ("Volume BTC", "Volume USDT"): the first such column is taken.
VOLUME_PREFIX = "volume"
SEPARATORS = (",", ";", "\t", "|")
HEADER_SEARCH_ROWS = 20  # title, URL and disclaimer lines some exports put above the header
EMPTY_CELLS = {"", "-", "—", "null", "nan", "n/a", "na", "none", "#n/a"}
HEADERS_SHOWN = 12

_SUFFIXES = {"": 1.0, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
_NUMBER = re.compile(r"^(?P<sign>[-+]?)\s*(?:[$€£¥₩]|USD|KRW|EUR)?\s*(?P<digits>\d[\d.,' ]*)\s*"
                     r"(?P<suffix>[KMBTkmbt]?)\s*(?:원|[$€£¥₩]|USD|KRW|EUR)?$")
_THREE_PARTS = re.compile(r"^(\d{1,4})\s*[-./ ]\s*(\d{1,2})\s*[-./ ]\s*(\d{1,4})\.?(?:[ T].*)?$")
# The readings of two dates that both fit: one wins when its gaps are regular and the other's are not.
REGULAR_GAPS, IRREGULAR_GAPS = 2.0, 10.0


def read_price_file(file: str | Path | BinaryIO, min_rows: int = MIN_ROWS) -> pd.DataFrame:
    """A price file in the schema, (days, 5) Open, High, Low, Close, Volume on ascending dates; Volume is 0 where
    the file has none. `frame.attrs["dropped"]` lists the rows left out as (date, reason) pairs, reason "no price"
    or "zero price". Raises RnnvizError with the column, row and value that stopped it."""
    raw = _read_bytes(file)
    rows, first_line = _rows(raw)
    header_at = _header_row(rows)
    header = [cell.strip() for cell in rows[header_at]]
    found = _find_columns(header)
    body, lines = _body(rows[header_at + 1:], len(header), first_line + header_at + 1)
    if not body:
        raise RnnvizError("too_few_rows", rows=0, minimum=min_rows)
    table = pd.DataFrame(body, columns=range(len(header)), dtype=object).astype(str)
    dates = _dates(table[found["Date"]], header[found["Date"]], lines)
    numbers = _numbers(table, found, header, lines)
    frame = pd.DataFrame(numbers, index=pd.DatetimeIndex(dates, name="Date"))
    frame, dropped = _drop_empty_days(frame)
    frame = validate_ohlc(frame, min_rows)
    frame.attrs["dropped"] = dropped
    return frame


# ---- bytes to rows of text ------------------------------------------------------------------------------------------
def _read_bytes(file: str | Path | BinaryIO) -> bytes:
    limit = f"{MAX_PRICE_FILE_BYTES / MIB:.0f}"
    try:
        if hasattr(file, "read"):
            raw = file.read(MAX_PRICE_FILE_BYTES + 1)  # never more than one byte past the limit
            size = f"> {limit}" if len(raw) > MAX_PRICE_FILE_BYTES else ""
        else:
            path = Path(file)
            size = f"{path.stat().st_size / MIB:.1f}" if path.stat().st_size > MAX_PRICE_FILE_BYTES else ""
            raw = b"" if size else path.read_bytes()
    except OSError as error:
        raise RnnvizError("not_csv") from error
    if size:
        raise RnnvizError("price_file_size", size=size, limit=limit)
    return raw


def _rows(raw: bytes) -> tuple[list[list[str]], int]:
    """The file's rows as lists of text cells, and the line number of the first row (1)."""
    if not raw.strip():
        raise RnnvizError("not_csv")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise RnnvizError("old_excel")
    if raw.startswith(b"PK\x03\x04"):
        return _sheet_rows(raw), 1
    text = decoded(raw)
    if text is None:
        raise RnnvizError("not_csv")
    try:
        # newline="": the reader splits lines at \n, \r\n and a lone \r (old Mac exports), as csv expects.
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text))), 1
    except csv.Error:  # a stray \0 or a quote left open: not a table csv can read
        raise RnnvizError("not_csv") from None


def _separator(text: str) -> str:
    """The separator under which some row in the first lines reads as a price header; a comma when none does (the
    header search then names what it saw)."""
    head = text.splitlines()[:HEADER_SEARCH_ROWS]
    best = (HEADER_SEARCH_ROWS, ",")
    for separator in SEPARATORS:
        for at, row in enumerate(csv.reader(head, delimiter=separator)):
            if at < best[0] and _price_headers(row) >= 3:
                best = (at, separator)
                break
    return best[1]


def _sheet_rows(raw: bytes) -> list[list[str]]:
    """The first sheet of an .xlsx workbook as rows of text: dates as YYYY-MM-DD, numbers as Python writes them.
    The workbook's XML is counted against a limit before openpyxl parses it (a zip expands)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = archive.namelist()
            expanded = sum(entry.file_size for entry in archive.infolist())
    except zipfile.BadZipFile:
        raise RnnvizError("not_csv") from None
    if "xl/workbook.xml" not in names:
        raise RnnvizError("not_csv")
    if expanded > MAX_PRICE_SHEET_BYTES:
        raise RnnvizError("price_file_size", size=f"{expanded / MIB:.1f}", limit=f"{MAX_PRICE_SHEET_BYTES / MIB:.0f}")
    try:
        sheet = pd.read_excel(io.BytesIO(raw), sheet_name=0, header=None, dtype=object, engine="openpyxl")
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a damaged workbook; each is a message
        raise RnnvizError("excel_unreadable", detail=f"{type(error).__name__}: {str(error)[:160]}") from None
    return [[_cell_text(cell) for cell in row] for row in sheet.itertuples(index=False)]


def _cell_text(cell) -> str:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return ""
    if hasattr(cell, "strftime"):
        return cell.strftime("%Y-%m-%d")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


# ---- the header ------------------------------------------------------------------------------------------------------
def _header_key(name: str) -> str:
    """A header compared by letters and digits only, lower case: `<CLOSE>`, `Close*`, `Vol.`, `Close/Last` and
    Alpha Vantage's `4. close` become close, vol, closelast, close."""
    text = re.sub(r"^\s*\d+\.\s*", "", str(name).lower())
    return re.sub(r"[^0-9a-z가-힣ąćęłńóśźż]", "", text)


def _price_headers(row: list[str]) -> int:
    keys = {_header_key(cell) for cell in row}
    return sum(any(name in keys for name in HEADER_NAMES[column]) for column in ("Open", "High", "Low", "Close"))


def _header_row(rows: list[list[str]]) -> int:
    for at, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _price_headers(row) >= 3:
            return at
    first = next((row for row in rows if any(cell.strip() for cell in row)), [])
    raise RnnvizError("missing_columns", columns="Open, High, Low, Close", headers=_shown_headers(first))


def _shown_headers(header: list[str]) -> str:
    cells = [cell.strip() for cell in header][:HEADERS_SHOWN]
    return ", ".join(cells) + (", ..." if len(header) > HEADERS_SHOWN else "") if cells else "none"


def _find_columns(header: list[str]) -> dict[str, int]:
    """Schema name -> position in the header, by HEADER_NAMES' order of preference. The date is the first column
    when no header names one (a pandas index column is skipped only because a named date wins over it)."""
    keys = [_header_key(cell) for cell in header]
    found: dict[str, int] = {}
    for column, names in HEADER_NAMES.items():
        for name in names:
            if name in keys:
                found[column] = keys.index(name)
                break
    if "Volume" not in found:
        volumes = [at for at, key in enumerate(keys) if key.startswith(VOLUME_PREFIX)]
        if volumes:
            found["Volume"] = volumes[0]
    found.setdefault("Date", 0)
    missing = [name for name in ("Open", "High", "Low", "Close") if name not in found]
    if missing:
        raise RnnvizError("missing_columns", columns=", ".join(missing), headers=_shown_headers(header))
    return found


def _body(rows: list[list[str]], width: int, first_line: int) -> tuple[list[list[str]], list[int]]:
    """The data rows, blank rows left out and short rows padded; each row's line in the file beside it."""
    body, lines = [], []
    for offset, row in enumerate(rows):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise RnnvizError("bad_line", line=first_line + offset, found=len(row), expected=width)
        body.append((row + [""] * width)[:width])
        lines.append(first_line + offset)
    return body, lines


# ---- dates -----------------------------------------------------------------------------------------------------------
def _dates(cells: pd.Series, column: str, lines: list[int]) -> pd.DatetimeIndex:
    """The date column as days. Integers are YYYYMMDD or unix seconds / milliseconds; three numbers are year
    first, or day and month in the order the whole column decides; anything with a month name goes to pandas."""
    text = cells.str.strip().str.replace(r"\s*년\s*|\s*월\s*", "-", regex=True).str.replace(r"\s*일\s*$", "",
                                                                                          regex=True)
    if text.str.fullmatch(r"\d+").all():
        return _integer_dates(text, column, lines)
    parts = text.str.extract(_THREE_PARTS)
    if parts.notna().all(axis=None):
        return _numeric_dates(parts.astype(int), text, column, lines)
    if text.str.contains(r"[A-Za-z]{3}", regex=True).all():
        dates = pd.to_datetime(text, errors="coerce", format="mixed")
        if dates.notna().all():
            return _days(dates)
        return _bad_date(text, dates.isna().to_numpy(), column, lines)
    readable = parts.notna().all(axis=1).to_numpy() | text.str.fullmatch(r"\d+").to_numpy()
    return _bad_date(text, ~readable, column, lines)


def _days(dates) -> pd.DatetimeIndex:
    index = pd.DatetimeIndex(dates)
    if index.tz is not None:
        index = index.tz_localize(None)
    return index.normalize()


def _bad_date(text: pd.Series, bad: np.ndarray, column: str, lines: list[int]):
    at = int(np.argmax(bad))
    raise RnnvizError("bad_dates", column=column, row=lines[at], value=text.iloc[at])


def _integer_dates(text: pd.Series, column: str, lines: list[int]) -> pd.DatetimeIndex:
    digits = text.str.len()
    for length, unit in ((13, "ms"), (10, "s")):
        if (digits == length).all():
            return _days(pd.to_datetime(text.astype("int64"), unit=unit))
    if (digits == 8).all():
        dates = pd.to_datetime(text, format="%Y%m%d", errors="coerce")
        if dates.notna().all():
            return _days(dates)
        return _bad_date(text, dates.isna().to_numpy(), column, lines)
    # A row number, or a mix of lengths: name the first value that is not like the first row's.
    return _bad_date(text, (digits != 8).to_numpy() if digits.iloc[0] == 8 else np.ones(len(text), bool),
                     column, lines)


def _numeric_dates(parts: pd.DataFrame, text: pd.Series, column: str, lines: list[int]) -> pd.DatetimeIndex:
    first, second, third = parts[0], parts[1], parts[2]
    if (first > 31).all():
        readings = {"year first": (first, second, third)}
    else:
        year = third.where(third >= 100, third + np.where(third < 70, 2000, 1900))
        readings = {}
        if (second <= 12).all():
            readings["day first"] = (year, second, first)
        if (first <= 12).all():
            readings["month first"] = (year, first, second)
        if not readings:
            day_first = int(np.argmax((first > 12).to_numpy()))
            month_first = int(np.argmax((second > 12).to_numpy()))
            raise RnnvizError("mixed_date_order", column=column, row=lines[day_first], value=text.iloc[day_first],
                              row2=lines[month_first], value2=text.iloc[month_first])
    dates = {}
    for name, (years, months, days) in readings.items():
        stamps = pd.to_datetime(pd.DataFrame({"year": years, "month": months, "day": days}), errors="coerce")
        if stamps.isna().any():
            if len(readings) == 1:
                return _bad_date(text, stamps.isna().to_numpy(), column, lines)
            continue
        dates[name] = pd.DatetimeIndex(stamps)
    if len(dates) == 2:
        dates = _decided_by_gaps(dates, text, column)
    if not dates:
        return _bad_date(text, np.ones(len(text), bool), column, lines)
    return next(iter(dates.values())).normalize()


def _decided_by_gaps(dates: dict[str, pd.DatetimeIndex], text: pd.Series, column: str) -> dict[str, pd.DatetimeIndex]:
    """Day-first and month-first both read every date (no day above 12): the reading whose days follow each other
    at regular gaps wins when the other jumps (a monthly file of 1st-of-month bars read month-first is twelve
    consecutive January days a year apart). Neither clear: refused, never guessed."""
    spread = {name: _gap_spread(index) for name, index in dates.items()}
    for name, other in (("day first", "month first"), ("month first", "day first")):
        if spread[name] <= REGULAR_GAPS and spread[other] >= IRREGULAR_GAPS:
            return {name: dates[name]}
    example = int(np.argmax((text != "").to_numpy()))
    raise RnnvizError("ambiguous_dates", column=column, value=text.iloc[example],
                      day_first=dates["day first"][example].strftime("%Y-%m-%d"),
                      month_first=dates["month first"][example].strftime("%Y-%m-%d"))


def _gap_spread(index: pd.DatetimeIndex) -> float:
    """The largest gap between consecutive dates over the median gap; infinite when the dates are not in order."""
    if len(index) < 3 or not (index.is_monotonic_increasing or index.is_monotonic_decreasing) or \
            index.has_duplicates:
        return np.inf
    gaps = np.abs(np.diff(index.asi8))
    return float(gaps.max() / max(np.median(gaps), 1))


# ---- numbers ---------------------------------------------------------------------------------------------------------
def _numbers(table: pd.DataFrame, found: dict[str, int], header: list[str], lines: list[int]) -> dict[str, np.ndarray]:
    """Schema column -> floats, NaN where the file has no value (a price's row is then dropped; a missing volume
    is 0). The decimal mark is the one the price and volume cells agree on."""
    columns = {name: table[found[name]].str.strip() for name in COLUMNS if name in found}
    mark = _decimal_mark(columns, header, found)
    numbers = {}
    for name, cells in columns.items():
        values = _column_numbers(cells, mark, header[found[name]], lines)
        numbers[name] = np.nan_to_num(values, nan=0.0) if name == "Volume" else values
    numbers.setdefault("Volume", np.zeros(len(table)))
    return numbers


def _decimal_mark(columns: dict[str, pd.Series], header: list[str], found: dict[str, int]) -> str:
    """"." or ",": a mark is decimal in a cell where it comes after the other mark, or stands once with other than
    three digits after it; thousands where it repeats. Cells of both kinds are refused, naming one of each."""
    votes: dict[str, str] = {}
    for cells in columns.values():
        marks = cells.str.replace(r"[^\d.,]", "", regex=True)
        for cell, original in zip(marks.head(2000), cells.head(2000)):
            last = max(cell.rfind("."), cell.rfind(","))
            if last < 0:
                continue
            mark, other = cell[last], "," if cell[last] == "." else "."
            if other in cell[:last] or (cell.count(mark) == 1 and len(cell) - last - 1 != 3):
                votes.setdefault(mark, original)
            elif cell.count(mark) > 1:
                votes.setdefault(other, original)
    if len(votes) == 2:
        raise RnnvizError("mixed_decimal_marks", value=votes["."], value2=votes[","])
    return next(iter(votes), ".")


def _column_numbers(cells: pd.Series, mark: str, column: str, lines: list[int]) -> np.ndarray:
    empty = cells.str.lower().isin(EMPTY_CELLS).to_numpy()
    parts = cells.str.extract(_NUMBER)
    unreadable = parts["digits"].isna().to_numpy() & ~empty
    thousands = "," if mark == "." else "."
    digits = parts["digits"].fillna("").str.replace(rf"[{re.escape(thousands)}' ]", "", regex=True)
    digits = digits.str.replace(mark, ".", regex=False)
    values = pd.to_numeric(digits.where(~empty & ~unreadable, "nan"), errors="coerce").to_numpy(dtype=float)
    unreadable |= np.isnan(values) & ~empty
    if unreadable.any():
        at = int(np.argmax(unreadable))
        raise RnnvizError("non_numeric", column=column, row=lines[at], value=cells.iloc[at])
    scale = parts["suffix"].fillna("").str.lower().map(_SUFFIXES).to_numpy(dtype=float)
    sign = np.where(parts["sign"].fillna("").to_numpy() == "-", -1.0, 1.0)
    return values * scale * sign


def _drop_empty_days(frame: pd.DataFrame) -> tuple[pd.DataFrame, tuple[tuple[str, str], ...]]:
    """Rows with a price missing (Yahoo's null holiday rows) or zero (trading halts in KRX data) left out, with
    their days and reasons."""
    prices = frame[["Open", "High", "Low", "Close"]].to_numpy()
    no_price = np.isnan(prices).any(axis=1)
    zero_price = ~no_price & (prices == 0).any(axis=1)
    dropped = tuple((day.strftime("%Y-%m-%d"), "no price" if missing else "zero price")
                    for day, missing, zero in zip(frame.index, no_price, zero_price) if missing or zero)
    return frame[~(no_price | zero_price)], dropped
