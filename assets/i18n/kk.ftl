# citydash — қазақ тіліндегі хабарламалар (эталон — en.ftl: ондағы әр идентификатор осы жерде
# сол аргументтермен болуы керек). `$name-text` аргументі — цифр разрядтары бөлінген `$name`
# саны; селекторларда `$name` өзі қолданылады. Қазақ тілінде зат есім саннан кейін өзгермейді.

## Диаграммалардағы атаулар мен тізімдер

indicator = { $name }
place = { $name }
place-year-indicator = { $place } { $year } ({ $indicator })
place-country = { $name } (ел)
note-countries = Қалалар мәндерінің жанында ел деңгейіндегі мәндер: { $places }
note-regions = Қалалар мәндерінің жанында облыс деңгейіндегі мәндер: { $places }
place-year = { $name } ({ $year })
place-undated = { $name } (жылы көрсетілмеген)
year-not-given = жылы көрсетілмеген
unit = { $unit }
places = { $places }
places-and-more = { $places } және тағы { $count-text }
no-city = қала таңдалмаған
any-city = барлық қалалар
any-year = барлық жылдар
years-from = { $year } жылдан бастап
years-to = { $year } жылға дейін
and-n-more = және тағы { $count-text }

## Каталогтағы өлшем бірліктері

unit-ugm3 = мкг/м³
unit-kg-person-year = кг/адам/жыл
unit-kwh-person-year = кВт·сағ/адам/жыл
unit-t-year = т/жыл

## Тақырыптар

theme-air = Ауа сапасы
theme-energy = Энергия
theme-waste = Қалдықтар
theme-other = Басқа

## Диаграмма тақырыптары, тақырыпшалары, осьтері және ескертпелері

select-a-city = Кемінде бір қаланы таңдаңыз
no-data-for-in = Деректер жоқ: { $indicator } — { $places }, { $years }
no-data-for = Деректер жоқ: { $indicator } — { $places }
no-data-near = Деректер жоқ: { $indicator } — { $year } ± { $count-text } жыл
no-data-these-cities = Таңдалған қалалар бойынша деректер жоқ
note-sample = citydash-тің синтетикалық үлгі деректері: нақты көрсеткіштер емес
note-not-shown = Көрсетілмеген (деректер жоқ): { $places }
note-compare-no-year = Көрсетілмеген (салыстырылатын жылдың мәндері жоқ): { $indicators }
note-compare-no-common-year = Көрсетілмеген (барлық қалаға ортақ жыл жоқ): { $indicators }
note-other-unit = Көрсетілмеген, { $unit } бірлігінде берілген (график { $chart-unit } бірлігінде): { $places }
note-undated = Көрсетілмеген (күні берілмеген): { $count-text } мән ({ $places })
note-not-shown-near = Көрсетілмеген ({ $year } ± { $count-text } жыл ішінде деректер жоқ): { $places }
note-log-dropped = Логарифмдік шкаладан { $count-text } нөлдік немесе теріс мән алынып тасталды
base-each-first-year = әр қаланың алғашқы жылы
relative-index = индекс (база: { $base } = 100)
relative-change = өзгеріс, % (база: { $base })
axis-index = индекс, { $base } = 100
axis-log = { $unit } (логарифмдік шкала)
log-scale = логарифмдік шкала
month-1 = қаң.
month-2 = ақп.
month-3 = нау.
month-4 = сәу.
month-5 = мам.
month-6 = мау.
month-7 = шілде
month-8 = там.
month-9 = қыр.
month-10 = қаз.
month-11 = қар.
month-12 = жел.
reference-daily = ДДСҰ 2021 тәуліктік ұсынымы
no-common-base = Барлық таңдалған қала бойынша деректер бар жыл жоқ: базалық жылды таңдаңыз
note-low-coverage-year = Қуыс маркер: { $count-text } жылдық орташа мән жылдың { $percent } %-нан азын қамтиды
note-low-coverage-month = Қуыс маркер: { $count-text } орташа мән кезеңнің { $percent } %-нан азын қамтиды
note-no-base = Көрсетілмеген, { $year } базалық жылында мән жоқ: { $places }
note-blended = Бірнеше дереккөз бойынша орташаланған: { $which }
note-stations = Бірнеше бекеттің орташасы (алдымен әр бекеттің орташасы, қалаға { $count } дейін): { $places }
note-row-cap = Толық емес деректер: { $source } көзінен тек алғашқы { $count } жол оқылды (жол шегі); мәндер жетіспеуі мүмкін
note-row-cap-means = Толық емес деректер: { $source } көзінен тек алғашқы { $count } орташа мән оқылды (жол шегі; әр орын, көрсеткіш және кезең үшін бір орташа); мәндер жетіспеуі мүмкін
note-disagree = Дереккөздер сәйкес келмейді (×{ $factor } дейін): { $which }
annual-means = жылдық орташа мәндер
monthly-means = айлық орташа мәндер
daily-means = тәуліктік орташа мәндер
ranking-colours = жасыл — ДДСҰ ұсынымына сәйкес ({ $value } { $unit }), қызғылт сары — одан асады
ranking-other-years = (жыл) — деректері бар ең жақын жылдың мәні
ranking-undated = (жылы көрсетілмеген) — деректерде жылы жоқ мән
legend-meets = ДДСҰ ұсынымына сәйкес
legend-exceeds = одан асады
legend-exceeds-guideline = ДДСҰ ұсынымынан асады
guideline-label = ДДСҰ ұсынымы: { $value } { $unit }
reference-guideline = ДДСҰ 2021 ұсынымы
reference-interim = ДДСҰ аралық мақсаты { $number }
compare-too-few = Салыстыру үшін кемінде 2, ең көбі { $count-text } қала таңдаңыз
compare-side-by-side = Қалаларды салыстыру
compare-more-rows = … тағы { $count-text } көрсеткіш сыймады (барлығы CSV-де бар; биігірек суретте көрінеді)
compare-no-trends = Үрдіс сызықтары сыймады (биігірек суретте көрінеді)
compare-title = Салыстыру: { $places }
compare-latest = әр қаланың соңғы мәні
compare-common = барлық қалаларға ортақ соңғы жыл (әр көрсеткіш бойынша)
compare-year = { $year } жылғы мәндер
note-compare-other-years = * { $count-text } мән жолдың жылынан ертерек жылға жатады және ең жақсы мәнді таңдауға қатыспайды
note-compare-undated = * { $count-text } мәннің деректерде жылы жоқ: (жылы көрсетілмеген) деп белгіленген және ең жақсы мәнді таңдауға қатыспайды
compare-reference = Базалық қала
compare-values = Мәндер
compare-values-latest = соңғы
compare-values-common = ортақ соңғы жыл
compare-values-year = жыл
compare-subtitle = базалық қаламен ({ $place }) айырма · жол жылының ең жақсы мәні жасыл түспен · үрдіс
note-compare-first = Таңдалған { $count-text } қаланың алғашқы { $shown-text } қаласы көрсетілген
indicator-column = Көрсеткіш
better-arrows = ↓ неғұрлым төмен болса, соғұрлым жақсы; ↑ неғұрлым жоғары болса, соғұрлым жақсы
no-data = деректер жоқ
value-best = { $value } · ең жақсы
difference-vs = { $difference } (база: { $place })
multiples-title = Көрсеткіштер: { $theme }
multiples-none = Жүктелген деректерде көрсеткіштер жоқ: { $theme }
multiples-none-for = { $places } үшін «{ $theme }» деректері жоқ
multiples-subtitle = әр панельдің өз шкаласы мен өлшем бірлігі бар
observations = Бақылаулар
table-as-csv = { $count-text } жол: кесте CSV форматында экспортталады
sample-source = citydash синтетикалық үлгісі (нақты деректер емес)
footer-source = Дереккөз: { $source }
made-with = citydash-та жасалған

## Сандар

n-cities = { $count-text } қала
n-observations = { $count-text } бақылау

## Жоғарғы панель және «Файл» мәзірі

menu-file = Файл
menu-open = Ашу…
menu-open-recent = Соңғы файлдар
no-recent-files = Соңғы файлдар жоқ
menu-open-url = URL ашу…
menu-connect-db = Дерекқорға қосылу…
db-title = Дерекқорға қосылу
db-host = Сервер
db-port = Порт
db-database = Дерекқор
db-user = Пайдаланушы
db-table = Кесте немесе көрініс
db-sslmode = TLS (sslmode)
db-rootcert = Сенімді сертификат
db-rootcert-hint = PEM файлы (міндетті емес)
db-password-note = Құпиясөз PGPASSWORD немесе ~/.pgpass ішінен алынады; citydash оны сақтамайды.
db-connect = Қосылу
refresh-button = Жаңарту
refresh-hover = Дерекқорды қайта сұрау (нәтижелер бір сағат немесе мекенжайдағы cache_ttl көрсеткендей сақталады)
menu-world-bank = Дүниежүзілік банк…
menu-open-samples = Үлгі деректерді ашу
menu-close = Жабу
menu-close-all = Барлығын жабу
menu-clear-cache = Жүктеулер кэшін тазарту
menu-export = Диаграмманы, деректерді немесе спецификацияны экспорттау…
menu-quit = Шығу
path-label = Жол:
path-hint = файлдың не қалтаның жолын, http(s) URL немесе postgresql:// мекенжайын енгізіңіз не қойыңыз, содан кейін Enter пернесін басыңыз
open-button = Ашу
view-over-time = Динамика
view-ranking = Рейтинг
view-compare = Салыстыру
view-multiples = Шағын графиктер
view-table = Кесте
view-sources = Дереккөздер
dark-theme = Қараңғы тақырып
reset-view = Көріністі қалпына келтіру
language-hover = Терезе мен экспортталатын суреттердің тілі
export-button = Экспорттау…
export-hover = PNG суреті, CSV деректері немесе диаграмма спецификациясы (Ctrl+E)
filter-data-files = Деректер файлдары
filter-all-files = Барлық файлдар
no-file-dialog = Бұл жүйеде файл таңдау терезесі жоқ (desktop portal немесе zenity жоқ): жолды «Жол» өрісіне енгізіңіз немесе файлдарды терезеге сүйреп әкеліңіз

## Күй жолағы және хабарламалар

cancel = Бас тарту
loading-cancelled = Жүктеу тоқтатылды
combining = Деректер жинақтары біріктірілуде…
cities-drawn = Таңдалған { $count-text } қаланың { $drawn-text } қаласы көрсетілген
cities-selected = { $count-text } қала таңдалды
status-counts = { $datasets-text } деректер жинағы · { $observations-text } бақылау · { $cities } · { $places-text } елді мекен
warnings-badge = ⚠ { $count-text } ескерту
warnings-hover = Өткізіп жіберілген жолдар немесе қайшы мәндер: «Дереккөздер» бөлімін қараңыз
notices-button = Хабарламалар ({ $count-text })
notices-button-errors = Хабарламалар ({ $count-text }, { $errors-text } қате)
notices-title = Хабарламалар ({ $count-text })
no-notices = Хабарламалар жоқ
seconds-ago = { $count-text } с бұрын
clear = Тазарту
downloading-of = Жүктеп алынуда: { $name } — { $received } / { $total } ({ $rate }/с)
downloading = Жүктеп алынуда: { $name } — { $received } ({ $rate }/с)
fetching = Деректер алынуда: { $name } ({ $seconds } с)
connecting = Қосылуда: { $name } ({ $seconds } с)
loading-file = Жүктелуде: { $name } ({ $seconds } с)
reading-of = Оқылуда { $name }: { $read } / { $total }, жолдар: { $rows }
opened = Ашылды: { $name } — { $count-text } бақылау
opened-warnings = Ашылды: { $name } — { $count-text } бақылау, { $warnings-text } ескерту; «Дереккөздер» бөлімін қараңыз
closed = Жабылды: { $name }
cache-cleared = Кэштен { $count-text } файл жойылды
no-cache-dir = Бұл жүйеде кэш қалтасы жоқ
cache-clear-failed = { $dir }: тазарту мүмкін болмады: { $error }

## Көріністер

updating = Жаңартылуда…
asking-server = Осы көрініс үшін дерекқорға сұрау…
view-cancelled = Бас тартылды: сервер осы көрініс үшін сұрауды тоқтатты.
retry = Қайталау
no-data-open = Деректер ашылмаған. «Файл → Ашу» мәзірін немесе «Жол» өрісін пайдаланыңыз не файлдарды терезеге сүйреп әкеліңіз.
no-data-open-short = Деректер ашылмаған
theme-label = Тақырып:
filter-label = Сүзгі:
filter-hint = жолдағы кез келген мәтін
n-of-rows = { $shown-text } / { $count-text } жол
column-place = елді мекен
column-country = ел
column-indicator = көрсеткіш
column-time = уақыт
column-value = мән
column-unit = өлшем бірлігі
column-source = дереккөз
column-station = бекет

## Бүйірлік панель

indicator-search-hint = Көрсеткішті іздеу (кез келген тілде)
indicator-heading = Көрсеткіш
cities-heading = Қалалар
n-of-total = { $count-text } / { $total-text }
n-of-total-absent = { $count-text } / { $total-text } · { $absent-text } деректерде жоқ
city-search-hint = Іздеу (кез келген атау, Ctrl+F)
select-all = Барлығы
undated-year-none = Файлда жыл жоқ: мәндер тек «жылы көрсетілмеген» белгісімен көрсетіледі. Олардың жылы:
undated-year-given = Файлда жыл жоқ; мәндерге { $year } жыл берілген. Олардың жылы:
undated-year-apply = Қолдану
undated-year-hover = Файлды қайта жүктеп, барлық мәндерге осы жылды беру (командалық жолда --year)
place-kind-regions = Облыстар
select-none = Ешқайсысы
no-data-open-yet = Деректер әлі ашылмаған
lower-is-better = неғұрлым төмен болса, соғұрлым жақсы
higher-is-better = неғұрлым жоғары болса, соғұрлым жақсы
no-data-for-selection = Таңдалған қалалар бойынша деректер жоқ
other-indicators = Деректердегі басқа көрсеткіштер ({ $count-text })
years-heading = Жылдар
from = Басы
to = соңы
years-label = Жылдар { $years }
all-years = Барлық жылдар
latest-year = Соңғы жыл
options-heading = Параметрлер
log-axis = Логарифмдік шкала
values = Мәндер
index-100 = Индекс = 100
percent-change = Өзгеріс, %
min-coverage = Толық мән шегі
min-coverage-hover = Жылдың (немесе айдың) аз бөлігін қамтитын орташа мәндер қуыс маркермен көрсетіліп, график астында аталады
base-year = Базалық жыл
base-year-fixed = белгілеу
interim-targets = ДДСҰ аралық мақсаттары
sub-annual-per = Жыл ішіндегі деректерді орташалау:
per-year = жыл
per-month = ай
per-day = тәулік

## «Дереккөздер» көрінісі

synthetic-sample = синтетикалық үлгі
use-in-charts = графиктерде қолдану
use-in-charts-hover = Бұл деректер жинағын барлық графиктерден алып тастау үшін белгіні алыңыз (ол ашық қалады)
disagreements-header = Дереккөздер сәйкес келмейді ({ $count-text })
disagreement-row = { $place }, { $indicator }, { $year }: дереккөздердің мәндері { $factor } есе ерекшеленеді
close-dataset = Осы деректер жинағын жабу
map-columns-button = Бағандарды сәйкестендіру…
map-columns-hover = Қай баған елді мекенді, уақытты, мәнді… білдіретінін көрсетіп, файлды қайта ашыңыз
details = Толығырақ
badge-skipped = ⚠ өткізіп жіберілді: { $count-text }
badge-conflicts = ⚠ { $count-text } қайшылық
badge-both = ⚠ өткізіп жіберілді: { $skipped-text }; { $count-text } қайшылық
conflicts-header = Қайшылықтар ({ $count-text })
skipped-header = Өткізіп жіберілген жолдар ({ $count-text })
skipped-row = жол { $row-text }, баған «{ $column }», мән «{ $value }»: { $reason }
source-format = Пішім
format-database = дерекқор кестесі
source-layout = Құрылым
source-encoding = Кодтау
source-delimiter = Бөлгіш
source-sheet = Парақ
source-columns = Бағандар
source-observations = Бақылаулар
source-time = Кезең
source-indicators = Көрсеткіштер
source-conflicts = Қайшылықтар
source-skipped = Өткізіп жіберілді
source-missing = Мәні жоқ
n-cells = { $count-text } ұяшық
missing-header = Мәні жоқ ұяшықтар ({ $count-text })
missing-hint = Бос немесе жоқ деп белгіленген (мысалы, n/a): бұл деректердегі олқылық, қате емес; графиктерге кірмейді.
missing-row = жол { $row-text }, баған «{ $column }»
source-duplicates = Қайталанған мәндер
n-repeated-rows = { $count-text } мән алдыңғы жолдың мәнін дәл қайталайды: бір рет алынды
decimal-comma = ондық үтір
n-annual-means = жылдық орташа мәндер: { $count-text }, өлшемдер: { $readings-text } (деректер жатқан жерде есептелген)
n-from-rows = { $rows-text } жолдан { $count-text }
n-kept = { $count-text } (сақталды: { $policy })
none = жоқ

## Бағандарды сәйкестендіру терезесі

map-columns-title = Бағандарды сәйкестендіру
map-columns-help = Әр бағанның рөлін көрсетіңіз; рөлді citydash өзі анықтауы үшін оны «автоанықтау» күйінде қалдырыңыз.
reading-columns = Файл бағандары оқылуда…
open-with-columns = Осы бағандармен ашу
detect = автоанықтау

## Экспорттау терезесі

export-title = Экспорттау
export-size = Өлшем
export-custom = Реттелетін
export-dimensions = Ені × биіктігі
export-scale = Масштаб
export-theme = Тақырып
theme-light = Ашық
theme-dark = Қараңғы
export-language = Тіл
export-pixels = PNG, { $width }×{ $height } пиксель
export-file = Файл
export-file-hint = қалта/атау (кеңейтім автоматты түрде қосылады)
choose = Таңдау…
export-png = PNG экспорттау
export-png-disabled = Кесте мен дереккөздер көріністері — диаграмма емес: олардың деректерін CSV форматында экспорттаңыз
export-csv = Деректерді экспорттау (CSV)
export-spec = Диаграмма спецификациясын сақтау
replace = Ауыстыру
keep-it = Қалдыру
writing = Жазылуда: { $path } ({ $seconds } с)
open-spec-label = Диаграмма спецификациясын ашу
open-spec = Спецификацияны ашу
opened-means = Ашылды: { $name } — жылдық орташа мәндер: { $count-text }, өлшемдер: { $readings-text } ({ $origin ->
        [folder] қалтаны қарап шығу арқылы есептелген
       *[server] сервер есептеген
    })
opened-spec = Диаграмма спецификациясы ашылды: { $path }
saved-spec = Диаграмма спецификациясы сақталды: { $path }
wrote-csv = Жазылды: { $path } ({ $count-text } жол)
wrote-png = Жазылды: { $path } ({ $width }×{ $height } пиксель)
export-cancelled = Экспорттау тоқтатылды
export-no-dialog = Бұл жүйеде файл таңдау терезесі жоқ: жолды «Файл» өрісіне енгізіңіз

## «Дүниежүзілік банк» терезесі

wb-title = Дүниежүзілік банк көрсеткіштері
wb-indicators = Көрсеткіштер
wb-pm25 = PM2.5 орташа жылдық әсері (мкг/м³)
wb-electricity = Электр энергиясын тұтыну (жан басына шаққанда, кВт·сағ)
wb-renewables = Соңғы энергия тұтынудағы жаңартылатын энергия үлесі (%)
wb-other-codes = Басқа кодтар
wb-codes-hint = мысалы, SP.POP.TOTL, EN.GHG.CO2.PC.CE.AR5
wb-countries = Елдер
wb-other-countries = Басқа ISO3 кодтары
wb-countries-hint = мысалы, KOR, JPN, DNK
wb-years-from = Жылдар: басы
wb-fetch = Жүктеп алу
wb-note = World Bank WDI, CC BY 4.0 · фондық режимде жүктеледі

## Errors of opening data

error-not-found = { $path }: мұндай файл немесе қалта жоқ
error-empty-folder = { $path }: қалтада деректер файлдары жоқ (csv, tsv, txt, xlsx, xls, xlsm, ods, parquet, json)
error-reader-failed = { $path }: файлды оқу мүмкін болмады (оқу модулі ақаулы); citydash-тің қалған жұмысына әсер етпейді
error-cannot-read = { $path }: файлды оқу мүмкін емес: { $error }
error-no-place = { $path }: орын (қала немесе ел) бағаны табылмады; файлдың бағандары: { $columns }. Орын бағанын «Бағандарды сәйкестендіру…» арқылы көрсетіңіз
error-no-values = { $path }: { $columns } бағандарында сандық деректер табылмады. Мәндер бағанын «Бағандарды сәйкестендіру…» арқылы көрсетіңіз
error-no-sheet = { $path }: «{ $sheet }» парағы жоқ; кітаптың парақтары: { $sheets }
error-not-data = { $path }: бұл { $what }, деректер кестесі емес. citydash CSV, TSV және TXT кестелерін, Excel және OpenDocument кітаптарын (xlsx, xls, ods), Parquet және JSON жазбаларын оқиды
kind-pdf = PDF құжаты
kind-picture = сурет
kind-document = мәтіндік құжат
kind-presentation = презентация
kind-archive = мұрағат
kind-program = бағдарлама
kind-page = мәтін немесе веб-бет
kind-config = баптаулар файлы

# What the loader decided, as the Sources view and the Map columns dialog name it.
format-delimited-text = бөлгішті мәтін
format-spreadsheet = электрондық кесте
format-parquet = Parquet
format-json = JSON
layout-tidy = реттелген кесте (әр жолда бір бақылау)
layout-log = өлшеу журналы (уақыт белгілері, параметр бағаны)
layout-wide-indicator = көрсеткіштер бойынша кең (әр көрсеткішке бір баған)
layout-wide-year = жылдар бойынша кең (әр жылға бір баған)
resolution-year = жыл
resolution-month = ай
resolution-day = күн
resolution-timestamp = уақыт белгісі
policy-mean = орташа
policy-first = бірінші
policy-last = соңғы
policy-max = ең үлкені
role-place = орын
role-country = ел
role-indicator = көрсеткіш
role-time = уақыт
role-value = мән
role-unit = өлшем бірлігі
role-source = дереккөз
role-station = бақылау бекеті

## Scatter

view-scatter = Шашырау диаграммасы
scatter-title = { $y } және { $x }
place-year-text = { $name } ({ $year })
scatter-size = нүкте ауданы: { $indicator }
scatter-colours = түсі: ел
country-unknown = Елі белгісіз
scatter-no-points = { $year } ± 3 жыл ішінде екі мәні де бар орын жоқ
note-scatter-missing = Көрсетілмеген ({ $year } ± { $count-text } жыл ішінде «{ $indicator }» жоқ): { $places }
note-scatter-log = Көрсетілмеген, логарифмдік осьте нөл немесе теріс мән: { $places }
note-scatter-no-size = Ең кіші қуыс нүктемен көрсетілген ({ $year } ± { $count-text } жыл ішінде «{ $indicator }» жоқ): { $places }
note-scatter-fit = Үзік сызық: ең кіші квадраттар әдісі, r² = { $r2 } ({ $count-text } орын)
note-scatter-fit-log = Үзік сызық: мәндердің логарифмдері (log10) бойынша ең кіші квадраттар әдісі, r² = { $r2 } ({ $count-text } орын)
scatter-x = X осі
scatter-y = Y осі: бүйірлік панельде таңдалған көрсеткіш
scatter-size-label = Нүкте өлшемі
scatter-size-none = жоқ
scatter-log-x = Лог. X
scatter-log-y = Лог. Y
scatter-fit = Ең кіші квадраттар сызығы
scatter-year = Жыл
scatter-year-latest = ең соңғы ортақ

## Standards scorecard

view-scorecard = Стандарттар бойынша бағалау
scorecard-title = Стандарттар бойынша бағалау: әр орынның халықаралық мақсаттарға қатысты жағдайы
scorecard-no-data = { $places } үшін мақсаттары бар көрсеткіштердің мәндері жоқ
scorecard-undated = { $places } үшін мақсаттары бар көрсеткіштердің мәндерінде жыл жоқ (мәндер: { $count-text }), сондықтан оларды бағалау мүмкін емес: файлдың жылын көрсетіңіз (терезеде: Дереккөздер → Олардың жылы; немесе citydash tidy ФАЙЛ --year ЖЫЛ — жылы бар көшірме)
scorecard-until = { $year } жылға дейінгі соңғы мән
scorecard-latest = әр орынның соңғы мәні
scorecard-sorted = алдымен ең көп мақсатқа жеткен орындар
scorecard-legend-none = бірде-бір мақсатқа жетпеген
scorecard-legend-some = кейбір мақсаттарға жеткен
scorecard-legend-all = барлық мақсатқа жеткен
scorecard-none-met = бірде-бір мақсатқа жетпеген
scorecard-met-of = { $of } мақсаттың { $met } жетті
scorecard-row-total = { $of } мақсаттың { $met } жетті
note-scorecard-targets = Мақсаттар: { $body } ({ $source }): { $names }
targets-added = { $path } файлынан қосылған мақсаттар: { $count-text }

## Map

view-map = Карта
map-who-breaks = класс шекаралары — ДДСҰ 2021 ұсынымы мен аралық мақсаттар
note-map-other-years = Деректері бар ең жақын жылдың мәндері (қоршаулы): { $places }
note-map-unplaced = Картада жоқ (координаттары не контуры жоқ): { $places }
note-map-shapes = Карта: Natural Earth 1:50m ел шекаралары (қоғамдық игілік)
class-at-most = ≤ { $value }
class-above = > { $value }
class-between = { $low }–{ $high }
class-all = барлық мәндер
map-year = Жыл
map-year-latest = соңғы
map-play = ▶ Ойнату
map-pause = ‖ Кідірту

## SVG and clipboard

export-svg = SVG экспорттау
export-svg-hover = Нақты мәтіні бар векторлық сурет — есептер мен әрі қарай өңдеу үшін
wrote-svg = Жазылды: { $path } ({ $width }×{ $height } пиксель, вектор)
copy-image = Суретті көшіру
copied-image = Сурет алмасу буферіне көшірілді ({ $width }×{ $height } пиксель): оны құжатқа қойыңыз
copy-failed = Суретті көшіру мүмкін болмады: { $error }
scorecard-more-rows = … тағы { $count-text } орын сыймады (барлығы CSV-де бар; биігірек суретте көрінеді)
note-map-regions = Шаршылар — облыстардың мәндері, облыс орталығында белгіленген
selected-from-data = Таңдалған орындардың ешқайсысы ашық деректерде жоқ: көрсетілгендер — { $places }
indicator-from-data = «{ $before }» көрсеткіші бойынша ашық файлдарда дерек жоқ: «{ $after }» көрсетілді
