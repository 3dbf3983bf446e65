# citydash — сообщения на русском языке (эталон — en.ftl: каждый идентификатор оттуда должен быть
# здесь с теми же аргументами). Аргумент `$name-text` — число `$name`, записанное с разделением
# разрядов; в селекторах используется сам `$name`.

## Названия и списки на графиках

indicator = { $name }
place = { $name }
place-year-indicator = { $place } { $year } ({ $indicator })
place-country = { $name } (страна)
note-countries = Значения по стране рядом со значениями по городам: { $places }
note-regions = Значения по областям рядом со значениями по городам: { $places }
place-year = { $name } ({ $year })
place-undated = { $name } (год не указан)
year-not-given = год не указан
unit = { $unit }
places = { $places }
places-and-more = { $places } и ещё { $count-text }
no-city = города не выбраны
any-city = все города
any-year = все годы
years-from = с { $year } г.
years-to = по { $year } г.
and-n-more = и ещё { $count-text }

## Единицы измерения каталога

unit-ugm3 = мкг/м³
unit-kg-person-year = кг/чел./год
unit-kwh-person-year = кВт·ч/чел./год
unit-t-year = т/год

## Темы

theme-air = Качество воздуха
theme-energy = Энергия
theme-waste = Отходы
theme-other = Прочее

## Заголовки, подзаголовки, оси и примечания графиков

select-a-city = Выберите хотя бы один город
no-data-for-in = Нет данных: { $indicator } — { $places }, { $years }
no-data-for = Нет данных: { $indicator } — { $places }
no-data-near = Нет данных: { $indicator } — в пределах { $count-text } { $count ->
    [one] года
    [few] лет
    [many] лет
   *[other] года
} от { $year } г.
no-data-these-cities = Нет данных по выбранным городам
note-sample = Синтетические демонстрационные данные citydash: не реальные показатели
note-not-shown = Не показаны (нет данных): { $places }
note-compare-no-year = Не показаны (нет значений за сравниваемый год): { $indicators }
note-compare-no-common-year = Не показаны (нет года, общего для всех городов): { $indicators }
note-other-unit = Не показаны, даны в единицах { $unit } (график в { $chart-unit }): { $places }
note-undated = Не показаны, дата не указана: { $count-text } { $count ->
    [one] значение
    [few] значения
   *[other] значений
} ({ $places })
note-not-shown-near = Не показаны (нет данных в пределах { $count-text } { $count ->
    [one] года
    [few] лет
    [many] лет
   *[other] года
} от { $year } г.): { $places }
note-log-dropped = { $count ->
    [one] { $count-text } нулевое или отрицательное значение исключено из логарифмической шкалы
    [few] { $count-text } нулевых или отрицательных значения исключены из логарифмической шкалы
    [many] { $count-text } нулевых или отрицательных значений исключены из логарифмической шкалы
   *[other] { $count-text } нулевого или отрицательного значения исключены из логарифмической шкалы
}
base-each-first-year = первый год для каждого города
relative-index = индекс (база: { $base } = 100)
relative-change = изменение, % (база: { $base })
axis-index = индекс, { $base } = 100
axis-log = { $unit } (логарифмическая шкала)
log-scale = логарифмическая шкала
month-1 = янв.
month-2 = февр.
month-3 = март
month-4 = апр.
month-5 = май
month-6 = июнь
month-7 = июль
month-8 = авг.
month-9 = сент.
month-10 = окт.
month-11 = нояб.
month-12 = дек.
reference-daily = Суточная рекомендация ВОЗ 2021
no-common-base = Нет года, за который есть данные по всем выбранным городам: выберите базовый год
note-low-coverage-year = { $count ->
    [one] Полый маркер: { $count-text } среднегодовое значение покрывает меньше { $percent } % года
    [few] Полые маркеры: { $count-text } среднегодовых значения покрывают меньше { $percent } % года
    [many] Полые маркеры: { $count-text } среднегодовых значений покрывают меньше { $percent } % года
   *[other] Полые маркеры: { $count-text } среднегодового значения покрывают меньше { $percent } % года
}
note-low-coverage-month = { $count ->
    [one] Полый маркер: { $count-text } среднее значение покрывает меньше { $percent } % периода
    [few] Полые маркеры: { $count-text } средних значения покрывают меньше { $percent } % периода
    [many] Полые маркеры: { $count-text } средних значений покрывают меньше { $percent } % периода
   *[other] Полые маркеры: { $count-text } среднего значения покрывают меньше { $percent } % периода
}
note-no-base = Не показаны, нет значения в базовом году { $year }: { $places }
note-blended = Усреднено по нескольким источникам: { $which }
note-stations = Средние по нескольким постам (сначала среднее каждого поста, до { $count } на город): { $places }
note-row-cap = Неполные данные: прочитаны только первые { $count } строк из { $source } (предел строк); значения могут отсутствовать
note-row-cap-means = Неполные данные: прочитаны только первые { $count } средних из { $source } (предел строк; одно среднее на место, показатель и период); значения могут отсутствовать
note-disagree = Источники расходятся (до ×{ $factor }): { $which }
annual-means = среднегодовые значения
monthly-means = среднемесячные значения
daily-means = среднесуточные значения
ranking-colours = зелёный — соответствует рекомендации ВОЗ ({ $value } { $unit }), оранжевый — превышает её
ranking-other-years = (год) — значение за ближайший год, по которому есть данные
ranking-undated = (год не указан) — значение, для которого в данных нет года
legend-meets = соответствует рекомендации ВОЗ
legend-exceeds = превышает её
legend-exceeds-guideline = превышает рекомендацию ВОЗ
guideline-label = Рекомендация ВОЗ: { $value } { $unit }
reference-guideline = Рекомендация ВОЗ 2021
reference-interim = Промежуточная цель ВОЗ { $number }
compare-too-few = Для сравнения выберите от 2 до { $count-text } { $count ->
    [one] города
    [few] городов
    [many] городов
   *[other] города
}
compare-side-by-side = Сравнение городов
compare-more-rows = … и ещё показателей: { $count-text } — не поместились (все есть в CSV; в более высоком рисунке они видны)
compare-no-trends = Линии трендов не поместились (в более высоком рисунке они видны)
compare-title = Сравнение: { $places }
compare-latest = последнее значение каждого города
compare-common = последний год, общий для всех городов (по каждому показателю)
compare-year = значения за { $year } г.
note-compare-other-years = { $count ->
    [one] * { $count-text } значение относится к более раннему году, чем строка, и не участвует в выборе лучшего
    [few] * { $count-text } значения относятся к более ранним годам, чем строка, и не участвуют в выборе лучшего
    [many] * { $count-text } значений относятся к более ранним годам, чем строка, и не участвуют в выборе лучшего
   *[other] * { $count-text } значения относятся к более ранним годам, чем строка, и не участвуют в выборе лучшего
}
note-compare-undated = { $count ->
    [one] * { $count-text } значение без года в данных: отмечено (год не указан) и не участвует в выборе лучшего
    [few] * { $count-text } значения без года в данных: отмечены (год не указан) и не участвуют в выборе лучшего
    [many] * { $count-text } значений без года в данных: отмечены (год не указан) и не участвуют в выборе лучшего
   *[other] * { $count-text } значения без года в данных: отмечены (год не указан) и не участвуют в выборе лучшего
}
compare-reference = Базовый город
compare-values = Значения
compare-values-latest = последние
compare-values-common = последний общий год
compare-values-year = год
compare-subtitle = разница с базовым городом ({ $place }) · лучшее значение года строки выделено зелёным · динамика
note-compare-first = Показано городов: { $shown-text } из { $count-text } выбранных
indicator-column = Показатель
better-arrows = ↓ чем ниже, тем лучше; ↑ чем выше, тем лучше
no-data = нет данных
value-best = { $value } · лучшее
difference-vs = { $difference } (база: { $place })
multiples-title = Показатели: { $theme }
multiples-none = Нет показателей в загруженных данных: { $theme }
multiples-none-for = Нет данных темы «{ $theme }» для { $places }
multiples-subtitle = у каждой панели своя шкала и единица измерения
observations = Наблюдения
table-as-csv = { $count ->
    [one] { $count-text } строка: таблица экспортируется в CSV
    [few] { $count-text } строки: таблица экспортируется в CSV
    [many] { $count-text } строк: таблица экспортируется в CSV
   *[other] { $count-text } строки: таблица экспортируется в CSV
}
sample-source = синтетический пример citydash (не реальные данные)
footer-source = Источник: { $source }
made-with = сделано в citydash

## Количества

n-cities = { $count ->
    [one] { $count-text } город
    [few] { $count-text } города
    [many] { $count-text } городов
   *[other] { $count-text } города
}
n-observations = { $count ->
    [one] { $count-text } наблюдение
    [few] { $count-text } наблюдения
    [many] { $count-text } наблюдений
   *[other] { $count-text } наблюдения
}

## Верхняя панель и меню «Файл»

menu-file = Файл
menu-open = Открыть…
menu-open-recent = Недавние файлы
no-recent-files = Нет недавних файлов
menu-open-url = Открыть URL…
menu-connect-db = Подключиться к базе данных…
db-title = Подключение к базе данных
db-host = Сервер
db-port = Порт
db-database = База данных
db-user = Пользователь
db-table = Таблица или представление
db-sslmode = TLS (sslmode)
db-rootcert = Доверенный сертификат
db-rootcert-hint = файл PEM (необязательно)
db-password-note = Пароль берётся из PGPASSWORD или ~/.pgpass; citydash его не хранит.
db-connect = Подключиться
refresh-button = Обновить
refresh-hover = Запросить базу данных заново (результаты хранятся час или столько, сколько задаёт cache_ttl в адресе)
menu-world-bank = Всемирный банк…
menu-open-samples = Открыть демонстрационные данные
menu-close = Закрыть
menu-close-all = Закрыть все
menu-clear-cache = Очистить кэш загрузок
menu-export = Экспорт графика, данных или спецификации…
menu-quit = Выход
path-label = Путь:
path-hint = введите или вставьте путь к файлу или папке, URL http(s) или адрес postgresql:// и нажмите Enter
open-button = Открыть
view-over-time = Динамика
view-ranking = Рейтинг
view-compare = Сравнение
view-multiples = Малые графики
view-table = Таблица
view-sources = Источники
dark-theme = Тёмная тема
reset-view = Сбросить вид
language-hover = Язык окна и экспортируемых изображений
export-button = Экспорт…
export-hover = Изображение PNG, данные CSV или спецификация графика (Ctrl+E)
filter-data-files = Файлы данных
filter-all-files = Все файлы
no-file-dialog = Диалог выбора файлов в этой системе недоступен (нет desktop portal или zenity): введите путь в поле «Путь» или перетащите файлы в окно

## Строка состояния и уведомления

cancel = Отмена
loading-cancelled = Загрузка отменена
combining = Объединение наборов данных…
cities-drawn = Показано { $drawn-text } из { $count ->
    [one] { $count-text } выбранного города
    [few] { $count-text } выбранных городов
    [many] { $count-text } выбранных городов
   *[other] { $count-text } выбранного города
}
cities-selected = { $count ->
    [one] Выбран { $count-text } город
    [few] Выбрано { $count-text } города
    [many] Выбрано { $count-text } городов
   *[other] Выбрано { $count-text } города
}
status-counts = { $datasets ->
    [one] { $datasets-text } набор данных
    [few] { $datasets-text } набора данных
    [many] { $datasets-text } наборов данных
   *[other] { $datasets-text } набора данных
} · { $observations ->
    [one] { $observations-text } наблюдение
    [few] { $observations-text } наблюдения
    [many] { $observations-text } наблюдений
   *[other] { $observations-text } наблюдения
} · { $cities } · { $places ->
    [one] { $places-text } место
    [few] { $places-text } места
    [many] { $places-text } мест
   *[other] { $places-text } места
}
warnings-badge = { $count ->
    [one] ⚠ { $count-text } предупреждение
    [few] ⚠ { $count-text } предупреждения
    [many] ⚠ { $count-text } предупреждений
   *[other] ⚠ { $count-text } предупреждения
}
warnings-hover = Пропущенные строки или конфликтующие значения: см. «Источники»
notices-button = Уведомления ({ $count-text })
notices-button-errors = Уведомления ({ $count-text }, { $errors ->
    [one] { $errors-text } ошибка
    [few] { $errors-text } ошибки
    [many] { $errors-text } ошибок
   *[other] { $errors-text } ошибки
})
notices-title = Уведомления ({ $count-text })
no-notices = Уведомлений нет
seconds-ago = { $count-text } с назад
clear = Очистить
downloading-of = Скачивание: { $name } — { $received } из { $total } ({ $rate }/с)
downloading = Скачивание: { $name } — { $received } ({ $rate }/с)
fetching = Получение данных: { $name } ({ $seconds } с)
connecting = Подключение: { $name } ({ $seconds } с)
loading-file = Загрузка: { $name } ({ $seconds } с)
reading-of = Чтение { $name }: { $read } из { $total }, строк: { $rows }
opened = Открыто: { $name } — { $count ->
    [one] { $count-text } наблюдение
    [few] { $count-text } наблюдения
    [many] { $count-text } наблюдений
   *[other] { $count-text } наблюдения
}
opened-warnings = Открыто: { $name } — { $count ->
    [one] { $count-text } наблюдение
    [few] { $count-text } наблюдения
    [many] { $count-text } наблюдений
   *[other] { $count-text } наблюдения
}, { $warnings ->
    [one] { $warnings-text } предупреждение
    [few] { $warnings-text } предупреждения
    [many] { $warnings-text } предупреждений
   *[other] { $warnings-text } предупреждения
}; см. «Источники»
closed = Закрыто: { $name }
cache-cleared = { $count ->
    [one] Удалён { $count-text } файл из кэша
    [few] Удалено { $count-text } файла из кэша
    [many] Удалено { $count-text } файлов из кэша
   *[other] Удалено { $count-text } файла из кэша
}
no-cache-dir = В этой системе нет каталога кэша
cache-clear-failed = { $dir }: не удалось очистить: { $error }

## Представления

updating = Обновление…
asking-server = Запрос к базе данных для этого вида…
view-cancelled = Отменено: сервер остановил запрос для этого вида.
retry = Повторить
no-data-open = Данные не открыты. Используйте меню «Файл → Открыть», поле «Путь» или перетащите файлы в окно.
no-data-open-short = Данные не открыты
theme-label = Тема:
filter-label = Фильтр:
filter-hint = любой текст в строке
n-of-rows = { $shown-text } из { $count ->
    [one] { $count-text } строки
    [few] { $count-text } строк
    [many] { $count-text } строк
   *[other] { $count-text } строки
}
column-place = место
column-country = страна
column-indicator = показатель
column-time = время
column-value = значение
column-unit = единица измерения
column-source = источник
column-station = пост

## Боковая панель

indicator-search-hint = Поиск показателя (на любом языке)
indicator-heading = Показатель
cities-heading = Города
n-of-total = { $count-text } из { $total-text }
n-of-total-absent = { $count-text } из { $total-text } · { $absent-text } нет в данных
city-search-hint = Поиск (любое название, Ctrl+F)
select-all = Все
undated-year-none = В файле нет года: значения показаны только с пометкой «год не указан». Их год:
undated-year-given = В файле нет года; значениям присвоен { $year } год. Их год:
undated-year-apply = Применить
undated-year-hover = Загрузить файл заново, присвоив всем значениям этот год (--year в командной строке)
place-kind-regions = Области
select-none = Снять все
no-data-open-yet = Данные ещё не открыты
lower-is-better = чем ниже, тем лучше
higher-is-better = чем выше, тем лучше
no-data-for-selection = Нет данных по выбранным городам
other-indicators = Другие показатели в данных ({ $count-text })
years-heading = Годы
from = С
to = по
years-label = Годы { $years }
all-years = Все годы
latest-year = Последний год
options-heading = Параметры
log-axis = Логарифмическая шкала
values = Значения
index-100 = Индекс = 100
percent-change = Изменение, %
min-coverage = Полное значение от
min-coverage-hover = Средние, покрывающие меньшую часть года (или месяца), показаны полыми маркерами и перечислены под графиком
base-year = Базовый год
base-year-fixed = задать
interim-targets = Промежуточные цели ВОЗ
sub-annual-per = Усреднять внутригодовые данные за
per-year = год
per-month = месяц
per-day = сутки

## Представление «Источники»

synthetic-sample = синтетический пример
use-in-charts = использовать в графиках
use-in-charts-hover = Снимите отметку, чтобы исключить этот набор данных из всех графиков (он останется открытым)
disagreements-header = Источники расходятся ({ $count-text })
disagreement-row = { $place }, { $indicator }, { $year }: значения источников различаются в { $factor } раза
close-dataset = Закрыть этот набор данных
map-columns-button = Сопоставить столбцы…
map-columns-hover = Укажите, какой столбец содержит место, время, значение…, и откройте файл снова
details = Подробности
badge-skipped = ⚠ пропущено: { $count-text }
badge-conflicts = { $count ->
    [one] ⚠ { $count-text } конфликт
    [few] ⚠ { $count-text } конфликта
    [many] ⚠ { $count-text } конфликтов
   *[other] ⚠ { $count-text } конфликта
}
badge-both = ⚠ пропущено: { $skipped-text }; { $count ->
    [one] { $count-text } конфликт
    [few] { $count-text } конфликта
    [many] { $count-text } конфликтов
   *[other] { $count-text } конфликта
}
conflicts-header = Конфликты ({ $count-text })
skipped-header = Пропущенные строки ({ $count-text })
skipped-row = строка { $row-text }, столбец «{ $column }», значение «{ $value }»: { $reason }
source-format = Формат
format-database = таблица базы данных
source-layout = Структура
source-encoding = Кодировка
source-delimiter = Разделитель
source-sheet = Лист
source-columns = Столбцы
source-observations = Наблюдения
source-time = Период
source-indicators = Показатели
source-conflicts = Конфликты
source-skipped = Пропущено
source-missing = Без значения
n-cells = { $count ->
    [one] { $count-text } ячейка
    [few] { $count-text } ячейки
    [many] { $count-text } ячеек
   *[other] { $count-text } ячейки
}
missing-header = Ячейки без значения ({ $count-text })
missing-hint = Пустые или отмеченные как отсутствующие (например, n/a): это пропуски в данных, а не ошибки; в графики не входят.
missing-row = строка { $row-text }, столбец «{ $column }»
source-duplicates = Повторы значений
n-repeated-rows = { $count ->
    [one] { $count-text } значение в точности повторяет значение более ранней строки: учтено один раз
    [few] { $count-text } значения в точности повторяют значения более ранних строк: учтены один раз
    [many] { $count-text } значений в точности повторяют значения более ранних строк: учтены один раз
   *[other] { $count-text } значения в точности повторяют значения более ранних строк: учтены один раз
}
decimal-comma = десятичная запятая
n-annual-means = годовых средних: { $count-text }, по измерениям: { $readings-text } (вычислены там, где лежат данные)
n-from-rows = { $count-text } из { $rows ->
    [one] { $rows-text } строки
    [few] { $rows-text } строк
    [many] { $rows-text } строк
   *[other] { $rows-text } строки
}
n-kept = { $count-text } (оставлено: { $policy })
none = нет

## Диалог сопоставления столбцов

map-columns-title = Сопоставление столбцов
map-columns-help = Укажите роль каждого столбца; оставьте «автоопределение», чтобы citydash определил роль сам.
reading-columns = Чтение столбцов файла…
open-with-columns = Открыть с этими столбцами
detect = автоопределение

## Окно экспорта

export-title = Экспорт
export-size = Размер
export-custom = Произвольный
export-dimensions = Ширина × высота
export-scale = Масштаб
export-theme = Тема
theme-light = Светлая
theme-dark = Тёмная
export-language = Язык
export-pixels = PNG, { $width }×{ $height } пикс.
export-file = Файл
export-file-hint = папка/имя (расширение добавляется автоматически)
choose = Выбрать…
export-png = Экспорт PNG
export-png-disabled = Таблица и источники — не графики: экспортируйте их данные в CSV
export-csv = Экспорт данных (CSV)
export-spec = Сохранить спецификацию графика
replace = Заменить
keep-it = Оставить
writing = Запись: { $path } ({ $seconds } с)
open-spec-label = Открыть спецификацию графика
open-spec = Открыть спецификацию
opened-means = Открыто: { $name } — годовых средних: { $count-text }, по измерениям: { $readings-text } ({ $origin ->
        [folder] вычислены просмотром папки
       *[server] вычислены сервером
    })
opened-spec = Открыта спецификация графика: { $path }
saved-spec = Спецификация графика сохранена: { $path }
wrote-csv = Записано: { $path } ({ $count ->
    [one] { $count-text } строка
    [few] { $count-text } строки
    [many] { $count-text } строк
   *[other] { $count-text } строки
})
wrote-png = Записано: { $path } ({ $width }×{ $height } пикс.)
export-cancelled = Экспорт отменён
export-no-dialog = Диалог выбора файлов в этой системе недоступен: введите путь в поле «Файл»

## Окно «Всемирный банк»

wb-title = Показатели Всемирного банка
wb-indicators = Показатели
wb-pm25 = Среднегодовое воздействие PM2.5 (мкг/м³)
wb-electricity = Потребление электроэнергии (кВт·ч на душу населения)
wb-renewables = Доля возобновляемых источников в конечном потреблении энергии (%)
wb-other-codes = Другие коды
wb-codes-hint = напр. SP.POP.TOTL, EN.GHG.CO2.PC.CE.AR5
wb-countries = Страны
wb-other-countries = Другие коды ISO3
wb-countries-hint = напр. KOR, JPN, DNK
wb-years-from = Годы: с
wb-fetch = Загрузить
wb-note = World Bank WDI, CC BY 4.0 · загрузка в фоновом режиме

## Errors of opening data

error-not-found = { $path }: нет такого файла или папки
error-empty-folder = { $path }: в папке нет файлов с данными (csv, tsv, txt, xlsx, xls, xlsm, ods, parquet, json)
error-reader-failed = { $path }: файл не удалось прочитать (сбой модуля чтения); остальная работа citydash не затронута
error-cannot-read = { $path }: не удаётся прочитать файл: { $error }
error-no-place = { $path }: не найден столбец с названием места (города или страны); столбцы файла: { $columns }. Укажите столбец места через «Сопоставить столбцы…»
error-no-values = { $path }: не найдены числовые данные в столбцах { $columns }. Укажите столбец значений через «Сопоставить столбцы…»
error-no-sheet = { $path }: нет листа «{ $sheet }»; листы книги: { $sheets }
error-not-data = { $path }: это { $what }, а не таблица данных. citydash читает таблицы CSV, TSV и TXT, книги Excel и OpenDocument (xlsx, xls, ods), Parquet и записи JSON
kind-pdf = документ PDF
kind-picture = изображение
kind-document = текстовый документ
kind-presentation = презентация
kind-archive = архив
kind-program = программа
kind-page = текст или веб-страница
kind-config = файл настроек

# What the loader decided, as the Sources view and the Map columns dialog name it.
format-delimited-text = текст с разделителями
format-spreadsheet = электронная таблица
format-parquet = Parquet
format-json = JSON
layout-tidy = аккуратная таблица (одно наблюдение в строке)
layout-log = журнал измерений (метки времени, столбец параметра)
layout-wide-indicator = широкая по показателям (столбец на показатель)
layout-wide-year = широкая по годам (столбец на год)
resolution-year = год
resolution-month = месяц
resolution-day = день
resolution-timestamp = метка времени
policy-mean = среднее
policy-first = первое
policy-last = последнее
policy-max = максимум
role-place = место
role-country = страна
role-indicator = показатель
role-time = время
role-value = значение
role-unit = единица
role-source = источник
role-station = пост наблюдения

## Scatter

view-scatter = Диаграмма рассеяния
scatter-title = { $y } в зависимости от показателя «{ $x }»
place-year-text = { $name } ({ $year })
scatter-size = площадь точки: { $indicator }
scatter-colours = цвет: страна
country-unknown = Страна не известна
scatter-no-points = Ни у одного места нет обоих значений в пределах 3 лет от { $year } г.
note-scatter-missing = Не показаны (нет показателя «{ $indicator }» в пределах { $count-text } { $count ->
    [one] года
    [few] лет
    [many] лет
   *[other] года
} от { $year } г.): { $places }
note-scatter-log = Не показаны, ноль или отрицательное значение на логарифмической оси: { $places }
note-scatter-no-size = Показаны полыми точками наименьшего размера (нет показателя «{ $indicator }» в пределах { $count-text } { $count ->
    [one] года
    [few] лет
    [many] лет
   *[other] года
} от { $year } г.): { $places }
note-scatter-fit = Пунктир: линия наименьших квадратов, r² = { $r2 } ({ $count-text } { $count ->
    [one] место
    [few] места
   *[other] мест
})
note-scatter-fit-log = Пунктир: линия наименьших квадратов по логарифмам (log10) значений, r² = { $r2 } ({ $count-text } { $count ->
    [one] место
    [few] места
   *[other] мест
})
scatter-x = Ось X
scatter-y = Ось Y: показатель, выбранный на боковой панели
scatter-size-label = Размер точки
scatter-size-none = нет
scatter-log-x = Лог. X
scatter-log-y = Лог. Y
scatter-fit = Линия наименьших квадратов
scatter-year = Год
scatter-year-latest = последний общий

## Standards scorecard

view-scorecard = Оценка по стандартам
scorecard-title = Оценка по стандартам: положение каждого места относительно международных целей
scorecard-no-data = Нет значений показателей с целевыми уровнями для { $places }
scorecard-undated = У значений показателей с целями для { $places } в данных нет года (значений: { $count-text }), поэтому их нельзя оценить: укажите год файла (в окне: Источники → Их год; или citydash tidy ФАЙЛ --year ГОД — копия с годом)
scorecard-until = последнее значение до { $year } г.
scorecard-latest = последнее значение каждого места
scorecard-sorted = сначала места, достигшие больше целей
scorecard-legend-none = ни одна цель не достигнута
scorecard-legend-some = часть целей достигнута
scorecard-legend-all = все цели достигнуты
scorecard-none-met = ни одна цель не достигнута
scorecard-met-of = достигнуто целей: { $met } из { $of }
scorecard-row-total = достигнуто целей: { $met } из { $of }
note-scorecard-targets = Цели: { $body } ({ $source }): { $names }
targets-added = Добавлено целей из { $path }: { $count-text }

## Map

view-map = Карта
map-who-breaks = границы классов — рекомендация ВОЗ 2021 и промежуточные цели
note-map-other-years = Значения за ближайший год с данными (в обводке): { $places }
note-map-unplaced = Не на карте (нет координат или контура): { $places }
note-map-shapes = Карта: границы стран Natural Earth 1:50m (общественное достояние)
class-at-most = ≤ { $value }
class-above = > { $value }
class-between = { $low }–{ $high }
class-all = все значения
map-year = Год
map-year-latest = последний
map-play = ▶ Воспроизвести
map-pause = ‖ Пауза

## SVG and clipboard

export-svg = Экспорт SVG
export-svg-hover = Векторный рисунок с настоящим текстом — для отчётов и дальнейшей правки
wrote-svg = Записано: { $path } ({ $width }×{ $height } пикс., вектор)
copy-image = Копировать изображение
copied-image = Рисунок скопирован в буфер обмена ({ $width }×{ $height } пикс.): вставьте его в документ
copy-failed = Не удалось скопировать рисунок: { $error }
scorecard-more-rows = … и ещё мест: { $count-text } — не поместились (все есть в CSV; в более высоком рисунке они видны)
note-map-regions = Квадраты — значения по областям, отмеченные в административном центре области
selected-from-data = Ни одного из выбранных мест нет в открытых данных: показаны { $places }
indicator-from-data = Для показателя «{ $before }» в открытых файлах нет данных: показан «{ $after }»
