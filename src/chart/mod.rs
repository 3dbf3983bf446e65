//! Charts as data: a serializable [`ChartSpec`], pure preparation of what to draw from a
//! dataset ([`prepare`]), and the egui_plot drawing shared by the window and exports ([`draw`]).

pub mod draw;
pub mod figure;
pub mod prepare;
pub mod spec;
pub mod theme;
pub mod thin;

pub use spec::{ChartOptions, ChartSpec, FigureOptions, Relative, View};
