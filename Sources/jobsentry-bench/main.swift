// Benchmarks of the numeric core. Run: swift run -c release jobsentry-bench [gemm|fit|all|ingest]
// The direct cblas_dgemm call below is the one deliberate exception to "only
// LinearAlgebra imports COpenBLAS": it is the baseline the wrapper is measured against.
import COpenBLAS
import Codes
import Foundation
import LinearAlgebra
import Modeling
import PanelData

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Best of `repeats` wall-clock timings, after one warm-up call.
func best(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()
    var b = Double.infinity
    for _ in 0..<repeats {
        let t0 = now()
        try body()
        b = min(b, now() - t0)
    }
    return b
}

/// A deterministic xorshift generator so runs are comparable.
struct XorShift {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
    mutating func uniform() -> Double { Double(next() >> 11) * (1.0 / 9007199254740992.0) }
    mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

func benchGEMM(n: Int) throws {
    var rng = XorShift(state: 42)
    let a = Matrix(rows: n, cols: n, columnMajor: (0..<(n * n)).map { _ in rng.uniform() })
    let b = Matrix(rows: n, cols: n, columnMajor: (0..<(n * n)).map { _ in rng.uniform() })
    var c = Matrix(rows: n, cols: n)
    let flops = 2.0 * Double(n) * Double(n) * Double(n)
    let tw = try best(5) { try Matrix.gemm(a, .none, b, .none, into: &c) }
    var cd = [Double](repeating: 0, count: n * n)
    let td = best(5) {
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                cd.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                                pa.baseAddress, Int32(n), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                }
            }
        }
    }
    print(String(format: "gemm n=%d  wrapper %.4f s (%.1f GFLOP/s)  direct cblas_dgemm %.4f s (%.1f GFLOP/s)  wrapper/direct %.3f",
                 n, tw, flops / tw / 1e9, td, flops / td / 1e9, tw / td))
}

/// A panel like `detect` sees: level + trend + season + noise, with a few spikes.
func syntheticPanel(series: Int, months: Int, seed: UInt64) -> Panel {
    var rng = XorShift(state: seed)
    var v = [Double](repeating: 0, count: series * months)
    for s in 0..<series {
        let level = 100 + 900 * rng.uniform(), slope = rng.normal() * 0.5
        let season = (0..<12).map { _ in rng.normal() * 5 }
        for t in 0..<months {
            v[t + s * months] = level + slope * Double(t) + season[t % 12] + rng.normal() * 2
        }
        if s % 10 == 0 { v[Int(rng.next() % UInt64(months)) + s * months] += 40 }
    }
    let keys = (0..<series).map { SeriesKey(region: String(430000 + $0 / 20), sector: "C", signal: "s\($0 % 20)") }
    return Panel(start: Period(year: 2015, month: 1), periodCount: months, keys: keys, values: v)
}

/// Writes raw little-endian float64 values, for the numpy side of the benchmark.
func dump(_ values: [Double], to path: String) throws {
    try values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
}

func benchFit(series: Int, months: Int, dumpDirectory: String?) throws {
    let panel = syntheticPanel(series: series, months: months, seed: 7)
    var flagged = 0
    var last: PlainSeasonalFit?
    let t = try best(3) {
        let fit = try PlainSeasonalFit.fit(panel)
        flagged = fit.z.reduce(0) { abs($1) > 3.5 ? $0 + 1 : $0 }
        last = fit
    }
    print(String(format: "plain fit + robust z  %d series x %d months  %.3f s  flagged %d  peak RSS %.0f MiB",
                 series, months, t, flagged, peakRSSMiB()))
    // The least-squares part alone (factor once, coefficients and fitted values by GEMM),
    // the work numpy's lstsq does.
    let design = PlainSeasonalDesign.matrix(start: panel.start, count: months)
    let y = Matrix(rows: months, cols: series, columnMajor: panel.values)
    let tls = try best(3) {
        let ls = try LeastSquares(design: design)
        _ = try ls.fitted(try ls.coefficients(y))
    }
    print(String(format: "batched least squares (QR operator + 2 GEMM)  %.3f s", tls))
    if let dir = dumpDirectory, let fit = last {
        try dump(panel.values, to: dir + "/y.f64")
        try dump(PlainSeasonalDesign.matrix(start: panel.start, count: months).storage, to: dir + "/x.f64")
        try dump(fit.fitted, to: dir + "/fitted.f64")
        try dump(fit.z, to: dir + "/z.f64")
    }
}

let args = Array(CommandLine.arguments.dropFirst())
// The product's allocator policy (see `MatrixMemory`); JOBSENTRY_KEEP_FREED_BLOCKS=0 turns it off.
print("keep freed blocks in the heap: \(MatrixMemory.keepFreedBlocks() ? "on" : "off")")
let what = args.first ?? "all"
/// `--dump DIR` after `fit` writes the panel, design, fitted values and z for scripts/bench/detect_fit_vs_numpy.py.
let dumpDirectory = args.firstIndex(of: "--dump").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
print("blas: \(BLASRuntime.configuration); kernel \(BLASRuntime.coreName); threads \(BLASRuntime.threadCount)")
if what == "gemm" || what == "all" { try benchGEMM(n: 2048) }
if what == "ingest" {
    // Not in "all": it writes ~0.5 GB of input files (reused on later runs).
    let dir = args.firstIndex(of: "--dir").flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } ?? "/tmp/jobsentry-bench"
    try benchIngest(directory: dir, sizes: [1_000_000, 10_000_000], repeats: 3)
}
if what == "fit" || what == "all" { try benchFit(series: 100_000, months: 120, dumpDirectory: dumpDirectory) }
/// `--series N` after `models` sets the panel size: fewer for profiling, 1,000,000 for the national picture; the default is the issue-5 100,000.
let seriesCount = args.firstIndex(of: "--series").flatMap { $0 + 1 < args.count ? Int(args[$0 + 1]) : nil } ?? 100_000
if what == "models" { try benchModels(series: seriesCount, months: 120, dumpDirectory: dumpDirectory) }
// Not part of "all": it writes about 1.5 GB and takes a minute or two.
if what == "generate" { try benchGenerate() }
