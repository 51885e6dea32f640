//! Lesson 10.1: I/O types belong to a runtime. Tokio's panic without a Tokio
//! runtime; smol's work anywhere because they bring a thread of their own.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

/// The text of a panic payload (`panic!` gives a `&str` or a `String`).
fn message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(not a string)")
}

/// Runs `f`, and returns the panic message if it panicked.
fn panic_message(f: impl FnOnce()) -> Option<String> {
    panic::catch_unwind(AssertUnwindSafe(f))
        .err()
        .map(|payload| message(payload.as_ref()).to_owned())
}

/// The names of this process's threads that a runtime started behind our
/// back (Linux: one directory per thread under `/proc/self/task`).
fn helper_threads() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("/proc/self/task")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|task| std::fs::read_to_string(task.path().join("comm")).ok())
        .map(|name| name.trim().to_owned())
        .filter(|name| {
            name == "async-io" || name.starts_with("tokio-") || name.starts_with("smol-")
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

// ANCHOR: tokio_under_smol
/// Tokio's socket and timer types under smol's executor. (`sleep` panics as soon as
/// it is called, before smol polls it; `bind` panics when smol first polls it.)
fn tokio_types_under_smol() -> (Option<String>, Option<String>) {
    let socket = panic_message(|| {
        let _ = smol::block_on(tokio::net::TcpListener::bind("127.0.0.1:0"));
    });
    let timer = panic_message(|| {
        smol::block_on(tokio::time::sleep(Duration::from_millis(1)));
    });
    (socket, timer)
}
// ANCHOR_END: tokio_under_smol

// ANCHOR: smol_under_tokio
/// smol's socket and timer types, polled by Tokio's executor.
fn smol_types_under_tokio() -> std::io::Result<u16> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = smol::net::TcpListener::bind("127.0.0.1:0").await?;
        smol::Timer::after(Duration::from_millis(1)).await;
        Ok(listener.local_addr()?.port())
    })
}
// ANCHOR_END: smol_under_tokio

// ANCHOR: enter
/// The escape hatch: make a Tokio runtime's context current while smol polls.
/// It works because that runtime's own worker threads drive its timer.
fn tokio_timer_with_entered_runtime() -> std::io::Result<&'static str> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let _context = runtime.enter();
    smol::block_on(tokio::time::sleep(Duration::from_millis(1)));
    Ok("slept")
}
// ANCHOR_END: enter

// ANCHOR: main
fn main() -> std::io::Result<()> {
    panic::set_hook(Box::new(|_| {})); // we print the messages ourselves
    println!("helper threads at start: {:?}", helper_threads());

    let (socket, timer) = tokio_types_under_smol();
    println!("tokio::net::TcpListener under smol panics: {socket:?}");
    println!("tokio::time::sleep under smol panics: {timer:?}");

    let port = smol_types_under_tokio()?;
    println!(
        "smol::net::TcpListener under tokio works: bound a port: {}",
        port > 0
    );
    println!("helper threads now: {:?}", helper_threads());

    println!("entered runtime: {}", tokio_timer_with_entered_runtime()?);
    Ok(())
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "there is no reactor running")]
    fn a_tokio_socket_outside_a_tokio_runtime_panics() {
        let _ = smol::block_on(tokio::net::TcpListener::bind("127.0.0.1:0"));
    }

    #[test]
    fn both_tokio_types_name_the_missing_runtime() {
        let (socket, timer) = tokio_types_under_smol();
        for message in [socket, timer] {
            let message = message.expect("it panics");
            assert!(message.contains("Tokio 1.x runtime"), "{message}");
        }
    }

    #[test]
    fn smol_types_work_under_tokio_and_start_the_async_io_thread() -> std::io::Result<()> {
        assert!(smol_types_under_tokio()? > 0);
        assert!(helper_threads().contains(&"async-io".to_owned()));
        Ok(())
    }

    #[test]
    fn an_entered_runtime_lets_smol_poll_a_tokio_timer() -> std::io::Result<()> {
        assert_eq!(tokio_timer_with_entered_runtime()?, "slept");
        Ok(())
    }
}
