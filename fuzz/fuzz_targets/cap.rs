//! The allocator of every fuzz target: the system's, refusing any single allocation over
//! 256 MiB by aborting, which libFuzzer reports as a crash and saves the input for. This
//! holds without a sanitizer (libFuzzer's own `-malloc_limit_mb` needs one).

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;

/// The largest allocation an input may cause.
pub const LIMIT: usize = 256 << 20;

/// The system allocator with [`LIMIT`].
pub struct Capped;

fn check(size: usize) {
    if size > LIMIT {
        // Stderr is unbuffered: writing a fixed message allocates nothing.
        let _ = std::io::stderr().write_all(b"fuzz: an allocation over 256 MiB\n");
        std::process::abort();
    }
}

// SAFETY: every call is passed on to the system allocator unchanged.
unsafe impl GlobalAlloc for Capped {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        check(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        check(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        check(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}
