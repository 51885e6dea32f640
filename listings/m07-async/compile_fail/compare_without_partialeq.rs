// Comparing a row's state with `!=` when the enum does not derive PartialEq.
#[derive(Debug, Clone, Copy)]
enum RowState {
    Pending { attempts: u32 },
    Sent,
}

fn needs_marking(state: RowState) -> bool {
    state != RowState::Sent
}

fn main() {
    assert!(needs_marking(RowState::Pending { attempts: 0 }));
}
