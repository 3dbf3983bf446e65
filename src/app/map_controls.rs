//! The map's controls above it: the year slider with play (stepping through the years as
//! Grapher's timeline does) and the indicator sized by the circles.

use egui::Ui;

use crate::chart::ChartQuery;
use crate::chart::text::indicator_name;
use crate::i18n::Lang;
use crate::tr;

/// Seconds each year stays on screen while playing.
pub const STEP_SECONDS: f64 = 1.0;

/// The map's timeline: the years it can show and whether it is playing.
#[derive(Debug, Default, Clone)]
pub struct Timeline {
    /// The first and last year with data, from the last map prepared.
    pub span: Option<(i32, i32)>,
    /// The year the last map showed (its default year when the query names none).
    pub shown: Option<i32>,
    pub playing: bool,
    /// When the year last changed while playing (the context's clock, in seconds).
    last_step: f64,
}

impl Timeline {
    /// Starts playing, from the first year when the last is on screen.
    pub fn play(&mut self, query: &mut ChartQuery, now: f64) {
        let Some((first, last)) = self.span else {
            return;
        };
        let current = query.year.or(self.shown).unwrap_or(first);
        query.year = Some(if current >= last { first } else { current });
        self.playing = true;
        self.last_step = now;
    }

    /// Advances a playing timeline by a year every [`STEP_SECONDS`]; stops after the last.
    pub fn tick(&mut self, query: &mut ChartQuery, now: f64) {
        let (true, Some((first, last))) = (self.playing, self.span) else {
            return;
        };
        if now - self.last_step < STEP_SECONDS {
            return;
        }
        self.last_step = now;
        let next = query.year.unwrap_or(first) + 1;
        if next > last {
            self.playing = false;
        } else {
            query.year = Some(next);
        }
    }
}

/// Draws the map's controls; `available` lists the indicators of the open data.
pub fn map_controls(
    ui: &mut Ui,
    timeline: &mut Timeline,
    query: &mut ChartQuery,
    available: &[String],
    lang: Lang,
) {
    let now = ui.input(|i| i.time);
    timeline.tick(query, now);
    if timeline.playing {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(STEP_SECONDS / 4.0));
    }
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(tr!(lang, "map-year"));
        if let Some((first, last)) = timeline.span {
            let mut year = query.year.or(timeline.shown).unwrap_or(last);
            let slider = egui::Slider::new(&mut year, first..=last).integer();
            if ui.add(slider).labelled_by(label.id).changed() {
                query.year = Some(year);
                timeline.playing = false;
            }
        }
        let play = match timeline.playing {
            true => tr!(lang, "map-pause"),
            false => tr!(lang, "map-play"),
        };
        if ui.button(play).clicked() {
            match timeline.playing {
                true => timeline.playing = false,
                false => timeline.play(query, now),
            }
        }
        let mut latest = query.year.is_none();
        if ui
            .toggle_value(&mut latest, tr!(lang, "map-year-latest"))
            .clicked()
            && latest
        {
            query.year = None;
            timeline.playing = false;
        }
        ui.separator();
        let label = ui.label(tr!(lang, "scatter-size-label"));
        let current = match &query.size_indicator {
            Some(id) => indicator_name(id, lang),
            None => tr!(lang, "scatter-size-none"),
        };
        egui::ComboBox::from_id_salt("map_size")
            .selected_text(current)
            .show_ui(ui, |ui| {
                let none = tr!(lang, "scatter-size-none");
                ui.selectable_value(&mut query.size_indicator, None, none);
                for id in available {
                    let name = indicator_name(id, lang);
                    ui.selectable_value(&mut query.size_indicator, Some(id.clone()), name);
                }
            })
            .response
            .labelled_by(label.id);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn playing_steps_a_year_a_second_and_stops_after_the_last() {
        let mut t = Timeline {
            span: Some((2018, 2020)),
            shown: Some(2020),
            ..Default::default()
        };
        let mut q = ChartQuery::default();
        // Started on the last year, it starts over from the first.
        t.play(&mut q, 10.0);
        assert_eq!((q.year, t.playing), (Some(2018), true));
        t.tick(&mut q, 10.5);
        assert_eq!(q.year, Some(2018), "not a second yet");
        t.tick(&mut q, 11.0);
        assert_eq!(q.year, Some(2019));
        t.tick(&mut q, 12.0);
        assert_eq!(q.year, Some(2020));
        t.tick(&mut q, 13.0);
        assert_eq!((q.year, t.playing), (Some(2020), false));
    }
}
