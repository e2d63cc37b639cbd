@testable import Alerting
import Codes
import Foundation
import PanelData
import TestSupport
import XCTest

/// The mass-layoff judgement kept between evaluations (`AlertEngine.cachedLayoffJudgement`):
/// read back, it gives the findings an evaluation without the cache gives, and any change to
/// what it was computed from (a revised or added month, another as-of month, another
/// parameter) misses it.
final class LayoffCacheTests: XCTestCase {
    /// A cache in memory that counts what it is asked.
    final class Counting: RuleResultCache, @unchecked Sendable {  // every access holds `lock`
        let lock = NSLock()
        var values: [String: Data] = [:]
        var hits = 0, misses = 0, writes = 0
        func load(_ key: String) -> Data? {
            lock.withLock {
                if let v = values[key] { hits += 1; return v }
                misses += 1
                return nil
            }
        }
        func keep(_ value: Data, key: String) { lock.withLock { values[key] = value; writes += 1 } }
    }

    let months = 60
    var asOf: Period { Fixture.start + (months - 1) }

    /// 40 firms of a county that cut 12% together in the last two months and one that cut 40%
    /// (the fixture of `SkillRulesTests.testACommonShockIsNotALayoffAtEveryFirm`), plus 200
    /// firms of two other counties with ordinary turnover, whose earlier months make the null.
    func firms() -> [EnterpriseSeries] {
        var rng = Fixture.Noise(state: 7)
        var es: [EnterpriseSeries] = []
        for i in 0..<240 {
            var h = (0..<months).map { _ in (400 * (1 + 0.02 * rng.next())).rounded() }
            if i < 40 {
                let cut = i == 0 ? 0.40 : 0.12
                for t in (months - 2)..<months { h[t] = (400 * (1 - cut)).rounded() }
            }
            es.append(Fixture.enterprise(id: Fixture.creditCode(i), headcount: h, region: i < 40 ? "430102" : i % 2 == 0 ? "430103" : "430104"))
        }
        return es
    }

    /// The findings as text (a finding holds NaN months, which `==` never equates).
    func text(_ f: [Finding]) -> [String] { f.map { "\($0)" } }

    func testACachedJudgementGivesTheSameFindingsAndAnyChangedInputMissesIt() throws {
        let es = firms(), panel = Fixture.panel([])
        let uncached = try AlertEngine(config: .defaults).evaluate(panel: panel, enterprises: es, asOf: asOf)
        XCTAssertTrue(uncached.filter { $0.evidence.rule == "mass_layoff" && $0.raises }.compactMap(\.subject.enterpriseID)
                          .contains(Fixture.creditCode(0)), "the fixture raises the 40% cut")

        let cache = Counting()
        let engine = AlertEngine(config: .defaults, resultCache: cache)
        XCTAssertEqual(text(try engine.evaluate(panel: panel, enterprises: es, asOf: asOf)), text(uncached), "computed and kept")
        // Each computation looks up the judgement, then the kept null (`LayoffNullState`), and
        // writes both: two misses and two writes the first time.
        XCTAssertEqual([cache.hits, cache.misses, cache.writes], [0, 2, 2])
        XCTAssertEqual(text(try engine.evaluate(panel: panel, enterprises: es, asOf: asOf)), text(uncached), "read back")
        XCTAssertEqual([cache.hits, cache.misses, cache.writes], [1, 2, 2])

        // A new file revises one firm's month: another key, and the findings of the new input.
        var revised = es
        revised[5].headcount[months - 10] += 1
        XCTAssertEqual(text(try engine.evaluate(panel: panel, enterprises: revised, asOf: asOf)),
                       text(try AlertEngine(config: .defaults).evaluate(panel: panel, enterprises: revised, asOf: asOf)))
        XCTAssertEqual([cache.hits, cache.misses, cache.writes], [2, 3, 4], "the judgement missed, the null read")

        // A new month of files: every firm one month longer, judged as of that month.
        let longer = es.map { e in
            Fixture.enterprise(id: e.id, headcount: e.headcount + [e.headcount[months - 1]], region: e.region)
        }
        XCTAssertEqual(text(try engine.evaluate(panel: panel, enterprises: longer, asOf: asOf + 1)),
                       text(try AlertEngine(config: .defaults).evaluate(panel: panel, enterprises: longer, asOf: asOf + 1)))
        XCTAssertEqual([cache.hits, cache.misses, cache.writes], [3, 4, 6])
        // The longer series judged as of the earlier month (a `--known-at` or backtest read of
        // other figures for the same month) misses too.
        _ = try engine.evaluate(panel: panel, enterprises: longer, asOf: asOf)
        XCTAssertEqual([cache.hits, cache.misses, cache.writes], [4, 5, 8])

        // Another parameter or clear threshold: another key.
        var config = AlertConfig.defaults
        let j = try XCTUnwrap(config.rules.firstIndex { $0.id == "mass_layoff" })
        guard case .massLayoff(var p) = config.rules[j].parameters else { return XCTFail("mass_layoff's parameters") }
        p.minimumPeers = 9
        config.rules[j].parameters = .massLayoff(p)
        _ = try AlertEngine(config: config, resultCache: cache).evaluate(panel: panel, enterprises: es, asOf: asOf)
        XCTAssertEqual([cache.hits, cache.misses, cache.writes], [4, 7, 10], "another judgement and another null")
    }

    /// Bytes that are not a judgement of the firms (cut short, or naming a firm they do not
    /// have) are not read: the judgement is computed again and kept in their place.
    func testAnUnreadableCachedValueIsComputedAgain() throws {
        let es = firms(), panel = Fixture.panel([])
        let uncached = text(try AlertEngine(config: .defaults).evaluate(panel: panel, enterprises: es, asOf: asOf))
        let cache = Counting()
        let engine = AlertEngine(config: .defaults, resultCache: cache)
        _ = try engine.evaluate(panel: panel, enterprises: es, asOf: asOf)
        let key = try XCTUnwrap(cache.values.first { LayoffJudgementCoding.decode($0.value, enterprises: es) != nil }?.key)
        let good = try XCTUnwrap(cache.values[key])
        XCTAssertNotNil(LayoffJudgementCoding.decode(good, enterprises: es))
        XCTAssertNil(LayoffJudgementCoding.decode(good, enterprises: []), "a firm beyond the series")
        let short = Fixture.enterprise(id: es[0].id, headcount: Array(es[0].headcount.prefix(10)))
        XCTAssertNil(LayoffJudgementCoding.decode(good, enterprises: [short]), "a month beyond the firm's")
        for bad in [good.dropLast(), Data("JSLJ1".utf8)] {
            cache.values[key] = bad
            XCTAssertEqual(text(try engine.evaluate(panel: panel, enterprises: es, asOf: asOf)), uncached)
            XCTAssertEqual(cache.values[key], good, "kept again")
        }
    }

    /// The store's table keeps what it is given by key, the newest `capacity` entries.
    func testTheStoreKeepsTheNewestResults() throws {
        let path = try temporaryDirectory(self).appendingPathComponent("jobsentry.sqlite").path
        let cache = try StoreResultCache(path: path)
        XCTAssertNil(cache.load("a"))
        cache.keep(Data([1, 2, 3]), key: "a")
        XCTAssertEqual(cache.load("a"), Data([1, 2, 3]))
        cache.keep(Data([4]), key: "a")
        XCTAssertEqual(try StoreResultCache(path: path).load("a"), Data([4]), "replaced, and read by another connection")
        for k in 0..<StoreResultCache.capacity { cache.keep(Data([UInt8(k)]), key: "k\(k)") }
        XCTAssertNil(cache.load("a"), "the oldest beyond the capacity is gone")
        XCTAssertEqual(cache.load("k0"), Data([0]))
        XCTAssertEqual(cache.load("k\(StoreResultCache.capacity - 1)"), Data([UInt8(StoreResultCache.capacity - 1)]))
    }
}
