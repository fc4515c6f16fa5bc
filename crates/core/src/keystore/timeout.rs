//! Running a keyring call off the calling thread, with a deadline.
//!
//! A keyring call can block for a long time: a locked Secret Service
//! collection waits for a person to answer an unlock prompt, and a D-Bus
//! session that is configured but dead can leave a connection attempt
//! hanging. The UI thread must never wait on that, so every call runs on its
//! own short-lived worker thread and the caller waits on a channel with
//! `recv_timeout`.
//!
//! A worker that misses its deadline is left to finish on its own: Rust
//! cannot cancel a blocked thread, and the calls we make end by themselves
//! (the prompt is answered or the D-Bus call times out). Its late result is
//! dropped, and anything secret in it is wiped by its zeroizing type.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Why a timed call produced no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TimedCallError {
    /// The deadline passed first.
    TimedOut,
    /// The worker thread could not start, or died without answering.
    WorkerFailed(String),
}

/// Runs `work` on a new thread and waits at most `timeout` for its result.
pub(crate) fn call_with_timeout<T, F>(timeout: Duration, work: F) -> Result<T, TimedCallError>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (sender, receiver) = mpsc::sync_channel(1);
    thread::Builder::new()
        .name("twofold-keyring".into())
        .spawn(move || {
            // The receiver is gone when the caller gave up; the result is then dropped here.
            let _ = sender.send(work());
        })
        .map_err(|e| TimedCallError::WorkerFailed(format!("could not start a worker thread: {e}")))?;
    match receiver.recv_timeout(timeout) {
        Ok(value) => Ok(value),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(TimedCallError::TimedOut),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(TimedCallError::WorkerFailed(
            "the keyring worker thread stopped without answering".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn a_quick_call_returns_its_value() {
        assert_eq!(call_with_timeout(Duration::from_secs(5), || 42), Ok(42));
    }

    #[test]
    fn a_hanging_call_times_out_on_time() {
        let start = Instant::now();
        let result = call_with_timeout(Duration::from_millis(100), || {
            thread::sleep(Duration::from_secs(3));
            1
        });
        assert_eq!(result, Err(TimedCallError::TimedOut));
        assert!(start.elapsed() < Duration::from_secs(2), "waited {:?}", start.elapsed());
    }

    #[test]
    fn a_panicking_call_is_an_error_not_a_panic() {
        let result: Result<u8, _> = call_with_timeout(Duration::from_secs(5), || panic!("boom"));
        assert!(matches!(result, Err(TimedCallError::WorkerFailed(_))));
    }
}
