"""The report's periods (YYYY, YYYY-H1, YYYY-H2) and the errors of the command's arguments."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import model
from .messages import say
from .text import format_date

PERIOD = re.compile(r"(?P<year>\d{4})(?:-(?P<half>H[12]))?")


class ReportError(Exception):
    """A problem with the command's arguments or the Word template, as located messages."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Period:
    """A reporting period: a year, or one of its halves."""

    year: int
    half: int | None

    @property
    def code(self) -> str:
        return f"{self.year}-H{self.half}" if self.half else str(self.year)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> dt.date:
        return model.period_end(self.code)

    @property
    def label(self) -> str:
        """'6 tháng đầu năm 2025', '6 tháng cuối năm 2025', 'năm 2025'."""
        if self.half:
            return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"
        return f"năm {self.year}"

    @property
    def next_label(self) -> str:
        return {1: f"6 tháng cuối năm {self.year}", 2: f"năm {self.year + 1}", None: f"năm {self.year + 1}"}[self.half]

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def parse_period(text: str, plan_year: int, today: dt.date) -> Period:
    """The period named on the command line, or a ReportError saying how to write it."""
    match = PERIOD.fullmatch(text.strip())
    if not match:
        raise ReportError([say("report.period", period=text)])
    period = Period(int(match["year"]), int(match["half"][1]) if match["half"] else None)
    if period.year < plan_year:
        raise ReportError([say("report.period-before-plan", period=text, year=plan_year)])
    if period.start > today:
        start, now = format_date(period.start), format_date(today)
        raise ReportError([say("report.period-future", period=text, start=start, today=now)])
    return period
