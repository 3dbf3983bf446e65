# citydash — English messages (the reference language: every id here must exist in ru.ftl and
# kk.ftl with the same arguments). A `$name-text` argument is the number `$name` written with
# the language's digit grouping; selectors use `$name` itself.

## Names and lists inside charts

indicator = { $name }
place = { $name }
place-year-indicator = { $place } { $year } ({ $indicator })
place-country = { $name } (country)
note-countries = Country-level values next to city values: { $places }
note-regions = Regional values next to city values: { $places }
place-year = { $name } ({ $year })
place-undated = { $name } (year not given)
year-not-given = year not given
unit = { $unit }
places = { $places }
places-and-more = { $places } and { $count-text } more
no-city = no city
any-city = any city
any-year = any year
years-from = { $year } onwards
years-to = up to { $year }
and-n-more = and { $count-text } more

## Units of the catalog

unit-ugm3 = µg/m³
unit-kg-person-year = kg/person/year
unit-kwh-person-year = kWh/person/year
unit-t-year = t/year

## Themes

theme-air = Air quality
theme-energy = Energy
theme-waste = Waste
theme-other = Other

## Chart titles, subtitles, axes and notes

select-a-city = Select at least one city
no-data-for-in = No { $indicator } data for { $places } in { $years }
no-data-for = No { $indicator } data for { $places }
no-data-near = No { $indicator } data within { $count-text } years of { $year }
no-data-these-cities = No data for these cities
note-sample = Synthetic sample data bundled with citydash: not real figures
note-not-shown = Not shown, no data: { $places }
note-compare-no-year = Not shown, no value of the year compared: { $indicators }
note-compare-no-common-year = Not shown, no year all the cities have: { $indicators }
note-other-unit = Not drawn, given in { $unit } (the chart is in { $chart-unit }): { $places }
note-undated = { $count ->
    [one] Not drawn, no date given: { $count-text } value ({ $places })
   *[other] Not drawn, no date given: { $count-text } values ({ $places })
}
note-not-shown-near = Not shown, no data within { $count-text } years of { $year }: { $places }
note-log-dropped = { $count ->
    [one] { $count-text } zero or negative value left out of the log scale
   *[other] { $count-text } zero or negative values left out of the log scale
}
base-each-first-year = each city's first year
relative-index = relative to { $base } = 100
relative-change = % change since { $base }
axis-index = index, { $base } = 100
axis-log = { $unit } (log scale)
log-scale = log scale
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec
reference-daily = WHO 2021 24-hour guideline
no-common-base = No year that every selected city has a value for: choose a base year
note-low-coverage-year = { $count ->
    [one] Hollow marker: { $count-text } annual mean covers less than { $percent } % of its year
   *[other] Hollow markers: { $count-text } annual means cover less than { $percent } % of their year
}
note-low-coverage-month = { $count ->
    [one] Hollow marker: { $count-text } mean covers less than { $percent } % of its period
   *[other] Hollow markers: { $count-text } means cover less than { $percent } % of their period
}
note-no-base = Not shown, no value in the base year { $year }: { $places }
note-blended = Averaged from several sources: { $which }
note-stations = Means of several stations (each station's mean first, up to { $count } per city): { $places }
note-row-cap = Incomplete data: only the first { $count } rows of { $source } were read (row cap); values may be missing
note-row-cap-means = Incomplete data: only the first { $count } means of { $source } were read (row cap; one mean a place, indicator and period); values may be missing
note-disagree = Sources disagree (up to ×{ $factor }): { $which }
annual-means = annual means
monthly-means = monthly means
daily-means = daily means
ranking-colours = green: meets the WHO guideline of { $value } { $unit }, orange: exceeds it
ranking-other-years = (year) marks a value from the nearest year with data
ranking-undated = (year not given) marks a value the data gives no year for
legend-meets = meets the WHO guideline
legend-exceeds = exceeds it
legend-exceeds-guideline = exceeds the WHO guideline
guideline-label = WHO guideline: { $value } { $unit }
reference-guideline = WHO 2021 guideline
reference-interim = WHO interim target { $number }
compare-too-few = Select 2 to { $count-text } cities to compare them side by side
compare-side-by-side = Compare side by side
compare-more-rows = … and { $count-text } more { $count ->
    [one] indicator
   *[other] indicators
}, not drawn for lack of room (all are in the CSV; a taller figure shows them)
compare-no-trends = Trend lines not drawn for lack of room (a taller figure shows them)
compare-title = { $places } compared
compare-latest = latest value of each city
compare-common = latest year all cities have, per indicator
compare-year = values of { $year }
note-compare-other-years = { $count ->
    [one] * { $count-text } value is from an earlier year than its row's; it is not compared for the best
   *[other] * { $count-text } values are from earlier years than their row's; they are not compared for the best
}
note-compare-undated = { $count ->
    [one] * { $count-text } value has no year in the data: marked (year not given); it is not compared for the best
   *[other] * { $count-text } values have no year in the data: marked (year not given); they are not compared for the best
}
compare-reference = Reference city
compare-values = Values
compare-values-latest = latest
compare-values-common = latest common year
compare-values-year = year
compare-subtitle = difference to { $place }, the reference city · best value of the row's year in green · trend
note-compare-first = Showing the first { $shown-text } of { $count-text } selected cities
indicator-column = Indicator
better-arrows = ↓ lower is better, ↑ higher is better
no-data = no data
value-best = { $value } · best
difference-vs = { $difference } vs { $place }
multiples-title = { $theme } indicators
multiples-none = No { $theme } indicators in the open data
multiples-none-for = No { $theme } data for { $places }
multiples-subtitle = each panel has its own axis and unit
observations = Observations
table-as-csv = { $count ->
    [one] { $count-text } row: the table exports as CSV
   *[other] { $count-text } rows: the table exports as CSV
}
sample-source = citydash synthetic sample (not real data)
footer-source = Source: { $source }
made-with = made with citydash

## Counts

n-cities = { $count ->
    [one] { $count-text } city
   *[other] { $count-text } cities
}
n-observations = { $count ->
    [one] { $count-text } observation
   *[other] { $count-text } observations
}

## Top bar and File menu

menu-file = File
menu-open = Open…
menu-open-recent = Open recent
no-recent-files = No recent files
menu-open-url = Open URL…
menu-connect-db = Connect to database…
db-title = Connect to database
db-host = Host
db-port = Port
db-database = Database
db-user = User
db-table = Table or view
db-sslmode = TLS (sslmode)
db-rootcert = Trusted certificate
db-rootcert-hint = PEM file (optional)
db-password-note = The password comes from PGPASSWORD or ~/.pgpass; citydash never stores it.
db-connect = Connect
refresh-button = Refresh
refresh-hover = Query the database again (its results are kept for an hour, or as the address's cache_ttl says)
menu-world-bank = World Bank…
menu-open-samples = Open sample data
menu-close = Close
menu-close-all = Close all
menu-clear-cache = Clear download cache
menu-export = Export chart, data or spec…
menu-quit = Quit
path-label = Path:
path-hint = file, folder, http(s) URL or postgresql://…
open-button = Open
view-over-time = Over time
view-ranking = Ranking
view-compare = Compare
view-multiples = Small multiples
view-table = Table
view-sources = Sources
dark-theme = Dark
reset-view = Reset view
language-hover = Language of the window and of exported figures
export-button = Export…
export-hover = PNG figure, CSV data or chart spec (Ctrl+E)
filter-data-files = Data files
filter-all-files = All files
no-file-dialog = No file dialog on this system (no desktop portal or zenity): type a path in the path field, or drop files onto the window

## Status bar and notices

cancel = Cancel
loading-cancelled = Loading cancelled
combining = Combining datasets…
cities-drawn = { $drawn-text } of { $count ->
    [one] { $count-text } selected city drawn
   *[other] { $count-text } selected cities drawn
}
cities-selected = { $count ->
    [one] { $count-text } city selected
   *[other] { $count-text } cities selected
}
status-counts = { $datasets ->
    [one] { $datasets-text } dataset
   *[other] { $datasets-text } datasets
} · { $observations ->
    [one] { $observations-text } observation
   *[other] { $observations-text } observations
} · { $cities } · { $places ->
    [one] { $places-text } place
   *[other] { $places-text } places
}
warnings-badge = { $count ->
    [one] ⚠ { $count-text } warning
   *[other] ⚠ { $count-text } warnings
}
warnings-hover = Rows skipped or values in conflict: see Sources
notices-button = Notices ({ $count-text })
notices-button-errors = Notices ({ $count-text }, { $errors ->
    [one] { $errors-text } error
   *[other] { $errors-text } errors
})
notices-title = Notices ({ $count-text })
no-notices = No notices
seconds-ago = { $count-text } s ago
clear = Clear
downloading-of = Downloading { $name }: { $received } of { $total } ({ $rate }/s)
downloading = Downloading { $name }: { $received } ({ $rate }/s)
fetching = Fetching { $name } ({ $seconds } s)
connecting = Connecting to { $name } ({ $seconds } s)
loading-file = Loading { $name } ({ $seconds } s)
reading-of = Reading { $name }: { $read } of { $total }, { $rows } rows
opened = Opened { $name }: { $count ->
    [one] { $count-text } observation
   *[other] { $count-text } observations
}
opened-warnings = Opened { $name }: { $count ->
    [one] { $count-text } observation
   *[other] { $count-text } observations
}, { $warnings ->
    [one] { $warnings-text } warning
   *[other] { $warnings-text } warnings
} — see Sources
closed = Closed { $name }
cache-cleared = { $count ->
    [one] Removed { $count-text } cached file
   *[other] Removed { $count-text } cached files
}
no-cache-dir = No cache directory on this system
cache-clear-failed = { $dir }: cannot clear: { $error }

## Views

updating = Updating…
asking-server = Asking the database for this view…
view-cancelled = Cancelled: the server stopped the query for this view.
retry = Retry
no-data-open = No data open. Use File → Open, the path field, or drop files onto the window.
no-data-open-short = No data open
theme-label = Theme:
filter-label = Filter:
filter-hint = any text in a row
n-of-rows = { $shown-text } of { $count ->
    [one] { $count-text } row
   *[other] { $count-text } rows
}
column-place = place
column-country = country
column-indicator = indicator
column-time = time
column-value = value
column-unit = unit
column-source = source
column-station = station

## Sidebar

indicator-search-hint = Search indicators (any language)
indicator-heading = Indicator
cities-heading = Cities
n-of-total = { $count-text } of { $total-text }
n-of-total-absent = { $count-text } of { $total-text } · { $absent-text } not in the data
city-search-hint = Search (any name, Ctrl+F)
select-all = All
undated-year-none = The file gives no year: its values are drawn only where marked "year not given". Their year:
undated-year-given = The file gives no year; its values are given { $year }. Their year:
undated-year-apply = Apply
undated-year-hover = Load the file again with every value given this year (--year on the command line)
place-kind-regions = Regions
select-none = None
no-data-open-yet = No data open yet
lower-is-better = lower is better
higher-is-better = higher is better
no-data-for-selection = No data for the selected cities
other-indicators = Other indicators in the data ({ $count-text })
years-heading = Years
from = From
to = to
years-label = Years { $years }
all-years = All years
latest-year = Latest year
options-heading = Options
log-axis = Logarithmic axis
values = Values
index-100 = Index = 100
percent-change = % change
min-coverage = Full value from
min-coverage-hover = Means covering less of their year (or month) are drawn hollow and named under the chart
base-year = Base year
base-year-fixed = fixed
interim-targets = WHO interim targets
sub-annual-per = Sub-annual data per
per-year = year
per-month = month
per-day = day

## Sources view

synthetic-sample = synthetic sample
use-in-charts = use in charts
use-in-charts-hover = Untick to leave this dataset out of every chart (it stays open)
disagreements-header = Sources disagree ({ $count-text })
disagreement-row = { $place }, { $indicator }, { $year }: the sources differ by a factor of { $factor }
close-dataset = Close this dataset
map-columns-button = Map columns…
map-columns-hover = Say which column is the place, time, value…, and open again
details = Details
badge-skipped = ⚠ { $count-text } skipped
badge-conflicts = { $count ->
    [one] ⚠ { $count-text } conflict
   *[other] ⚠ { $count-text } conflicts
}
badge-both = ⚠ { $skipped-text } skipped, { $count ->
    [one] { $count-text } conflict
   *[other] { $count-text } conflicts
}
conflicts-header = Conflicts ({ $count-text })
skipped-header = Skipped rows ({ $count-text })
skipped-row = row { $row-text }, column “{ $column }”, value “{ $value }”: { $reason }
source-format = Format
format-database = database table
source-layout = Layout
source-encoding = Encoding
source-delimiter = Delimiter
source-sheet = Sheet
source-columns = Columns
source-observations = Observations
source-time = Time
source-indicators = Indicators
source-conflicts = Conflicts
source-skipped = Skipped
source-missing = Without a value
n-cells = { $count ->
    [one] { $count-text } cell
   *[other] { $count-text } cells
}
missing-header = Cells without a value ({ $count-text })
missing-hint = Empty, or marked missing (such as n/a): missing data, not errors; left out of the charts.
missing-row = row { $row-text }, column “{ $column }”
source-duplicates = Repeated values
n-repeated-rows = { $count ->
    [one] { $count-text } value repeats an earlier row's exactly: kept once
   *[other] { $count-text } values repeat earlier rows' exactly: kept once
}
decimal-comma = decimal comma
n-annual-means = { $count-text } annual means of { $readings-text } readings, computed where the data lies
n-from-rows = { $count-text } from { $rows ->
    [one] { $rows-text } row
   *[other] { $rows-text } rows
}
n-kept = { $count-text } (kept: { $policy })
none = none

## Map columns dialog

map-columns-title = Map columns
map-columns-help = Say which column plays which role; leave a role on “detect” to let citydash decide.
reading-columns = Reading the file's columns…
open-with-columns = Open with these columns
detect = detect

## Export window

export-title = Export
export-size = Size
export-custom = Custom
export-dimensions = Width × height
export-scale = Scale
export-theme = Theme
theme-light = Light
theme-dark = Dark
export-language = Language
export-pixels = PNG of { $width }×{ $height } pixels
export-file = File
export-file-hint = folder/name (the extension is added)
choose = Choose…
export-png = Export PNG
export-png-disabled = The table and sources views are not charts: export their data as CSV
export-csv = Export data (CSV)
export-spec = Save chart spec
replace = Replace
keep-it = Keep it
writing = Writing { $path } ({ $seconds } s)
open-spec-label = Open chart spec
open-spec = Open spec
opened-means = Opened { $name }: { $count-text } annual means of { $readings-text } readings, { $origin ->
        [folder] computed by a scan of the folder
       *[server] computed by the server
    }
opened-spec = Opened chart spec { $path }
saved-spec = Saved chart spec { $path }
wrote-csv = Wrote { $path } ({ $count ->
    [one] { $count-text } row
   *[other] { $count-text } rows
})
wrote-png = Wrote { $path } ({ $width }×{ $height } px)
export-cancelled = Export cancelled
export-no-dialog = No file dialog on this system: type the path in the File field

## World Bank window

wb-title = World Bank indicators
wb-indicators = Indicators
wb-pm25 = PM2.5 mean annual exposure (µg/m³)
wb-electricity = Electric power consumption (kWh per capita)
wb-renewables = Renewable energy share of final energy (%)
wb-other-codes = Other codes
wb-codes-hint = e.g. SP.POP.TOTL, EN.GHG.CO2.PC.CE.AR5
wb-countries = Countries
wb-other-countries = Other ISO3 codes
wb-countries-hint = e.g. KOR, JPN, DNK
wb-years-from = Years from
wb-fetch = Fetch
wb-note = World Bank WDI, CC BY 4.0 · fetched in the background

## Errors of opening data

error-not-found = { $path }: no such file or folder
error-empty-folder = { $path }: the folder has no data files (csv, tsv, txt, xlsx, xls, xlsm, ods, parquet, json)
error-reader-failed = { $path }: the file could not be read (the reader failed unexpectedly); the rest of citydash is unaffected
error-cannot-read = { $path }: cannot read the file: { $error }
error-no-place = { $path }: no column names the place (city or country); the file has the columns { $columns }. Say which column is the place with Map columns…
error-no-values = { $path }: no numeric data found in the columns { $columns }. Say which column holds the values with Map columns…
error-no-sheet = { $path }: no sheet named “{ $sheet }”; the workbook has { $sheets }
error-not-data = { $path }: this is { $what }, not a data table. citydash reads CSV, TSV and TXT tables, Excel and OpenDocument workbooks (xlsx, xls, ods), Parquet and JSON records
kind-pdf = a PDF document
kind-picture = a picture
kind-document = a text document
kind-presentation = a presentation
kind-archive = a compressed archive
kind-program = a program
kind-page = a text or web page
kind-config = a configuration file

# What the loader decided, as the Sources view and the Map columns dialog name it.
format-delimited-text = delimited text
format-spreadsheet = spreadsheet
format-parquet = Parquet
format-json = JSON
layout-tidy = tidy (one observation per row)
layout-log = measurement log (timestamped, parameter column)
layout-wide-indicator = wide by indicator (one column per indicator)
layout-wide-year = wide by year (one column per year)
resolution-year = year
resolution-month = month
resolution-day = day
resolution-timestamp = timestamp
policy-mean = mean
policy-first = first
policy-last = last
policy-max = max
role-place = place
role-country = country
role-indicator = indicator
role-time = time
role-value = value
role-unit = unit
role-source = source
role-station = station

## Scatter

view-scatter = Scatter
scatter-title = { $y } against { $x }
place-year-text = { $name } ({ $year })
scatter-size = point area: { $indicator }
scatter-colours = colours: country
country-unknown = Country not known
scatter-no-points = No place has both values within 3 years of { $year }
note-scatter-missing = Left out, no { $indicator } within { $count-text } years of { $year }: { $places }
note-scatter-log = Left out, zero or negative on a log axis: { $places }
note-scatter-no-size = Drawn hollow at the smallest size, no { $indicator } within { $count-text } years of { $year }: { $places }
note-scatter-fit = Dashed line: least-squares fit, r² = { $r2 } ({ $count-text } places)
note-scatter-fit-log = Dashed line: least-squares fit on the logarithms (log10) of the values, r² = { $r2 } ({ $count-text } places)
scatter-x = X axis
scatter-y = Y axis: the indicator chosen in the sidebar
scatter-size-label = Point size
scatter-size-none = none
scatter-log-x = Log X
scatter-log-y = Log Y
scatter-fit = Least-squares line
scatter-year = Year
scatter-year-latest = latest both share

## Standards scorecard

view-scorecard = Scorecard
scorecard-title = Standards scorecard: where each place stands against international targets
scorecard-no-data = No values of an indicator with targets for { $places }
scorecard-undated = The values of indicators with targets for { $places } have no year in the data ({ $count-text } { $count ->
    [one] value
   *[other] values
}), so they cannot be scored: give the file a year (Sources → Their year in the window, or citydash tidy FILE --year YEAR for a dated copy)
scorecard-until = latest value up to { $year }
scorecard-latest = latest value of each place
scorecard-sorted = places with the most targets met first
scorecard-legend-none = no target met
scorecard-legend-some = some targets met
scorecard-legend-all = every target met
scorecard-none-met = no target met
scorecard-met-of = { $met } of { $of } { $of ->
    [one] target
   *[other] targets
} met
scorecard-row-total = { $met } of { $of } { $of ->
    [one] target
   *[other] targets
} met
note-scorecard-targets = Targets from { $body } ({ $source }): { $names }
targets-added = { $count-text } { $count ->
    [one] target
   *[other] targets
} added from { $path }

## Map

view-map = Map
map-who-breaks = class breaks at the WHO 2021 guideline and interim targets
note-map-other-years = Values from the nearest year with data (ringed): { $places }
note-map-unplaced = Not on the map, no coordinates or shape: { $places }
note-map-shapes = Map: Natural Earth 1:50m country outlines (public domain)
class-at-most = ≤ { $value }
class-above = > { $value }
class-between = { $low }–{ $high }
class-all = all values
map-year = Year
map-year-latest = latest
map-play = ▶ Play
map-pause = ‖ Pause

## SVG and clipboard

export-svg = Export SVG
export-svg-hover = A vector figure with real text, for reports and further editing
wrote-svg = Wrote { $path } ({ $width }×{ $height } px, vector)
copy-image = Copy image
copied-image = Copied the figure to the clipboard ({ $width }×{ $height } px): paste it into a document
copy-failed = Could not copy the figure: { $error }
scorecard-more-rows = … and { $count-text } more { $count ->
    [one] place
   *[other] places
}, not drawn for lack of room (all are in the CSV; a taller figure shows them)
note-map-regions = Squares: regional values, drawn at the region's administrative centre
selected-from-data = None of the selected places is in the open data: showing { $places }
indicator-from-data = { $before } has no data in the open files: showing { $after }
