#!/usr/bin/env python3
"""A hive-style partitioned Parquet folder in ../shared/bench/gen_tidy.py's layout (daily rows of
city, country, indicator, date, value, unit; the city list widened with numbered cities until a
city and indicator hold at most ten years of days), written straight to Parquet without a CSV:
DIR/indicator=NAME/year=YYYY/part-0.parquet holding city, country, date (a Parquet date), value,
unit. Synthetic values (a level per city and indicator, a season, noise), not real figures.

usage: gen_lake.py ROWS DIR
"""
import datetime
import os
import sys

import numpy as np
import polars as pl

CITIES = [("Astana", "Kazakhstan"), ("Almaty", "Kazakhstan"), ("Shymkent", "Kazakhstan"),
          ("Tashkent", "Uzbekistan"), ("Samarkand", "Uzbekistan"), ("Bishkek", "Kyrgyzstan"),
          ("Dushanbe", "Tajikistan"), ("Ashgabat", "Turkmenistan"), ("Baku", "Azerbaijan"),
          ("Tbilisi", "Georgia"), ("Yerevan", "Armenia"), ("Tehran", "Iran"),
          ("Istanbul", "Turkey"), ("Ankara", "Turkey"), ("Xi'an", "China"), ("Urumqi", "China"),
          ("Lanzhou", "China"), ("Kashgar", "China"), ("Ulaanbaatar", "Mongolia"),
          ("Dubai", "United Arab Emirates")]
INDICATORS = [("pm25", "µg/m³", 35), ("pm10", "µg/m³", 60), ("no2", "µg/m³", 30),
              ("energy_kwh_per_capita", "kWh", 15), ("renewable_share", "%", 12),
              ("recycling_rate", "%", 20), ("msw_kg_per_capita", "kg", 1.1)]


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    rnd = np.random.default_rng(42)
    # As gen_tidy.py: widen the city list while a city and indicator would hold more than
    # ten years of days.
    per = max(1, rows // (len(CITIES) * len(INDICATORS)))
    extra = 0
    while per > 3650:
        extra += len(CITIES)
        per = max(1, rows // ((len(CITIES) + extra) * len(INDICATORS)))
    cities = CITIES + [(f"{c} {i // len(CITIES) + 2}", k)
                       for i, (c, k) in enumerate(CITIES * (extra // len(CITIES)))]
    names = np.array([c for c, _ in cities], dtype=object)
    countries = np.array([k for _, k in cities], dtype=object)
    start = datetime.date(2015, 1, 1)
    days = np.arange(per)
    dates = np.datetime64(start) + days
    years = dates.astype("datetime64[Y]").astype(int) + 1970
    yday = (dates - dates.astype("datetime64[Y]")).astype(int) + 1
    season = 1 + 0.3 * np.cos(2 * np.pi * yday / 365.0)
    written = 0
    for name, unit, base in INDICATORS:
        levels = base * (0.5 + rnd.random(len(cities)))
        for year in np.unique(years):
            mask = years == year
            n_days = int(mask.sum())
            noise = 0.8 + 0.4 * rnd.random((len(cities), n_days))
            values = (levels[:, None] * season[mask][None, :] * noise).ravel()
            frame = pl.DataFrame({
                "city": pl.Series(np.repeat(names, n_days), dtype=pl.String),
                "country": pl.Series(np.repeat(countries, n_days), dtype=pl.String),
                "date": np.tile(dates[mask], len(cities)).astype("datetime64[D]"),
                "value": np.round(values, 3),
                "unit": pl.Series([unit]).repeat_by(len(values)).explode(),
            }).with_columns(pl.col("date").cast(pl.Date))
            part = os.path.join(out, f"indicator={name}", f"year={year}")
            os.makedirs(part, exist_ok=True)
            frame.write_parquet(os.path.join(part, "part-0.parquet"))
            written += frame.height
    print(f"{written} rows, {len(cities)} cities, {len(INDICATORS)} indicators -> {out}")


if __name__ == "__main__":
    main()
