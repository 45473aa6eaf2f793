"""How an uploaded text file's bytes become text, the same for every upload (price exports, a student's own text):
UTF-16 with a byte-order mark (Excel's and Notepad's "Unicode" saves), UTF-8 with or without one, or cp949 (Korean
Windows exports: KRX, Kiwoom, Hangul text files)."""

from __future__ import annotations

ENCODINGS = ("utf-8-sig", "cp949")  # in this order: cp949 reads much UTF-8 as other characters, never the reverse
BINARY_SNIFF_BYTES = 4096  # a NUL byte this early is a binary file (UTF-16 has its mark)


def decoded(raw: bytes) -> str | None:
    """The text of `raw`, or None when it is no text in these encodings (a binary file included)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in raw[:BINARY_SNIFF_BYTES]:
        return None
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
