//! The memory allocator the binaries use: mimalloc, set to hand freed memory back to the
//! system at once. Loading a large file allocates in many threads (polars) and frees the raw
//! table once the observations are built; with the system allocator or mimalloc's defaults
//! that memory stays with the process and raises the peak (measured on the 1,000,000-row
//! file: 201 MB with glibc, 281 MB with default mimalloc, 153 MB with these settings).
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

/// Commits arena memory only when used and returns freed memory to the system immediately.
pub fn configure() {
    // SAFETY: setting options is allowed at any time; these two only change when memory is
    // committed and purged, not what allocations return.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
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
            assert_eq!(libmimalloc_sys::mi_option_get(PURGE_DELAY), 0);
            assert_eq!(libmimalloc_sys::mi_option_get(ARENA_EAGER_COMMIT), 0);
        }
    }
}
