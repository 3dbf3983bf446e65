//! How the binaries' allocator, mimalloc (each binary declares it as its
//! `#[global_allocator]`), hands memory back. Loading a large file allocates in many threads
//! (polars) and frees each part of the table once its observations are built; with
//! mimalloc's defaults that memory stays with the process a while and raises the peak.
//! Measured on the 1,000,000-row file (`citydash check`, peak RSS, and the load benchmark's
//! paired ratio to polars): purge delay 0 gives 97 MB and 1.70, 100 ms gives 130 MB and
//! 1.40, mimalloc's default 153 MB. Later, with parts parsed in small pieces (3 December), a
//! cold `check` of gen_tidy's 10M rows, 12 interleaved runs: 100 ms 1.24 s and 175k page
//! faults, 300 ms 0.98× that, 1,000 ms 0.96× (135k faults), 2,000 ms no faster; peak
//! 619–628 MB all, and 151 against 155 MB on the 1M-row file.

/// mimalloc's option id of the purge delay, from the `mi_option_e` enum of the mimalloc v3
/// `mimalloc.h` that libmimalloc-sys 0.1.49 builds (its Rust constants stop short of it).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory stays with the process before it is handed back, in milliseconds.
const PURGE_DELAY_MS: std::ffi::c_long = 1000;

/// Sets mimalloc to return freed memory to the system after [`PURGE_DELAY_MS`]. Call it
/// first thing in `main`; the option is read whenever memory is freed.
pub fn configure() {
    // SAFETY: mimalloc allows setting options at any time; this one only changes when freed
    // memory is handed back, not what allocations return.
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_id_is_the_one_mimalloc_knows() {
        // The id after ours has a Rust constant: check our numbering against it, and that
        // the option takes the value set.
        assert_eq!(PURGE_DELAY + 1, libmimalloc_sys::mi_option_use_numa_nodes);
        configure();
        // SAFETY: reading an option is always allowed.
        let value = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(value, PURGE_DELAY_MS);
    }
}
