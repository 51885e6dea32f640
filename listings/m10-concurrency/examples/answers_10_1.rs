//! Answers to the exercises of lesson 10.1.

use futures::channel::mpsc;
use futures::future::join_all;
use futures::{SinkExt, StreamExt};
use std::future::Future;

/// The `Spawn` trait and the workload of `runtime_bench.rs`, unchanged.
trait Spawn {
    fn spawn<T: Send + 'static>(
        &self,
        task: impl Future<Output = T> + Send + 'static,
    ) -> impl Future<Output = T> + Send + 'static;
}

async fn ping_pong(rt: &impl Spawn, pairs: u64, rounds: u64) -> u64 {
    let mut pongers = Vec::new();
    let mut pingers = Vec::new();
    for _ in 0..pairs {
        let (mut to_ponger, mut from_pinger) = mpsc::channel::<u64>(1);
        let (mut to_pinger, mut from_ponger) = mpsc::channel::<u64>(1);
        pongers.push(rt.spawn(async move {
            while let Some(n) = from_pinger.next().await {
                if to_pinger.send(n + 1).await.is_err() {
                    break;
                }
            }
        }));
        pingers.push(rt.spawn(async move {
            let mut sum = 0;
            for round in 0..rounds {
                if to_ponger.send(round).await.is_err() {
                    break;
                }
                sum += from_ponger.next().await.unwrap_or(0);
            }
            sum
        }));
    }
    let sum = join_all(pingers).await.into_iter().sum();
    join_all(pongers).await;
    sum
}

mod answer1 {
    use super::{Spawn, ping_pong};
    use futures::executor::{LocalPool, LocalSpawner};
    use futures::task::SpawnExt as _;
    use std::future::Future;

    // ANCHOR: answer1
    /// The executor that ships inside `futures`: a single-threaded pool.
    struct OnLocalPool(LocalSpawner);

    impl Spawn for OnLocalPool {
        fn spawn<T: Send + 'static>(
            &self,
            task: impl Future<Output = T> + Send + 'static,
        ) -> impl Future<Output = T> + Send + 'static {
            // A RemoteHandle: a future for the task's output. Dropping it
            // cancels the task, as with smol (call `.forget()` to detach).
            self.0
                .spawn_with_handle(task)
                .expect("the pool is alive while we spawn")
        }
    }

    pub(crate) fn ping_pong_on_local_pool(pairs: u64, rounds: u64) -> u64 {
        let mut pool = LocalPool::new();
        let rt = OnLocalPool(pool.spawner());
        pool.run_until(ping_pong(&rt, pairs, rounds))
    }
    // ANCHOR_END: answer1
}

mod answer2 {
    use std::sync::mpsc;
    use std::time::Duration;

    // ANCHOR: answer2
    /// smol polls a Tokio timer with a *current-thread* runtime entered.
    /// Returns whether the sleep finished within half a second.
    pub(crate) fn entered_current_thread_runtime_finishes() -> bool {
        let (done, finished) = mpsc::channel();
        // A thread of its own, because it never comes back.
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            let _context = runtime.enter();
            smol::block_on(tokio::time::sleep(Duration::from_millis(1)));
            let _ = done.send(());
        });
        finished.recv_timeout(Duration::from_millis(500)).is_ok()
    }
    // ANCHOR_END: answer2
}

mod answer3 {
    use smol::io::{AsyncReadExt, AsyncWriteExt};
    use smol::net::{TcpListener, TcpStream};
    use std::io;

    // ANCHOR: answer3
    /// Echoes one message through a handler task that is either detached or
    /// dropped. Dropping a smol `Task` cancels it, and the socket it owned
    /// is dropped with it: the client sees the connection closed.
    pub(crate) fn echo_once(detach: bool) -> io::Result<Vec<u8>> {
        let ex = smol::Executor::new();
        smol::block_on(ex.run(async {
            let listener = TcpListener::bind("127.0.0.1:0").await?;
            let mut client = TcpStream::connect(listener.local_addr()?).await?;
            let (mut server_side, _) = listener.accept().await?;
            let handler = ex.spawn(async move {
                let mut buf = [0u8; 64];
                while let Ok(n @ 1..) = server_side.read(&mut buf).await {
                    if server_side.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            });
            if detach {
                handler.detach(); // runs on its own from now on
            } else {
                drop(handler); // cancels the task before it ever ran
            }
            client.write_all(b"ping").await?;
            let mut echo = [0u8; 4];
            client.read_exact(&mut echo).await?;
            Ok(echo.to_vec())
        }))
    }
    // ANCHOR_END: answer3
}

fn main() {
    println!(
        "1. ping-pong on futures' LocalPool: {}",
        answer1::ping_pong_on_local_pool(10, 10)
    );
    println!(
        "2. a current-thread runtime entered under smol: the sleep finishes: {}",
        answer2::entered_current_thread_runtime_finishes()
    );
    let shown = |echo: std::io::Result<Vec<u8>>| match echo {
        Ok(bytes) => format!("echoed {:?}", String::from_utf8_lossy(&bytes)),
        Err(_) => "the connection was closed".to_owned(),
    };
    println!("3. handler dropped:  {}", shown(answer3::echo_once(false)));
    println!("3. handler detached: {}", shown(answer3::echo_once(true)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_pool_computes_what_tokio_and_smol_compute() {
        // 10 pairs, each answering 1 + 2 + … + 10.
        assert_eq!(answer1::ping_pong_on_local_pool(10, 10), 10 * 55);
    }

    #[test]
    fn a_current_thread_runtime_does_not_drive_its_timer_from_outside() {
        assert!(!answer2::entered_current_thread_runtime_finishes());
    }

    #[test]
    fn a_dropped_smol_task_never_answers_and_a_detached_one_does() -> std::io::Result<()> {
        assert!(answer3::echo_once(false).is_err());
        assert_eq!(answer3::echo_once(true)?, b"ping");
        Ok(())
    }
}
