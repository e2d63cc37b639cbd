import LinearAlgebra
import TestSupport
import XCTest

/// `BatchedCholesky` (struct-of-arrays, plain Swift) against LAPACK's `dpotrf`/`dpotrs`
/// through `Cholesky`, system by system. LAPACK is the reference; the tolerance 1e-11
/// allows the condition number (≲ 1e3 here) times a few ulps of accumulated rounding.
final class BatchedCholeskyTests: XCTestCase {
    /// Deterministic SPD systems A = BᵀB + I (B 7 × k with entries in [-1, 1)) and rhs.
    private func systems(order k: Int, count n: Int) -> (full: [Matrix], rhs: [[Double]]) {
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Double {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        var full: [Matrix] = [], rhs: [[Double]] = []
        for _ in 0..<n {
            let b = Matrix(rows: k + 3, cols: k, columnMajor: (0..<((k + 3) * k)).map { _ in next() })
            var a = b.gram
            for i in 0..<k { a[i, i] += 1 }
            full.append(a)
            rhs.append((0..<k).map { _ in next() * 10 })
        }
        return (full, rhs)
    }

    private func pack(_ full: [Matrix], _ rhs: [[Double]], order k: Int) -> ([Double], [Double]) {
        let n = full.count
        var packed = [Double](repeating: 0, count: BatchedCholesky.packedCount(order: k) * n)
        var b = [Double](repeating: 0, count: k * n)
        for s in 0..<n {
            for j in 0..<k {
                b[s + j * n] = rhs[s][j]
                for i in j..<k { packed[s + BatchedCholesky.packedIndex(row: i, col: j, order: k) * n] = full[s][i, j] }
            }
        }
        return (packed, b)
    }

    func testSolutionsMatchLAPACKSystemBySystem() throws {
        let k = 9, n = 150   // 150 spans more than two 64-lane blocks and a partial one
        let (full, rhs) = systems(order: k, count: n)
        let (packed, b) = pack(full, rhs, order: k)
        let batch = BatchedCholesky(packedLower: packed, order: k, count: n)
        XCTAssertTrue(batch.failures.isEmpty)
        let x = batch.solve(b)
        let q = batch.inverseQuadraticForm(b)
        for s in 0..<n {
            let ref = try Cholesky(full[s]).solve(rhs[s])
            assertClose((0..<k).map { x[s + $0 * n] }, ref, relativeTolerance: 1e-11, "system \(s)")
            let quad = zip(rhs[s], ref).reduce(0) { $0 + $1.0 * $1.1 }   // bᵀA⁻¹b
            assertClose(q[s], quad, relativeTolerance: 1e-11, "quadratic form \(s)")
        }
    }

    func testDiagonalShiftEqualsAddingTheRidgeToTheMatrix() throws {
        let k = 5, n = 10
        var (full, rhs) = systems(order: k, count: n)
        let (packed, b) = pack(full, rhs, order: k)
        let shift = [0, 0, 3.5, 0, 12]
        let x = BatchedCholesky(packedLower: packed, order: k, count: n, diagonalShift: shift).solve(b)
        for s in 0..<n {
            for i in 0..<k { full[s][i, i] += shift[i] }
            assertClose((0..<k).map { x[s + $0 * n] }, try Cholesky(full[s]).solve(rhs[s]), relativeTolerance: 1e-11)
        }
        rhs.removeAll()
    }

    /// A singular system (two equal columns) is reported with the failing minor, as
    /// LAPACK's info would be, and does not disturb the other systems in its block.
    func testSingularSystemIsReportedAndOthersAreSolved() throws {
        let k = 4, n = 3
        var (full, rhs) = systems(order: k, count: n)
        let v: [Double] = [1, 2, 2, 3]
        full[1] = Matrix(rows: 4, cols: 4, columnMajor: (0..<16).map { v[$0 % 4] * v[$0 / 4] })   // rank 1
        let (packed, b) = pack(full, rhs, order: k)
        let batch = BatchedCholesky(packedLower: packed, order: k, count: n)
        XCTAssertEqual(batch.failures.map(\.system), [1])
        XCTAssertEqual(batch.failures.first?.minor, 2)
        XCTAssertThrowsError(try Cholesky(full[1]))
        let x = batch.solve(b)
        XCTAssertTrue(x[1].isNaN)
        for s in [0, 2] {
            assertClose((0..<k).map { x[s + $0 * n] }, try Cholesky(full[s]).solve(rhs[s]), relativeTolerance: 1e-11)
        }
        rhs.removeAll()
    }

    func testPackedIndexIsColumnMajorLowerTriangle() {
        // k = 3: (0,0) (1,0) (2,0) (1,1) (2,1) (2,2)
        let order = [(0, 0), (1, 0), (2, 0), (1, 1), (2, 1), (2, 2)]
        for (p, ij) in order.enumerated() { XCTAssertEqual(BatchedCholesky.packedIndex(row: ij.0, col: ij.1, order: 3), p) }
        XCTAssertEqual(BatchedCholesky.packedCount(order: 3), 6)
    }

    /// The fused, blocked, threaded `solve(packedLower:rhs:…)` against LAPACK, including a
    /// `packedSource` map that reads repeated and all-zero packed positions from distinct
    /// columns, and a singular system reported as by the two-step API.
    func testFusedSolveWithPackedSourceMatchesLAPACK() throws {
        let k = 6, n = 200
        var (full, rhs) = systems(order: k, count: n)
        let v: [Double] = [1, 2, 2, 3, 0, 1]
        full[77] = Matrix(rows: k, cols: k, columnMajor: (0..<(k * k)).map { v[$0 % k] * v[$0 / k] })
        let (packed, b) = pack(full, rhs, order: k)
        let direct = BatchedCholesky.solve(packedLower: packed, rhs: b, order: k, count: n, threads: 3)
        XCTAssertEqual(direct.failures.map(\.system), [77])
        XCTAssertEqual(direct.failures.first?.minor, BatchedCholesky(packedLower: packed, order: k, count: n).failures.first?.minor)
        // Distinct columns: packed position 0 duplicated into position 1 of a copy, position 2 zeroed.
        let np = BatchedCholesky.packedCount(order: k)
        var distinct = packed, source = Array(0..<np)
        for s in 0..<n { distinct[s + 1 * n] = packed[s + 0 * n]; distinct[s + 2 * n] = 0 }
        source[1] = 0; source[2] = -1
        let mapped = BatchedCholesky.solve(packedLower: distinct, rhs: b, order: k, count: n, packedSource: source, threads: 2)
        for s in 0..<n where s != 77 {
            assertClose((0..<k).map { direct.solutions[s + $0 * n] }, try Cholesky(full[s]).solve(rhs[s]), relativeTolerance: 1e-11)
            var m = full[s]
            m[1, 0] = m[0, 0]; m[0, 1] = m[0, 0]; m[2, 0] = 0; m[0, 2] = 0
            if let c = try? Cholesky(m) {
                assertClose((0..<k).map { mapped.solutions[s + $0 * n] }, try c.solve(rhs[s]), relativeTolerance: 1e-9)
            } else {
                XCTAssertTrue(mapped.failures.contains { $0.system == s })
            }
        }
        rhs.removeAll()
    }
}
