import Codes
import Foundation
import SyntheticProvince
import TabularIO
import XCTest

/// A CSV file read whole, with columns by name (test data is small).
struct Table {
    let header: [String]
    let rows: [[String]]

    init(path: String) throws {
        let reader = try CSVReader(path: path)
        header = try reader.next()?.fields ?? []
        var rows = [[String]]()
        while let r = try reader.next() { rows.append(r.fields) }
        self.rows = rows
    }

    func column(_ name: String) -> Int {
        guard let i = header.firstIndex(of: name) else { fatalError("no column \(name) in \(header)") }
        return i
    }
}

/// A generated dataset (plain CSV), produced once per seed and shared by the tests.
final class GeneratedDataset {
    let directory: URL
    let spec: GeneratorSpec
    let summary: Generator.Summary
    private var cache = [String: Table]()

    nonisolated(unsafe) private static var made = [String: GeneratedDataset]()  // read and written under `lock` only
    private static let lock = NSLock()

    /// The demo scale over 2021-01...2025-12 with 2,500 enterprises, uncompressed.
    static func demo(seed: UInt64, profile: GenerationProfile = .standard) throws -> GeneratedDataset {
        lock.lock(); defer { lock.unlock() }
        let tag = "\(seed)-\(profile.rawValue)"
        if let d = made[tag] { return d }
        // Shared by every test class of the run; removed when the test process exits.
        if made.isEmpty { atexit { GeneratedDataset.removeAll() } }
        let spec = try GeneratorSpec(seed: seed, scale: .demo, compression: .none, profile: profile)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jobsentry-generated-\(tag)-\(getpid())")
        try? FileManager.default.removeItem(at: dir)
        let d = GeneratedDataset(directory: dir, spec: spec, summary: try Generator.run(spec, into: dir.path))
        made[tag] = d
        return d
    }

    static func removeAll() {
        lock.lock(); defer { lock.unlock() }
        for d in made.values { try? FileManager.default.removeItem(at: d.directory) }
        made.removeAll()
    }

    private init(directory: URL, spec: GeneratorSpec, summary: Generator.Summary) {
        self.directory = directory; self.spec = spec; self.summary = summary
    }

    func table(_ name: String) throws -> Table {
        if let t = cache[name] { return t }
        let t = try Table(path: directory.appendingPathComponent(name).path)
        cache[name] = t
        return t
    }

    var truth: [[String: String]] {
        get throws {
            let t = try table("truth.csv")
            return t.rows.map { Dictionary(uniqueKeysWithValues: zip(t.header, $0)) }
        }
    }

    /// Sum of a numeric column by (period, key), over rows passing `filter`.
    func sums(_ file: String, _ column: String, key: (Table, [String]) -> String?) throws -> [String: Double] {
        let t = try table(file)
        let p = t.column("period"), c = t.column(column)
        var out = [String: Double]()
        for r in t.rows {
            guard let k = key(t, r), let v = Double(r[c]) else { continue }
            out[r[p] + "|" + k, default: 0] += v
        }
        return out
    }

    func period(_ t: Int) -> String { (spec.from + t).description }
    func index(_ p: String) -> Int { Period(p)! - spec.from }
}

/// Mean of `series[period|key]` over month indices `range` (missing months skipped).
func mean(_ series: [String: Double], key: String, months range: ClosedRange<Int>, _ d: GeneratedDataset) -> Double {
    let v = range.compactMap { series[d.period($0) + "|" + key] }
    return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
}
