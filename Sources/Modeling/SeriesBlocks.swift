import Dispatch
import Foundation
import LinearAlgebra

/// Runs a batched routine block by block over a panel's series: blocks of `size`
/// consecutive series, taken in turn by one worker per core, each worker's BLAS calls
/// single-threaded meanwhile (OpenBLAS's own threads are restored afterwards).
///
/// A per-series pass over a whole 100,000-series panel streams ~100 MB arrays and runs at
/// memory speed; over a block of a few hundred series, every pass of every iteration
/// (GEMMs, solves, residual passes) works on data already in cache.
///
/// `body(b, range)` gets the block number and its series; it must write only its own
/// series' parts of shared outputs. The first error a block throws is rethrown after all
/// workers stop (blocks not yet started are then skipped).
///
/// OpenBLAS's thread count is process-wide: two batched fits running at once on different
/// threads would each restore it under the other. The pipeline runs its fits one after
/// another, so this is stated rather than locked.
func forEachSeriesBlock(_ seriesCount: Int, size: Int, _ body: (Int, Range<Int>) throws -> Void) throws {
    precondition(size > 0, "block size must be positive")
    let blockCount = (seriesCount + size - 1) / size
    let workers = min(workerCount, blockCount)
    let blasThreads = BLASRuntime.threadCount
    if workers > 1 { BLASRuntime.setThreadCount(1) }
    defer { if workers > 1 { BLASRuntime.setThreadCount(blasThreads) } }
    let queue = BlockQueue(count: blockCount)
    try withoutActuallyEscaping(body) { body in
        // `body` writes only its own block's series (the contract above).
        let shared = WorkerShared(body)
        DispatchQueue.concurrentPerform(iterations: max(workers, 1)) { _ in
            while let b = queue.take() {
                do { try shared.value(b, (b * size)..<min(seriesCount, (b + 1) * size)) } catch { queue.fail(error) }
            }
        }
        if let error = queue.error { throw error }
    }
}

/// Hands out block numbers 0, 1, 2, … to the workers, and keeps the first error.
private final class BlockQueue: @unchecked Sendable {  // `next` and `failure` are read and written under `lock` only
    private let lock = NSLock()
    private let count: Int
    private var next = 0
    private var failure: (any Error)?

    init(count: Int) { self.count = count }

    /// The first error a block threw.
    var error: (any Error)? {
        lock.lock(); defer { lock.unlock() }
        return failure
    }

    func take() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < count, failure == nil else { return nil }
        next += 1
        return next - 1
    }

    func fail(_ e: any Error) {
        lock.lock(); defer { lock.unlock() }
        if failure == nil { failure = e }
    }
}

/// Threads for the per-series loops: the machine's cores (BLAS uses them for the GEMMs).
let workerCount = max(1, ProcessInfo.processInfo.activeProcessorCount)
