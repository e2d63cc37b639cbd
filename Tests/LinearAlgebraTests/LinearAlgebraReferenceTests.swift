import LinearAlgebra
import TestSupport
import XCTest

/// Every routine against numpy 2.4.6 (scripts/reference/linalg/make_reference.py) or a textbook case.
final class LinearAlgebraReferenceTests: XCTestCase {
    var ref: ReferenceMatrices!

    override func setUpWithError() throws {
        ref = try ReferenceMatrices("scripts/reference/linalg/reference.csv")
    }

    // Tolerance 1e-13: a product of O(1) numbers with k ≤ 5 terms accumulates a few ulps.
    func testGEMMMatchesNumpy() throws {
        let c = try Matrix.multiply(ref.matrix("gemm_a"), .none, ref.matrix("gemm_b"), .none)
        assertClose(c.storage, ref.matrix("gemm_ab").storage, relativeTolerance: 1e-13)
        let ct = try Matrix.multiply(ref.matrix("gemm_b"), .transpose, ref.matrix("gemm_a"), .transpose)
        assertClose(ct.storage, ref.matrix("gemm_ab").transposed.storage, relativeTolerance: 1e-13)
    }

    func testGEMVAndGramMatchNumpy() throws {
        let y = try Matrix.multiply(ref.matrix("gemm_a"), vector: ref.vector("gemm_x_vec"))
        assertClose(y, ref.vector("gemv_ax_vec"), relativeTolerance: 1e-13)
        assertClose(ref.matrix("gemm_a").gram.storage, ref.matrix("gram_a").storage, relativeTolerance: 1e-13)
    }

    func testGEMMRejectsMismatchedShapes() {
        XCTAssertThrowsError(try Matrix.multiply(Matrix(rows: 2, cols: 3), .none, Matrix(rows: 2, cols: 3), .none)) { e in
            XCTAssertEqual("\(e)", "dgemm: dimension mismatch: op(A) is 2x3, op(B) is 2x3, C is 2x3")
        }
    }

    // Well-conditioned 20 × 4 design: QR and numpy's SVD-based dgelsd agree to ~1e-14; 1e-11 leaves headroom.
    func testLeastSquaresManyRightHandSidesMatchesNumpyLstsq() throws {
        let ls = try LeastSquares(design: ref.matrix("ls_x"))
        let b = try ls.coefficients(ref.matrix("ls_y"))
        assertClose(b.storage, ref.matrix("ls_beta").storage, relativeTolerance: 1e-11)
        assertClose(ls.unscaledCovariance.storage, ref.matrix("ls_xtx_inv").storage, relativeTolerance: 1e-11, floor: 1e-3)
    }

    /// NIST StRD Longley, a classic ill-conditioned regression: certified coefficients to 15 digits
    /// (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml). Backward-stable QR loses about
    /// log10(cond) ≈ 8 digits here, so 1e-7 relative is what a correct solver achieves.
    func testLongleyMatchesNISTCertifiedValues() throws {
        let certified = [-3482258.63459582, 15.0618722713733, -0.358191792925910e-01, -2.02022980381683,
                         -1.03322686717359, -0.511041056535807e-01, 1829.15146461355]
        let ls = try LeastSquares(design: ref.matrix("longley_x"))
        let b = try ls.coefficients(ref.matrix("longley_y_vec"))
        assertClose(b.storage, certified, relativeTolerance: 1e-7, floor: 0)
    }

    func testRankDeficientDesignThrowsInsteadOfReturningGarbage() {
        // Third column = first + second: exact rank 2.
        let x = Matrix((0..<10).map { i in [1, Double(i), 1 + Double(i)] })
        XCTAssertThrowsError(try LeastSquares(design: x)) { e in
            guard case let LinearAlgebraError.rankDeficient(routine, rank, cols, _) = e else {
                return XCTFail("expected rankDeficient, got \(e)")
            }
            XCTAssertEqual(routine, "dgeqp3"); XCTAssertEqual(rank, 2); XCTAssertEqual(cols, 3)
            XCTAssertTrue("\(e)".hasPrefix("dgeqp3: matrix is rank deficient (numerical rank 2 of 3 columns"))
        }
    }

    /// Hilbert matrices (textbook ill-conditioning): order 6 (cond ≈ 1.5e7) solves x = 1 to ~1e-9;
    /// order 13 (cond ≈ 1e18, beyond 1/ε) is numerically singular and must throw.
    func testHilbertSystems() throws {
        func hilbert(_ n: Int) -> Matrix { Matrix((0..<n).map { i in (0..<n).map { j in 1.0 / Double(i + j + 1) } }) }
        let h6 = hilbert(6)
        let rhs = try Matrix.multiply(h6, vector: [Double](repeating: 1, count: 6))
        let x = try LeastSquares(design: h6).coefficients(Matrix(rows: 6, cols: 1, columnMajor: rhs))
        assertClose(x.storage, [Double](repeating: 1, count: 6), relativeTolerance: 1e-8)
        XCTAssertThrowsError(try LeastSquares(design: hilbert(13)))
    }

    func testLeastSquaresRejectsNaNAndWideDesigns() {
        XCTAssertThrowsError(try LeastSquares(design: Matrix([[1, .nan], [1, 2], [1, 3]]))) { e in
            XCTAssertEqual(e as? LinearAlgebraError, .nonFinite(operation: "dgeqp3"))
        }
        XCTAssertThrowsError(try LeastSquares(design: Matrix(rows: 2, cols: 3, repeating: 1)))
    }

    func testCholeskyMatchesNumpy() throws {
        let c = try Cholesky(ref.matrix("chol_a"))
        assertClose(c.lower.storage, ref.matrix("chol_l").storage, relativeTolerance: 1e-12)
        assertClose(try c.solve(ref.matrix("chol_b")).storage, ref.matrix("chol_x").storage, relativeTolerance: 1e-12)
        assertClose(try c.inverse().storage, ref.matrix("chol_inv").storage, relativeTolerance: 1e-12, floor: 1e-2)
    }

    func testCholeskyNamesTheFailingMinor() {
        // Leading 2 × 2 minor has determinant 1·1 − 2·2 < 0.
        XCTAssertThrowsError(try Cholesky(Matrix([[1, 2, 0], [2, 1, 0], [0, 0, 1]]))) { e in
            XCTAssertEqual(e as? LinearAlgebraError, .notPositiveDefinite(routine: "dpotrf", order: 2))
            XCTAssertEqual("\(e)", "dpotrf failed (info = 2): the leading minor of order 2 is not positive definite")
        }
    }

    // Singular values are well conditioned (perturbation ≤ ‖E‖₂), so 1e-13 holds.
    func testSVDMatchesNumpyAndReconstructs() throws {
        let a = ref.matrix("svd_a")
        let svd = try SingularValueDecomposition(a)
        assertClose(svd.singularValues, ref.vector("svd_s_vec"), relativeTolerance: 1e-13)
        var us = svd.u
        for j in 0..<us.cols { for i in 0..<us.rows { us[i, j] *= svd.singularValues[j] } }
        assertClose(try Matrix.multiply(us, .none, svd.vt, .none).storage, a.storage, relativeTolerance: 1e-13)
    }

    func testSymmetricEigenMatchesNumpyAndTextbook() throws {
        let e = try SymmetricEigen(ref.matrix("eig_a"))
        assertClose(e.eigenvalues, ref.vector("eig_w_vec"), relativeTolerance: 1e-13)
        // Textbook: [[2, 1], [1, 2]] has eigenvalues 1 and 3 with vectors (1, −1)/√2 and (1, 1)/√2.
        let t = try SymmetricEigen(Matrix([[2, 1], [1, 2]]))
        assertClose(t.eigenvalues, [1, 3], relativeTolerance: 1e-15)
        assertClose([abs(t.eigenvectors[0, 1]), abs(t.eigenvectors[1, 1])], [(0.5).squareRoot(), (0.5).squareRoot()],
                    relativeTolerance: 1e-15)
    }

    func testKernelSelectionNeverOverridesTheEnvironment() {
        let avx512: Set<String> = ["avx2", "fma", "avx512f", "avx512bw", "avx512vl"]
        XCTAssertEqual(KernelSelection.recommendedCoreType(coreName: "Prescott", cpuFlags: avx512, environment: [:]), "SkylakeX")
        XCTAssertEqual(KernelSelection.recommendedCoreType(coreName: "Prescott", cpuFlags: ["avx2", "fma"], environment: [:]), "Haswell")
        XCTAssertNil(KernelSelection.recommendedCoreType(coreName: "Prescott", cpuFlags: ["sse2"], environment: [:]))
        XCTAssertNil(KernelSelection.recommendedCoreType(coreName: "Cooperlake", cpuFlags: avx512, environment: [:]))
        XCTAssertNil(KernelSelection.recommendedCoreType(coreName: "Prescott", cpuFlags: avx512,
                                                         environment: ["OPENBLAS_CORETYPE": "Prescott"]))
        XCTAssertNil(KernelSelection.recommendedCoreType(coreName: "Prescott", cpuFlags: avx512,
                                                         environment: ["JOBSENTRY_BLAS_AUTOTUNE": "0"]))
        XCTAssertNil(KernelSelection.recommendedCoreType(coreName: "Prescott", cpuFlags: avx512,
                                                         environment: [KernelSelection.reexecMarker: "Prescott"]))
        XCTAssertEqual(KernelSelection.cpuFlags(fromCpuinfo: "processor\t: 0\nflags\t\t: fpu avx2 fma\n"), ["fpu", "avx2", "fma"])
    }
}
