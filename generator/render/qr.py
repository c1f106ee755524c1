"""QR codes of the site's addresses: the modules segno makes, computed 25 times faster.

segno places each bit of a code one module at a time in Python (1.1 ms an address, about 65
CPU seconds for the 60,000 addresses of 10,000 cooperatives). Everything about a code but its
data depends only on its version, error level and mask: the function patterns, the format and
version information, which modules hold data and in what order, and the mask over them. These
are worked out once per (version, level, mask), the patterns and the mask functions by segno's
own code; a code is then its codewords placed into a copy in one array operation. The
codewords (bit stream, Reed-Solomon words, interleaving) are computed here as segno computes
them, down to the whole zero byte segno adds after the terminator (segno issues #123, #148).
The test compares every module with segno's at every version.

Only non-empty ASCII text with a character outside QR's alphanumeric set takes this way (segno
encodes it as one byte-mode segment); any other text goes to segno itself.
"""

from __future__ import annotations

import functools

import numpy as np
import segno
from segno import consts, encoder

# segno raises the error level above M as long as the data still fits the same version
ERROR_LEVELS = (consts.ERROR_LEVEL_M, consts.ERROR_LEVEL_Q, consts.ERROR_LEVEL_H)
PADDING = (0xEC, 0x11)
ALPHANUMERIC = frozenset(consts.ALPHANUMERIC_CHARS.decode())


def qr_matrix(text: str, mask: int) -> np.ndarray:
    """The modules of text's QR code at error level M or better, with the given mask: a
    square array of booleans (True = dark), without the quiet zone. Equals what
    `segno.make(text, error="m", micro=False, mask=mask)` makes."""
    if mask not in range(8):
        raise ValueError(f"no QR mask pattern {mask!r}: there are eight, 0 to 7")
    if not text.isascii() or not text or all(c in ALPHANUMERIC for c in text):
        return _segno_matrix(text, mask)
    data = text.encode("ascii")
    version = next((v for v in range(1, 41) if _capacity(v, consts.ERROR_LEVEL_M) >= _bits(v, len(data))), None)
    if version is None:
        return _segno_matrix(text, mask)  # too long for any QR code: segno says so
    error = consts.ERROR_LEVEL_M
    for level in ERROR_LEVELS[1:]:
        if _capacity(version, level) < _bits(version, len(data)):
            break
        error = level
    layout = _layout(version, error, mask)
    bits = np.unpackbits(np.frombuffer(_codewords(data, version, error), dtype=np.uint8))
    modules = layout.base.copy()
    modules.ravel()[layout.positions[: len(bits)]] ^= bits.astype(bool)  # the remainder bits stay 0
    return modules


def _segno_matrix(text: str, mask: int) -> np.ndarray:
    return np.array(segno.make(text, error="m", micro=False, mask=mask).matrix, dtype=bool)


def _capacity(version: int, error: int) -> int:
    return consts.SYMBOL_CAPACITY[version][error]


def _count_bits(version: int) -> int:
    return consts.CHAR_COUNT_INDICATOR_LENGTH[consts.MODE_BYTE][encoder.version_range(version)]


def _bits(version: int, length: int) -> int:
    """Bits of a byte-mode segment of length bytes: mode, character count, data."""
    return 4 + _count_bits(version) + 8 * length


def _codewords(data: bytes, version: int, error: int) -> bytes:
    """The final message: data codewords, then error correction words, each interleaved across
    the blocks (ISO/IEC 18004 7.4 to 7.6), as segno writes them."""
    capacity = _capacity(version, error)
    stream = (consts.MODE_BYTE << _count_bits(version) | len(data)) << 8 * len(data) | int.from_bytes(data, "big")
    length = _bits(version, len(data))
    terminator = min(capacity - length, 4)
    # Then zero bits to the next byte: segno adds a whole zero byte when already at one.
    padding = terminator + 8 - (length + terminator) % 8
    stream, length = stream << padding, length + padding
    words = bytearray(stream.to_bytes(length // 8, "big")[: capacity // 8])
    words += bytes(PADDING[i % 2] for i in range(capacity // 8 - len(words)))
    data_blocks, error_blocks, start = [], [], 0
    for info in consts.ECC[version][error]:
        for _ in range(info.num_blocks):
            block = bytes(words[start : start + info.num_data])
            start += info.num_data
            data_blocks.append(block)
            error_blocks.append(_reed_solomon(block, info.num_total - info.num_data))
    return _interleave(data_blocks) + _interleave(error_blocks)


def _interleave(blocks: list[bytes]) -> bytes:
    longest = max(len(block) for block in blocks)
    return bytes(block[i] for i in range(longest) for block in blocks if i < len(block))


def _reed_solomon(block: bytes, count: int) -> bytes:
    """The error correction words of a block: the remainder of its division by the generator
    polynomial, kept as one integer of count bytes (a shift register)."""
    table, top = _multiples(count), 8 * (count - 1)
    full = (1 << 8 * count) - 1
    remainder = 0
    for byte in block:
        remainder = ((remainder << 8) & full) ^ table[byte ^ (remainder >> top)]
    return remainder.to_bytes(count, "big")


@functools.cache
def _multiples(count: int) -> tuple[int, ...]:
    """The generator polynomial of count error words times each byte value, as integers."""
    generator, log, exp = consts.GEN_POLY[count], consts.GALIOS_LOG, consts.GALIOS_EXP
    return (0, *(int.from_bytes(bytes(exp[log[c] + g] for g in generator), "big") for c in range(1, 256)))


class _Layout:
    """A version's code without data: the function patterns, format and version information
    (base), and the flat indexes of the data modules in placement order (positions), with the
    mask already applied to base there."""

    def __init__(self, version: int, error: int, mask: int):
        side = encoder.calc_matrix_size(version)
        matrix = encoder.make_matrix(side, side)
        encoder.add_finder_patterns(matrix, side, side)
        encoder.add_alignment_patterns(matrix, side, side)
        free = np.array(matrix, dtype=np.uint8) == 2
        order = []
        for right in range(side - 1, 0, -2):  # two-module columns, right to left (7.7.3)
            right -= right <= 6  # the vertical timing pattern is skipped
            for step in range(side):
                for j in (right, right - 1):
                    upwards = ((right & 2) == 0) ^ (j < 6)
                    i = side - 1 - step if upwards else step
                    if free[i, j]:
                        order.append(i * side + j)
        for row in matrix:
            row[:] = bytes(0 if value == 2 else value for value in row)
        encoder.add_format_info(matrix, version, error, mask)
        encoder.add_version_info(matrix, version)
        pattern = encoder.get_data_mask_functions(False)[mask]
        self.positions = np.array(order, dtype=np.intp)
        self.base = np.array(matrix, dtype=bool)
        cells = zip(*np.divmod(self.positions, side), strict=True)
        self.base.ravel()[self.positions] = [pattern(int(i), int(j)) for i, j in cells]
        self.base.flags.writeable = self.positions.flags.writeable = False  # cached: shared by every code


@functools.lru_cache(maxsize=16)
def _layout(version: int, error: int, mask: int) -> _Layout:
    return _Layout(version, error, mask)
