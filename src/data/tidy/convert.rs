//! Values in another unit than their indicator's catalog unit, converted before anything is
//! combined (see [`crate::data::units`]), and said in the report.

use super::*;
use crate::data::units::{self, UnitConversion};

/// Converts every observation whose unit has a known conversion to its indicator's catalog
/// unit, and records each conversion (with its factor and basis) in the report. Units without
/// a known conversion are kept as written; charts then leave them out by name.
pub(super) fn convert_units(
    obs: &mut ObservationColumns,
    catalog: &Catalog,
    report: &mut LoadReport,
) {
    let (n_ind, n_unit) = (obs.indicators.names().len(), obs.units.names().len());
    if n_ind == 0 || n_unit == 0 {
        return;
    }
    // The factor and target unit of each (indicator, unit) pair, decided once per pair.
    let mut table: Vec<Option<(f64, u32)>> = vec![None; n_ind * n_unit];
    let mut found = Vec::new();
    for i in 0..n_ind {
        let id = obs.indicators.name(i as u32).to_string();
        let Some(target) = catalog.indicator(&id).map(|k| k.unit.clone()) else {
            continue;
        };
        for u in 0..n_unit {
            let from = obs.units.name(u as u32).to_string();
            if let Some((factor, basis)) = units::conversion(&id, &from, &target) {
                let to = obs.units.intern(&target);
                table[i * n_unit + u] = Some((factor, to));
                found.push((
                    i * n_unit + u,
                    UnitConversion {
                        indicator: id.clone(),
                        from,
                        to: target.clone(),
                        factor,
                        basis,
                        values: 0,
                    },
                ));
            }
        }
    }
    if found.is_empty() {
        return;
    }
    let mut counts = vec![0usize; n_ind * n_unit];
    for ((value, unit), &ind) in obs
        .value
        .iter_mut()
        .zip(obs.unit.iter_mut())
        .zip(&obs.indicator)
    {
        if *unit == NULL_CODE || ind == NULL_CODE {
            continue;
        }
        let slot = ind as usize * n_unit + *unit as usize;
        if let Some((factor, to)) = table[slot] {
            *value *= factor;
            *unit = to;
            counts[slot] += 1;
        }
    }
    for (slot, mut c) in found {
        c.values = counts[slot];
        if c.values > 0 {
            report.conversions.push(c);
        }
    }
}
