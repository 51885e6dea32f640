//! Name conversions: a private detail of `routing`.

// ANCHOR: naming
/// `OrderPlaced` → `order_placed`.
///
/// `pub(super)`: visible in `routing`, the parent module, and nowhere else.
/// The `naming` module itself is private to `routing` too, so this is the
/// kind of helper you can rename tomorrow without breaking anybody.
pub(super) fn snake_case(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for (index, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if index > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
// ANCHOR_END: naming

#[cfg(test)]
mod tests {
    // A child module sees everything of its ancestors, private items included.
    use super::snake_case;

    #[test]
    fn camel_case_becomes_snake_case() {
        assert_eq!(snake_case("OrderPlaced"), "order_placed");
        assert_eq!(snake_case("Shipped"), "shipped");
    }
}
