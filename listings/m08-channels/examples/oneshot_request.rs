//! Lesson 08.1: request/response over channels. Requests travel on an
//! `mpsc` channel and each carries a `oneshot::Sender` for its reply, so one
//! task can own some state and answer questions about it.

use std::collections::BTreeMap;
use tokio::sync::{mpsc, oneshot};

// ANCHOR: request
/// "Give me the next sequence number for this aggregate", plus where to
/// send the answer.
#[derive(Debug)]
struct NextSequence {
    aggregate_id: String,
    reply: oneshot::Sender<u64>,
}

/// The only owner of the counters: no lock, because nothing else touches them.
async fn sequence_server(mut requests: mpsc::Receiver<NextSequence>) -> BTreeMap<String, u64> {
    let mut counters = BTreeMap::new();
    while let Some(NextSequence {
        aggregate_id,
        reply,
    }) = requests.recv().await
    {
        let counter = counters.entry(aggregate_id).or_insert(0);
        *counter += 1;
        // The asker may have given up (dropped its receiver); that is not our problem.
        let _ = reply.send(*counter);
    }
    counters // every sender is gone: return the final state
}

/// Asks the server and waits for its answer.
async fn next_sequence(server: &mpsc::Sender<NextSequence>, aggregate_id: &str) -> Option<u64> {
    let (reply, answer) = oneshot::channel();
    let request = NextSequence {
        aggregate_id: aggregate_id.to_string(),
        reply,
    };
    server.send(request).await.ok()?; // Err: the server has stopped
    answer.await.ok() // Err: the server dropped `reply` without answering
}
// ANCHOR_END: request

// ANCHOR: main
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (tx, rx) = mpsc::channel(8);
    let server = tokio::spawn(sequence_server(rx));

    for aggregate in ["order-1", "order-2", "order-1", "order-1"] {
        let sequence = next_sequence(&tx, aggregate).await;
        println!("{aggregate} -> {sequence:?}");
    }

    drop(tx); // the last sender: the server's recv now returns None
    let counters = server.await.expect("the server does not panic");
    println!("final counters: {counters:?}");
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn many_clients_get_distinct_numbers() {
        let (tx, rx) = mpsc::channel(4);
        let server = tokio::spawn(sequence_server(rx));
        let mut clients = tokio::task::JoinSet::new();
        for _ in 0..50 {
            let tx = tx.clone();
            clients.spawn(async move { next_sequence(&tx, "order-9").await });
        }
        let mut numbers: Vec<u64> = clients.join_all().await.into_iter().flatten().collect();
        numbers.sort();
        assert_eq!(numbers, (1..=50).collect::<Vec<_>>());
        drop(tx);
        assert_eq!(server.await.expect("no panic")["order-9"], 50);
    }

    #[tokio::test]
    async fn a_stopped_server_gives_none() {
        let (tx, rx) = mpsc::channel(1);
        drop(rx);
        assert_eq!(next_sequence(&tx, "order-1").await, None);
    }

    #[tokio::test]
    async fn a_dropped_reply_sender_is_an_error_for_the_asker() {
        let (reply, answer) = oneshot::channel::<u64>();
        drop(reply);
        assert!(answer.await.is_err());
    }
}
