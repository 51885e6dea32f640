// A plain `let` must match every value; one variant of an enum does not.
enum MessageState {
    InFlight { lease_until: i64 },
    Sent { sent_at: i64 },
}

fn lease_until(state: &MessageState) -> i64 {
    let MessageState::InFlight { lease_until } = state;
    *lease_until
}

fn main() {
    let state = MessageState::Sent { sent_at: 1_000 };
    println!("{}", lease_until(&state));
}
