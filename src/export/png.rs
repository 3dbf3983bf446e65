//! PNG encoding on several threads, of images that need not exist whole. The `png` crate
//! encodes on one thread: for a 6800×4800 figure (130 MB of pixels) that took longer than
//! drawing it (50–110 ms by filter), and the image itself cost more to allocate than to draw
//! (fresh memory is slow to touch). Here the rows are split into one part a thread; each part
//! asks for its rows a strip at a time (about 1 MiB, reused), filters and deflates them
//! (runs and literals, [`super::deflate`]). Every part but the last ends on a sync flush, so the parts
//! concatenate into one valid zlib stream, whose Adler-32 is combined from the parts' own
//! (as zlib's `adler32_combine`). Chunks follow the PNG specification (ISO/IEC 15948):
//! IHDR, one IDAT per part, IEND, each with its CRC-32. An opaque image (every alpha 255, as
//! every figure on an opaque background) is written as RGB, colour type 2: a quarter less to
//! filter and deflate, and a smaller file.

use std::io::{self, Write};

use super::deflate::RunDeflate;

/// Images with fewer pixels than this are encoded on one thread.
const PARALLEL_PIXELS: usize = 250_000;

/// The PNG file signature.
const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// Bytes of rows a part asks for at once: small enough to stay in a core's cache between
/// drawing and filtering (a 1600×900 figure's PNG: 25.4 ms with 1 MiB strips, 22.6 ms with
/// 256 KiB, whole process, medians of 25 interleaved runs)...
const STRIP_BYTES: usize = 256 << 10;

/// ...but at least this many rows, as every strip sets up the triangles crossing it again
/// (a 6800×4800 figure took 125 ms with 256 KiB strips of 9 rows, 119 ms with 1 MiB).
const MIN_STRIP_ROWS: usize = 32;

/// Fills whole rows from a given row: `fill(y0, rows)` writes rows `y0..` of the image into
/// `rows` (RGBA8, its length a multiple of the row), or fails (a cancelled export), which
/// ends the encoding with that error. Called from several threads at once.
pub type FillRows<'a> = &'a (dyn Fn(usize, &mut [u8]) -> io::Result<()> + Sync);

/// Writes RGBA8 `pixels` of `width`×`height` as a PNG (8 bits per channel, no interlacing;
/// RGB when every pixel is opaque, else RGBA), filtering and compressing on up to `threads`
/// threads.
pub fn encode(
    pixels: &[u8],
    width: u32,
    height: u32,
    threads: usize,
    out: &mut impl Write,
) -> io::Result<()> {
    let stride = width as usize * 4;
    if pixels.len() != stride * height as usize {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} bytes for a {width}×{height} RGBA image", pixels.len()),
        ));
    }
    let fill = |y0: usize, rows: &mut [u8]| {
        rows.copy_from_slice(&pixels[y0 * stride..][..rows.len()]);
        Ok(())
    };
    let opaque = pixels.chunks_exact(4).all(|px| px[3] == u8::MAX);
    encode_rows(width, height, threads, opaque, out, &fill)
}

/// Writes a PNG of `width`×`height` whose rows `fill` draws, a strip at a time, on up to
/// `threads` threads (one for small images). `opaque` promises that every alpha `fill`
/// writes is 255: the file is then RGB (the alpha bytes are dropped, not checked).
pub fn encode_rows(
    width: u32,
    height: u32,
    threads: usize,
    opaque: bool,
    out: &mut impl Write,
    fill: FillRows<'_>,
) -> io::Result<()> {
    let (parts, threads) = if width as usize * height as usize > PARALLEL_PIXELS {
        (threads * PARTS_PER_THREAD, threads)
    } else {
        (1, 1)
    };
    let format = if opaque { Format::Rgb } else { Format::Rgba };
    encode_in_parts(width, height, [parts, threads], format, out, fill)
}

/// Parts a thread takes, one after another, for large images: the threads take the next part
/// as they finish one, so a band of dense text (slower to draw) does not leave the other
/// threads idle. Measured on a 6800×4800 figure: two threads with one part each were busy
/// 54 and 75 ms; with four parts each, 65 and 62 ms.
const PARTS_PER_THREAD: usize = 4;

/// The pixel format written: RGB drops the alpha bytes of the filled rows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    Rgb,
    Rgba,
}

impl Format {
    /// Bytes per pixel in the file.
    fn bytes(self) -> usize {
        match self {
            Format::Rgb => 3,
            Format::Rgba => 4,
        }
    }

    /// The IHDR colour type (ISO/IEC 15948, 11.2.2).
    fn colour_type(self) -> u8 {
        match self {
            Format::Rgb => 2,
            Format::Rgba => 6,
        }
    }
}

/// A part's compressed bytes, the Adler-32 of its filtered bytes and their length.
type Part = io::Result<(Vec<u8>, u32, usize)>;

/// [`encode_rows`] with the rows split in `parts` (at most one a row), taken in turn by
/// `threads` threads.
fn encode_in_parts(
    width: u32,
    height: u32,
    [parts, threads]: [usize; 2],
    format: Format,
    out: &mut impl Write,
    fill: FillRows<'_>,
) -> io::Result<()> {
    let rows = height as usize;
    let parts = parts.clamp(1, rows.max(1));
    let per_part = rows.div_ceil(parts).max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::atomic::AtomicBool::new(false);
    let done: Vec<std::sync::Mutex<Option<Part>>> =
        (0..parts).map(|_| std::sync::Mutex::new(None)).collect();
    let work = || {
        use std::sync::atomic::Ordering::Relaxed;
        let mut scratch = Scratch::new(width as usize, format);
        // A part once taken is always done, so every part before a failed one is there.
        while !failed.load(Relaxed) {
            let i = next.fetch_add(1, Relaxed);
            if i >= parts {
                return;
            }
            let range = (i * per_part).min(rows)..((i + 1) * per_part).min(rows);
            let part = scratch.deflate_rows(fill, range, i + 1 == parts);
            failed.fetch_or(part.is_err(), Relaxed);
            *done[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(part);
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads.clamp(1, parts))
            .map(|_| scope.spawn(work))
            .collect();
        // A panic here is an error like a helper's, not an unwinding of the caller.
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).is_err() {
            failed.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        for h in helpers {
            if h.join().is_err() {
                failed.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
    });
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, format.colour_type(), 0, 0, 0]);
    out.write_all(&SIGNATURE)?;
    chunk(out, b"IHDR", &[&ihdr])?;
    // zlib header: deflate with a 32 KiB window, the fastest-level hint, no dictionary.
    let mut adler = 1;
    let mut prefix: &[u8] = &[0x78, 0x01];
    for part in done {
        let part = part.into_inner().unwrap_or_else(|e| e.into_inner());
        let (data, part_adler, len) =
            part.unwrap_or_else(|| Err(io::Error::other("a PNG encoding thread panicked")))?;
        adler = adler32_combine(adler, part_adler, len as u64);
        chunk(out, b"IDAT", &[prefix, &data])?;
        prefix = &[];
    }
    chunk(out, b"IDAT", &[&adler.to_be_bytes()])?;
    chunk(out, b"IEND", &[])
}

/// Writes one chunk: length, type, data (given in pieces) and the CRC-32 of type and data.
fn chunk(out: &mut impl Write, kind: &[u8; 4], data: &[&[u8]]) -> io::Result<()> {
    let len: usize = data.iter().map(|d| d.len()).sum();
    let len = u32::try_from(len).map_err(|_| io::Error::other("PNG chunk over 4 GiB"))?;
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    out.write_all(&len.to_be_bytes())?;
    out.write_all(kind)?;
    for d in data {
        crc.update(d);
        out.write_all(d)?;
    }
    out.write_all(&crc.finalize().to_be_bytes())
}

/// What a thread reuses from part to part: the compressor (reset, not reallocated), the
/// strip of drawn rows and the filtered row.
struct Scratch {
    width: usize,
    format: Format,
    z: RunDeflate,
    strip: Vec<u8>,
    above: Vec<u8>,
    /// The filtered row (filter byte first) and, for RGB, the RGBA differences it packs.
    row: Vec<u8>,
    diff: Vec<u8>,
}

impl Scratch {
    fn new(width: usize, format: Format) -> Scratch {
        let rgba_stride = width * 4;
        Scratch {
            width,
            format,
            z: RunDeflate::new(),
            strip: Vec::new(),
            above: vec![0u8; rgba_stride],
            row: vec![0u8; width * format.bytes() + 1],
            diff: vec![0u8; rgba_stride],
        }
    }

    /// Draws, filters and deflates rows `range` a strip at a time (raw deflate, no zlib
    /// header); returns the compressed bytes, the Adler-32 of the filtered bytes and their
    /// length. The last part finishes the stream, the others end on a sync flush
    /// (byte-aligned, not final). A part's first row is filtered on its own, so parts need
    /// nothing of each other.
    fn deflate_rows(
        &mut self,
        fill: FillRows<'_>,
        range: std::ops::Range<usize>,
        last: bool,
    ) -> Part {
        let (width, format) = (self.width, self.format);
        self.z.reset();
        let mut adler = simd_adler32::Adler32::new();
        let rgba_stride = width * 4;
        let strip_rows = (STRIP_BYTES / rgba_stride.max(1))
            .max(MIN_STRIP_ROWS)
            .clamp(1, range.len().max(1));
        if self.strip.len() < strip_rows * rgba_stride {
            self.strip.resize(strip_rows * rgba_stride, 0);
        }
        let mut len = 0;
        let mut y = range.start;
        while y < range.end {
            let n = strip_rows.min(range.end - y);
            let rows = &mut self.strip[..n * rgba_stride];
            fill(y, rows)?;
            for i in 0..n {
                let current = &rows[i * rgba_stride..][..rgba_stride];
                let prev = match i {
                    0 => (y > range.start).then_some(&self.above[..]),
                    _ => Some(&rows[(i - 1) * rgba_stride..][..rgba_stride]),
                };
                len += self.row.len();
                if prev == Some(current) {
                    // A row like the one above: Up gives its filter byte and zeros, which
                    // are counted into the checksum and the run without being written out.
                    adler = simd_adler32::Adler32::from_checksum(adler_of_up_zeros(
                        adler.finish(),
                        self.row.len() as u64 - 1,
                    ));
                    self.z.write(&[2]);
                    self.z.write_repeat(0, self.row.len() - 1);
                    continue;
                }
                filter_row(&mut self.row, &mut self.diff, current, prev, format);
                adler.write(&self.row);
                self.z.write(&self.row);
            }
            self.above.copy_from_slice(&rows[(n - 1) * rgba_stride..]);
            y += n;
        }
        Ok((self.z.finish(last), adler.finish(), len))
    }
}

/// Filters one row of RGBA pixels into `row` (filter byte first) in `format`: Up (the byte
/// above) where the part has a row above, else Sub (the byte a pixel to the left). Chart
/// images repeat rows a lot, which Up turns into runs of zeros. RGB drops the alpha bytes (through `diff`, scratch of
/// the RGBA row's length).
fn filter_row(
    row: &mut [u8],
    diff: &mut [u8],
    current: &[u8],
    above: Option<&[u8]>,
    format: Format,
) {
    let (kind, rest) = row.split_first_mut().expect("a row has a filter byte");
    match above {
        Some(above) => {
            *kind = 2;
            let target = match format {
                Format::Rgba => &mut *rest,
                Format::Rgb => &mut *diff,
            };
            for ((r, &c), &a) in target.iter_mut().zip(current).zip(above) {
                *r = c.wrapping_sub(a);
            }
            if format == Format::Rgb {
                pack_rgb(rest, diff);
            }
        }
        None => {
            *kind = 1;
            let bpp = format.bytes();
            let packed = match format {
                Format::Rgba => current,
                Format::Rgb => {
                    pack_rgb(diff, current);
                    &diff[..rest.len()]
                }
            };
            rest[..bpp.min(packed.len())].copy_from_slice(&packed[..bpp.min(packed.len())]);
            for i in bpp..packed.len() {
                rest[i] = packed[i].wrapping_sub(packed[i - bpp]);
            }
        }
    }
}

/// Packs RGBA pixels into RGB bytes (`rgb` holds three bytes a pixel of `rgba`), four
/// pixels (three little-endian words) at a time. Four pixels of zeros (most of a filtered
/// chart row: the row above's colours) are written as zeros without the shifts.
fn pack_rgb(rgb: &mut [u8], rgba: &[u8]) {
    let mut out = rgb.chunks_exact_mut(12);
    let mut quads = rgba.chunks_exact(16);
    for (o, q) in (&mut out).zip(&mut quads) {
        let quad: &[u8; 16] = q.try_into().expect("16 bytes");
        if u128::from_le_bytes(*quad) == 0 {
            o.fill(0);
            continue;
        }
        let px = |i: usize| u32::from_le_bytes([q[i * 4], q[i * 4 + 1], q[i * 4 + 2], 0]);
        let (a, b, c, d) = (px(0), px(1), px(2), px(3));
        o[0..4].copy_from_slice(&(a | b << 24).to_le_bytes());
        o[4..8].copy_from_slice(&(b >> 8 | c << 16).to_le_bytes());
        o[8..12].copy_from_slice(&(c >> 16 | d << 8).to_le_bytes());
    }
    let rest = out.into_remainder();
    for (o, p) in rest
        .chunks_exact_mut(3)
        .zip(quads.remainder().chunks_exact(4))
    {
        o.copy_from_slice(&p[..3]);
    }
}

/// The Adler-32 `adler` continued by an Up filter byte (2) and `zeros` zero bytes (RFC 1950:
/// a zero leaves the sum of bytes as it is and adds it to the sum of sums).
fn adler_of_up_zeros(adler: u32, zeros: u64) -> u32 {
    const BASE: u64 = 65521;
    let a = (u64::from(adler & 0xffff) + 2) % BASE;
    let b = (u64::from(adler >> 16) + a) % BASE;
    let b = (b + zeros % BASE * a) % BASE;
    (b << 16 | a) as u32
}

/// The Adler-32 of two byte strings joined, from the Adler-32 of each and the length of the
/// second (zlib's `adler32_combine`, RFC 1950 checksum).
pub fn adler32_combine(first: u32, second: u32, second_len: u64) -> u32 {
    const BASE: u64 = 65521;
    let rem = second_len % BASE;
    let a1 = u64::from(first & 0xffff);
    let b1 = u64::from(first >> 16);
    let a2 = u64::from(second & 0xffff);
    let b2 = u64::from(second >> 16);
    let a = (a1 + a2 + BASE - 1) % BASE;
    let b = (b1 + b2 + rem * a1 + BASE - rem) % BASE;
    (b << 16 | a) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adler(bytes: &[u8]) -> u32 {
        let mut a = simd_adler32::Adler32::new();
        a.write(bytes);
        a.finish()
    }

    #[test]
    fn adler_of_parts_combines_to_the_adler_of_the_whole() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7919 % 251) as u8).collect();
        for cut in [0, 1, 65520, 65521, 65522, 100_000, 200_000] {
            let (a, b) = data.split_at(cut);
            let combined = adler32_combine(adler(a), adler(b), b.len() as u64);
            assert_eq!(combined, adler(&data), "cut at {cut}");
        }
    }

    /// An image with flat areas, gradients and noise, like a chart with text; every fourth row
    /// repeats the row above (as rows outside a chart's lines do).
    fn image(w: u32, h: u32) -> Vec<u8> {
        (0..w * h)
            .flat_map(|i| {
                let (x, y) = (i % w, i / w);
                let y = if y % 4 == 3 { y - 1 } else { y };
                let noise = (x.wrapping_mul(73_856_093) ^ y.wrapping_mul(19_349_663))
                    .wrapping_mul(2_654_435_761);
                match (x / 7 + y / 5) % 3 {
                    0 => [255, 255, 255, 255],
                    1 => [(x % 256) as u8, (y % 256) as u8, 90, 255],
                    _ => noise.to_le_bytes(),
                }
            })
            .collect()
    }

    #[test]
    fn the_checksum_of_a_repeated_row_is_that_of_its_bytes() {
        for (start, zeros) in [(1u32, 0u64), (1, 20_400), (0x1234_5678, 65_521 * 3 + 7)] {
            let mut bytes = vec![2u8];
            bytes.resize(zeros as usize + 1, 0);
            let mut a = simd_adler32::Adler32::from_checksum(start);
            a.write(&bytes);
            assert_eq!(adler_of_up_zeros(start, zeros), a.finish(), "{zeros} zeros");
        }
    }

    #[test]
    fn every_split_decodes_to_the_same_pixels() {
        for (w, h, threads) in [(1, 1, 1), (3, 2, 2), (5, 9, 4), (1300, 1200, 2), (7, 1, 4)] {
            let pixels = image(w, h);
            let mut png = Vec::new();
            let fill = |y0: usize, rows: &mut [u8]| {
                rows.copy_from_slice(&pixels[y0 * w as usize * 4..][..rows.len()]);
                Ok(())
            };
            encode_in_parts(w, h, [threads * 2, threads], Format::Rgba, &mut png, &fill).unwrap();
            let decoded = image::load_from_memory(&png).unwrap().to_rgba8();
            assert_eq!(decoded.dimensions(), (w, h));
            assert!(decoded.as_raw() == &pixels, "{w}×{h} on {threads} threads");
        }
    }

    #[test]
    fn opaque_images_are_written_as_rgb_with_the_same_pixels() {
        for (w, h, threads) in [(1, 1, 1), (5, 9, 4), (1300, 1200, 2)] {
            let mut pixels = image(w, h);
            pixels.chunks_exact_mut(4).for_each(|px| px[3] = 255);
            let mut png = Vec::new();
            encode(&pixels, w, h, threads, &mut png).unwrap();
            assert_eq!(png[25], 2, "colour type RGB");
            let decoded = image::load_from_memory(&png).unwrap();
            assert_eq!(decoded.color(), image::ColorType::Rgb8);
            assert!(decoded.to_rgba8().as_raw() == &pixels, "{w}×{h}");
        }
        // One translucent pixel keeps the alpha channel.
        let mut pixels = vec![255u8; 4 * 6];
        pixels[7] = 128;
        let mut png = Vec::new();
        encode(&pixels, 3, 2, 1, &mut png).unwrap();
        assert_eq!(png[25], 6, "colour type RGBA");
        assert_eq!(
            image::load_from_memory(&png).unwrap().to_rgba8().as_raw(),
            &pixels
        );
    }

    #[test]
    fn the_zlib_stream_checks_out() {
        // flate2's zlib decoder verifies the combined Adler-32 that image decoders skip.
        let (w, h) = (1400, 1200);
        let pixels = image(w, h);
        let mut png = Vec::new();
        encode(&pixels, w, h, 2, &mut png).unwrap();
        let mut idat = Vec::new();
        let mut at = 8;
        while at < png.len() {
            let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            if &png[at + 4..at + 8] == b"IDAT" {
                idat.extend_from_slice(&png[at + 8..at + 8 + len]);
            }
            at += 12 + len;
        }
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&idat[..]), &mut raw)
            .unwrap();
        // The test image has translucent pixels: RGBA rows, each with its filter byte.
        assert_eq!(raw.len(), (w as usize * 4 + 1) * h as usize);
    }

    #[test]
    fn a_failing_fill_ends_the_encoding_with_its_error() {
        let fill = |y0: usize, rows: &mut [u8]| match y0 {
            0 => {
                rows.fill(9);
                Ok(())
            }
            _ => Err(io::Error::new(io::ErrorKind::Interrupted, "cancelled")),
        };
        let e =
            encode_in_parts(1000, 2000, [8, 2], Format::Rgba, &mut Vec::new(), &fill).unwrap_err();
        assert_eq!(e.to_string(), "cancelled");
    }

    #[test]
    fn a_wrong_length_is_an_error() {
        let e = encode(&[0; 10], 2, 2, 1, &mut Vec::new()).unwrap_err();
        assert_eq!(e.to_string(), "10 bytes for a 2×2 RGBA image");
    }
}
