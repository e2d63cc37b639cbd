@testable import Alerting
import Codes
import Foundation
import PanelData
import XCTest

/// The mass-layoff null kept from one run to the next (`LayoffNullState`): a workspace run
/// month by month judges exactly as a run on everything up to each month, and a revised
/// earlier month is judged from nothing.
final class LayoffNullTests: XCTestCase {
    let months = 60

    /// The firms' full histories: 240 firms of three counties with ordinary turnover and a
    /// persisting cut of 8–30% at a month of their own (so the null has cuts of every size),
    /// a county-wide 12% cut in months 50–51 with one firm cutting 80% (month 45), 10 firms
    /// born in month 20 and 10 in month 40, one firm that stops filing after month 40, and gaps.
    func histories() -> [(id: String, region: String, start: Int, heads: [Double])] {
        var rng = Fixture.Noise(state: 11)
        var out: [(id: String, region: String, start: Int, heads: [Double])] = []
        for i in 0..<260 {
            let start = i >= 250 ? 40 : i >= 240 ? 20 : 0
            let size = [30.0, 120, 400, 1500][i % 4]
            var h = (start..<months).map { _ in (size * (1 + 0.03 * rng.next())).rounded() }
            if i % 3 == 0 {
                let at = 14 + (i * 7) % (h.count - 16), depth = 0.08 + 0.22 * Double(i % 5) / 4
                for t in at..<h.count { h[t] = (h[t] * (1 - depth)).rounded() }
            }
            if i < 40 {
                for t in (50 - start)..<(52 - start) { h[t] = (h[t] * 0.88).rounded() }
                if i == 1 { for t in 45..<h.count { h[t] = (size * 0.2).rounded() } }
            }
            if i % 17 == 0 { h[h.count / 2] = .nan }
            if i == 5 { h = Array(h.prefix(41)) }
            out.append((Fixture.creditCode(i), ["430102", "430103", "430104"][i < 40 ? 0 : 1 + i % 2], start, h))
        }
        return out
    }

    /// The series as known at month m: each firm's months through m. `aligned`: as the store
    /// gives them, every firm with a month by m from the first month (NaN before its birth)
    /// through m.
    func known(_ firms: [(id: String, region: String, start: Int, heads: [Double])], at m: Int,
               aligned: Bool = false) -> [EnterpriseSeries] {
        firms.compactMap { f in
            let n = min(f.heads.count, m - f.start + 1)
            guard n > 0 else { return nil }
            var h = Array(f.heads.prefix(max(0, n)))
            var start = f.start
            if aligned {
                h = Array(repeating: .nan, count: f.start) + h
                h += Array(repeating: .nan, count: max(0, m + 1 - h.count))
                h = Array(h.prefix(m + 1))
                start = 0
            }
            let count = h.count
            return EnterpriseSeries(id: f.id, name: "测试企业", region: f.region, sector: "C", isKey: false,
                                    start: Fixture.start + start, headcount: h, wages: h.map { $0 * 6000 },
                                    daysLate: Array(repeating: 0, count: count), arrears: Array(repeating: 0, count: count))
        }
    }

    func layoffRule() throws -> (Rule, MassLayoffParameters) {
        let rule = try XCTUnwrap(AlertConfig.defaults.rules.first { $0.id == "mass_layoff" })
        let params: MassLayoffParameters? = { if case .massLayoff(let p) = rule.parameters { return p } else { return nil } }()
        return (rule, try XCTUnwrap(params, "mass_layoff's parameters"))
    }

    /// Everything a judgement is, as text (bit patterns, so NaN and −0 compare too).
    func text(_ j: LayoffJudgement) -> [String] {
        j.candidates.indices.map { k in
            let c = j.candidates[k]
            let bits = [c.cut, c.usual, c.common, c.before, c.score, j.p[k]].map { String($0.bitPattern, radix: 16) }
            return "\(c.firm) \(c.t) \(c.tested) \(j.passes[k]) \(bits.joined(separator: " "))"
        }
    }

    func text(_ s: LayoffNullState) -> [String] {
        ["\(s.through) \(s.bands) \(s.ends) \(s.zeros) \(s.starts) \(s.cutBands)", s.cuts.map { String($0.bitPattern, radix: 16) }.joined(separator: " ")]
    }

    func testMonthByMonthJudgesAsEverythingAtOnce() throws {
        try monthByMonth(aligned: false)
    }

    /// The same with the series as the store gives them: every firm from the panel's first
    /// month, NaN before its birth (a birth in month 40 must not make the kept null unusable).
    func testMonthByMonthWithSeriesAlignedToThePanel() throws {
        try monthByMonth(aligned: true)
    }

    func monthByMonth(aligned: Bool) throws {
        let (rule, p) = try layoffRule()
        let engine = AlertEngine(config: .defaults)
        let firms = histories()
        var prior: LayoffNullState? = nil
        var candidates = 0, tested = 0, nullCuts = 0
        for m in 24..<months {
            let es = known(firms, at: m, aligned: aligned), asOf = Fixture.start + m
            let stepped = engine.judgeLayoffs(rule, p, es, asOf: asOf, reusing: prior)
            let whole = engine.judgeLayoffs(rule, p, es, asOf: asOf, reusing: nil)
            XCTAssertEqual(text(stepped.judgement), text(whole.judgement), "month \(m)")
            XCTAssertEqual(text(stepped.null), text(whole.null), "the null kept, month \(m)")
            XCTAssertEqual(whole.reused, 0)
            // From month 38 every judged firm but the 10 born in month 40 has a kept null to
            // read (those born in month 20 reach `minimum_history` + window + confirmation by
            // then; those born in month 40 not before month 57).
            if m >= 38 {
                let judged = es.filter { $0.lastObservedIndex(onOrBefore: asOf) != nil }.count
                XCTAssertGreaterThanOrEqual(stepped.reused, judged - 10, "month \(m)")
                XCTAssertLessThanOrEqual(stepped.reused, judged, "month \(m)")
            } else if prior != nil {
                XCTAssertGreaterThanOrEqual(stepped.reused, 230, "month \(m)")
            }
            // The wrapper without a kept null is the same judgement.
            XCTAssertEqual(text(engine.judgeLayoffs(rule, p, es, asOf: asOf)), text(whole.judgement))
            // Through the coding, as the store keeps it.
            let digest = [UInt8](repeating: UInt8(m), count: 32)
            let read = try XCTUnwrap(LayoffNullCoding.decode(LayoffNullCoding.encode(stepped.null, digest: digest), bands: p.sizeBands.count + 1))
            XCTAssertEqual(read.digest, digest)
            XCTAssertEqual(text(read.state), text(stepped.null))
            prior = read.state
            candidates += whole.judgement.candidates.count
            tested += whole.judgement.candidates.filter(\.tested).count
            nullCuts = whole.null.cuts.count
        }
        XCTAssertGreaterThan(candidates, 0, "the fixture has candidates")
        XCTAssertGreaterThan(tested, 0, "some of them tested, with a p-value against the null")
        XCTAssertGreaterThan(nullCuts, 100, "and a null with cuts")
        XCTAssertNil(LayoffNullCoding.decode(LayoffNullCoding.encode(prior!, digest: Array(repeating: 0, count: 32)).dropLast(),
                                             bands: p.sizeBands.count + 1), "cut short")
        XCTAssertNil(LayoffNullCoding.decode(LayoffNullCoding.encode(prior!, digest: Array(repeating: 0, count: 32)), bands: 2),
                     "other bands")
    }

    /// A kept null from a later month (a step back in time) is not used for firms whose null it
    /// passes: they are judged from nothing, with the same result.
    func testAKeptNullReachingFurtherIsNotUsed() throws {
        let (rule, p) = try layoffRule()
        let engine = AlertEngine(config: .defaults)
        let firms = histories()
        let later = engine.judgeLayoffs(rule, p, known(firms, at: 55), asOf: Fixture.start + 55, reusing: nil).null
        let es = known(firms, at: 50), asOf = Fixture.start + 50
        let back = engine.judgeLayoffs(rule, p, es, asOf: asOf, reusing: later)
        // Only firm 5 reads its kept null: its last filing (month 40) is its newest month at
        // both, so its null reaches as far in both.
        XCTAssertEqual(back.reused, 1, "firm 5 alone")
        XCTAssertEqual(text(back.judgement), text(engine.judgeLayoffs(rule, p, es, asOf: asOf, reusing: nil).judgement))
    }

    /// Through the result cache, as `run` uses it: month by month the findings are those of an
    /// evaluation without a cache; a revision of an earlier month changes the inputs the kept
    /// null was computed from, so it is not used, and the findings are again the same.
    func testThroughTheCacheARevisedEarlierMonthIsJudgedFromNothing() throws {
        let cache = LayoffCacheTests.Counting()
        let engine = AlertEngine(config: .defaults, resultCache: cache), plain = AlertEngine(config: .defaults)
        let firms = histories(), panel = Fixture.panel([])
        func findings(_ e: AlertEngine, _ es: [EnterpriseSeries], _ m: Int) throws -> [String] {
            try e.evaluate(panel: panel, enterprises: es, asOf: Fixture.start + m).filter { $0.evidence.rule == "mass_layoff" }.map { "\($0)" }
        }
        var layoffs = 0
        for m in 40..<months {
            let es = known(firms, at: m)
            let got = try findings(engine, es, m)
            XCTAssertEqual(got, try findings(plain, es, m), "month \(m)")
            layoffs += got.count
        }
        XCTAssertGreaterThan(layoffs, 0)
        let (rule, p) = try layoffRule()
        let nullKey = try XCTUnwrap(ProgramIdentity.current.map { AlertEngine.layoffNullKey(rule, p, program: $0) })
        let kept = try XCTUnwrap(cache.values[nullKey].flatMap { LayoffNullCoding.decode($0, bands: p.sizeBands.count + 1) })
        XCTAssertEqual(kept.state.through, (Fixture.start + (months - 1)).index)

        // Firm 7's month 30 revised: the kept null's inputs differ, and the judgement is the plain one.
        var revised = firms
        revised[7].heads[30] += 25
        let es = known(revised, at: months - 1)
        let digests = AlertEngine.layoffPrefixDigests(rule, p, es, through: [kept.state.through], program: ProgramIdentity.current!)
        XCTAssertNotEqual(digests[0], kept.digest)
        XCTAssertEqual(try findings(engine, es, months - 1), try findings(plain, es, months - 1))
        let unrevised = AlertEngine.layoffPrefixDigests(rule, p, known(firms, at: months - 1), through: [kept.state.through],
                                                        program: ProgramIdentity.current!)
        XCTAssertEqual(unrevised[0], kept.digest, "the same inputs give the kept digest")

        // As the store gives the series (every firm from the panel's first month): the firms
        // born in month 40 leave the digest through month 39 as it was, and a revision changes it.
        for m in 40...41 {
            let now = AlertEngine.layoffPrefixDigests(rule, p, known(firms, at: m, aligned: true), through: [(Fixture.start + (m - 1)).index],
                                                      program: ProgramIdentity.current!)
            let then = AlertEngine.layoffPrefixDigests(rule, p, known(firms, at: m - 1, aligned: true), through: [(Fixture.start + (m - 1)).index],
                                                       program: ProgramIdentity.current!)
            XCTAssertEqual(now, then, "month \(m)")
            let other = AlertEngine.layoffPrefixDigests(rule, p, known(revised, at: m, aligned: true), through: [(Fixture.start + (m - 1)).index],
                                                        program: ProgramIdentity.current!)
            XCTAssertNotEqual(other, then, "month \(m), revised")
        }
    }
}
