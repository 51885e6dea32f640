//! The header in `include/` is what C and Go compile against; build.rs
//! writes a fresh one from the code. They must be the same file, or a C
//! program would call functions with signatures that no longer exist.

#[test]
fn the_committed_header_matches_the_code() {
    let generated = include_str!(concat!(env!("OUT_DIR"), "/outbox_ffi.h"));
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/include/outbox_ffi.h");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed != generated {
        if std::env::var_os("COURSE_BLESS").is_some() {
            std::fs::write(path, generated).expect("include/ is writable");
            return;
        }
        panic!(
            "include/outbox_ffi.h is stale: the ABI in src/lib.rs changed. \
             Run `COURSE_BLESS=1 cargo test -p m12-c --test header` and commit the header."
        );
    }
}
