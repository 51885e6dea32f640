//! Edition 2024: `no_mangle` is an unsafe attribute. Under edition 2021 this
//! compiles as it stands.

#[no_mangle]
pub extern "C" fn outbox_abi_version() -> u32 {
    1
}

fn main() {
    assert_eq!(outbox_abi_version(), 1);
}
