//! Off-screen rendering of egui frames to RGBA images through wgpu, with no window and no
//! display: on machines without a GPU, wgpu finds Mesa's software Vulkan (lavapipe) or GL.
//! The device is created once and reused for every image (batch exports).

use std::sync::Arc;
use std::time::Duration;

use eframe::egui_wgpu::{self, wgpu};
use egui::{Context, Ui};
use image::RgbaImage;

/// How long to wait for the GPU (a software rasterizer is slow on big images).
const WAIT: Duration = Duration::from_secs(60);

/// What to install when no adapter exists.
pub const INSTALL_HINT: &str = "no graphics adapter for off-screen rendering: on a machine without a GPU \
install Mesa's software Vulkan driver (Debian/Ubuntu: `sudo apt-get install mesa-vulkan-drivers libvulkan1`)";

/// Rendering failures.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("{INSTALL_HINT} ({0})")]
    NoAdapter(String),
    #[error("{width}×{height} px is larger than this graphics adapter allows ({max} px a side)")]
    TooLarge { width: u32, height: u32, max: u32 },
    #[error("rendering failed: {0}")]
    Gpu(String),
}

/// Lays out `draw` in a frame of `size` pixels and tessellates it. The frame runs a few
/// passes so that sizes measured on one pass (axis widths, wrapped text) are right on the
/// last; the texture changes of every pass are returned together.
pub fn layout(
    ctx: &Context,
    size: [u32; 2],
    pixels_per_point: f32,
    max_texture_side: u32,
    draw: &mut dyn FnMut(&mut Ui),
) -> (Vec<egui::ClippedPrimitive>, egui::TexturesDelta) {
    let (shapes, textures) = run_passes(ctx, size, pixels_per_point, max_texture_side, draw, 3);
    (ctx.tessellate(shapes, pixels_per_point), textures)
}

/// Lays out `draw` in a frame of `size` pixels, `passes` passes (3 for figures, see
/// [`layout`]), and returns the last pass's shapes, untessellated (the SVG
/// writer's input), and every pass's texture changes.
pub fn run_passes(
    ctx: &Context,
    size: [u32; 2],
    pixels_per_point: f32,
    max_texture_side: u32,
    draw: &mut dyn FnMut(&mut Ui),
    passes: usize,
) -> (Vec<egui::epaint::ClippedShape>, egui::TexturesDelta) {
    let points = egui::vec2(size[0] as f32, size[1] as f32) / pixels_per_point;
    let mut input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, points)),
        max_texture_side: Some(max_texture_side as usize),
        ..Default::default()
    };
    if let Some(v) = input.viewports.get_mut(&egui::ViewportId::ROOT) {
        v.native_pixels_per_point = Some(pixels_per_point);
    }
    let mut textures = egui::TexturesDelta::default();
    let mut shapes = Vec::new();
    for _ in 0..passes.max(1) {
        let mut out = ctx.run_ui(input.clone(), &mut *draw);
        textures.append(std::mem::take(&mut out.textures_delta));
        shapes = out.shapes;
    }
    (shapes, textures)
}

/// A wgpu device and egui renderer that draw egui frames into images.
pub struct OffscreenRenderer {
    state: egui_wgpu::RenderState,
    ctx: Context,
}

impl OffscreenRenderer {
    /// Creates the device, preferring a software adapter (predictable output), else any GPU;
    /// Vulkan, Metal or DX12 first, then GL.
    pub fn new() -> Result<OffscreenRenderer, RenderError> {
        let primary = wgpu::Backends::VULKAN | wgpu::Backends::METAL | wgpu::Backends::DX12;
        match Self::with_backends(primary) {
            Ok(r) => Ok(r),
            Err(first) => Self::with_backends(wgpu::Backends::GL).map_err(|_| first),
        }
    }

    fn with_backends(backends: wgpu::Backends) -> Result<OffscreenRenderer, RenderError> {
        let mut setup = egui_wgpu::WgpuSetupCreateNew::without_display_handle();
        setup.instance_descriptor.backends = backends;
        setup.native_adapter_selector = Some(Arc::new(|adapters, _surface| {
            let mut adapters: Vec<_> = adapters.iter().collect();
            adapters.sort_by_key(|a| match a.get_info().device_type {
                wgpu::DeviceType::Cpu => 0,
                wgpu::DeviceType::DiscreteGpu => 1,
                _ => 2,
            });
            adapters
                .first()
                .map(|a| (*a).clone())
                .ok_or_else(|| "no adapter found".to_owned())
        }));
        let setup = egui_wgpu::WgpuSetup::CreateNew(setup);
        let instance = pollster::block_on(setup.new_instance());
        let state = pollster::block_on(egui_wgpu::RenderState::create(
            &egui_wgpu::WgpuConfiguration {
                wgpu_setup: setup,
                ..Default::default()
            },
            &instance,
            None,
            egui_wgpu::RendererOptions::PREDICTABLE,
        ))
        .map_err(|e| RenderError::NoAdapter(e.to_string()))?;
        Ok(OffscreenRenderer {
            state,
            ctx: Context::default(),
        })
    }

    /// The adapter in use, e.g. "llvmpipe (LLVM 15.0.6, 256 bits) (Vulkan)".
    pub fn adapter_name(&self) -> String {
        let info = self.state.adapter.get_info();
        format!("{} ({:?})", info.name, info.backend)
    }

    /// The egui context frames are laid out in (set fonts and styles on it).
    pub fn context(&self) -> &Context {
        &self.ctx
    }

    /// Lays out and draws `draw` into an image of `size` pixels, `pixels_per_point` pixels per
    /// layout point. The frame runs a few passes so that sizes measured on one pass (axis
    /// widths, wrapped text) are right on the last.
    pub fn render(
        &mut self,
        size: [u32; 2],
        pixels_per_point: f32,
        clear: egui::Color32,
        mut draw: impl FnMut(&mut Ui),
    ) -> Result<RgbaImage, RenderError> {
        let max = self.state.device.limits().max_texture_dimension_2d;
        if size[0] > max || size[1] > max {
            return Err(RenderError::TooLarge {
                width: size[0],
                height: size[1],
                max,
            });
        }
        let (jobs, textures) = layout(&self.ctx, size, pixels_per_point, max, &mut draw);
        self.paint(size, pixels_per_point, clear, &jobs, textures)
    }

    fn paint(
        &mut self,
        size: [u32; 2],
        pixels_per_point: f32,
        clear: egui::Color32,
        jobs: &[egui::ClippedPrimitive],
        mut textures: egui::TexturesDelta,
    ) -> Result<RgbaImage, RenderError> {
        let device = &self.state.device;
        let queue = &self.state.queue;
        let mut renderer = self.state.renderer.write();
        for (id, deltas) in textures.set.drain() {
            for delta in &deltas {
                renderer.update_texture(device, queue, id, delta);
            }
        }
        let screen = egui_wgpu::ScreenDescriptor {
            size_in_pixels: size,
            pixels_per_point,
        };
        let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
            label: Some("citydash export"),
        });
        let user_buffers = renderer.update_buffers(device, queue, &mut encoder, jobs, &screen);
        let texture = device.create_texture(&wgpu::TextureDescriptor {
            label: Some("citydash figure"),
            size: wgpu::Extent3d {
                width: size[0],
                height: size[1],
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: self.state.target_format,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
            view_formats: &[],
        });
        let view = texture.create_view(&wgpu::TextureViewDescriptor::default());
        // The target is not sRGB: egui's renderer writes gamma-encoded colours, and so must the
        // clear colour.
        let [r, g, b, a] = clear.to_array().map(|c| f64::from(c) / 255.0);
        {
            let mut pass = encoder
                .begin_render_pass(&wgpu::RenderPassDescriptor {
                    label: Some("citydash figure pass"),
                    color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                        view: &view,
                        resolve_target: None,
                        ops: wgpu::Operations {
                            load: wgpu::LoadOp::Clear(wgpu::Color { r, g, b, a }),
                            store: wgpu::StoreOp::Store,
                        },
                        depth_slice: None,
                    })],
                    ..Default::default()
                })
                .forget_lifetime();
            renderer.render(&mut pass, jobs, &screen);
        }
        let pixels = read_back(device, queue, encoder, user_buffers, &texture, size)?;
        for id in textures.free.drain() {
            renderer.free_texture(&id);
        }
        RgbaImage::from_raw(size[0], size[1], pixels)
            .ok_or_else(|| RenderError::Gpu("the image has the wrong size".into()))
    }
}

/// Submits the frame's commands with a copy of the texture into a buffer (rows padded to
/// wgpu's alignment), waits for it, and returns the pixels without padding.
fn read_back(
    device: &wgpu::Device,
    queue: &wgpu::Queue,
    mut encoder: wgpu::CommandEncoder,
    user_buffers: Vec<wgpu::CommandBuffer>,
    texture: &wgpu::Texture,
    size: [u32; 2],
) -> Result<Vec<u8>, RenderError> {
    // Copy the image into a buffer whose rows are padded to wgpu's alignment.
    let row = size[0] as usize * 4;
    let align = wgpu::COPY_BYTES_PER_ROW_ALIGNMENT as usize;
    let padded = row.div_ceil(align) * align;
    let buffer = device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("citydash readback"),
        size: (padded * size[1] as usize) as u64,
        usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    });
    encoder.copy_texture_to_buffer(
        texture.as_image_copy(),
        wgpu::TexelCopyBufferInfo {
            buffer: &buffer,
            layout: wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(padded as u32),
                rows_per_image: None,
            },
        },
        wgpu::Extent3d {
            width: size[0],
            height: size[1],
            depth_or_array_layers: 1,
        },
    );
    let index = queue.submit(
        user_buffers
            .into_iter()
            .chain(std::iter::once(encoder.finish())),
    );
    let slice = buffer.slice(..);
    let (tx, rx) = std::sync::mpsc::channel();
    slice.map_async(wgpu::MapMode::Read, move |r| drop(tx.send(r)));
    device
        .poll(wgpu::PollType::Wait {
            submission_index: Some(index),
            timeout: Some(WAIT),
        })
        .map_err(|e| RenderError::Gpu(e.to_string()))?;
    rx.recv()
        .map_err(|e| RenderError::Gpu(e.to_string()))?
        .map_err(|e| RenderError::Gpu(e.to_string()))?;
    let data = slice
        .get_mapped_range()
        .map_err(|e| RenderError::Gpu(e.to_string()))?;
    let mut pixels = Vec::with_capacity(row * size[1] as usize);
    for line in data.chunks_exact(padded) {
        pixels.extend_from_slice(&line[..row]);
    }
    drop(data);
    buffer.unmap();
    Ok(pixels)
}
