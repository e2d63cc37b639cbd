import Foundation
import LinearAlgebra
import XCTest

/// The allocator policy the executables set at start (`MatrixMemory.keepFreedBlocks()`).
final class MatrixMemoryTests: XCTestCase {
    func testLargeBlocksComeFromTheHeapOnceThePolicyIsSet() throws {
        setenv("JOBSENTRY_KEEP_FREED_BLOCKS", "0", 1)
        XCTAssertFalse(MatrixMemory.keepFreedBlocks(), "the environment switch leaves glibc's defaults")
        unsetenv("JOBSENTRY_KEEP_FREED_BLOCKS")
        #if os(Linux)
        // glibc's default: a 64 MiB block is a separate mapping.
        let size = 64 << 20
        let before = MatrixMemory.mappedBytes
        let mapped = malloc(size)!
        XCTAssertGreaterThanOrEqual(MatrixMemory.mappedBytes - before, size)
        free(mapped)
        XCTAssertTrue(MatrixMemory.keepFreedBlocks(), "glibc accepts M_MMAP_MAX = 0, a 2 GiB trim threshold and one arena (M_ARENA_MAX = 1)")
        let base = MatrixMemory.mappedBytes
        let kept = malloc(size)!
        XCTAssertEqual(MatrixMemory.mappedBytes, base, "now from the heap, reused after free")
        XCTAssertGreaterThanOrEqual(MatrixMemory.heapBytes, size, "the heap holds the block")
        free(kept)
        #endif
    }
}
