import Alerting
import Codes
import Foundation
import PanelData

/// Deterministic test panels: a seasonal series with a small trend and pseudo-random noise
/// (a linear congruential generator, so values are the same on every platform).
enum Fixture {
    static let start = Period(year: 2020, month: 1)

    struct Noise {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5  // uniform on [-0.5, 0.5)
        }
    }

    /// base·(1 + 0.002t)·(1 + 0.03 sin(2π month/12)) + noise·base·noiseShare.
    static func seasonal(months: Int, base: Double, noiseShare: Double = 0.01, seed: UInt64 = 1) -> [Double] {
        var n = Noise(state: seed)
        var out: [Double] = []
        for t in 0..<months {
            let trend: Double = 1 + 0.002 * Double(t)
            let season: Double = 1 + 0.03 * sin(2 * Double.pi * Double(t % 12) / 12)
            out.append(base * trend * season + n.next() * base * noiseShare)
        }
        return out
    }

    static func panel(_ series: [(SeriesKey, [Double])]) -> Panel {
        let T = series.first?.1.count ?? 0
        return Panel(start: start, periodCount: T, keys: series.map(\.0), values: series.flatMap(\.1))
    }

    static func key(_ region: String = "430100", _ sector: String = "C", signal: String) -> SeriesKey {
        SeriesKey(region: region, sector: sector, signal: signal)
    }

    static func enterprise(id: String, headcount: [Double], wages: [Double]? = nil, daysLate: [Double]? = nil,
                           arrears: [Double]? = nil, region: String = "430102", sector: String = "C") -> EnterpriseSeries {
        let n = headcount.count
        return EnterpriseSeries(id: id, name: "测试企业\(id.suffix(4))", region: region, sector: sector, isKey: true,
                                start: start, headcount: headcount, wages: wages ?? headcount.map { $0 * 6000 },
                                daysLate: daysLate ?? Array(repeating: 0, count: n),
                                arrears: arrears ?? Array(repeating: 0, count: n))
    }

    /// A valid Unified Social Credit Code built from `body` (17 characters).
    static func creditCode(_ n: Int) -> String {
        CreditCode.withCheckCharacter("91430100MA4L\(String(format: "%05d", n))").text
    }
}

extension Fixture {
    /// The payroll cells a set of firms sums into (county, city, province × sector and ALL), as
    /// the ingest's additive roll-up forms them from the rows received.
    static func payrollPanel(_ firms: [EnterpriseSeries], months: Int) -> Panel {
        var sums: [SeriesKey: [Double]] = [:]
        for e in firms {
            for r in RegionCode(e.region)!.lineage.map(\.description) {
                for sector in [e.sector, "ALL"] {
                    for (signal, v) in [("payroll_headcount", e.headcount.array), ("payroll_wages", e.wages.array),
                                        ("payroll_enterprises", e.headcount.map { $0.isNaN ? Double.nan : 1 })] {
                        let k = SeriesKey(region: r, sector: sector, signal: signal)
                        var s = sums[k] ?? Array(repeating: .nan, count: months)
                        for t in 0..<months where !v[t].isNaN { s[t] = s[t].isNaN ? v[t] : s[t] + v[t] }
                        sums[k] = s
                    }
                }
            }
        }
        return panel(sums.keys.sorted { $0.description < $1.description }.map { ($0, sums[$0]!) })
    }
}
