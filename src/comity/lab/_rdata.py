"""A small reader of R's ``.rda`` files (``save()``): enough for data frames of numbers,
strings, logicals, factors and dates, as the ``unvotes`` package ships its data.

The format is R's serialization (R Core Team, *R Internals*, section 1.8 "Serialization
formats"): an optional gzip, bzip2 or xz layer; the magic ``RDX2\\n`` or ``RDX3\\n``; ``X\\n``
for XDR (big-endian); the format version (2 or 3), the writer's and the minimal reader's R
versions, and for version 3 the native encoding; then one object, a pairlist of the saved
objects tagged by their names. Each object starts with an integer of flags: the type in the
low byte, then the *is object*, *has attributes* and *has tag* bits (8, 9 and 10) and the
``levels`` field from bit 12 (a string's encoding). Symbols are remembered as they are read
and referred to again by ``REFSXP`` with their index. Version 3 adds ``ALTREP`` objects:
compact integer and real sequences and wrapped vectors are expanded here; others (such as
deferred strings) are refused.

>>> import gzip
>>> from struct import pack
>>> body = b"RDX3\\nX\\n" + pack(">iiii", 3, 0x040000, 0x030500, 5) + b"UTF-8"
>>> body += pack(">i", 2 | 1 << 10) + pack(">ii", 1, 9) + pack(">i", 1) + b"x"  # tag x
>>> body += pack(">ii", 13, 2) + pack(">ii", 7, -2**31) + pack(">i", 254)  # c(7L, NA); nil
>>> read_rda(gzip.compress(body))["x"].values
[7, None]
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import math
import struct
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from comity.errors import DataSourceError
from comity.i18n import N_

__all__ = ["RObject", "data_frame", "read_rda"]

NILSXP, SYMSXP, LISTSXP, CLOSXP, ENVSXP, PROMSXP, LANGSXP = 0, 1, 2, 3, 4, 5, 6
CHARSXP, LGLSXP, INTSXP, REALSXP, CPLXSXP, STRSXP, DOTSXP = 9, 10, 13, 14, 15, 16, 17
VECSXP, EXPRSXP = 19, 20
ALTREP_SXP, ATTRLISTSXP, ATTRLANGSXP = 238, 239, 240
BASEENV_SXP, EMPTYENV_SXP, GLOBALENV_SXP, NILVALUE_SXP, REFSXP = 241, 242, 253, 254, 255
NA_INTEGER = -(2**31)
NA_REAL_PAYLOAD = 1954  # R's NA_real_ is the NaN whose low word is 1954
EPOCH = date(1970, 1, 1)


@dataclass
class RObject:
    """An R value: its type code, its values (a list; None is NA) and its attributes."""

    type: int
    values: list[Any]
    attributes: dict[str, RObject] = field(default_factory=dict)
    tag: str | None = None

    def attribute(self, name: str) -> list[Any]:
        found = self.attributes.get(name)
        return found.values if found is not None else []


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0
        self.references: list[Any] = []

    def take(self, n: int) -> bytes:
        if self.at + n > len(self.data):
            raise DataSourceError(N_("the R data file ends too early"), value=self.at, params={})
        chunk = self.data[self.at : self.at + n]
        self.at += n
        return chunk

    def integer(self) -> int:
        value: int = struct.unpack(">i", self.take(4))[0]
        return value

    def length(self) -> int:
        n = self.integer()
        if n == -1:
            upper, lower = self.integer(), self.integer()
            n = (upper << 32) + lower
        return n

    def item(self) -> Any:
        flags = self.integer()
        kind = flags & 0xFF
        has_attributes = bool(flags & (1 << 9))
        has_tag = bool(flags & (1 << 10))
        if kind == NILVALUE_SXP:
            return None
        if kind in (GLOBALENV_SXP, BASEENV_SXP, EMPTYENV_SXP):
            return RObject(ENVSXP, [])
        if kind == REFSXP:
            index = flags >> 8 or self.integer()
            return self.references[index - 1]
        if kind == SYMSXP:
            name = self.item()
            self.references.append(name)
            return name
        if kind in (LISTSXP, LANGSXP, CLOSXP, PROMSXP, DOTSXP, ATTRLISTSXP, ATTRLANGSXP):
            return self._pairlist(kind, has_attributes, has_tag)
        if kind == CHARSXP:
            n = self.integer()
            if n == -1:
                return None
            raw = self.take(n)
            latin1 = bool((flags >> 12) & (1 << 2))
            return raw.decode("latin-1" if latin1 else "utf-8")
        if kind == ALTREP_SXP:
            return self._altrep()
        if kind in (LGLSXP, INTSXP):
            n = self.length()
            numbers = struct.unpack(f">{n}i", self.take(4 * n))
            values: list[Any] = [
                None if v == NA_INTEGER else (bool(v) if kind == LGLSXP else v) for v in numbers
            ]
        elif kind == REALSXP:
            n = self.length()
            raw = self.take(8 * n)
            values = [
                None if _is_na(raw[8 * i : 8 * i + 8]) else v
                for i, v in enumerate(struct.unpack(f">{n}d", raw))
            ]
        elif kind == CPLXSXP:
            n = self.length()
            pairs = struct.unpack(f">{2 * n}d", self.take(16 * n))
            values = [complex(pairs[2 * i], pairs[2 * i + 1]) for i in range(n)]
        elif kind in (STRSXP, VECSXP, EXPRSXP):
            n = self.length()
            values = [self.item() for _ in range(n)]
        else:
            raise DataSourceError(
                N_("R object type {kind} is not supported here"), value=kind, params={"kind": kind}
            )
        result = RObject(kind, values)
        if has_attributes:
            result.attributes = _attributes(self.item())
        return result

    def _pairlist(self, kind: int, has_attributes: bool, has_tag: bool) -> RObject:
        attributes = _attributes(self.item()) if has_attributes else {}
        tag = self.item() if has_tag else None
        head = self.item()
        if isinstance(head, RObject) and tag is not None:
            head.tag = tag
        values = [head]
        rest = self.item()
        if isinstance(rest, RObject) and rest.type == kind:
            values += rest.values
        return RObject(kind, values, attributes, tag)

    def _altrep(self) -> Any:
        info = self.item()
        state = self.item()
        attributes = self.item()
        name = info.values[0] if isinstance(info, RObject) else None
        if name in ("compact_intseq", "compact_realseq"):
            n, start, step = state.values
            kind = INTSXP if name == "compact_intseq" else REALSXP
            numbers = [start + i * step for i in range(int(n))]
            result = RObject(kind, [int(v) for v in numbers] if kind == INTSXP else numbers)
        elif isinstance(name, str) and name.startswith("wrap_"):
            result = state.values[0]
        else:
            raise DataSourceError(
                N_("R ALTREP class {name!r} is not supported here"),
                value=name,
                params={"name": name},
            )
        if isinstance(attributes, RObject):
            result.attributes = _attributes(attributes)
        return result


def _is_na(raw: bytes) -> bool:
    high, low = struct.unpack(">II", raw)
    return bool((high & 0x7FF00000) == 0x7FF00000 and low == NA_REAL_PAYLOAD)


def _attributes(pairlist: Any) -> dict[str, RObject]:
    if not isinstance(pairlist, RObject):
        return {}
    return {str(v.tag): v for v in pairlist.values if isinstance(v, RObject) and v.tag}


def _decompress(data: bytes) -> bytes:
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    if data[:3] == b"BZh":
        return bz2.decompress(data)
    if data[:6] == b"\xfd7zXZ\x00":
        return lzma.decompress(data)
    return data


def read_rda(data: bytes) -> dict[str, RObject]:
    """The objects saved in an ``.rda`` file, by name.

    Raises
    ------
    DataSourceError
        When the bytes are not an XDR ``.rda`` file of format 2 or 3, or hold an object of a
        kind this reader does not know.
    """
    try:
        raw = _decompress(data)
    except (OSError, EOFError, lzma.LZMAError) as e:
        raise DataSourceError(
            N_("the R data file cannot be decompressed ({problem})"), params={"problem": e}
        ) from e
    if raw[:5] not in (b"RDX2\n", b"RDX3\n") or raw[5:7] != b"X\n":
        raise DataSourceError(
            N_("not an R data file in XDR format (RDX2/RDX3)"), value=raw[:7], params={}
        )
    reader = _Reader(raw)
    reader.at = 7
    version = reader.integer()
    reader.integer()
    reader.integer()
    if version == 3:
        reader.take(reader.integer())
    elif version != 2:
        raise DataSourceError(
            N_("R serialization version {version} is not supported"),
            value=version,
            params={"version": version},
        )
    top = reader.item()
    if not isinstance(top, RObject):
        return {}
    return {str(v.tag): v for v in top.values if isinstance(v, RObject) and v.tag}


def data_frame(frame: RObject) -> dict[str, list[Any]]:
    """The columns of an R data frame (or tibble) as Python lists: factors as their labels,
    ``Date`` columns as :class:`datetime.date`, NA as None.

    Raises
    ------
    DataSourceError
        When the object is not a data frame.
    """
    if frame.type != VECSXP or "data.frame" not in frame.attribute("class"):
        raise DataSourceError(
            N_("the R object is not a data frame"), value=frame.attribute("class"), params={}
        )
    columns: dict[str, list[Any]] = {}
    for name, column in zip(frame.attribute("names"), frame.values, strict=True):
        classes = column.attribute("class")
        if "factor" in classes:
            levels = column.attribute("levels")
            columns[name] = [None if v is None else levels[v - 1] for v in column.values]
        elif "Date" in classes:
            columns[name] = [
                None if v is None or math.isnan(v) else EPOCH + timedelta(days=int(v))
                for v in column.values
            ]
        else:
            columns[name] = list(column.values)
    return columns
