#!/usr/bin/python3
"""Golden vectors for Cobranza.Core.Calendars from QuantLib 1.29 (the Debian python3-quantlib bindings).

Run from the repository root:  /usr/bin/python3 tests/Cobranza.Core.Tests/GoldenVectors/generate_calendars.py

Writes, next to this script:
  calendars_quantlib_holidays.csv  calendar,date          every weekday holiday QuantLib reports, 2000-2050
  calendars_quantlib_adjust.csv    calendar,date,convention,expected
  calendars_quantlib_advance.csv   calendar,date,n,expected   (n business days, n != 0)

The adjust/advance vectors are checked in the tests against a calendar built from QuantLib's own holiday list, so
they test the conventions engine, not the holiday data. The holiday list is compared with the built-in calendars
with an explicit, commented exception list (the law wins where QuantLib differs).
Deterministic: seeded random.Random(20240601).
"""
import csv
import os
import random

import QuantLib as ql

assert ql.__version__.startswith("1.29"), ql.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
FIRST_YEAR, LAST_YEAR = 2000, 2050

CALENDARS = {
    "TARGET2": ql.TARGET(),
    "GB": ql.UnitedKingdom(ql.UnitedKingdom.Settlement),
    "US": ql.UnitedStates(ql.UnitedStates.Settlement),
    "DE": ql.Germany(ql.Germany.Settlement),
    "FR": ql.France(ql.France.Settlement),
    "IT": ql.Italy(ql.Italy.Settlement),
    "BR": ql.Brazil(ql.Brazil.Settlement),
    "AR": ql.Argentina(ql.Argentina.Merval),
    "MX": ql.Mexico(ql.Mexico.BMV),
    "CL": ql.Chile(ql.Chile.SSE),
}

CONVENTIONS = {
    "Unadjusted": ql.Unadjusted,
    "Following": ql.Following,
    "ModifiedFollowing": ql.ModifiedFollowing,
    "Preceding": ql.Preceding,
    "ModifiedPreceding": ql.ModifiedPreceding,
    "Nearest": ql.Nearest,
}


def iso(d):
    return "%04d-%02d-%02d" % (d.year(), d.month(), d.dayOfMonth())


def main():
    rng = random.Random(20240601)
    start = ql.Date(1, 1, FIRST_YEAR)
    end = ql.Date(31, 12, LAST_YEAR)
    # Sample dates away from the range edges so that every adjustment stays inside the range.
    lo = ql.Date(1, 3, FIRST_YEAR).serialNumber()
    hi = ql.Date(31, 10, LAST_YEAR).serialNumber()

    with open(os.path.join(HERE, "calendars_quantlib_holidays.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["calendar", "date"])
        for cid, cal in CALENDARS.items():
            for d in cal.holidayList(start, end, False):
                w.writerow([cid, iso(d)])

    with open(os.path.join(HERE, "calendars_quantlib_adjust.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["calendar", "date", "convention", "expected"])
        for cid, cal in CALENDARS.items():
            dates = []
            # Half the sample is non-business days, where the conventions differ.
            while len(dates) < 150:
                d = ql.Date(rng.randint(lo, hi))
                if not cal.isBusinessDay(d):
                    dates.append(d)
            dates += [ql.Date(rng.randint(lo, hi)) for _ in range(150)]
            for d in dates:
                for name, conv in CONVENTIONS.items():
                    w.writerow([cid, iso(d), name, iso(cal.adjust(d, conv))])

    with open(os.path.join(HERE, "calendars_quantlib_advance.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["calendar", "date", "n", "expected"])
        for cid, cal in CALENDARS.items():
            for _ in range(300):
                d = ql.Date(rng.randint(lo, hi))
                n = 0
                while n == 0:
                    n = rng.randint(-40, 40)
                w.writerow([cid, iso(d), n, iso(cal.advance(d, n, ql.Days))])


if __name__ == "__main__":
    main()
