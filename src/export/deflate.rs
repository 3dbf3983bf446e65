//! A deflate encoder (RFC 1951) for filtered PNG rows: runs of one byte (matches at distance
//! 1, as zlib's `Z_RLE` strategy) and literals, in blocks with their own Huffman codes.
//!
//! Why not zlib: the PNG encoder's rows are mostly runs (a filtered chart row is mostly
//! zeros). In a profile of a 6800×4800 export, zlib-rs at level 2 spent about half of its
//! time keeping its window and hash chains (copying every byte into the window, sliding the
//! hash table every 32 KiB: 9 % of the samples), which a run-only encoder never reads. This
//! encoder finds runs 32 bytes at a time and keeps no window. Files are about a quarter larger
//! than zlib-rs's level 2 (that figure: 643 → 805 KB; zlib-rs's own `Z_RLE` gave 783 KB).
//!
//! A stream can be cut into parts encoded on their own: every part but the last ends on an
//! empty stored block (zlib's sync flush), so the parts' bytes concatenate into one stream.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Tokens a block holds before it is written with codes of its own.
const BLOCK_TOKENS: usize = 1 << 16;

/// The longest match deflate has (RFC 1951, 3.2.5).
const MAX_MATCH: usize = 258;

/// The lengths' base values and extra bits, codes 257–285 (RFC 1951, 3.2.5).
const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];

/// The order code-length code lengths are written in (RFC 1951, 3.2.7).
const CLEN_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// The length code (0–28, for symbols 257–285) of each match length 3–258; 258 is code 285.
const LENGTH_CODE: [u8; MAX_MATCH + 1] = {
    let mut table = [0u8; MAX_MATCH + 1];
    let mut code = 0;
    while code < 29 {
        let mut len = LENGTH_BASE[code] as usize;
        let end = len + (1 << LENGTH_EXTRA[code]);
        while len < end && len <= MAX_MATCH {
            table[len] = code as u8;
            len += 1;
        }
        code += 1;
    }
    table
};

/// Bits written least significant first, as deflate packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    /// Appends the low `count` bits of `value` (`count` ≤ 32).
    #[inline]
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += count;
        if self.n >= 32 {
            self.out.extend_from_slice(&(self.acc as u32).to_le_bytes());
            self.acc >>= 32;
            self.n -= 32;
        }
    }

    /// Pads with zero bits to a byte boundary and writes out what is pending.
    fn align(&mut self) {
        while self.n > 0 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n = self.n.saturating_sub(8);
        }
        self.acc = 0;
    }
}

/// An encoder of one part of a deflate stream: [`RunDeflate::write`] bytes, then
/// [`RunDeflate::finish`].
pub struct RunDeflate {
    bits: Bits,
    /// Literals (0–255) and matches (256 + length − 3) of the block being gathered.
    tokens: Vec<u16>,
    /// How often each literal/length symbol (0–285) occurs in the block's tokens.
    freq: [u32; 286],
    /// The last byte written, and how many bytes after it repeat it (not yet tokens).
    last: Option<u8>,
    run: usize,
}

impl Default for RunDeflate {
    fn default() -> Self {
        RunDeflate::new()
    }
}

impl RunDeflate {
    /// An encoder at the start of a part.
    pub fn new() -> RunDeflate {
        RunDeflate {
            bits: Bits {
                out: Vec::new(),
                acc: 0,
                n: 0,
            },
            tokens: Vec::with_capacity(BLOCK_TOKENS),
            freq: [0; 286],
            last: None,
            run: 0,
        }
    }

    /// Starts a new part, keeping the buffers.
    pub fn reset(&mut self) {
        self.bits.out.clear();
        self.bits.acc = 0;
        self.bits.n = 0;
        self.tokens.clear();
        self.freq = [0; 286];
        self.last = None;
        self.run = 0;
    }

    /// Adds `data` to the part.
    pub fn write(&mut self, data: &[u8]) {
        let mut i = 0;
        while i < data.len() {
            if let Some(b) = self.last {
                let n = run_length(&data[i..], b);
                self.run += n;
                i += n;
                if i == data.len() {
                    return;
                }
            }
            self.end_run();
            let b = data[i];
            self.literal(b);
            self.last = Some(b);
            i += 1;
        }
    }

    /// Adds `n` bytes `b` to the part, without reading them.
    pub fn write_repeat(&mut self, b: u8, n: usize) {
        if n == 0 {
            return;
        }
        if self.last != Some(b) {
            self.end_run();
            self.literal(b);
            self.last = Some(b);
            self.run = n - 1;
        } else {
            self.run += n;
        }
    }

    /// Ends the part and returns its bytes. The last part of a stream ends on a final block;
    /// the others on an empty stored block (byte-aligned), after which the next part follows.
    pub fn finish(&mut self, last: bool) -> Vec<u8> {
        self.end_run();
        if !self.tokens.is_empty() {
            self.block(last);
        } else if last {
            // An empty final block with the fixed codes: BFINAL, BTYPE 01, end of block.
            self.bits.put(0b011, 3);
            self.bits.put(0, 7);
        }
        if !last {
            // An empty stored block: BFINAL 0, BTYPE 00, padding, LEN 0, NLEN 0xFFFF.
            self.bits.put(0, 3);
            self.bits.align();
            self.bits.out.extend_from_slice(&[0, 0, 0xff, 0xff]);
        }
        self.bits.align();
        std::mem::take(&mut self.bits.out)
    }

    fn literal(&mut self, b: u8) {
        self.freq[usize::from(b)] += 1;
        self.push(u16::from(b));
    }

    /// Turns the pending run into matches of at most 258 bytes (a rest under 3, literals).
    fn end_run(&mut self) {
        let Some(b) = self.last else { return };
        while self.run >= 3 {
            let len = self.run.min(MAX_MATCH);
            self.freq[257 + usize::from(LENGTH_CODE[len])] += 1;
            self.push(256 + (len - 3) as u16);
            self.run -= len;
        }
        for _ in 0..std::mem::take(&mut self.run) {
            self.literal(b);
        }
    }

    #[inline]
    fn push(&mut self, token: u16) {
        self.tokens.push(token);
        if self.tokens.len() >= BLOCK_TOKENS {
            self.block(false);
        }
    }

    /// Writes the gathered tokens as one block with dynamic codes (RFC 1951, 3.2.7).
    fn block(&mut self, last: bool) {
        self.freq[256] = 1;
        let lit_lens = code_lengths(&self.freq, 15);
        let lit_codes = canonical_codes(&lit_lens);
        // Two distance codes of one bit (only distance 1, code 0, is used): a complete code,
        // which every decoder accepts.
        let dist_lens = [1u8, 1];
        let nlit = (lit_lens.iter().rposition(|&l| l > 0).unwrap_or(0) + 1).max(257);
        let all: Vec<u8> = lit_lens[..nlit].iter().chain(&dist_lens).copied().collect();
        let items = rle_lengths(&all);
        let mut clen_freq = [0u32; 19];
        for &(sym, _, _) in &items {
            clen_freq[usize::from(sym)] += 1;
        }
        // A code of one symbol would be incomplete, which decoders reject for this code.
        if clen_freq.iter().filter(|&&f| f > 0).count() < 2 {
            let spare = clen_freq.iter().position(|&f| f == 0).unwrap_or(0);
            clen_freq[spare] = 1;
        }
        let clen_lens = code_lengths(&clen_freq, 7);
        let clen_codes = canonical_codes(&clen_lens);
        let nclen = (CLEN_ORDER
            .iter()
            .rposition(|&s| clen_lens[s] > 0)
            .unwrap_or(0)
            + 1)
        .max(4);
        let bits = &mut self.bits;
        bits.put(u32::from(last) | 0b10 << 1, 3);
        bits.put((nlit - 257) as u32, 5);
        bits.put((dist_lens.len() - 1) as u32, 5);
        bits.put((nclen - 4) as u32, 4);
        for &s in &CLEN_ORDER[..nclen] {
            bits.put(u32::from(clen_lens[s]), 3);
        }
        for &(sym, extra, extra_bits) in &items {
            let s = usize::from(sym);
            bits.put(u32::from(clen_codes[s]), u32::from(clen_lens[s]));
            bits.put(u32::from(extra), u32::from(extra_bits));
        }
        for &t in &self.tokens {
            if t < 256 {
                let s = usize::from(t);
                bits.put(u32::from(lit_codes[s]), u32::from(lit_lens[s]));
            } else {
                let len = usize::from(t - 256) + 3;
                let code = usize::from(LENGTH_CODE[len]);
                let s = 257 + code;
                let extra = (len - usize::from(LENGTH_BASE[code])) as u32;
                let (n, e) = (u32::from(lit_lens[s]), u32::from(LENGTH_EXTRA[code]));
                // The length's code, its extra bits, then distance code 0 (one 0 bit).
                bits.put(u32::from(lit_codes[s]) | extra << n, n + e + 1);
            }
        }
        bits.put(u32::from(lit_codes[256]), u32::from(lit_lens[256]));
        self.tokens.clear();
        self.freq = [0; 286];
    }
}

/// How many bytes at the start of `data` equal `b`: 32 at a time (four words compared at
/// once), then eight, then one.
#[inline]
fn run_length(data: &[u8], b: u8) -> usize {
    let pattern = u64::from_ne_bytes([b; 8]);
    let word = |c: &[u8], i: usize| {
        u64::from_le_bytes(c[i * 8..i * 8 + 8].try_into().expect("8 bytes")) ^ pattern
    };
    // The bytes equal to `b` at the start of eight whose XOR with the pattern is `x`.
    let same = |x: u64| (x.trailing_zeros() / 8) as usize;
    let mut n = 0;
    let mut wide = data.chunks_exact(32);
    for c in &mut wide {
        let w = [word(c, 0), word(c, 1), word(c, 2), word(c, 3)];
        if w.iter().fold(0, |acc, x| acc | x) != 0 {
            let k = w.iter().position(|&x| x != 0).unwrap_or(0);
            return n + k * 8 + same(w[k]);
        }
        n += 32;
    }
    let mut narrow = wide.remainder().chunks_exact(8);
    for c in &mut narrow {
        let x = word(c, 0);
        if x != 0 {
            return n + same(x);
        }
        n += 8;
    }
    n + narrow.remainder().iter().take_while(|&&v| v == b).count()
}

/// Code lengths, as run-length symbols of the code-length alphabet: (symbol, extra bits'
/// value, their count). 16 repeats the previous length 3–6 times, 17 and 18 give 3–10 and
/// 11–138 zeros (RFC 1951, 3.2.7).
fn rle_lengths(lens: &[u8]) -> Vec<(u8, u8, u8)> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < lens.len() {
        let l = lens[i];
        let run = lens[i..].iter().take_while(|&&v| v == l).count();
        let mut rest = run;
        if l == 0 {
            while rest >= 11 {
                let k = rest.min(138);
                items.push((18, (k - 11) as u8, 7));
                rest -= k;
            }
            if rest >= 3 {
                items.push((17, (rest - 3) as u8, 3));
                rest = 0;
            }
        } else {
            items.push((l, 0, 0));
            rest -= 1;
            while rest >= 3 {
                let k = rest.min(6);
                items.push((16, (k - 3) as u8, 2));
                rest -= k;
            }
        }
        items.extend(std::iter::repeat_n((l, 0, 0), rest));
        i += run;
    }
    items
}

/// The lengths of a Huffman code for symbols occurring `freq` times, none over `limit` bits;
/// unused symbols get 0, and a lone used symbol 1. Lengths over the limit are shortened as
/// in ITU T.81 (JPEG), Annex K.3, which keeps the code complete; the most frequent symbols
/// get the shortest codes.
fn code_lengths(freq: &[u32], limit: usize) -> Vec<u8> {
    let mut lens = vec![0u8; freq.len()];
    let mut used: Vec<usize> = (0..freq.len()).filter(|&s| freq[s] > 0).collect();
    let n = used.len();
    if n <= 1 {
        used.iter().for_each(|&s| lens[s] = 1);
        return lens;
    }
    // Huffman's tree: leaves 0..n, inner nodes after; each node's parent.
    let mut parent = vec![0usize; 2 * n - 1];
    let mut heap: BinaryHeap<Reverse<(u64, usize)>> = used
        .iter()
        .enumerate()
        .map(|(i, &s)| Reverse((u64::from(freq[s]), i)))
        .collect();
    let mut next = n;
    while let (Some(Reverse((fa, a))), Some(Reverse((fb, b)))) = (heap.pop(), heap.pop()) {
        parent[a] = next;
        parent[b] = next;
        heap.push(Reverse((fa + fb, next)));
        next += 1;
    }
    // Parents come after their children: depths from the root (the last node) down.
    let mut depth = vec![0usize; 2 * n - 1];
    for i in (0..2 * n - 2).rev() {
        depth[i] = depth[parent[i]] + 1;
    }
    let deepest = depth[..n].iter().copied().max().unwrap_or(1);
    let mut count = vec![0usize; deepest.max(limit) + 1];
    depth[..n].iter().for_each(|&d| count[d] += 1);
    for i in (limit + 1..=deepest).rev() {
        while count[i] > 0 {
            let mut j = i - 2;
            while count[j] == 0 {
                j -= 1;
            }
            count[i] -= 2;
            count[i - 1] += 1;
            count[j + 1] += 2;
            count[j] -= 1;
        }
    }
    used.sort_by_key(|&s| (Reverse(freq[s]), s));
    let mut symbols = used.into_iter();
    for (len, &c) in count.iter().enumerate().take(limit + 1) {
        for s in symbols.by_ref().take(c) {
            lens[s] = len as u8;
        }
    }
    lens
}

/// The canonical codes of `lens` (RFC 1951, 3.2.2), bit-reversed to be written least
/// significant bit first.
fn canonical_codes(lens: &[u8]) -> Vec<u16> {
    let mut count = [0u16; 16];
    lens.iter().for_each(|&l| count[usize::from(l)] += 1);
    count[0] = 0;
    let mut next = [0u16; 16];
    let mut code = 0u16;
    for bits in 1..16 {
        code = (code + count[bits - 1]) << 1;
        next[bits] = code;
    }
    lens.iter()
        .map(|&l| {
            if l == 0 {
                return 0;
            }
            let c = next[usize::from(l)];
            next[usize::from(l)] += 1;
            c.reverse_bits() >> (16 - l)
        })
        .collect()
}

#[cfg(test)]
#[path = "deflate_tests.rs"]
mod tests;
