//! The bounded pool for CPU-heavy work (rendering Markdown and comments): jobs run on
//! tokio's blocking threads, at most one per core at a time, so hostile input can
//! neither stall the async workers that answer every other request nor take every
//! blocking thread. A job that cannot start within [`WAIT`] is answered [`Busy`].

use std::sync::LazyLock;
use std::time::Duration;

use tokio::sync::Semaphore;

/// How long a job waits for a free core before the request is answered 503.
pub const WAIT: Duration = Duration::from_secs(5);

/// Every core is working on other jobs and none came free within [`WAIT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("every core is busy with other work")]
pub struct Busy;

impl Busy {
    /// What a form says beside its field when its text could not be checked in time.
    pub fn message(self) -> &'static str {
        "quire is very busy right now. Your text is still here: wait a moment, then send it again."
    }
}

/// One permit per core.
static CORES: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(size()));

/// How many jobs run at once: the number of cores quire may use.
pub fn size() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Runs `job` on a blocking thread once a core is free, or answers [`Busy`] after
/// [`WAIT`]. The core stays taken until the job ends, even if the request that asked
/// for it is dropped (a dropped future cannot stop a running job). A panic in the job
/// is resumed in the caller, where the server's panic layer answers it.
pub async fn run<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
    run_waiting(WAIT, job).await
}

async fn run_waiting<T: Send + 'static>(
    wait: Duration,
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Busy> {
    let Ok(Ok(permit)) = tokio::time::timeout(wait, CORES.acquire()).await else {
        tracing::warn!(?wait, cores = size(), "CPU pool busy, request refused");
        return Err(Busy);
    };
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        job()
    });
    match task.await {
        Ok(value) => Ok(value),
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        // Cancelled: the runtime is shutting down.
        Err(_) => Err(Busy),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_job_runs_and_returns_its_value() {
        assert_eq!(run(|| 6 * 7).await, Ok(42));
    }

    #[tokio::test]
    async fn a_job_that_finds_every_core_taken_is_refused_as_busy() {
        // Take every core, then ask for one more without waiting.
        let cores = u32::try_from(size()).unwrap_or(1);
        let held = CORES.acquire_many(cores).await;
        assert!(held.is_ok());
        assert_eq!(run_waiting(Duration::ZERO, || ()).await, Err(Busy));
        drop(held);
        assert_eq!(run_waiting(Duration::ZERO, || 1).await, Ok(1));
    }
}
