//! Answers to the exercises of lesson 13.1.
//!
//! Run with `cargo run -p m13-advanced-types --example answers_13_1`.

// ANCHOR: answer1
mod answer1 {
    /// A GAT opted out of the vtable, like a method: `dyn Encoder` stays legal.
    pub(crate) trait Encoder {
        type Frame<'a>
        where
            Self: 'a,
            Self: Sized;
        fn frame<'a>(&'a self, payload: &'a [u8]) -> Self::Frame<'a>
        where
            Self: Sized;
        fn content_type(&self) -> &str;
    }

    pub(crate) struct Lines;

    impl Encoder for Lines {
        type Frame<'a> = std::str::Lines<'a>;

        fn frame<'a>(&'a self, payload: &'a [u8]) -> Self::Frame<'a> {
            std::str::from_utf8(payload).unwrap_or("").lines()
        }

        fn content_type(&self) -> &str {
            "text/plain"
        }
    }

    pub(crate) fn describe(encoder: &dyn Encoder) -> String {
        encoder.content_type().to_owned()
    }
}
// ANCHOR_END: answer1

// ANCHOR: answer2
mod answer2 {
    use std::any::Any;

    pub(crate) trait Named {
        fn name(&self) -> &str;
    }

    pub(crate) trait Publisher: Named + Any {
        fn publish(&self, payload: &str) -> bool;
    }

    pub(crate) struct Stdout;
    pub(crate) struct Memory;

    impl Named for Stdout {
        fn name(&self) -> &str {
            "stdout"
        }
    }
    impl Publisher for Stdout {
        fn publish(&self, _: &str) -> bool {
            true
        }
    }
    impl Named for Memory {
        fn name(&self) -> &str {
            "memory"
        }
    }
    impl Publisher for Memory {
        fn publish(&self, _: &str) -> bool {
            true
        }
    }

    /// Owned upcast: same data pointer, the `Named` part of the vtable.
    pub(crate) fn into_named(publisher: Box<dyn Publisher>) -> Box<dyn Named> {
        publisher
    }

    /// Upcast each one to `&dyn Any`, then ask for the concrete type.
    pub(crate) fn count_memory(publishers: &[Box<dyn Publisher>]) -> usize {
        publishers
            .iter()
            .filter(|publisher| {
                let any: &dyn Any = publisher.as_ref();
                any.is::<Memory>()
            })
            .count()
    }
}
// ANCHOR_END: answer2

// ANCHOR: answer3
mod answer3 {
    /// No lifetime parameter: every rule is `Send + 'static`, so it owns
    /// what it uses, and the whole set can go to `std::thread::spawn`.
    pub(crate) type Rule = Box<dyn Fn(&str) -> bool + Send>;

    pub(crate) struct Checks {
        rules: Vec<Rule>,
    }

    pub(crate) fn spawn_checks(banned: &str) -> std::thread::JoinHandle<Vec<bool>> {
        let banned = banned.to_owned(); // owned copy: the closure may outlive the caller
        let checks = Checks {
            rules: vec![
                Box::new(|event: &str| !event.is_empty()),
                Box::new(move |event: &str| !event.starts_with(banned.as_str())),
            ],
        };
        std::thread::spawn(move || {
            ["OrderPlaced", "TestPing", ""]
                .iter()
                .map(|event| checks.rules.iter().all(|rule| rule(event)))
                .collect()
        })
    }
}
// ANCHOR_END: answer3

// ANCHOR: answer4
mod answer4 {
    use std::fmt::{Debug, Display};

    /// One trait with both as supertraits gives one vtable with both.
    pub(crate) trait Loggable: Display + Debug {}
    impl<T: Display + Debug + ?Sized> Loggable for T {}

    pub(crate) fn log(item: Box<dyn Loggable>) -> String {
        format!("{item} / {item:?}")
    }
}
// ANCHOR_END: answer4

fn main() {
    let lines = answer1::Lines;
    let frames: Vec<&str> = answer1::Encoder::frame(&lines, b"a\nb").collect();
    println!("1. {} frames {frames:?}", answer1::describe(&lines));

    let publishers: Vec<Box<dyn answer2::Publisher>> = vec![
        Box::new(answer2::Stdout),
        Box::new(answer2::Memory),
        Box::new(answer2::Memory),
    ];
    let accepted = publishers
        .iter()
        .all(|publisher| publisher.publish("order-7"));
    let memory = answer2::count_memory(&publishers);
    println!("2. all accepted: {accepted}, memory publishers: {memory}");
    let names: Vec<String> = publishers
        .into_iter()
        .map(|publisher| answer2::into_named(publisher).name().to_owned())
        .collect();
    println!("   names: {names:?}");

    match answer3::spawn_checks("Test").join() {
        Ok(verdicts) => println!("3. verdicts from a plain thread: {verdicts:?}"),
        Err(_) => println!("3. the checking thread panicked"),
    }

    println!("4. {}", answer4::log(Box::new("order-7")));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer1_a_trait_with_an_opted_out_gat_is_dyn_compatible() {
        let encoder: &dyn answer1::Encoder = &answer1::Lines;
        assert_eq!(answer1::describe(encoder), "text/plain");
    }

    #[test]
    fn answer2_upcasts_and_downcasts() {
        let publishers: Vec<Box<dyn answer2::Publisher>> =
            vec![Box::new(answer2::Memory), Box::new(answer2::Stdout)];
        assert_eq!(answer2::count_memory(&publishers), 1);
        let named = answer2::into_named(Box::new(answer2::Stdout));
        assert_eq!(named.name(), "stdout");
    }

    #[test]
    fn answer3_static_rules_run_on_a_plain_thread() {
        let verdicts = answer3::spawn_checks("Test").join().expect("no panic");
        assert_eq!(verdicts, [true, false, false]);
    }

    #[test]
    fn answer4_one_object_two_traits() {
        assert_eq!(answer4::log(Box::new(7)), "7 / 7");
    }
}
