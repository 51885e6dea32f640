// A match that forgets one variant of the enum it inspects.
#[derive(Debug)]
enum PublishOutcome {
    Acked,
    Retryable,
    Poison,
}

fn action(outcome: PublishOutcome) -> &'static str {
    match outcome {
        PublishOutcome::Acked => "mark sent",
        PublishOutcome::Retryable => "retry",
    }
}

fn main() {
    println!("{}", action(PublishOutcome::Poison));
}
