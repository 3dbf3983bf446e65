//! The default figure renderer: egui frames laid out off screen and filled on the CPU by
//! [`super::raster`], with no graphics device, driver or display.

use egui::{Color32, Context, Ui};

use image::RgbaImage;

use super::raster::{Scene, Texture, Textures};
use super::render::{RenderError, layout};
use crate::chart::spec::MAX_SIDE;

/// Keeps the textures egui uploads (the font atlas) between frames.
#[derive(Default)]
pub struct CpuRenderer {
    ctx: Context,
    textures: Textures,
}

/// Applies egui's texture changes (whole images or patches) to a set of textures, taking
/// them out of `delta`.
pub fn apply_textures(textures: &mut Textures, delta: &mut egui::TexturesDelta) {
    for (id, deltas) in delta.set.drain() {
        for d in deltas {
            let nearest = d.options.magnification == egui::TextureFilter::Nearest;
            let egui::ImageData::Color(image) = d.image;
            match d.pos {
                None => {
                    let size = image.size;
                    textures.insert(
                        id,
                        Texture {
                            size,
                            // egui keeps no other handle to a delta's image: no copy.
                            texels: std::sync::Arc::unwrap_or_clone(image).pixels,
                            nearest,
                            wrap: d.options.wrap_mode,
                        },
                    );
                }
                Some([x, y]) => {
                    let Some(t) = textures.get_mut(&id) else {
                        continue;
                    };
                    for row in 0..image.size[1] {
                        let src = &image.pixels[row * image.size[0]..][..image.size[0]];
                        let at = (y + row) * t.size[0] + x;
                        if let Some(dst) = t.texels.get_mut(at..at + src.len()) {
                            dst.copy_from_slice(src);
                        }
                    }
                }
            }
        }
    }
}

/// Forgets the textures egui freed, taking them out of `delta`.
pub fn free_textures(textures: &mut Textures, delta: &mut egui::TexturesDelta) {
    for id in delta.free.drain() {
        textures.remove(&id);
    }
}

/// The widest texture egui may make, which sets the width of its font atlas: 2048 texels is
/// plenty for glyphs at 4× and keeps the atlas small (at 8192 its first strip alone was 2 MB).
const ATLAS_SIDE: u32 = 2048;

/// Threads for large images: the cores this machine has.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

impl CpuRenderer {
    pub fn new() -> CpuRenderer {
        CpuRenderer::default()
    }

    /// The egui context frames are laid out in (set fonts and styles on it).
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// Lays out and draws `draw` into an image of `size` pixels, `pixels_per_point` pixels per
    /// layout point, on a background of `clear`.
    pub fn render(
        &mut self,
        size: [u32; 2],
        pixels_per_point: f32,
        clear: Color32,
        draw: &mut dyn FnMut(&mut Ui),
    ) -> Result<RgbaImage, RenderError> {
        let pixels = self.render_with(size, pixels_per_point, clear, draw, |scene| {
            scene.paint(threads())
        })?;
        RgbaImage::from_raw(size[0], size[1], pixels)
            .ok_or_else(|| RenderError::Gpu("the image has the wrong size".into()))
    }

    /// Lays out `draw` for an image of `size` pixels and hands the prepared scene to `use_scene`,
    /// which draws whatever rows it needs (a PNG encoder draws strips as it goes, so a large
    /// figure never exists whole in memory).
    pub fn render_with<T>(
        &mut self,
        size: [u32; 2],
        pixels_per_point: f32,
        clear: Color32,
        draw: &mut dyn FnMut(&mut Ui),
        use_scene: impl FnOnce(&Scene<'_>) -> T,
    ) -> Result<T, RenderError> {
        if size[0] > MAX_SIDE || size[1] > MAX_SIDE {
            return Err(RenderError::TooLarge {
                width: size[0],
                height: size[1],
                max: MAX_SIDE,
            });
        }
        // With CITYDASH_TIMINGS set, each phase of the figure prints its time.
        let mut clock = crate::data::timing::PhaseClock::start();
        let (prims, mut delta) = layout(&self.ctx, size, pixels_per_point, ATLAS_SIDE, draw);
        clock.lap("figure: layout");
        apply_textures(&mut self.textures, &mut delta);
        let scene = Scene::new(size, pixels_per_point, clear, &prims, &self.textures);
        clock.lap("figure: scene");
        let result = use_scene(&scene);
        clock.lap("figure: draw and encode");
        drop(scene);
        free_textures(&mut self.textures, &mut delta);
        Ok(result)
    }
}
