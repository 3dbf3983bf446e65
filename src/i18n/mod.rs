//! The window's and the figures' languages: English, Russian and Kazakh. Every user-visible
//! string comes from a Fluent message file per language (`assets/i18n/{en,ru,kk}.ftl`,
//! embedded in the binary), with each language's plural rules (CLDR, through
//! `fluent-bundle`); numbers are written as each language writes them (`21,6` and `6 466`
//! with a narrow no-break space in Russian and Kazakh). The command line stays English.

pub mod number;

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

pub use number::{format_fixed, format_number, format_value};

/// A language of the window and of figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ru,
    Kk,
}

impl Lang {
    /// Every language, in the order of the language menu.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Ru, Lang::Kk];

    /// The ISO 639-1 code: `en`, `ru`, `kk`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Kk => "kk",
        }
    }

    /// The language's own name, as the language menu shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
            Lang::Kk => "Қазақша",
        }
    }

    /// The language of a locale name such as `ru_RU.UTF-8` or `kk-KZ`; `None` for others.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let code = locale
            .split(['_', '-', '.', '@'])
            .next()?
            .to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language of the system locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
    pub fn from_system() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .and_then(|v| Lang::from_locale(&v))
            .unwrap_or_default()
    }

    /// The decimal mark of numbers.
    pub fn decimal_comma(self) -> bool {
        self != Lang::En
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../../assets/i18n/en.ftl"),
            Lang::Ru => include_str!("../../assets/i18n/ru.ftl"),
            Lang::Kk => include_str!("../../assets/i18n/kk.ftl"),
        }
    }
}

type Bundle = FluentBundle<FluentResource>;

/// A language's bundle, parsed the first time the language is used (an English export never
/// parses the Russian and Kazakh files).
fn bundle_of(lang: Lang) -> &'static Bundle {
    static BUNDLES: [OnceLock<Bundle>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    BUNDLES[lang as usize].get_or_init(|| bundle(lang))
}

fn bundle(lang: Lang) -> Bundle {
    let id = lang.code().parse().expect("a valid language code");
    let mut b = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around arguments: the fonts draw them as boxes.
    b.set_use_isolating(false);
    // A message file that does not parse is a build error caught by the tests; at run time
    // the messages that did parse are kept.
    let resource = FluentResource::try_new(lang.source().to_string()).unwrap_or_else(|(r, _)| r);
    let _ = b.add_resource(resource);
    b
}

/// An argument of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text shown as it is.
    Text(String),
    /// A count: selects the plural form and is written with the language's digit grouping.
    Count(i64),
    /// A number written as the language writes numbers (decimal mark, grouping).
    Number(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Count(n as i64)
    }
}

impl From<i32> for Arg {
    fn from(n: i32) -> Arg {
        Arg::Count(i64::from(n))
    }
}

/// The message `id` in `lang` with arguments; the English message when the language lacks
/// it, and the id itself when no language has it.
pub fn tr_args(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(t) => fluent.set(*name, FluentValue::from(t.as_str())),
            Arg::Count(n) => {
                fluent.set(*name, FluentValue::from(*n));
                let shown = format!("{name}-text");
                fluent.set(shown, FluentValue::from(format_number(lang, *n as f64)));
            }
            Arg::Number(v) => fluent.set(*name, FluentValue::from(format_value(lang, *v))),
        }
    }
    for l in [lang, Lang::En] {
        let b = bundle_of(l);
        if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return b
                .format_pattern(pattern, Some(&fluent), &mut errors)
                .into_owned();
        }
    }
    id.to_string()
}

/// The message `id` in `lang`, without arguments.
pub fn tr(lang: Lang, id: &str) -> String {
    tr_args(lang, id, &[])
}

/// `tr!(lang, "id")` or `tr!(lang, "id", name = value, …)`: a message in a language.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:literal) => {
        $crate::i18n::tr($lang, $id)
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr_args(
            $lang,
            $id,
            &[$((stringify!($name), $crate::i18n::Arg::from($value))),+],
        )
    };
}

/// The message ids of a language's file, and the arguments each uses, for the tests that
/// keep the languages in step.
pub fn messages(lang: Lang) -> Vec<(String, Vec<String>)> {
    use fluent_syntax::ast;
    let Ok(resource) = fluent_syntax::parser::parse(lang.source()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut args: Vec<String> = Vec::new();
            if let Some(p) = &m.value {
                pattern_args(p, &mut args);
            }
            args.sort();
            args.dedup();
            out.push((m.id.name.to_string(), args));
        }
    }
    out
}

fn pattern_args(p: &fluent_syntax::ast::Pattern<&str>, out: &mut Vec<String>) {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    fn inline(e: &InlineExpression<&str>, out: &mut Vec<String>) {
        if let InlineExpression::VariableReference { id } = e {
            out.push(id.name.to_string());
        }
    }
    for el in &p.elements {
        let PatternElement::Placeable { expression } = el else {
            continue;
        };
        match expression {
            Expression::Inline(e) => inline(e, out),
            Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    pattern_args(&v.value, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_english_message_exists_in_russian_and_kazakh_with_the_same_arguments() {
        let en = messages(Lang::En);
        assert!(en.len() > 100, "{} messages", en.len());
        for lang in [Lang::Ru, Lang::Kk] {
            let other: std::collections::HashMap<String, Vec<String>> =
                messages(lang).into_iter().collect();
            for (id, args) in &en {
                let theirs = other
                    .get(id)
                    .unwrap_or_else(|| panic!("{id} is missing in {}", lang.code()));
                // A plural selector may write its number through `$n-text` in one language
                // and directly in another; every other argument must match.
                let norm = |a: &Vec<String>| -> Vec<String> {
                    let mut v: Vec<String> = a
                        .iter()
                        .map(|s| s.trim_end_matches("-text").to_string())
                        .collect();
                    v.sort();
                    v.dedup();
                    v
                };
                assert_eq!(
                    norm(theirs),
                    norm(args),
                    "{id}: arguments differ in {}",
                    lang.code()
                );
            }
            for id in other.keys() {
                assert!(
                    en.iter().any(|(e, _)| e == id),
                    "{id} of {} is not in en",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn plural_forms_follow_each_language() {
        let cities = |lang, n: usize| tr!(lang, "n-cities", count = n);
        assert_eq!(cities(Lang::Ru, 1), "1 город");
        assert_eq!(cities(Lang::Ru, 2), "2 города");
        assert_eq!(cities(Lang::Ru, 5), "5 городов");
        assert_eq!(cities(Lang::Ru, 21), "21 город");
        assert_eq!(cities(Lang::En, 1), "1 city");
        assert_eq!(cities(Lang::En, 12000), "12,000 cities");
        assert_eq!(cities(Lang::Ru, 12000), "12\u{202f}000 городов");
        let obs = |lang, n: usize| tr!(lang, "n-observations", count = n);
        assert_eq!(obs(Lang::Ru, 21), "21 наблюдение");
        assert_eq!(obs(Lang::Ru, 22), "22 наблюдения");
        assert_eq!(obs(Lang::Kk, 5), "5 бақылау");
    }

    #[test]
    fn locales_choose_a_language() {
        assert_eq!(Lang::from_locale("ru_RU.UTF-8"), Some(Lang::Ru));
        assert_eq!(Lang::from_locale("kk-KZ"), Some(Lang::Kk));
        assert_eq!(Lang::from_locale("en_GB"), Some(Lang::En));
        assert_eq!(Lang::from_locale("de_DE.UTF-8"), None);
        assert_eq!(Lang::from_locale("C"), None);
    }
}
