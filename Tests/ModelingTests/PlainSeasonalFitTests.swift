import Codes
import LinearAlgebra
import Modeling
import PanelData
import TestSupport
import XCTest

final class PlainSeasonalFitTests: XCTestCase {
    /// A series that is exactly trend + season is fitted exactly, whatever months are missing.
    func testExactSeriesIsRecoveredWithAndWithoutMissingMonths() throws {
        let T = 48
        let season = [0.0, 3, -2, 5, 1, 0, -4, 2, 2, -1, 0, 6]
        var v = (0..<T).map { 100 + 0.5 * Double($0) + season[$0 % 12] }
        var w = v
        w[5] = .nan; w[30] = .nan
        v += w
        let keys = [SeriesKey(region: "430100", sector: "C", signal: "a"),
                    SeriesKey(region: "430100", sector: "C", signal: "b")]
        let panel = Panel(start: Period("2020-01")!, periodCount: T, keys: keys, values: v)
        let fit = try PlainSeasonalFit.fit(panel)
        let truth = (0..<T).map { 100 + 0.5 * Double($0) + season[$0 % 12] }
        assertClose(Array(fit.fitted[0..<T]), truth, relativeTolerance: 1e-12)
        // Missing months still get an expected value from the fit.
        assertClose(Array(fit.fitted[T..<(2 * T)]), truth, relativeTolerance: 1e-12)
        XCTAssertTrue(fit.z[T + 5].isNaN)
    }

    func testShortSeriesAreSkippedWithAReason() throws {
        let panel = Panel(start: Period("2020-01")!, periodCount: 30,
                          keys: [SeriesKey(region: "430100", sector: "C", signal: "a")],
                          values: (0..<30).map { $0 < 10 ? .nan : Double($0) })
        let fit = try PlainSeasonalFit.fit(panel)
        XCTAssertEqual(fit.skipped.map(\.observed), [20])
        XCTAssertEqual(fit.skipped.first?.reason, "only 20 observed months; at least 24 are needed to fit trend and season")
    }

    /// Median/MAD against numpy: np.median([3,1,4,1,5,9,2,6]) = 3.5, MAD = median(|x-3.5|) = 2.0.
    func testMedianAndMAD() {
        let r = RobustScale.medianAndMAD([3, 1, 4, 1, 5, 9, 2, 6, .nan])!
        XCTAssertEqual(r.median, 3.5)
        XCTAssertEqual(r.mad, 2.0)
        var odd = [5.0, 1, 3]
        XCTAssertEqual(RobustScale.median(&odd), 3)
    }

    /// The bracketed median equals the sorted-array median (the textbook definition) whether
    /// the bracket holds the middle ranks, misses them, is empty or holds everything; with
    /// ties, odd and even counts.
    func testBracketedMedianIsExactWhateverTheBracket() {
        var rng = SystemRandomNumberGenerator()
        for trial in 0..<2000 {
            let n = 1 + trial % 130
            let values = (0..<n).map { _ in trial % 7 == 0 ? Double(Int.random(in: 0...5, using: &rng)) : abs(Double.random(in: -3...3, using: &rng)) }
            let sorted = values.sorted()
            let expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
            let guess = [expected, expected * 0.5, expected * 3, 0.0, 100.0][trial % 5]
            for (low, high) in [(guess * 0.85, guess * 1.18), (guess * 0.5, guess * 1.25), (guess, guess), (-1.0, 1e9), (5.0, 4.0)] {
                var work = values
                var scratch = [Double](repeating: .nan, count: n)
                let got = work.withUnsafeMutableBufferPointer { w in scratch.withUnsafeMutableBufferPointer { s in
                    RobustScale.median(w.baseAddress!, count: n, within: low, high, scratch: s.baseAddress!)
                } }
                XCTAssertEqual(got, expected, "n \(n), bracket \(low)…\(high), values \(values)")
            }
        }
    }
}
