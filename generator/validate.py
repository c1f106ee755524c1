"""Every rule of the data contract, each problem located at file, line and column, in Vietnamese."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PIL import Image

from . import photo_formats
from .documents import HTML_TAG
from .load import Row, Table
from .messages import Found, found, say
from .problems import Problem
from .schema import Field, Package
from .text import fold, parse_date, phone_digits, same_text, slugify, split_list

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
INTEGER = re.compile(r"^-?\d+$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
CURRENCY = re.compile(r"\s*(đ|₫|đồng|vnđ|vnd)\s*$", re.IGNORECASE)
THOUSANDS = re.compile(r"^-?\d{1,3}([.,\s]\d{3})+$")
DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
PHONE = re.compile(r"^(0\d{9}|02\d{9})$")  # a mobile, or a landline with its area code
# Letters, digits and . _ % + - only: a quote or bracket in an address could break out of mailto:.
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
PHOTO_NAME = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9._-]*\.({'|'.join(photo_formats.SUFFIXES)})$", re.IGNORECASE)
# Bytes 0xC2-0xF4 followed by continuation bytes: UTF-8 that was decoded as Windows-1252.
MOJIBAKE_BYTES = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
MARKDOWN_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
SCOPES = ("tên", "ảnh", "điện thoại")
FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_ID = 80  # an id is a folder name and part of an address
# C0 and C1 control characters but tab and line breaks (tabs become spaces when a file is read).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FORMULA_START = "=+-@"


class Checker:
    """Collects problems for one table; the rules call .add with the row, the column and the
    message's code and fields (messages.py)."""

    def __init__(self, table: Table):
        self.table = table
        self.problems: list[Problem] = []

    def add(self, row: Row | None, column: str, code: str, /, **fields: object) -> None:
        line = 1 if row is None else (row.line if column == "*" else row.line_of(column))
        where = where_in_excel(self.table, row) if row is not None else ""
        self.problems.append(Problem(self.table.path, line, column, say(code, **fields), code, where))


def where_in_excel(table: Table, row: Row) -> str:
    """The row as staff find it in a spreadsheet: its row number there, and its id."""
    key = ", ".join(row.get(name) for name in table.resource.primary_key if row.get(name))
    return " " + (say("where.excel-id", row=row.excel, key=key) if key else say("where.excel", row=row.excel))


def validate(package: Package, tables: dict[str, Table], config: dict[str, Any], images_dir: Path) -> list[Problem]:
    """Check every table against its schema, then the rules that span rows and tables."""
    problems: list[Problem] = []
    checkers = {name: Checker(table) for name, table in tables.items()}
    for name, table in tables.items():
        if table.readable:  # a damaged file gets one encoding message, not one per cell
            _check_cells(checkers[name], config, images_dir)
        _check_keys(checkers[name])
    _check_foreign_keys(package, tables, checkers)
    _check_rules(tables, checkers, config)
    for checker in checkers.values():
        problems += checker.problems
    return problems


# --- one cell at a time ------------------------------------------------------------------


def _check_cells(checker: Checker, config: dict[str, Any], images_dir: Path) -> None:
    table = checker.table
    fields = [f for f in table.resource.fields if table.has(f.name)]
    for row in table.rows:
        for field in fields:
            value = row.get(field.name)
            for finding in _cell_problems(field, value, config, images_dir):
                checker.add(row, field.name, finding.code, **dict(finding.fields))


def _cell_problems(field: Field, value: str, config: dict[str, Any], images_dir: Path) -> Iterator[Found]:
    if value == "":
        if field.required:
            yield found("required", title=field.title) if field.title else found("required.untitled")
        return
    if "\ufffd" in value:
        return  # reported once per file as an encoding problem
    if value[0] in FORMULA_START and not (field.type in ("integer", "number") and NUMBER.match(value)):
        yield found("formula", first=value[0])
        return
    if _is_mojibake(value):
        yield found("mojibake")
        return
    control = CONTROL.search(value)
    if control:
        yield found("control", codepoint=ord(control.group()), position=control.start() + 1)
        return
    yield from _type_problems(field, value)
    yield from _constraint_problems(field, value, config)
    yield from _rule_problems(field, value, images_dir)


def _is_mojibake(value: str) -> bool:
    """True when value contains UTF-8 bytes that were shown as Windows-1252 characters."""
    for run in re.findall(
        r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]{2,}", value
    ):
        encoded = bytearray()
        for ch in run:
            try:
                encoded += ch.encode("cp1252")
            except UnicodeEncodeError:
                encoded += ch.encode("latin-1", errors="replace")
        if MOJIBAKE_BYTES.search(bytes(encoded)):
            return True
    return False


def _type_problems(field: Field, value: str) -> Iterator[Found]:
    if field.type == "integer":
        amount = CURRENCY.sub("", value)
        if amount != value and (INTEGER.match(amount) or THOUSANDS.match(amount)):
            yield found("currency", value=value, plain=re.sub(r"[.,\s]", "", amount))
        elif THOUSANDS.match(value) and not INTEGER.match(value):
            yield found("thousands.integer", value=value, plain=re.sub(r"[.,\s]", "", value))
        elif not INTEGER.match(value):
            yield found("type.integer", value=value)
    elif field.type == "number":
        if DECIMAL_COMMA.match(value):
            yield found("decimal-comma", value=value, fixed=value.replace(",", "."))
        elif THOUSANDS.match(value) and not NUMBER.match(value):
            yield found("thousands.number", value=value, plain=re.sub(r"[.,\s]", "", value))
        elif not NUMBER.match(value):
            yield found("type.number", value=value)
    elif field.type == "date":
        yield from _date_problems(value, field)
    elif field.type == "year" and not re.fullmatch(r"(19|20)\d\d", value):
        yield found("year", value=value)


def _constraint_problems(field: Field, value: str, config: dict[str, Any]) -> Iterator[Found]:
    if field.enum and not any(same_text(member, value) for member in field.enum):
        yield found("enum", value=value, allowed=", ".join(f"“{m}”" for m in field.enum))
    if field.pattern and not re.fullmatch(field.pattern, value):
        if field.pattern == SLUG.pattern:
            yield found("slug", value=value, example=_suggest_slug(value))
        elif field.rule == "year-or-date" and _day_month_year(value):
            yield from _date_problems(value, field)  # offers the date written year-month-day
        elif field.rule == "year-or-date":
            yield found("pattern.year-or-date", value=value)
        elif field.name == "period":
            yield found("pattern.period", value=value)
        else:
            yield found("pattern", value=value, pattern=field.pattern)
    if field.rule == "year-or-date":
        if re.fullmatch(r"\d{4}", value) and not FIRST_YEAR <= int(value) <= LAST_YEAR:
            yield found("date-range.year", value=value, first=FIRST_YEAR, last=LAST_YEAR)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            yield from _date_problems(value, field)
    if field.max_length and len(value) > field.max_length:
        yield found("too-long", start=value[:40], length=len(value), limit=field.max_length)
    if field.type in ("integer", "number") and NUMBER.match(value):
        number = float(value)
        if field.minimum is not None and number < field.minimum:
            if field.minimum == 0:
                yield found("minimum", value=value)
            else:
                yield found("minimum.range", value=value, minimum=field.minimum, maximum=field.maximum)
        if field.maximum is not None and number > field.maximum:
            yield found("maximum", value=value, minimum=field.minimum, maximum=field.maximum)
    if field.keys:
        keys = config.get(field.keys) or {}
        if value not in keys:
            yield found("key", value=value, keys=field.keys, allowed=", ".join(keys))


def _rule_problems(field: Field, value: str, images_dir: Path) -> Iterator[Found]:
    if field.format == "uri" and not _is_web_link(value, https_only=field.rule == "https"):
        yield found("link.https", value=value[:80]) if field.rule == "https" else found("link", value=value[:80])
    elif field.format == "email" and not EMAIL.match(value):
        yield found("email", value=value)
    if field.rule == "phone" and not PHONE.match(phone_digits(value)):
        yield found("phone", value=value)
    elif field.rule == "photo":
        if not PHOTO_NAME.match(value):
            yield found("photo.name", value=value)
        elif (images_dir / value).is_symlink() or not _inside(images_dir / value, images_dir):
            yield found("photo.symlink", value=value)
        elif not (images_dir / value).is_file():
            yield found("photo.missing", value=value)
        elif not _is_image(images_dir / value):
            yield found("photo.broken", value=value)
    elif field.rule == "ids":
        for old in split_list(value):
            if not SLUG.match(old):
                yield found("slug.former-id", value=old)
            elif len(old) > MAX_ID:
                yield found("too-long.former-id", start=old[:40], limit=MAX_ID)
    elif field.rule == "scope":
        for item in split_list(value):
            if not any(same_text(item, scope) for scope in SCOPES):
                yield found("scope", item=item)
    elif field.rule == "markdown":
        yield from _markdown_problems(value)


def _inside(path: Path, folder: Path) -> bool:
    return folder.resolve() in path.resolve().parents


def _is_image(path: Path) -> bool:
    """The file decodes, to its last pixel, as a JPEG, PNG or WebP picture."""
    return _decodes(hashlib.sha256(path.read_bytes()).hexdigest(), path)


@functools.lru_cache(maxsize=4096)
def _decodes(digest: str, path: Path) -> bool:
    """Decoded once per content (digest): a truncated file can pass Image.verify(). A JPEG is
    decoded at 1/8 scale: every byte is still read, so a cut or broken file still fails, for a
    quarter of the work."""
    try:
        with Image.open(path) as image:
            image.draft(image.mode, (1, 1))
            image.load()
            return image.format in photo_formats.FORMATS
    except Exception:  # noqa: BLE001 - any failure to read means a broken file for staff
        return False


def _markdown_problems(value: str) -> Iterator[Found]:
    if HTML_TAG.search(value):
        yield found("html")
    targets = MARKDOWN_LINK.findall(value) + MARKDOWN_AUTOLINK.findall(value)
    for target in targets:
        if not _is_web_link(target, https_only=False):
            yield found("link.markdown", target=target[:60])


def _is_web_link(value: str, https_only: bool) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    schemes = ("https",) if https_only else ("https", "http")
    return parts.scheme in schemes and bool(parts.hostname) and not re.search(r"[\s<>\"']", value)


def _suggest_slug(value: str) -> str:
    return slugify(value) or "ten-khong-dau"


def _date_problems(value: str, field: Field) -> Iterator[Found]:
    """A date must be written year-month-day, exist, and lie within the field's bounds
    (datapackage.json: constraints minimum and maximum), by default the years the portal shows."""
    date = parse_date(value)
    first = str(field.minimum) if isinstance(field.minimum, str) else f"{FIRST_YEAR}-01-01"
    last = str(field.maximum) if isinstance(field.maximum, str) else f"{LAST_YEAR}-12-31"
    if date is None:
        typed = _day_month_year(value)
        if typed:
            yield found("date.day-month-year", value=value, fixed=typed)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            yield found("date.impossible", value=value)
        else:
            yield found("date", value=value)
    elif not first <= value <= last:
        yield found("date-range", value=value, first=first, last=last)


def _day_month_year(value: str) -> str | None:
    """26/08/2024 or 26-8-2024 as 2024-08-26, when that date exists."""
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# --- keys --------------------------------------------------------------------------------


def _check_keys(checker: Checker) -> None:
    """Primary keys (single or composite) must be unique; 'unique' columns too."""
    table, resource = checker.table, checker.table.resource
    key_sets = [resource.primary_key] + [(f.name,) for f in resource.fields if f.unique]
    done: set[tuple[str, ...]] = set()
    required = set(resource.required)
    for key in key_sets:
        # An optional key column may be missing or empty (an indicator of the whole portal has
        # no commune): the key is then the other columns, and empty is a value like any other.
        key = tuple(k for k in key if k in required or table.has(k))
        if not key or key in done or not all(table.has(k) for k in key):
            continue
        done.add(key)
        first_line: dict[tuple[str, ...], int] = {}
        for row in table.rows:
            value = tuple(row.get(k) for k in key)
            if any(v == "" for k, v in zip(key, value, strict=True) if k in required or len(key) == 1):
                continue
            if value in first_line:
                column = key[-1] if len(key) == 1 else "*"
                checker.add(row, column, "duplicate", key=", ".join(value), line=first_line[value])
            else:
                first_line[value] = row.line


def _check_foreign_keys(package: Package, tables: dict[str, Table], checkers: dict[str, Checker]) -> None:
    for name, table in tables.items():
        for fk in table.resource.foreign_keys:
            target = tables.get(fk.resource)
            if target is None or not all(table.has(f) for f in fk.fields):
                continue
            existing = {tuple(row.get(f) for f in fk.reference) for row in target.rows}
            target_file = package.resources[fk.resource].path
            for row in table.rows:
                value = tuple(row.get(f) for f in fk.fields)
                if all(value) and value not in existing:
                    finding = _unknown_key(value, target, target_file, fk.reference)
                    checkers[name].add(row, fk.fields[-1], finding.code, **dict(finding.fields))


def _unknown_key(value: tuple[str, ...], target: Table, target_file: str, reference: tuple[str, ...]) -> Found:
    """Say what a reference that matches no row most likely meant, with the value to write."""
    shown = ", ".join(value)
    unknown = say("foreign-key.unknown", value=shown, file=target_file, columns=", ".join(reference))
    if len(value) == 1 and target.has("former_ids"):
        for row in target.rows:
            if value[0] in split_list(row.get("former_ids")):
                return found("foreign-key.renamed", unknown=unknown, new=row.get("id"), line=row.line, file=target_file)
    if len(value) == 1 and target.has("name"):
        names = {_name_key(row.get("name")): row for row in target.rows}
        match = names.get(_name_key(value[0]))
        if match:
            return found("foreign-key.name", unknown=unknown, value=value[0], key=match.get(reference[0]))
    if target.resource.name == "communes":
        codes = ", ".join(row.get("code") for row in target.rows)
        return found("foreign-key.commune", unknown=unknown, file=target_file, codes=codes)
    return found("foreign-key", unknown=unknown, file=target_file)


def _name_key(name: str) -> str:
    """A name as staff might type it: no case, no marks, without “xã”, “thị trấn”, “phường”."""
    return re.sub(r"^(xa|thi tran|phuong)\s+", "", " ".join(fold(name).split()))


# --- rules that are not types --------------------------------------------------------------


def _int(value: str) -> int | None:
    return int(value) if INTEGER.match(value) else None


def _check_rules(tables: dict[str, Table], checkers: dict[str, Checker], config: dict[str, Any]) -> None:
    for name in ("cooperatives", "cooperative_years"):
        if name in tables:
            _check_member_counts(checkers[name])
    if "communes" in tables:
        _check_successors(checkers["communes"])
    consents = _consents(tables.get("consents"))
    if "cooperatives" in tables:
        _check_people(checkers["cooperatives"], consents, "manager_name", "manager_consent", always=True)
    if "models" in tables:
        _check_people(checkers["models"], consents, "name", "consent", always=False)
    if "consents" in tables:
        _check_consent_dates(checkers["consents"])
    for name in ("cooperatives", "products", "models"):
        if name in tables:
            _check_former_ids(checkers[name])
    if "cooperatives" in tables and "communes" in tables:
        _check_contacts(checkers["cooperatives"], tables["communes"], config)
    if "indicators" in tables:
        _check_indicator_values(checkers["indicators"], config)


def _check_member_counts(checker: Checker) -> None:
    for row in checker.table.rows:
        total, female = _int(row.get("members_total")), _int(row.get("members_female"))
        if total is not None and female is not None and female > total:
            checker.add(row, "members_female", "members", female=female, total=total)
        managers, trained = _int(row.get("women_managers")), _int(row.get("women_managers_trained"))
        if managers is not None and trained is not None and trained > managers:
            checker.add(row, "women_managers_trained", "managers", trained=trained, managers=managers)


def _check_successors(checker: Checker) -> None:
    rows = {row.get("code"): row for row in checker.table.rows}
    for row in checker.table.rows:
        successor = row.get("successor")
        if not successor or successor not in rows:
            continue
        if successor == row.get("code"):
            checker.add(row, "successor", "successor.self")
        elif rows[successor].get("successor"):
            checker.add(row, "successor", "successor.merged", successor=successor)


def _check_contacts(checker: Checker, communes: Table, config: dict[str, Any]) -> None:
    """Every page that sells reaches someone (generator/contact.py): the group's own phone or
    Zalo, else its commune's Women's Union's, else the publisher's. A group with none of them
    is reported at its phone cell, naming the commune row that can fix it too."""
    if phone_digits(str((config.get("publisher") or {}).get("phone") or "")):
        return
    rows = {row.get("code"): row for row in communes.rows}

    def current(code: str) -> Row | None:
        row = rows.get(code)
        return rows.get(row.get("successor")) if row is not None and row.get("successor") else row

    for row in checker.table.rows:
        active = same_text(row.get("status"), "hoạt động")
        if active and (row.get("phone") or row.get("zalo")):
            continue
        commune = current(row.get("commune"))
        if commune is None or commune.get("union_phone") or commune.get("union_zalo"):
            continue  # an unknown commune is reported as such
        name = commune.get("union_name") or f"Hội LHPN {commune.get('kind')} {commune.get('name')}"
        checker.add(row, "phone", "contact.none", file=Path(communes.path).name, line=commune.line, union=name)


def _consents(table: Table | None) -> dict[str, Row]:
    return {row.get("id"): row for row in table.rows} if table else {}


def _scopes(row: Row) -> set[str]:
    scopes = set()
    for item in split_list(row.get("scope")):
        scopes.update(scope for scope in SCOPES if same_text(scope, item))
    return scopes


def _check_people(checker: Checker, consents: dict[str, Row], name_col: str, consent_col: str, always: bool) -> None:
    """A person's name or photo is published only with a matching, unwithdrawn consent."""
    table = checker.table
    for row in table.rows:
        is_person = always or same_text(row.get("kind"), "cá nhân")
        name = row.get(name_col)
        if not is_person or not name:
            continue
        ref = row.get(consent_col)
        needed = {"tên"} | ({"ảnh"} if row.get("photo") and not always else set())
        if always and (row.get("phone") or row.get("zalo")):
            needed |= {"điện thoại"}  # a row that names its manager publishes her number
        if not ref:
            column = consent_col if table.has(consent_col) else name_col
            checker.add(row, column, "consent", name=name, column=consent_col)
            continue
        consent = consents.get(ref)
        if consent is None:
            continue  # reported as an unknown reference
        if consent.get("withdrawn"):
            if always:
                remove = say("consent-withdrawn.manager", column=name_col)
            elif row.get("photo"):
                remove = say("consent-withdrawn.model-photo", photo=row.get("photo"))
            else:
                remove = say("consent-withdrawn.model")
            checker.add(row, consent_col, "consent-withdrawn", ref=ref, date=consent.get("withdrawn"), remove=remove)
            continue
        if not same_text(consent.get("person_name"), name):
            checker.add(row, name_col, "consent-name", name=name, ref=ref, signed_name=consent.get("person_name"))
        missing = sorted(needed - _scopes(consent))
        if missing:
            checker.add(row, consent_col, "consent-scope", ref=ref, missing=", ".join(missing))


def _check_consent_dates(checker: Checker) -> None:
    for row in checker.table.rows:
        signed, withdrawn = parse_date(row.get("signed")), parse_date(row.get("withdrawn"))
        if signed and withdrawn and withdrawn < signed:
            checker.add(row, "withdrawn", "consent-date")


def _check_former_ids(checker: Checker) -> None:
    """Old ids keep redirecting: they may not be a current id or belong to two rows."""
    table = checker.table
    if not table.has("former_ids"):
        return
    current = {row.get("id"): row.line for row in table.rows}
    owner: dict[str, int] = {}
    for row in table.rows:
        for old in split_list(row.get("former_ids")):
            if old in current:
                checker.add(row, "former_ids", "former-id.current", old=old, line=current[old])
            elif old in owner and owner[old] != row.line:
                checker.add(row, "former_ids", "former-id.twice", old=old, line=owner[old])
            owner.setdefault(old, row.line)


def _check_indicator_values(checker: Checker, config: dict[str, Any]) -> None:
    targets = config.get("targets") or {}
    for row in checker.table.rows:
        target = targets.get(row.get("indicator"))
        value = row.get("value")
        if target and target.get("unit") == "%" and NUMBER.match(value) and float(value) > 100:
            checker.add(row, "value", "percent", value=value)
        if target and target.get("derive"):
            checker.add(row, "indicator", "derived", indicator=row.get("indicator"))
