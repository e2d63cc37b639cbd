@testable import Modeling
import XCTest

/// The four-months-at-a-time passes of the robust fit (`SeriesPasses`) against their scalar
/// forms, which are the reference: same fit change, residual sum of squares, residuals,
/// Newton weights, pseudo-data and pattern words, to 1e-12 relative (summation order
/// differs) or exactly where no sum is involved. Months counts that are and are not
/// multiples of four, and patterns spanning more than one 64-bit word.
final class SeriesPassesTests: XCTestCase {
    func testVectorPassesMatchScalarForms() {
        var rng = Rng(seed: 5)
        for T in [7, 37, 120, 131] {
            let y = (0..<T).map { _ in 10 + 2 * rng.normal() }
            // Every fourth month far out, so that both sides of the bound occur.
            let new = (0..<T).map { y[$0] + ($0 % 4 == 0 ? 6 * rng.normal() : 0.5 * rng.normal()) }
            let old = (0..<T).map { new[$0] + 0.1 * rng.normal() }
            var f1 = old, f2 = old
            var s1 = [Double](repeating: 0, count: T), s2 = s1, a1 = s1, a2 = s1
            let r1 = SeriesPasses.refit(y: y, new: new, fitted: &f1, signed: &s1, absolute: &a1, months: T)
            let r2 = SeriesPasses.refitScalar(y: y, new: new, fitted: &f2, signed: &s2, absolute: &a2, months: T)
            XCTAssertEqual(r1.change, r2.change, "T = \(T)")
            XCTAssertEqual(r1.rss, r2.rss, accuracy: 1e-12 * r2.rss, "T = \(T)")
            XCTAssertEqual(r2.observed, T)
            XCTAssertEqual(f1, f2); XCTAssertEqual(s1, s2); XCTAssertEqual(a1, a2)

            let words = SeriesPasses.words(months: T)
            var w1 = [Double](repeating: 0, count: T), w2 = w1, p1 = w1, p2 = w1
            var o1 = [UInt64](repeating: 9, count: words), o2 = o1, u1 = o1, u2 = o1
            SeriesPasses.newton(y: y, fitted: f1, signed: s1, bound: 2, floor: 0.01, weights: &w1, pseudo: &p1,
                                outside: &o1, above: &u1, months: T)
            SeriesPasses.newtonScalar(y: y, fitted: f2, signed: s2, bound: 2, floor: 0.01, weights: &w2, pseudo: &p2,
                                      outside: &o2, above: &u2, months: T)
            XCTAssertEqual(w1, w2); XCTAssertEqual(p1, p2); XCTAssertEqual(o1, o2); XCTAssertEqual(u1, u2)
            let outside = (0..<T).filter { abs(s1[$0]) > 2 }
            XCTAssertEqual(o1.map(\.nonzeroBitCount).reduce(0, +), outside.count)
            XCTAssertEqual(u1.map(\.nonzeroBitCount).reduce(0, +), outside.filter { s1[$0] > 0 }.count)
            XCTAssertFalse(outside.isEmpty)

            let nu = Double(T - 3)
            XCTAssertEqual(SeriesPasses.winsorizedScale(residuals: s1, months: T, start: 2, degreesOfFreedom: nu),
                           winsorizedScale(residuals: s1, count: T, start: 2, degreesOfFreedom: nu), accuracy: 1e-12)
            var z = [Double](repeating: 0, count: T), hw = z
            SeriesPasses.huberScores(residuals: s1, sigma: 1.5, irlsScale: 1.4, tuning: 1.345, z: &z, weights: &hw, months: T)
            XCTAssertEqual(z, s1.map { $0 / 1.5 })
            XCTAssertEqual(hw, s1.map { RobustLoss.huber.weight($0 / 1.4) })
        }
    }

    func testScalarNewtonLeavesMissingMonthsAlone() {
        let y = [1.0, .nan, 3, 10, .nan, -8]
        let fitted = [Double](repeating: 1, count: 6)
        let signed = zip(y, fitted).map { $0 - $1 }
        var w = [Double](repeating: 0, count: 6), p = w
        var o: [UInt64] = [0], u: [UInt64] = [0]
        SeriesPasses.newtonScalar(y: y, fitted: fitted, signed: signed, bound: 3, floor: 0.01, weights: &w, pseudo: &p,
                                  outside: &o, above: &u, months: 6)
        XCTAssertEqual(w, [1, 0, 1, 0.01, 0, 0.01])
        XCTAssertEqual(p, [1, 0, 3, 0.01 + 3, 0, 0.01 - 3])
        XCTAssertEqual(o, [0b101000]); XCTAssertEqual(u, [0b001000])
    }
}
