"""comity's canonical JSON is RFC 8785's, byte for byte, whatever the data (the fast path
through the standard library's encoder included)."""

from __future__ import annotations

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from comity.events import canonical_json

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _rfc8785(value: object) -> bytes | type[Exception]:
    try:
        return bytes(rfc8785.dumps(value))
    except Exception as e:  # which error it is, is what the test compares
        return type(e)


@settings(max_examples=500)
@given(VALUES)
def test_canonical_json_is_rfc8785(value: object) -> None:
    expected = _rfc8785(value)
    try:
        found: bytes | type[Exception] = canonical_json(value)
    except Exception as e:
        found = type(e)
    if isinstance(expected, bytes):
        assert found == expected
    else:  # refused by both (lone surrogates, integers beyond 2**53, ...)
        assert not isinstance(found, bytes)


def test_the_standard_library_path_meets_the_rfc_on_escapes_and_order() -> None:
    value = {"b": 'tab\t"quote" \u2028 \x7f \x1f é 🇺🇳', "a": [True, None, 2**53 - 1], "A": {}}
    assert canonical_json(value) == bytes(rfc8785.dumps(value))
    assert canonical_json(value).startswith(b'{"A":{},"a":[true,null,9007199254740991],"b":')
