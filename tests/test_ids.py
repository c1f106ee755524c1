"""Ids the program makes from names (generator/ids.py): folded, unique, never a retired one."""

from __future__ import annotations

import re
import sys

from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.ids import MAX_ID, made_id, retired  # noqa: E402

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def test_a_name_is_folded_to_letters_digits_and_hyphens() -> None:
    assert made_id("Đồ bộ may sẵn Đông Hòa", set(), "san-pham") == "do-bo-may-san-dong-hoa"
    assert made_id("Tổ hợp tác bánh xèo Vĩnh Phong", set(), "htx") == "tht-banh-xeo-vinh-phong"
    assert made_id("Hợp tác xã Tôm càng", set(), "htx") == "htx-tom-cang"
    assert made_id("★★★", set(), "san-pham") == "san-pham"


def test_an_id_in_use_or_retired_is_never_made_again() -> None:
    taken = {"banh-phong-tom"} | retired(["banh-phong-tom-2; x-cu", ""])
    assert taken == {"banh-phong-tom", "banh-phong-tom-2", "x-cu"}
    assert made_id("Bánh phồng tôm", taken, "san-pham") == "banh-phong-tom-3"


def test_a_long_name_is_cut_at_a_word() -> None:
    made = made_id("Hợp tác xã " + "nông nghiệp dịch vụ tổng hợp " * 6, set(), "htx")
    assert len(made) <= MAX_ID - 6 and SLUG.match(made) and not made.endswith("-")


@settings(max_examples=100, deadline=None)
@given(name=st.text(max_size=120), taken=st.sets(st.from_regex(SLUG, fullmatch=True), max_size=20))
def test_any_name_gives_a_valid_free_id(name: str, taken: set[str]) -> None:
    made = made_id(name, taken, "san-pham")
    assert SLUG.match(made) and len(made) <= MAX_ID and made not in taken
