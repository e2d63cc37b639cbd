import Codes
import Foundation
import PanelData

/// Deterministic xorshift64 generator with Box–Muller normals, so fixtures are reproducible.
struct Rng {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E3779B97F4A7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
}

/// One clean series: level + trend + seasonal pattern + Gaussian noise of standard deviation σ.
func cleanSeries(_ rng: inout Rng, months T: Int, sigma: Double = 1) -> [Double] {
    let level = 100 + 50 * rng.uniform(), slope = rng.normal() * 0.1
    let season = (0..<12).map { _ in rng.normal() * 3 * sigma }
    return (0..<T).map { level + slope * Double($0) + season[$0 % 12] + sigma * rng.normal() }
}

func panel(_ columns: [[Double]], start: Period = Period(year: 2016, month: 1)) -> Panel {
    let T = columns.first?.count ?? 0
    let keys = columns.indices.map { SeriesKey(region: "430100", sector: "C", signal: "s\($0)") }
    return Panel(start: start, periodCount: T, keys: keys, values: columns.flatMap { $0 })
}
