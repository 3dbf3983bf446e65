//! A structural check of legacy Excel files (`.xls`, the Compound File Binary format of
//! [MS-CFB]) before they reach the workbook reader. A damaged file whose sector chains loop
//! or whose streams claim more bytes than the file has makes the reader allocate without
//! bound (found by the loader's property test); this check turns such a file into an error
//! in microseconds, reading only the header, the FAT and the directory.
//!
//! [MS-CFB]: https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-cfb/

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Sector numbers from here up are markers (end of chain, free, FAT, DIFAT), not sectors.
const MAX_REGULAR: u32 = 0xFFFF_FFFA;
/// Streams below this size live in the mini stream.
const MINI_CUTOFF: u64 = 4096;

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

struct File<'a> {
    bytes: &'a [u8],
    sector: usize,
    sectors: u32,
}

impl File<'_> {
    fn sector(&self, id: u32) -> Result<&[u8], String> {
        let start = (id as usize + 1) * self.sector;
        self.bytes
            .get(start..start + self.sector)
            .ok_or_else(|| format!("sector {id} points past the end of the file"))
    }

    /// The sectors of the chain from `start`, failing on a loop or a sector past the end.
    fn chain(&self, start: u32, fat: &[u32], what: &str) -> Result<Vec<u32>, String> {
        let mut seen = vec![false; self.sectors as usize];
        let mut out = Vec::new();
        let mut id = start;
        while id < MAX_REGULAR {
            let i = id as usize;
            if i >= seen.len() || i >= fat.len() {
                return Err(format!(
                    "the {what} chain points past the end of the file (sector {id})"
                ));
            }
            if seen[i] {
                return Err(format!(
                    "the {what} chain loops back on itself at sector {id}"
                ));
            }
            seen[i] = true;
            out.push(id);
            id = fat[i];
        }
        Ok(out)
    }
}

/// Checks a CFB file's header, FAT, directory and stream sizes. `Ok` for files that are not
/// CFB (other readers judge those) and for sound ones; `Err` with what is damaged.
pub fn check(bytes: &[u8]) -> Result<(), String> {
    if bytes.len() < 512 || bytes[..8] != SIGNATURE {
        return Ok(());
    }
    let shift = bytes[0x1E];
    if shift != 9 && shift != 12 {
        return Err(format!(
            "sector size 2^{shift} is neither 512 nor 4096 bytes"
        ));
    }
    let sector = 1usize << shift;
    let sectors = (bytes.len().saturating_sub(sector)).div_ceil(sector) as u32;
    let f = File {
        bytes,
        sector,
        sectors,
    };
    let header = |at| u32_at(bytes, at).ok_or("the header is cut short");
    let (dir_start, minifat_start, minifat_len) = (header(0x30)?, header(0x3C)?, header(0x40)?);
    // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
    let mut difat: Vec<u32> = (0..109)
        .filter_map(|k| u32_at(bytes, 0x4C + 4 * k))
        .collect();
    let mut next = header(0x44)?;
    let mut steps = 0u32;
    while next < MAX_REGULAR {
        steps += 1;
        if steps > sectors {
            return Err("the DIFAT chain loops".into());
        }
        let s = f.sector(next)?;
        let n = sector / 4 - 1;
        difat.extend((0..n).filter_map(|k| u32_at(s, 4 * k)));
        next = u32_at(s, 4 * n).unwrap_or(u32::MAX);
    }
    let mut fat = Vec::new();
    for &id in difat.iter().filter(|&&id| id < MAX_REGULAR) {
        let s = f.sector(id)?;
        fat.extend((0..sector / 4).filter_map(|k| u32_at(s, 4 * k)));
        if fat.len() > sectors as usize + sector / 4 {
            return Err("the FAT lists more sectors than the file has".into());
        }
    }
    let dir = f.chain(dir_start, &fat, "directory")?;
    if minifat_len > 0 {
        f.chain(minifat_start, &fat, "mini FAT")?;
    }
    let mut root_len = 0;
    for (k, &id) in dir.iter().enumerate() {
        let s = f.sector(id)?;
        for e in s.chunks_exact(128) {
            let kind = e[0x42];
            if kind != 2 && kind != 5 {
                continue;
            }
            let start = u32_at(e, 0x74).unwrap_or(u32::MAX);
            let mut len = u64_at(e, 0x78).unwrap_or(0);
            if shift == 9 {
                len &= 0xFFFF_FFFF;
            }
            if kind == 5 && k == 0 {
                root_len = len;
            }
            let big = kind == 5 || len >= MINI_CUTOFF;
            if big && len > bytes.len() as u64 {
                return Err(format!(
                    "a stream claims {len} bytes, more than the file's {}",
                    bytes.len()
                ));
            }
            if !big && len > root_len.max(MINI_CUTOFF) {
                return Err(format!("a small stream claims {len} bytes"));
            }
            if big && len > 0 {
                f.chain(start, &fat, "stream")?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal CFB file: header, one FAT sector, one directory sector.
    fn cfb(dir_next: u32, stream_len: u64) -> Vec<u8> {
        let mut b = vec![0u8; 512 * 3];
        b[..8].copy_from_slice(&SIGNATURE);
        b[0x1E] = 9;
        b[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes());
        b[0x30..0x34].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
        b[0x3C..0x40].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        b[0x44..0x48].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        for k in 0..109 {
            let v: u32 = if k == 0 { 0 } else { u32::MAX };
            b[0x4C + 4 * k..0x50 + 4 * k].copy_from_slice(&v.to_le_bytes());
        }
        // FAT (sector 0): sector 0 is the FAT, sector 1 the directory → dir_next.
        let fat = 512;
        b[fat..fat + 4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
        b[fat + 4..fat + 8].copy_from_slice(&dir_next.to_le_bytes());
        for k in 2..128 {
            b[fat + 4 * k..fat + 4 * k + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        }
        // Directory (sector 1): the root entry.
        let dir = 1024;
        b[dir + 0x42] = 5;
        b[dir + 0x74..dir + 0x78].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        b[dir + 0x78..dir + 0x80].copy_from_slice(&stream_len.to_le_bytes());
        b
    }

    #[test]
    fn sound_files_pass_and_loops_and_oversized_streams_fail() {
        assert_eq!(check(&cfb(0xFFFF_FFFE, 0)), Ok(()));
        let looped = check(&cfb(1, 0)).unwrap_err();
        assert!(looped.contains("directory chain loops"), "{looped}");
        let big = check(&cfb(0xFFFF_FFFE, 1 << 31)).unwrap_err();
        assert!(big.contains("claims"), "{big}");
        assert_eq!(check(b"not a cfb file"), Ok(()));
    }
}
