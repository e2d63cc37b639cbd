import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

/// The allocator policy the numeric core runs best with.
public enum MatrixMemory {
    /// Keeps freed blocks of any size in the process heap for reuse, instead of returning
    /// them to the kernel: a batched fit allocates and frees matrices of ~100 MB every
    /// iteration, and fresh pages cost a page fault and a zero-fill each (a third of the
    /// robust fit's time on 100,000 series without this). Memory at the peak is unchanged;
    /// the resident size simply does not shrink after it, which suits a batch process.
    /// Every thread allocates from the one heap (glibc's `M_ARENA_MAX` 1), so a block one
    /// thread frees is there for the next thread's allocation: with a heap per thread each
    /// would keep its own peak (a province backtest judging two months side by side, each
    /// with its enterprise rules on a second thread, peaked at 3.0 GB instead of 1.8 GB).
    /// Call once, early, from an executable's entry point; libraries never call it.
    /// `JOBSENTRY_KEEP_FREED_BLOCKS=0` in the environment leaves glibc's defaults (for
    /// measuring the difference).
    /// - Returns: whether the policy is in force.
    @discardableResult
    public static func keepFreedBlocks() -> Bool {
        if let v = getenv("JOBSENTRY_KEEP_FREED_BLOCKS"), String(cString: v) == "0" { return false }
        return jobsentry_keep_freed_blocks() == 1
    }

    /// Bytes the C allocator holds in separately mapped blocks (glibc's `mallinfo2().hblkhd`);
    /// stays flat under `keepFreedBlocks()`. 0 where the C library does not say.
    public static var mappedBytes: Int { Int(jobsentry_mmapped_bytes()) }

    /// Bytes the C allocator has taken from the system for its heaps, over all its arenas
    /// (glibc's `mallinfo2().arena`). 0 where the C library does not say.
    public static var heapBytes: Int { Int(jobsentry_heap_bytes()) }
}
