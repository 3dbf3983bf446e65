//! The memory allocator the binaries use: mimalloc, set to commit memory only when used and
//! to hand freed memory back to the system after 100 ms. Loading a large file allocates in
//! many threads (polars) and frees each part of the table once its observations are built;
//! with the system allocator or mimalloc's defaults that memory stays with the process and
//! raises the peak, while handing it back at once makes every new part fault its memory in
//! again. Measured on the 1,000,000-row file (`citydash check`, peak RSS, and the load
//! benchmark's paired ratio to polars): purge delay 0 gives 97 MB and 1.70, 100 ms gives
//! 130 MB and 1.40, mimalloc's default (1 s here) 153 MB.
//!
//! Each binary (the app and the benchmarks) says [`use_mimalloc!`](crate::use_mimalloc) once.

pub use mimalloc::MiMalloc;

/// mimalloc's option ids, from the `mi_option_e` enum of the mimalloc v3 `mimalloc.h` that
/// libmimalloc-sys 0.1.49 builds (its Rust constants stop short of these two).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Makes mimalloc the global allocator of the binary that invokes it, configured by
/// [`configure`] before anything allocates: its first arena takes the options when it is
/// created, so on Linux they are set by a constructor that runs ahead of Rust's runtime
/// set-up (elsewhere at the start of `main`, via [`configure`] called there).
#[macro_export]
macro_rules! use_mimalloc {
    () => {
        #[global_allocator]
        static GLOBAL_ALLOCATOR: $crate::allocator::MiMalloc = $crate::allocator::MiMalloc;

        #[cfg(target_os = "linux")]
        #[used]
        #[unsafe(link_section = ".init_array")]
        static CONFIGURE_ALLOCATOR: extern "C" fn() = {
            extern "C" fn configure() {
                $crate::allocator::configure();
            }
            configure
        };
    };
}

/// How long freed memory stays with the process before it is handed back, in milliseconds.
const PURGE_DELAY_MS: std::ffi::c_long = 100;

/// Commits arena memory only when used and returns freed memory to the system after
/// [`PURGE_DELAY_MS`].
pub fn configure() {
    // SAFETY: setting options is allowed at any time; these two only change when memory is
    // committed and purged, not what allocations return.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_option_ids_are_the_ones_mimalloc_knows() {
        // The ids just before and after ours have Rust constants: check our numbering
        // against them, and that the options take the values set.
        assert_eq!(PURGE_DELAY + 1, libmimalloc_sys::mi_option_use_numa_nodes);
        configure();
        // SAFETY: reading an option is always allowed.
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(PURGE_DELAY), PURGE_DELAY_MS);
            assert_eq!(libmimalloc_sys::mi_option_get(ARENA_EAGER_COMMIT), 0);
        }
    }
}
