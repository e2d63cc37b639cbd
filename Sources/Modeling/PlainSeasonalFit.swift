import Codes
import Dispatch
import LinearAlgebra
import PanelData

/// Ordinary least squares of every panel series on the plain seasonal design, with
/// robust z-scores of the residuals: zₜ = (rₜ − median r) / (1.4826·MAD r).
///
/// Missing months are handled by grouping series by their missingness pattern: each
/// distinct pattern gets the design restricted to its observed rows, factored once, and
/// all its series are solved with one GEMM. Complete series — nearly all of them — share
/// a single factorisation. Fitted values exist for every month, missing ones included.
public struct PlainSeasonalFit: Sendable {
    /// Series with fewer observed months than this are skipped: with 13 parameters,
    /// 24 months leaves 11 residual degrees of freedom and two of each calendar month.
    public static let defaultMinimumObserved = 24

    /// A series that was not fitted, and why.
    public struct Skipped: Sendable, Equatable {
        public let series: Int
        public let observed: Int
        public let reason: String
    }

    public let start: Period
    public let periodCount: Int
    /// Fitted values, T × N column-major; NaN for skipped series.
    public let fitted: [Double]
    /// Robust z-scores, T × N; NaN for missing months and skipped series.
    public let z: [Double]
    /// Coefficients, 13 × N column-major (NaN for skipped series).
    public let coefficients: [Double]
    public let skipped: [Skipped]

    /// Fits every series of `panel`.
    /// - Parameter minimumObserved: see `defaultMinimumObserved`; must be ≥ 13.
    /// - Throws: `ModelError` naming the series group whose design could not be factored.
    public static func fit(_ panel: Panel, minimumObserved: Int = defaultMinimumObserved) throws -> PlainSeasonalFit {
        let T = panel.periodCount, N = panel.seriesCount
        let design = PlainSeasonalDesign.matrix(start: panel.start, count: T)
        let k = design.cols
        precondition(minimumObserved >= k, "minimumObserved must be at least the number of parameters")
        var fitted = [Double](repeating: .nan, count: T * N)
        var coefs = [Double](repeating: .nan, count: k * N)
        var skipped: [Skipped] = []

        // Group series by missingness pattern; complete series (nearly all) form one group
        // found without building a mask, and share the design's own factorisation.
        var complete: [Int] = []
        var groups: [[UInt64]: [Int]] = [:]
        let words = (T + 63) / 64
        panel.values.withUnsafeBufferPointer { vp in
            for s in 0..<N {
                let col = vp.baseAddress! + s * T
                var observed = 0
                for t in 0..<T where !col[t].isNaN { observed += 1 }
                if observed == T && T >= minimumObserved { complete.append(s); continue }
                if observed < minimumObserved {
                    skipped.append(Skipped(series: s, observed: observed,
                        reason: "only \(observed) observed months; at least \(minimumObserved) are needed to fit trend and season"))
                    continue
                }
                var mask = [UInt64](repeating: 0, count: words)
                for t in 0..<T where !col[t].isNaN { mask[t >> 6] |= 1 << UInt64(t & 63) }
                groups[mask, default: []].append(s)
            }
        }
        var work: [(rows: [Int], members: [Int])] = []
        if !complete.isEmpty { work.append((Array(0..<T), complete)) }
        for (mask, members) in groups {
            work.append(((0..<T).filter { mask[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }, members))
        }

        for (rowsUsed, members) in work {
            var sub = Matrix(rows: rowsUsed.count, cols: k)
            for (r, t) in rowsUsed.enumerated() { for j in 0..<k { sub[r, j] = design[t, j] } }
            let ls: LeastSquares
            do { ls = try LeastSquares(design: sub) } catch let e as LinearAlgebraError {
                for s in members {
                    skipped.append(Skipped(series: s, observed: rowsUsed.count,
                        reason: "seasonal design cannot be fitted on its observed months: \(e)"))
                }
                continue
            }
            let isComplete = rowsUsed.count == T
            let y: Matrix
            if isComplete && members.count == N {
                y = Matrix(rows: T, cols: N, columnMajor: panel.values)  // shares storage, no copy
            } else {
                var g = Matrix(rows: rowsUsed.count, cols: members.count)
                g.storage.withUnsafeMutableBufferPointer { yp in
                    panel.values.withUnsafeBufferPointer { vp in
                        for (c, s) in members.enumerated() {
                            if isComplete {
                                (yp.baseAddress! + c * T).update(from: vp.baseAddress! + s * T, count: T)
                            } else {
                                for (r, t) in rowsUsed.enumerated() { yp[r + c * rowsUsed.count] = vp[t + s * T] }
                            }
                        }
                    }
                }
                y = g
            }
            let b = try ls.coefficients(y)
            let f = try Matrix.multiply(design, .none, b, .none)
            if members.count == N {
                fitted = f.storage
                coefs = b.storage
                continue
            }
            f.storage.withUnsafeBufferPointer { fp in
                fitted.withUnsafeMutableBufferPointer { op in
                    for (c, s) in members.enumerated() {
                        (op.baseAddress! + s * T).update(from: fp.baseAddress! + c * T, count: T)
                    }
                }
            }
            b.storage.withUnsafeBufferPointer { bp in
                coefs.withUnsafeMutableBufferPointer { cp in
                    for (c, s) in members.enumerated() {
                        (cp.baseAddress! + s * k).update(from: bp.baseAddress! + c * k, count: k)
                    }
                }
            }
        }
        skipped.sort { $0.series < $1.series }
        let z = robustZ(values: panel.values, fitted: fitted, periodCount: T, seriesCount: N)
        return PlainSeasonalFit(start: panel.start, periodCount: T, fitted: fitted, z: z,
                                coefficients: coefs, skipped: skipped)
    }

    /// Robust z of residuals, series by series; a zero MAD falls back to a scale of
    /// 1e-9·max(1, |median fitted|) so an exactly fitted series does not flag rounding noise.
    static func robustZ(values: [Double], fitted: [Double], periodCount T: Int, seriesCount N: Int) -> [Double] {
        var z = [Double](repeating: .nan, count: T * N)
        let blocks = min(N, 64)
        z.withUnsafeMutableBufferPointer { zp in
            let zbase = zp.baseAddress!
            values.withUnsafeBufferPointer { vp in
                fitted.withUnsafeBufferPointer { fp in
                    // Each worker writes only its own series of `z`; values and fits are read only.
                    let vs = WorkerShared(vp), fs = WorkerShared(fp), zs = WorkerShared(zbase)
                    DispatchQueue.concurrentPerform(iterations: blocks) { b in
                        let vp = vs.value, fp = fs.value, zbase = zs.value
                        var r = [Double](repeating: 0, count: T)
                        var work = [Double](repeating: 0, count: T)
                        for s in stride(from: b, to: N, by: blocks) {
                            scoreSeries(values: vp.baseAddress! + s * T, fitted: fp.baseAddress! + s * T,
                                        z: zbase + s * T, count: T, residuals: &r, work: &work)
                        }
                    }
                }
            }
        }
        return z
    }

    /// Robust z of one series' residuals into `z` (left NaN for missing months or an unfitted series).
    @inline(__always)
    static func scoreSeries(values v: UnsafePointer<Double>, fitted f: UnsafePointer<Double>,
                            z: UnsafeMutablePointer<Double>, count T: Int,
                            residuals r: inout [Double], work: inout [Double]) {
        if f[0].isNaN { return }
        var n = 0
        for t in 0..<T where !v[t].isNaN { r[n] = v[t] - f[t]; n += 1 }
        if n == 0 { return }
        for i in 0..<n { work[i] = r[i] }
        let med = RobustScale.median(&work, count: n)
        for i in 0..<n { work[i] = abs(r[i] - med) }
        let mad = RobustScale.median(&work, count: n)
        var scale = RobustScale.madToSigma * mad
        if scale <= 0 { scale = 1e-9 * max(1, abs(f[T / 2])) }
        let inv = 1 / scale
        for t in 0..<T where !v[t].isNaN { z[t] = (v[t] - f[t] - med) * inv }
    }
}
