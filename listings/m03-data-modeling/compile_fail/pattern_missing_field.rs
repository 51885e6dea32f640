// A struct-variant pattern must name every field, or say `..` for the rest.
enum MessageState {
    Pending { attempts: u32, available_at: i64 },
    Sent { attempts: u32, sent_at: i64 },
}

fn attempts(state: &MessageState) -> u32 {
    match state {
        MessageState::Pending { attempts } => *attempts,
        MessageState::Sent { attempts, .. } => *attempts,
    }
}

fn main() {
    let state = MessageState::Pending {
        attempts: 2,
        available_at: 1_000,
    };
    println!("{}", attempts(&state));
}
