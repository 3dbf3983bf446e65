//! The default figure renderer: egui frames laid out off screen and filled on the CPU by
//! [`super::raster`], with no graphics device, driver or display.

use egui::{Color32, Context, Ui};
use image::RgbaImage;

use super::raster::{self, Texture, Textures};
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
            let egui::ImageData::Color(image) = &d.image;
            let nearest = d.options.magnification == egui::TextureFilter::Nearest;
            match d.pos {
                None => {
                    textures.insert(
                        id,
                        Texture {
                            size: image.size,
                            texels: image.pixels.clone(),
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
        if size[0] > MAX_SIDE || size[1] > MAX_SIDE {
            return Err(RenderError::TooLarge {
                width: size[0],
                height: size[1],
                max: MAX_SIDE,
            });
        }
        let (prims, mut delta) = layout(&self.ctx, size, pixels_per_point, 8192, draw);
        apply_textures(&mut self.textures, &mut delta);
        let pixels = raster::paint(
            size,
            pixels_per_point,
            clear,
            &prims,
            &self.textures,
            threads(),
        );
        free_textures(&mut self.textures, &mut delta);
        RgbaImage::from_raw(size[0], size[1], pixels)
            .ok_or_else(|| RenderError::Gpu("the image has the wrong size".into()))
    }
}
