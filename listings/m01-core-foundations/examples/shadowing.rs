//! Lesson 01.1: shadowing a name versus mutating a value.
//!
//! Run with `cargo run -p m01-core-foundations --example shadowing`.

/// Turns a raw setting such as `" 250 "` into a number, one step per line.
/// Each `let` makes a new binding that hides the one before it.
fn parse_setting(raw: &str) -> Result<u32, std::num::ParseIntError> {
    // ANCHOR: change_type
    let value = raw; // &str, exactly as it came in
    let value = value.trim(); // &str, without the spaces
    let value: u32 = value.parse()?; // u32: a new type under the same name
    Ok(value)
    // ANCHOR_END: change_type
}

/// Shows that a shadow inside a block ends with the block.
fn scopes() -> Vec<String> {
    let mut seen = Vec::new();
    // ANCHOR: scopes
    let limit = 100;
    seen.push(format!("outer: limit = {limit}"));
    {
        let limit = limit * 2; // shadows `limit` until the closing brace
        seen.push(format!("inner: limit = {limit}"));
    }
    seen.push(format!("outer again: limit = {limit}"));
    // ANCHOR_END: scopes
    seen
}

/// Mutation changes the value in place and keeps the type.
fn mutation() -> u32 {
    // ANCHOR: mutate
    let mut attempts: u32 = 0;
    attempts += 1;
    attempts += 1;
    // ANCHOR_END: mutate
    attempts
}

fn main() -> Result<(), std::num::ParseIntError> {
    println!("parsed: {}", parse_setting(" 250 ")?);
    for line in scopes() {
        println!("{line}");
    }
    println!("attempts after two retries: {}", mutation());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shadowing_can_change_the_type() {
        assert_eq!(parse_setting(" 250 "), Ok(250));
        assert!(parse_setting("lots").is_err());
    }

    #[test]
    fn inner_shadow_does_not_leak_out() {
        assert_eq!(
            scopes(),
            [
                "outer: limit = 100",
                "inner: limit = 200",
                "outer again: limit = 100"
            ]
        );
    }

    #[test]
    fn mutation_keeps_one_binding() {
        assert_eq!(mutation(), 2);
    }
}
