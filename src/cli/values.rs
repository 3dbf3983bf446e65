//! The command line's value enums are the library's own types: clap learns their names here,
//! so the data and chart layers stay free of clap and every enum is defined once.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::chart::View;
use crate::data::ConflictPolicy;
use crate::data::catalog::Theme;
use crate::data::query::Period;
use crate::export::{OutputKind, RendererKind};

impl ValueEnum for crate::i18n::Lang {
    fn value_variants<'a>() -> &'a [Self] {
        &crate::i18n::Lang::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.code()).help(self.native_name()))
    }
}

impl ValueEnum for RendererKind {
    fn value_variants<'a>() -> &'a [Self] {
        &RendererKind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()))
    }
}

impl ValueEnum for View {
    fn value_variants<'a>() -> &'a [Self] {
        &View::EXPORTABLE
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.label()))
    }
}

impl ValueEnum for Period {
    fn value_variants<'a>() -> &'a [Self] {
        &Period::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.means_label()))
    }
}

impl ValueEnum for Theme {
    fn value_variants<'a>() -> &'a [Self] {
        &Theme::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.label()))
    }
}

impl ValueEnum for ConflictPolicy {
    fn value_variants<'a>() -> &'a [Self] {
        &ConflictPolicy::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.name()).help(self.description()))
    }
}

impl ValueEnum for OutputKind {
    fn value_variants<'a>() -> &'a [Self] {
        &OutputKind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.extension()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_clap() {
        for v in View::EXPORTABLE {
            assert_eq!(View::from_str(v.name(), false), Ok(v));
        }
        assert!(View::from_str("sources", false).is_err(), "not exportable");
        assert_eq!(Period::from_str("month", false), Ok(Period::Month));
        assert_eq!(Theme::from_str("air", false), Ok(Theme::Air));
        assert_eq!(
            ConflictPolicy::from_str("max", false),
            Ok(ConflictPolicy::Max)
        );
        assert_eq!(OutputKind::from_str("csv", false), Ok(OutputKind::Csv));
    }
}
