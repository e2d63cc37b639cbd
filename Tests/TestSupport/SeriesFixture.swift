import Foundation

/// The small long-format data set that the `run` tests (CLITests) and the pipeline tests
/// (WorkbenchTests) both use: two cities (430100, 430200) × two sectors (C, F) × payroll
/// headcount and new claims, monthly from 2021-01 (month 0), with trend, season and 1%
/// noise; manufacturing payroll in Changsha (430100 C) 15% down from 2024-10 (month 45),
/// back from 2025-01 (month 48) when `recovered`.
public enum SeriesFixture {
    public static let regions = ["430100", "430200"]
    public static let sectors = ["C", "F"]
    public static let signals = [("payroll_headcount", 20_000.0), ("ui_new_claims", 400.0)]

    /// Linear congruential noise in [-0.5, 0.5), the same on every platform.
    public struct Noise {
        public var state: UInt64
        public init(state: UInt64) { self.state = state }
        public mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
    }

    /// "YYYY-MM" of month `i` (0 = 2021-01).
    public static func period(_ i: Int) -> String { String(format: "%04d-%02d", 2021 + i / 12, i % 12 + 1) }

    /// The figure of a cell in month `i` as the file writes it (whole units, rounded as
    /// `%.0f` rounds).
    public static func value(region: String, sector: String, signal: String, _ i: Int, recovered: Bool) -> Double {
        let r = regions.firstIndex(of: region)!, s = sectors.firstIndex(of: sector)!
        let g = signals.firstIndex { $0.0 == signal }!
        var noise = Noise(state: UInt64(8 + 4 * r + 2 * s + g)), draw = 0.0
        for _ in 0...i { draw = noise.next() }
        let season = 1 + 0.03 * sin(2 * Double.pi * Double(i % 12) / 12)
        var v = signals[g].1 * (1 + 0.002 * Double(i)) * season * (1 + 0.01 * draw)
        if region == "430100" && sector == "C" && signal == "payroll_headcount" && i >= 45 && !(recovered && i >= 48) {
            v *= 0.85
        }
        return v.rounded(.toNearestOrEven)
    }

    /// The file of months `range`: every cell, then (with `surveyedRate`) each city's
    /// surveyed unemployment rate around 4.5%; `revise` replaces one figure with `revised(i)`
    /// where it gives one.
    public static func csv(months range: Range<Int>, recovered: Bool = false, surveyedRate: Bool = true,
                           revised: (_ region: String, _ sector: String, _ signal: String, _ i: Int) -> Double? = { _, _, _, _ in nil })
        -> String {
        var rows = ["period,region_code,sector,signal,value"]
        for (r, region) in regions.enumerated() {
            for sector in sectors {
                for (signal, _) in signals {
                    for i in range {
                        let v = revised(region, sector, signal, i) ?? value(region: region, sector: sector, signal: signal, i,
                                                                          recovered: recovered)
                        rows.append("\(period(i)),\(region),\(sector),\(signal),\(String(format: "%.0f", v))")
                    }
                }
            }
            guard surveyedRate else { continue }
            var n = Noise(state: UInt64(111 + 4 * r))
            for i in range {
                rows.append("\(period(i)),\(region),ALL,surveyed_unemployment_rate,\(String(format: "%.2f", 4.5 + 0.1 * n.next()))")
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
