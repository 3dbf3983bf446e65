//! A two-handle year-range slider: drag either handle; they may meet (a single year) but never
//! cross. Clicking the track moves the nearer handle there.

use egui::{Pos2, Rect, Response, Role, Sense, Stroke, Ui, Vec2, WidgetInfo};

/// Which handle a drag moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handle {
    From,
    To,
}

/// The handle nearer to `value`; when the handles meet, the side of the pointer decides.
pub fn pick_handle(value: f32, from: i32, to: i32) -> Handle {
    let (df, dt) = ((value - from as f32).abs(), (value - to as f32).abs());
    if from == to {
        if value < from as f32 {
            Handle::From
        } else {
            Handle::To
        }
    } else if df <= dt {
        Handle::From
    } else {
        Handle::To
    }
}

/// Moves one handle to `value` (rounded, clamped to the bounds and the other handle).
pub fn move_handle(handle: Handle, value: f32, from: &mut i32, to: &mut i32, lo: i32, hi: i32) {
    let v = (value.round() as i32).clamp(lo, hi);
    match handle {
        Handle::From => *from = v.min(*to),
        Handle::To => *to = v.max(*from),
    }
}

/// Draws the slider; `from` and `to` change as the user drags.
pub fn year_range(ui: &mut Ui, from: &mut i32, to: &mut i32, lo: i32, hi: i32) -> Response {
    let size = Vec2::new(ui.available_width().max(120.0), 26.0);
    let (rect, mut response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    let track = Rect::from_min_max(
        Pos2::new(rect.left() + 8.0, rect.center().y - 2.0),
        Pos2::new(rect.right() - 8.0, rect.center().y + 2.0),
    );
    let span = (hi - lo).max(1) as f32;
    let x_of = |v: i32| track.left() + (v - lo) as f32 / span * track.width();
    let value_at = |x: f32| lo as f32 + (x - track.left()) / track.width().max(1.0) * span;
    let id = response.id;
    if let Some(pos) = response.interact_pointer_pos() {
        let value = value_at(pos.x);
        let handle = if response.drag_started() || response.clicked() {
            let h = pick_handle(value, *from, *to);
            ui.data_mut(|d| d.insert_temp(id, h == Handle::To));
            h
        } else if ui.data(|d| d.get_temp::<bool>(id)).unwrap_or(false) {
            Handle::To
        } else {
            Handle::From
        };
        let before = (*from, *to);
        move_handle(handle, value, from, to, lo, hi);
        if before != (*from, *to) {
            response.mark_changed();
        }
    }
    let visuals = ui.style().interact(&response);
    let painter = ui.painter();
    painter.rect_filled(track, 2.0, ui.visuals().widgets.inactive.bg_fill);
    let selected = Rect::from_min_max(
        Pos2::new(x_of(*from), track.top()),
        Pos2::new(x_of(*to), track.bottom()),
    );
    painter.rect_filled(selected, 2.0, ui.visuals().selection.bg_fill);
    for v in [*from, *to] {
        let c = Pos2::new(x_of(v), track.center().y);
        painter.circle(
            c,
            7.0,
            visuals.bg_fill,
            Stroke::new(1.5, ui.visuals().selection.bg_fill.gamma_multiply(0.9)),
        );
    }
    let (a, b) = (*from, *to);
    let years = if a == b {
        a.to_string()
    } else {
        format!("{a}–{b}")
    };
    let label = crate::tr!(crate::chart::draw::lang(ui), "years-label", years = years);
    response.widget_info(|| WidgetInfo::labeled(Role::Slider, true, label.clone()));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_picked_by_distance_and_never_cross() {
        assert_eq!(pick_handle(2011.0, 2010, 2020), Handle::From);
        assert_eq!(pick_handle(2019.0, 2010, 2020), Handle::To);
        // Met handles: the pointer's side decides.
        assert_eq!(pick_handle(2014.0, 2015, 2015), Handle::From);
        assert_eq!(pick_handle(2016.0, 2015, 2015), Handle::To);
        let (mut from, mut to) = (2010, 2020);
        move_handle(Handle::From, 2024.6, &mut from, &mut to, 2000, 2024);
        assert_eq!(
            (from, to),
            (2020, 2020),
            "the first handle stops at the second"
        );
        move_handle(Handle::To, 1990.0, &mut from, &mut to, 2000, 2024);
        assert_eq!((from, to), (2020, 2020));
        move_handle(Handle::To, 2030.0, &mut from, &mut to, 2000, 2024);
        assert_eq!((from, to), (2020, 2024), "clamped to the bounds");
        move_handle(Handle::From, 2012.4, &mut from, &mut to, 2000, 2024);
        assert_eq!((from, to), (2012, 2024));
    }
}
