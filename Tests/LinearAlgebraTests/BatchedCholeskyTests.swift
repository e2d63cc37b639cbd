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

    /// Under `.drop` a column that depends on the columns before it (here column 2 equals
    /// column 1 of the design B, and column 3 of a second system is all zero) gets unknown 0
    /// and the others solve the system without it, checked against LAPACK's Cholesky of the
    /// reduced system; the fused solve and the stored factors agree; no failure is reported.
    func testDependentColumnsAreDroppedWhenAsked() throws {
        let k = 4, rows = 9
        var state: UInt64 = 0x2545F4914F6CDD1D
        func next() -> Double {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        var b1 = Matrix(rows: rows, cols: k, columnMajor: (0..<(rows * k)).map { _ in next() })
        for t in 0..<rows { b1[t, 2] = b1[t, 1] }
        var b2 = Matrix(rows: rows, cols: k, columnMajor: (0..<(rows * k)).map { _ in next() })
        for t in 0..<rows { b2[t, 3] = 0 }
        let full = [b1.gram, b2.gram]
        let rhs = [(0..<k).map { _ in next() }, (0..<k).map { _ in next() }]
        let dropped = [2, 3]
        for i in 0..<k { XCTAssertEqual(full[1][3, i], 0) }
        let (packed, b) = pack(full, rhs, order: k)
        let fused = BatchedCholesky.solve(packedLower: packed, rhs: b, order: k, count: 2, dependentColumns: .drop)
        XCTAssertTrue(fused.failures.isEmpty)
        let stored = BatchedCholesky(packedLower: packed, order: k, count: 2, dependentColumns: .drop)
        XCTAssertTrue(stored.failures.isEmpty)
        let x = stored.solve(b)
        for s in 0..<2 {
            let keep = (0..<k).filter { $0 != dropped[s] }
            var reduced = Matrix(rows: k - 1, cols: k - 1)
            for (i, a) in keep.enumerated() { for (j, c) in keep.enumerated() { reduced[i, j] = full[s][a, c] } }
            let expected = try Cholesky(reduced).solve(keep.map { b[s + $0 * 2] })
            assertClose(keep.map { fused.solutions[s + $0 * 2] }, expected, relativeTolerance: 1e-10)
            assertClose(keep.map { x[s + $0 * 2] }, expected, relativeTolerance: 1e-10)
            XCTAssertEqual(fused.solutions[s + dropped[s] * 2], 0)
            XCTAssertEqual(x[s + dropped[s] * 2], 0)
        }
        // The quadratic form skips the dropped column too (its entry 7 is ignored): vᵀA⁻¹v
        // over the kept columns. Layout v[s + j·2].
        let q = stored.inverseQuadraticForm([1, 0.5, 0, 1, 7, 2, 0.5, 3])
        var reduced = Matrix(rows: 3, cols: 3)
        for (i, a) in [0, 1, 3].enumerated() { for (j, c) in [0, 1, 3].enumerated() { reduced[i, j] = full[0][a, c] } }
        let v: [Double] = [1, 0, 0.5]
        let w = try Cholesky(reduced).solve(v)
        XCTAssertEqual(q[0], zip(v, w).map { $0 * $1 }.reduce(0, +), accuracy: 1e-9 * abs(q[0]))
        XCTAssertTrue(q[1].isFinite)
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
