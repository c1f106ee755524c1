"""The finder's index: small JSON shards, so a visitor downloads only what a query needs.

Every record sits in the shard of each 2-letter prefix of its folded words, in the shard of its
category (or sector) and of its commune, and in the "all" shard; shards are cut into parts of
PART_SIZE records in list order. The script picks the most selective shard for the query and
loads its parts one by one, showing results from the first part at once.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any

from ..text import fold
from .artifacts import Files
from .safe import json_script

PART_SIZE = 1500


def words(search: str) -> list[str]:
    """The words of an already folded text, as the finder script splits them."""
    return re.findall(r"[a-z0-9]+", search)


def prefixes(search: str) -> set[str]:
    """The 2-letter prefixes of every word of an already folded text."""
    return {word[:2] for word in words(search) if len(word) >= 2}


def write_index(
    files: Files,
    folder: str,
    records: list[dict[str, Any]],
    facets: tuple[str, ...],
    options: dict[str, list[tuple[str, str]]],
) -> int:
    """Write meta.json, options.json and the shard parts into folder; return the number of files.

    Each record needs "q" (folded search text) and, for each facet name, a list of values; a
    facet's shard is named like the finder's filter (its select's name) and the value. Options
    are the choices of the filters whose lists grow with the data (communes: hundreds in a
    province), which the script puts in their select instead of every list page carrying them.
    """
    shards: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        shards["all"].append(index)
        for prefix in sorted(prefixes(record["q"])):
            shards["w-" + prefix].append(index)
        for facet in facets:
            for value in record.get(facet, []):
                shards[f"{facet}-{value}"].append(index)
    encoded = [json_script(record) for record in records]  # each record sits in a dozen shards
    parts: dict[str, int] = {}
    written = 0
    for name, members in sorted(shards.items()):
        chunks = [members[i : i + PART_SIZE] for i in range(0, len(members), PART_SIZE)]
        parts[name] = len(chunks)
        for number, chunk in enumerate(chunks):
            text = "[" + ",".join(encoded[i] for i in chunk) + "]"
            files.write(f"{folder}/{_file_key(name)}-{number}.json", text)
            written += 1
    meta = {"total": len(records), "partSize": PART_SIZE, "parts": {_file_key(k): v for k, v in parts.items()}}
    files.write(f"{folder}/meta.json", json.dumps(meta, separators=(",", ":"), sort_keys=True))
    choices = {name: [list(pair) for pair in pairs] for name, pairs in options.items()}
    files.write(f"{folder}/options.json", json_script(choices))
    return written + 2


def _file_key(name: str) -> str:
    """Shard names become file names: folded and ASCII (commune codes and prefixes already are)."""
    return fold(name).replace("/", "-")
