import Codes
import Modeling
import PanelData
import TestSupport
import XCTest

/// Detection accuracy on generated series with known injected events (issue 5): 250 series
/// of 120 months per kind plus 300 clean ones, N(0, 1) noise around trend + season. An event
/// counts as found when the right kind is reported with its month within ±1.
///
/// Magnitudes, in noise σ:
/// - level shift 3σ (measured 97% over 400 draws: at 3σ the least-squares change month
///   itself is off by 2 or more about 3% of the time, so this is near what any method can do);
/// - spike 6σ: a spike of only 3σ cannot be told from noise with fewer than 1 false flag per
///   100 series-years — that needs a threshold ≥ 3.35σ — so spikes are tested at the
///   threshold 3.5 plus 2.5σ of margin;
/// - slope change 1σ/month (3σ within 3 months; at 0.25σ/month, 3σ after a year, the month
///   is right within ±1 for 64% and within ±2 for 86%, the kink's location being weakly
///   identified);
/// - drift 1.5σ/month over the last 6–12 months (at 1σ/month 90% within ±1, at 0.5σ/month 40%).
///
/// Measured at smaller magnitudes (400 series each, seed 11, same rule, 2026-11-29), with
/// the most any detector could find at this false-flag rate where it is known:
/// - spike 3σ: 22.5% (bound: |3 + ε| > 3.35 for ε ~ N(0, 1), 36%; at the threshold 3.5, 31%),
///   4σ: 57%, 5σ: 86.5% (bound at 3.5: 69%, 93%) — the gap is the error of the fitted value
///   and of σ̂ at the spike's month;
/// - slope change 0.25σ/month: 62% (±2: 85%), 0.5σ/month: 91% (±2: 99.5%), 1σ/month: 100%;
/// - drift 0.5σ/month (3σ after six months): 38% (found at all: 54%), 0.75σ/month: 69%,
///   1σ/month: 86%, 1.5σ/month: 96.5%. The month a slow slide began is weakly identified: the
///   step and ramp regressors after τ are nearly collinear over 6–12 months, so even the
///   exact likelihood leaves about ±1.3 months of uncertainty at 0.5σ/month.
final class DetectionAccuracyTests: XCTestCase {
    struct Injected { let kind: AnomalyKind; let month: Int }

    static func fixture(seed: UInt64, perKind: Int, clean: Int, months T: Int = 120) -> ([[Double]], [Injected?]) {
        var rng = Rng(seed: seed)
        var cols: [[Double]] = [], truth: [Injected?] = []
        for kind in AnomalyKind.allCases {
            for _ in 0..<perKind {
                var y = cleanSeries(&rng, months: T)
                let sign: Double = rng.uniform() < 0.5 ? -1 : 1
                let month: Int
                switch kind {
                case .spike:
                    month = rng.int(6...(T - 1)); y[month] += sign * 6
                case .levelShift:
                    month = rng.int(12...(T - 12)); for t in month..<T { y[t] += sign * 3 }
                case .slopeChange:
                    month = rng.int(24...(T - 24)); for t in month..<T { y[t] += sign * 1.0 * Double(t - month + 1) }
                case .drift:
                    month = rng.int((T - 12)...(T - 6)); for t in month..<T { y[t] += sign * 1.5 * Double(t - month + 1) }
                }
                cols.append(y); truth.append(Injected(kind: kind, month: month))
            }
        }
        for _ in 0..<clean { cols.append(cleanSeries(&rng, months: T)); truth.append(nil) }
        return (cols, truth)
    }

    func testInjectedEventsAreFoundAndCleanSeriesStayQuiet() throws {
        let (cols, truth) = Self.fixture(seed: 99, perKind: 250, clean: 300)
        let T = 120, threshold = 3.5
        let fit = try SeasonalTrendSpec.standard.fit(panel(cols))
        let scores = try fit.changeScores()
        var hits: [AnomalyKind: Int] = [:], total: [AnomalyKind: Int] = [:]
        var falseFlags = 0, cleanYears = 0.0
        for (s, inj) in truth.enumerated() {
            // The same rule `detect` applies: |z| above threshold, also after a change is fitted out.
            let spikes = (0..<T).filter { abs(fit.z[$0 + s * T]) > threshold && abs(scores.adjustedZ(month: $0, series: s)) > threshold }
            let change = scores.changes[s]
            guard let inj else {
                falseFlags += spikes.count + (change == nil ? 0 : 1)
                cleanYears += Double(T) / 12
                continue
            }
            total[inj.kind, default: 0] += 1
            let found: Bool
            if inj.kind == .spike {
                found = spikes.contains { abs($0 - inj.month) <= 1 }
            } else {
                found = change.map { $0.kind == inj.kind && abs($0.start - inj.month) <= 1 } ?? false
            }
            if found { hits[inj.kind, default: 0] += 1 }
        }
        for k in AnomalyKind.allCases {
            let rate = Double(hits[k, default: 0]) / Double(total[k]!)
            XCTAssertGreaterThanOrEqual(rate, 0.95, "\(k.rawValue): found \(hits[k, default: 0]) of \(total[k]!)")
        }
        let perHundred = Double(falseFlags) / cleanYears * 100
        XCTAssertLessThan(perHundred, 1, "\(falseFlags) false flags in \(cleanYears) clean series-years")
    }
}
