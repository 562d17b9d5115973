//! How many pictures are processed at once, and the memory they may take together.

use std::sync::OnceLock;

use tokio::sync::{AcquireError, Semaphore, SemaphorePermit};

/// Decoding a large picture takes a core for a second or more; on a small school
/// server, two at a time keeps the rest of the site answering.
pub(super) static PROCESSING: Semaphore = Semaphore::const_new(2);

/// Memory that pictures being processed may take together, unless the operator sets
/// another figure (`--picture-memory-mb`): a 48-megapixel phone photo (about 150 MB
/// while it is open) fits, and the whole of quire stays under 200 MB while a class
/// uploads; a 7000 × 7000 picture with transparency (196 MB decoded) does not fit.
pub const DEFAULT_MEMORY_BUDGET_MB: u64 = 160;
/// The budget's unit: a permit of the memory semaphore is a kibibyte.
pub(super) const PERMIT_BYTES: u64 = 1024;
/// Scratch space the finest scaling (Lanczos) may take; it works through a copy in
/// 32-bit floats, 16 bytes a pixel, source width × result height. Larger pictures are
/// scaled by averaging areas, which needs no scratch and looks the same when a photo
/// is at least about twice the size it is shrunk to.
pub(super) const FINE_SCALING_SCRATCH: u64 = 48 * 1024 * 1024;
/// Bytes a pixel takes in the finest scaling's scratch copy.
pub(super) const SCRATCH_PIXEL_BYTES: u64 = 16;

/// The memory budget: a semaphore whose permits are kibibytes.
pub(super) struct MemoryBudget {
    pub(super) bytes: u64,
    permits: Semaphore,
}

pub(super) static MEMORY: OnceLock<MemoryBudget> = OnceLock::new();

pub(super) fn memory_budget() -> &'static MemoryBudget {
    MEMORY.get_or_init(|| MemoryBudget::new(DEFAULT_MEMORY_BUDGET_MB))
}

impl MemoryBudget {
    fn new(megabytes: u64) -> MemoryBudget {
        let bytes = megabytes.saturating_mul(1024 * 1024);
        let permits = usize::try_from(bytes / PERMIT_BYTES)
            .unwrap_or(Semaphore::MAX_PERMITS)
            .min(Semaphore::MAX_PERMITS);
        MemoryBudget {
            bytes,
            permits: Semaphore::new(permits),
        }
    }

    /// Waits until `bytes` of the budget are free, and holds them until the permit drops.
    pub(super) async fn reserve(
        &'static self,
        bytes: u64,
    ) -> Result<SemaphorePermit<'static>, AcquireError> {
        let permits = bytes.div_ceil(PERMIT_BYTES).min(self.bytes / PERMIT_BYTES);
        self.permits
            .acquire_many(u32::try_from(permits).unwrap_or(u32::MAX))
            .await
    }
}

/// Sets the memory budget of picture processing, once, before the first upload
/// (`serve` does it from `--picture-memory-mb`). Returns false when a budget was
/// already in force, which then stays.
pub fn set_memory_budget(megabytes: u64) -> bool {
    MEMORY.set(MemoryBudget::new(megabytes)).is_ok()
        || memory_budget().bytes == megabytes.saturating_mul(1024 * 1024)
}
