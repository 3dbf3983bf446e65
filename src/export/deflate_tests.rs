use std::io::Read;

use proptest::prelude::*;

use super::*;

/// Inflates a raw deflate stream with zlib-rs (through flate2), an implementation apart from
/// this encoder.
fn inflate(stream: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::DeflateDecoder::new(stream).read_to_end(&mut out)?;
    Ok(out)
}

/// Encodes `data` cut into `parts` (each its own encoder), each part fed in `pieces` writes.
fn encode(data: &[u8], parts: usize, pieces: usize) -> Vec<u8> {
    let mut stream = Vec::new();
    let per_part = data.len().div_ceil(parts.max(1)).max(1);
    let chunks: Vec<&[u8]> = match data.is_empty() {
        true => vec![&[][..]],
        false => data.chunks(per_part).collect(),
    };
    let mut enc = RunDeflate::new();
    for (i, part) in chunks.iter().enumerate() {
        enc.reset();
        let per_piece = part.len().div_ceil(pieces.max(1)).max(1);
        for piece in part.chunks(per_piece) {
            enc.write(piece);
        }
        stream.extend(enc.finish(i + 1 == chunks.len()));
    }
    stream
}

/// Bytes like filtered chart rows: long runs of zeros and of other bytes, between literals.
fn runs_and_literals() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((any::<u8>(), 1usize..700, any::<bool>()), 0..60).prop_map(|spans| {
        let mut data = Vec::new();
        for (b, n, run) in spans {
            match run {
                true => data.extend(std::iter::repeat_n(b % 3, n)),
                false => data.extend((0..n).map(|i| b.wrapping_mul(i as u8 | 1))),
            }
        }
        data
    })
}

proptest! {
    #[test]
    fn a_stream_in_parts_and_pieces_inflates_to_its_bytes(
        data in runs_and_literals(),
        parts in 1usize..5,
        pieces in 1usize..7,
    ) {
        let stream = encode(&data, parts, pieces);
        prop_assert_eq!(inflate(&stream).unwrap(), data);
    }

    #[test]
    fn code_lengths_are_complete_and_within_the_limit(
        freq in prop::collection::vec(0u32..1_000_000, 2..286),
        limit in 9usize..16,
    ) {
        let lens = code_lengths(&freq, limit);
        let used = freq.iter().filter(|&&f| f > 0).count();
        prop_assume!(used <= 1 << limit);
        prop_assert!(lens.iter().all(|&l| usize::from(l) <= limit));
        for (f, l) in freq.iter().zip(&lens) {
            prop_assert_eq!(*f > 0, *l > 0);
        }
        if used >= 2 {
            // Kraft's sum is exactly 1: the code is complete.
            let kraft: u64 = lens.iter().filter(|&&l| l > 0).map(|&l| 1u64 << (limit - usize::from(l))).sum();
            prop_assert_eq!(kraft, 1u64 << limit);
        }
    }
}

#[test]
fn skewed_frequencies_are_cut_to_fifteen_bits() {
    // Fibonacci frequencies make a Huffman tree as deep as it has symbols.
    let mut freq = vec![1u32, 1];
    while freq.len() < 30 {
        let n = freq.len();
        freq.push(freq[n - 1] + freq[n - 2]);
    }
    let lens = code_lengths(&freq, 15);
    assert_eq!(lens.iter().copied().max(), Some(15));
    let kraft: u64 = lens.iter().map(|&l| 1u64 << (15 - l)).sum();
    assert_eq!(kraft, 1 << 15);
    // The most frequent symbol has the shortest code.
    assert_eq!(lens[29], 1);
}

#[test]
fn long_runs_blocks_and_empty_parts_inflate() {
    // Over a block's worth of tokens (literals that never repeat their neighbour), a run
    // far longer than a match, and an empty input.
    let mut data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    data.extend(std::iter::repeat_n(0u8, 100_000));
    data.extend([1, 1, 2, 2, 2, 3]);
    for (parts, pieces) in [(1, 1), (3, 1), (2, 1000)] {
        assert_eq!(inflate(&encode(&data, parts, pieces)).unwrap(), data);
    }
    assert_eq!(inflate(&encode(&[], 1, 1)).unwrap(), Vec::<u8>::new());
    // A part with no bytes between others.
    let mut enc = RunDeflate::new();
    let mut stream = Vec::new();
    for (bytes, last) in [
        (&[5u8; 40][..], false),
        (&[][..], false),
        (&[7u8, 5, 5][..], true),
    ] {
        enc.reset();
        enc.write(bytes);
        stream.extend(enc.finish(last));
    }
    let mut want = vec![5u8; 40];
    want.extend([7, 5, 5]);
    assert_eq!(inflate(&stream).unwrap(), want);
}

#[test]
fn repeats_written_unread_inflate_like_written_bytes() {
    let mut enc = RunDeflate::new();
    let mut want = Vec::new();
    for (b, n) in [
        (2u8, 1usize),
        (0, 5000),
        (0, 3),
        (2, 1),
        (2, 2),
        (7, 0),
        (9, 1),
        (0, 1),
    ] {
        enc.write_repeat(b, n);
        want.extend(std::iter::repeat_n(b, n));
        enc.write(&[b, 1]);
        want.extend([b, 1]);
    }
    assert_eq!(inflate(&enc.finish(true)).unwrap(), want);
}

#[test]
fn runs_compress() {
    // A megabyte of zeros: a few matches of 258 bytes and one block header.
    let stream = encode(&vec![0u8; 1 << 20], 1, 1);
    assert!(stream.len() < 4096, "{} bytes", stream.len());
}

#[test]
fn run_length_counts_equal_bytes_from_the_start() {
    assert_eq!(run_length(&[3, 3, 3, 4, 3], 3), 3);
    assert_eq!(run_length(&[0; 19], 0), 19);
    let mut v = vec![9u8; 13];
    v[10] = 8;
    assert_eq!(run_length(&v, 9), 10);
    assert_eq!(run_length(&[1, 2], 2), 0);
    assert_eq!(run_length(&[], 2), 0);
    // Every length and every position of the first other byte, across the word sizes.
    for len in 0..80 {
        for stop in 0..=len {
            let mut v = vec![4u8; len];
            if stop < len {
                v[stop] = 5;
            }
            assert_eq!(
                run_length(&v, 4),
                stop,
                "length {len}, other byte at {stop}"
            );
        }
    }
}
