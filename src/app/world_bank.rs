//! The World Bank window: pick indicators and countries, then fetch them as a dataset.

use egui::RichText;

use crate::data::remote::worldbank::{Request, SILK_ROAD_COUNTRIES, SUGGESTED};

/// The World Bank window's state.
pub struct WorldBankPanel {
    pub open: bool,
    /// Suggested indicators ticked.
    pub suggested: Vec<bool>,
    /// Other indicator codes, comma-separated.
    pub other_codes: String,
    /// Silk Road countries ticked.
    pub countries: Vec<bool>,
    /// Other ISO3 codes, comma-separated.
    pub other_countries: String,
    pub from: i32,
    pub to: i32,
    /// The API's address (`CITYDASH_WORLDBANK_URL`, else the public one).
    pub base: String,
}

impl Default for WorldBankPanel {
    fn default() -> Self {
        WorldBankPanel {
            open: false,
            suggested: vec![true; SUGGESTED.len()],
            other_codes: String::new(),
            countries: vec![true; SILK_ROAD_COUNTRIES.len()],
            other_countries: String::new(),
            from: 2000,
            to: 2024,
            base: crate::data::remote::worldbank::base_url(),
        }
    }
}

fn split_codes(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split([',', ';', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl WorldBankPanel {
    /// What the window asks for.
    pub fn request(&self) -> Request {
        let mut indicators: Vec<String> = SUGGESTED
            .iter()
            .zip(&self.suggested)
            .filter(|(_, on)| **on)
            .map(|((code, _), _)| code.to_string())
            .collect();
        indicators.extend(split_codes(&self.other_codes));
        let mut countries: Vec<String> = SILK_ROAD_COUNTRIES
            .iter()
            .zip(&self.countries)
            .filter(|(_, on)| **on)
            .map(|(c, _)| c.to_string())
            .collect();
        countries.extend(split_codes(&self.other_countries).map(|c| c.to_ascii_uppercase()));
        Request {
            indicators,
            countries,
            from: Some(self.from.min(self.to)),
            to: Some(self.to.max(self.from)),
        }
    }

    /// Draws the window; returns a request when "Fetch" is clicked.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Request> {
        if !self.open {
            return None;
        }
        let lang = crate::chart::draw::lang_of(ctx);
        let mut fetch = None;
        let mut open = self.open;
        egui::Window::new(crate::tr!(lang, "wb-title"))
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(RichText::new(crate::tr!(lang, "wb-indicators")).strong());
                for ((code, what), on) in SUGGESTED.iter().zip(self.suggested.iter_mut()) {
                    let what = match *code {
                        "EN.ATM.PM25.MC.M3" => crate::tr!(lang, "wb-pm25"),
                        "EG.USE.ELEC.KH.PC" => crate::tr!(lang, "wb-electricity"),
                        "EG.FEC.RNEW.ZS" => crate::tr!(lang, "wb-renewables"),
                        _ => what.to_string(),
                    };
                    ui.checkbox(on, format!("{what} — {code}"));
                }
                ui.horizontal(|ui| {
                    let label = ui.label(crate::tr!(lang, "wb-other-codes"));
                    ui.add(
                        egui::TextEdit::singleline(&mut self.other_codes)
                            .hint_text(crate::tr!(lang, "wb-codes-hint"))
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                });
                ui.separator();
                ui.horizontal(|ui| {
                    ui.label(RichText::new(crate::tr!(lang, "wb-countries")).strong());
                    if ui.small_button(crate::tr!(lang, "select-all")).clicked() {
                        self.countries.iter_mut().for_each(|c| *c = true);
                    }
                    if ui.small_button(crate::tr!(lang, "select-none")).clicked() {
                        self.countries.iter_mut().for_each(|c| *c = false);
                    }
                });
                ui.horizontal_wrapped(|ui| {
                    for (code, on) in SILK_ROAD_COUNTRIES.iter().zip(self.countries.iter_mut()) {
                        ui.checkbox(on, *code);
                    }
                });
                ui.horizontal(|ui| {
                    let label = ui.label(crate::tr!(lang, "wb-other-countries"));
                    ui.add(
                        egui::TextEdit::singleline(&mut self.other_countries)
                            .hint_text(crate::tr!(lang, "wb-countries-hint"))
                            .desired_width(200.0),
                    )
                    .labelled_by(label.id);
                });
                ui.horizontal(|ui| {
                    let from = ui.label(crate::tr!(lang, "wb-years-from"));
                    ui.add(egui::DragValue::new(&mut self.from).range(1960..=2100))
                        .labelled_by(from.id);
                    let to = ui.label(crate::tr!(lang, "to"));
                    ui.add(egui::DragValue::new(&mut self.to).range(1960..=2100))
                        .labelled_by(to.id);
                });
                ui.separator();
                let req = self.request();
                let ready = !req.indicators.is_empty() && !req.countries.is_empty();
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(ready, egui::Button::new(crate::tr!(lang, "wb-fetch")))
                        .clicked()
                    {
                        fetch = Some(req);
                    }
                    ui.label(RichText::new(crate::tr!(lang, "wb-note")).weak());
                });
            });
        self.open = open && fetch.is_none();
        fetch
    }
}
