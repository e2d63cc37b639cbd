import Dispatch
import Foundation
import LinearAlgebra
import Codes
import Modeling
import PanelData

extension AlertEngine {
    /// Mass layoffs, with the expected share of false alerts bounded by construction.
    ///
    /// For each enterprise, a cut at month t is judged against the level before it, what its
    /// peers did that month, and what follows it:
    /// - baseline b = median of the observed headcounts of the `baseline_months` (6) before t
    ///   (at least 3), so a one-month spike (a keying error ×10) neither makes a baseline nor,
    ///   on reverting, a cut;
    /// - the cut c = b − hₜ − u − b·m, where u is the enterprise's usual cut at that time of
    ///   year (median over up to three earlier years of the largest one-month cut in the same
    ///   month ±1, so Spring Festival departures are not counted) and m the common cut of its
    ///   peers that month: the largest of the median relative cuts (1 − h/b) of the firms of
    ///   its county (all sectors), of its city's sector and of its province's sector, each
    ///   over at least `minimum_peers` (8) firms. A province-wide shock or a sector downturn
    ///   cuts every firm a little; that is the area rules' question, not a layoff at one
    ///   firm, and it would make every firm's cut look unusual against its own past at once;
    /// - the cut happens at t (the month before was still at or above b − c/2) and must
    ///   persist: in each of the `confirm_months` months after t headcount stays at or below
    ///   b − c/2 (a cut that reverts is a data error, not a layoff; the price is a month of
    ///   lead);
    /// - the enterprise needs `minimum_history` (12) observed months before t (a newborn
    ///   firm's ramp-up is not its ordinary movement) and b ≥ `minimum_staff`; a firm that has
    ///   left the files (closure; no headcount for 3 months) is not judged.
    ///
    /// The labour-law definition (Labour Contract Law art. 41: 20 people, or 10% of staff) is a
    /// floor and sets the level: measure = max(c / 20, (c / b) / 10%); so is a score of
    /// `noise_multiple` (3) of the firm's ordinary monthly movement. Whether a cut is unusual
    /// is a separate, calibrated question. Each run tests each enterprise once, on its newest
    /// confirmable month (t = latest − `confirm_months`), so a cut is tested in the one run
    /// that can first confirm it: its score c / σ_Δ (σ_Δ = 1.4826·MAD of the firm's monthly
    /// changes over the `noise_months` (24) before the window) gets a conformal p-value
    /// against the same score of every enterprise of the same size band in every earlier
    /// month (all bands pooled while the band has fewer than `band_minimum` earlier cuts):
    /// p = (1 + #{earlier ≥ score}) / (1 + n), valid when the past is exchangeable with
    /// today, with no assumption about the heavy tails of firm-level changes. Each earlier
    /// month's score is the one it got, or would have got, as the newest confirmable month of
    /// its own run: σ_Δ over the `noise_months` before *its* window, not today's. With today's
    /// σ_Δ for every month, the months inside today's σ window were scored in-sample (a large
    /// change widens the MAD it is divided by) and the candidate out of sample, so the null's
    /// tail was lighter than the candidates': on a calm panel of heavy-tailed AR(1) firms
    /// (Student-t(3) innovations) a run raised a false layoff about twice as often as q. The run's
    /// p-values — one test per judged enterprise — go through Benjamini–Hochberg at
    /// `false_discovery_rate` (default 0.05): among the layoff alerts raised, the expected
    /// share of false ones is at most that, and in a month without any layoff the chance of a
    /// false one is at most that, whether the province has 2,500 firms or 1,000,000. The
    /// largest cut of the window's earlier months is reported without a level, which keeps
    /// an open alert open but raises none.
    func massLayoffs(_ rule: Rule, _ params: MassLayoffParameters, _ enterprises: [EnterpriseSeries], asOf: Period) -> [Finding] {
        // The judgement reads every firm's whole history; it is kept per input (see
        // `AlertEngine+LayoffCache.swift`) and only the findings are built on each call.
        let (candidates, p, passes) = cachedLayoffJudgement(rule, params, enterprises, asOf: asOf)
        let confirm = params.confirmMonths
        var out: [Finding] = []
        for (k, c) in candidates.enumerated() {
            let e = enterprises[c.firm]
            let month = e.start + c.t
            let held = e.headcount[min(e.periodCount - 1, c.t + confirm)]
            let t0 = e.lastObservedIndex(onOrBefore: asOf) ?? c.t
            let o = Observation(
                period: month, observed: e.headcount[c.t], expected: c.before - c.usual - c.common, measure: c.legalMultiple,
                measureName: "multiples_of_legal_threshold", mayRaise: passes[k], changeStart: month,
                fact: .massLayoff(period: month.description, cut: c.cut, before: c.before, held: held, usual: c.usual, p: p[k],
                                  common: c.common, testedEarlier: !c.tested),
                recent: Array(e.headcount[max(0, t0 - AlertEngine.recentMonths + 1)...t0]), signal: "headcount")
            out.append(rule.finding(o, subject: AlertSubject(scope: .enterprise, region: e.region, sector: e.sector, enterpriseID: e.id),
                                    enterpriseName: e.name))
        }
        return out
    }

    /// The candidates of `massLayoffs` in firm order, each with its p-value and whether it
    /// passes the false-discovery bound: everything the findings are built from.
    func judgeLayoffs(_ rule: Rule, _ params: MassLayoffParameters, _ enterprises: [EnterpriseSeries],
                      asOf: Period) -> LayoffJudgement {
        judgeLayoffs(rule, params, enterprises, asOf: asOf, reusing: nil).judgement
    }

    /// `judgeLayoffs`, with the null's cuts of earlier months taken from `prior` where it
    /// holds them (`LayoffNullState`: the caller has checked that the firms' inputs through
    /// `prior.through` are the ones it was computed from), and the null's cuts of this run
    /// returned for the next. The scores themselves are kept (in `LayoffNullState.cuts`): each
    /// earlier month is scored in the σ_Δ of its own run, so its score does not change from run
    /// to run. The same function judges both ways,
    /// so the findings are the same as a computation from nothing.
    func judgeLayoffs(_ rule: Rule, _ params: MassLayoffParameters, _ enterprises: [EnterpriseSeries],
                      asOf: Period, reusing prior: LayoffNullState?) -> (judgement: LayoffJudgement, null: LayoffNullState, reused: Int) {
        let w = params.window, confirm = params.confirmMonths, q = params.falseDiscoveryRate
        let minimumStaff = params.minimumStaff, history = params.minimumHistory
        let bands = LayoffSizeBands(params.sizeBands)
        // Per firm: its newest observed month t0, the first month of the window, and the
        // first null month still to compute (`history` without a kept null; where the kept
        // null reaches further than this run's, as after a step back in time, it is not used).
        // The peers' medians are needed only from the earliest month computed.
        var priorSlot = [Int](repeating: -1, count: enterprises.count)
        if let prior {
            var k = 0
            for (i, e) in enterprises.enumerated() where e.hasHeadcount(through: prior.through) {
                guard k < prior.count else { break }
                priorSlot[i] = k
                k += 1
            }
        }
        var firstComputed = asOf.index + 1
        var plans = [(t0: Int, windowStart: Int, from: Int, reuse: Bool)?](repeating: nil, count: enterprises.count)
        var reused = 0
        for (i, e) in enterprises.enumerated() {
            guard let t0 = e.lastObservedIndex(onOrBefore: asOf) else { continue }
            let windowStart = max(1, t0 - w - confirm + 1)
            let nullEnd = windowStart - confirm
            var from = history, reuse = false
            if let prior, priorSlot[i] >= 0, Int(prior.ends[priorSlot[i]]) <= nullEnd {
                from = max(history, Int(prior.ends[priorSlot[i]]))
                reuse = true
                if from > history { reused += 1 }
            }
            plans[i] = (t0, windowStart, from, reuse)
            let earliest = from < nullEnd ? min(from, windowStart) : windowStart
            firstComputed = min(firstComputed, e.start.index + earliest)
        }
        let peers = LayoffPeers(enterprises, asOf: asOf, baselineMonths: params.baselineMonths, minimumPeers: params.minimumPeers,
                                from: Period(index: firstComputed))
        // Scratch space reused for every firm and month: the loops below allocate nothing
        // (at province scale they run for every firm at every earlier month).
        let longest = enterprises.reduce(0) { max($0, $1.periodCount) }
        let observedBefore = UnsafeMutablePointer<Int>.allocate(capacity: longest + 1)
        defer { observedBefore.deallocate() }
        let changes = UnsafeMutablePointer<Double>.allocate(capacity: max(1, params.noiseMonths))
        defer { changes.deallocate() }
        // The firm being judged's headcounts as plain `Double`s, read once per firm (the
        // series are 32-bit columns, `MonthlyValues`; the months below are read many times).
        let heads = UnsafeMutablePointer<Double>.allocate(capacity: max(1, longest))
        defer { heads.deallocate() }

        /// The cut at t of enterprise i, if t qualifies (see above); `through` bounds the
        /// months that may confirm it.
        /// `observedBefore[t]`: observed months of `e` before t (one pass per firm, so the
        /// history check below is not a scan of every earlier month for every month judged).
        func cut(_ i: Int, at t: Int, through last: Int, noise: Double) -> Candidate? {
            let h = UnsafeBufferPointer(start: heads, count: enterprises[i].periodCount)
            guard t >= history, t + confirm <= last, !h[t].isNaN else { return nil }
            guard observedBefore[t] >= history, let b = peers.baseline(i, t) else { return nil }
            guard b >= minimumStaff, b > 0 else { return nil }
            let u = usualCut(h, t, years: params.usualCutYears)
            let common = b * peers.commonCut(i, t)
            let c = b - h[t] - u - common
            // Judgeable but no persisting cut: score 0, below any cut.
            let none = Candidate(firm: -1, t: t, cut: 0, usual: 0, common: 0, before: b, score: 0)
            guard c > 0 else { return none }
            // The cut happens at t: the month before was still at or above b − c/2 (or missing).
            var s = t - 1
            while s >= max(0, t - 2) {
                if !h[s].isNaN {
                    if h[s] < b - c / 2 { return none }
                    break
                }
                s -= 1
            }
            for k in 1...max(1, confirm) where confirm > 0 {
                let after = h[t + k]
                guard !after.isNaN, after <= b - c / 2 else { return none }
            }
            return Candidate(firm: -1, t: t, cut: c + u + common, usual: u, common: common, before: b, score: c / max(noise, 1))
        }

        /// σ_Δ: 1.4826·MAD of the firm's monthly changes over the `noise_months` before the
        /// window (NaN with fewer than 12 changes: the firm's ordinary movement is not known,
        /// so the month is neither tested nor part of the null).
        func noise(_ e: EnterpriseSeries, before windowStart: Int) -> Double {
            let h = UnsafeBufferPointer(start: heads, count: e.periodCount)
            var count = 0, n = 0
            for t in max(1, windowStart - params.noiseMonths)..<max(1, windowStart) {
                let a = h[t - 1], b = h[t]
                if a.isNaN || b.isNaN { continue }
                count += 1
                let d = a - b
                if !d.isNaN { changes[n] = d; n += 1 }
            }
            guard count >= 12, n > 0 else { return .nan }
            let m = RobustScale.median(changes, count: n)
            for k in 0..<n { changes[k] = abs(changes[k] - m) }
            return RobustScale.madToSigma * RobustScale.median(changes, count: n)
        }

        // Today's candidates: per enterprise, the newest confirmable month is its one test of
        // the run; the largest cut of the window's earlier months is reported without a level
        // (it was tested in its own run).
        var tested = 0
        var candidates: [Candidate] = []
        // Earlier scores per size band: the positive ones kept, the zeros only counted.
        var nullScores: [[Double]] = Array(repeating: [], count: bands.count)
        var nullZeros = [Int](repeating: 0, count: bands.count)
        // This run's null, for the next: per firm of `asOf` or before, in order.
        var next = LayoffNullState(through: asOf.index, bands: bands.count)
        for (i, e) in enterprises.enumerated() {
            // Firms with a headcount by `asOf` (a firm's series starts at the panel's first
            // month, so a firm born later has none before its birth, and one born next
            // month must not change which firms the null is kept for).
            let kept = e.hasHeadcount(through: asOf.index)
            if kept { next.beginFirm() }
            guard let plan = plans[i] else {
                if kept { next.endFirm(at: 0) }
                continue
            }
            let (t0, windowStart, from, reuse) = plan
            for t in 0..<e.periodCount { heads[t] = e.headcount[t] }
            let sigma = noise(e, before: windowStart)
            observedBefore[0] = 0
            for t in 0..<e.periodCount { observedBefore[t + 1] = observedBefore[t] + (heads[t].isNaN ? 0 : 1) }
            // The null: the same score at every earlier month whose confirmation lies before
            // the window (t < windowStart − confirm), each in the σ_Δ of the months before its
            // own window (as it was, or would have been, scored as the newest confirmable month
            // of its run), so a month's score does not change from run to run. The months
            // before `from` come from the kept null: their scores as kept.
            if reuse, let prior {
                let k = priorSlot[i]
                for b in 0..<bands.count {
                    let z = Int(prior.zeros[k * bands.count + b])
                    nullZeros[b] += z
                    next.addZeros(z, band: b)
                }
                for j in Int(prior.starts[k])..<Int(prior.starts[k + 1]) {
                    let band = Int(prior.cutBands[j]), score = prior.cuts[j]
                    nullScores[band].append(score)
                    next.addCut(score, band: band)
                }
            }
            if windowStart - 1 - confirm >= from {
                for t in from...(windowStart - 1 - confirm) {
                    if let c = cut(i, at: t, through: windowStart - 1, noise: 1) {
                        let own = noise(e, before: max(1, t - w + 1))
                        guard !own.isNaN else { continue }
                        let band = bands.band(staff: c.before)
                        if c.score > 0 {
                            let score = c.score / max(own, 1)
                            nullScores[band].append(score)
                            next.addCut(score, band: band)
                        } else {
                            nullZeros[band] += 1
                            next.addZeros(1, band: band)
                        }
                    }
                }
            }
            if kept { next.endFirm(at: max(from, windowStart - confirm)) }
            // Floors before any test: the legal definition, and three times the firm's
            // ordinary monthly movement (a firm of 3,000 moving ±25 a month passes 20 people
            // every few months without laying anyone off).
            func qualifies(_ c: Candidate) -> Bool { c.score >= params.noiseMultiple && c.legalMultiple >= rule.clear }
            let fresh = t0 - confirm
            if fresh >= windowStart, !sigma.isNaN, let c = cut(i, at: fresh, through: t0, noise: sigma) {
                tested += 1
                if c.score > 0, qualifies(c) { candidates.append(c.of(firm: i, tested: true)) }
            }
            if candidates.last?.firm != i {
                var best: Candidate? = nil
                for t in windowStart..<max(windowStart, fresh) {
                    guard let c = cut(i, at: t, through: t0, noise: sigma), c.score > 0,
                          qualifies(c) else { continue }
                    if best == nil || c.legalMultiple > best!.legalMultiple { best = c.of(firm: i, tested: false) }
                }
                if let b = best { candidates.append(b) }
            }
        }
        for b in nullScores.indices { nullScores[b].sort() }
        let pooled = nullScores.flatMap { $0 }.sorted(), pooledZeros = nullZeros.reduce(0, +)
        /// Conformal p-value of a score against its size band, or against all bands pooled
        /// while the band has fewer than `band_minimum` earlier cuts.
        func pValue(_ c: Candidate) -> Double {
            let band = bands.band(staff: c.before)
            let small = nullScores[band].count < params.bandMinimum
            let ref = small ? pooled : nullScores[band], zeros = small ? pooledZeros : nullZeros[band]
            return LayoffNull.pValue(c.score, positives: ref, zeros: zeros, tailFraction: params.tailFraction,
                                     tailBeyondLargestOnly: true)
        }
        let p = candidates.map(pValue)
        let testedP = candidates.indices.filter { candidates[$0].tested }
        let testedPasses = BenjaminiHochberg.rejections(testedP.map { p[$0] }, tests: max(tested, testedP.count), rate: q)
        var passes = [Bool](repeating: false, count: candidates.count)
        for (k, j) in testedP.enumerated() { passes[j] = testedPasses[k] }
        return ((candidates, p, passes), next, reused)
    }

    /// The median over up to three earlier years of the largest one-month cut in the same
    /// month ±1 (clipped at 0).
    func usualCut(_ e: EnterpriseSeries, _ t: Int, years count: Int) -> Double {
        e.headcount.withUnsafeBufferPointer { usualCut($0, t, years: count) }
    }

    /// `usualCut` of a headcount series; allocates nothing.
    func usualCut(_ h: UnsafeBufferPointer<Double>, _ t: Int, years count: Int) -> Double {
        guard count > 0 else { return 0 }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { years in
            var n = 0
            for k in 1...count {
                // The largest cut of the months t − 12k − 1 … t − 12k + 1 (in that order, as `max()`).
                var largest = 0.0, found = false
                for u in (t - 12 * k - 1)...(t - 12 * k + 1) where u >= 1 && u < h.count {
                    let a = h[u - 1], b = h[u]
                    if a.isNaN || b.isNaN { continue }
                    let d = a - b
                    if !found || largest < d { largest = d; found = true }
                }
                if found { years[n] = max(0, largest); n += 1 }
            }
            // Up to three years (the default): the median read off directly, the same value
            // as `RobustScale.median` ((lower + upper) / 2 for two; no NaN here).
            switch n {
            case 0: return 0
            case 1: return years[0]
            case 2: return (years[0] + years[1]) / 2
            case 3:
                let a = years[0], b = years[1], c = years[2]
                return max(min(a, b), min(max(a, b), c))
            default: return RobustScale.median(years.baseAddress!, count: n)
            }
        }
    }
}

extension EnterpriseSeries {
    /// Whether the firm has a headcount in a month up to `month` (`Period.index`): the firms
    /// whose null cuts are kept (`LayoffNullState`) and digested (`layoffPrefixDigests`).
    func hasHeadcount(through month: Int) -> Bool {
        let n = min(periodCount, month - start.index + 1)
        guard n > 0 else { return false }
        for t in 0..<n where !headcount[t].isNaN { return true }
        return false
    }
}

/// A headcount cut that qualifies as a possible layoff (see `AlertEngine.massLayoffs`).
struct Candidate {
    /// Index of the enterprise (−1 while only scored).
    let firm: Int
    let t: Int
    /// Baseline minus headcount, and the parts of it that are the usual seasonal cut and the
    /// cut its peers made that month.
    let cut: Double, usual: Double, common: Double
    /// The baseline: median headcount of the 6 months before.
    let before: Double
    /// (cut − usual − common) / σ_Δ.
    let score: Double
    /// Whether this is the run's test of the enterprise (its newest confirmable month).
    var tested = false

    /// The net cut in multiples of the legal threshold: max(c / 20, (c / b) / 10%).
    var legalMultiple: Double {
        let net = cut - usual - common
        return max(net / 20, (net / before) / 0.10)
    }

    func of(firm i: Int, tested: Bool) -> Candidate {
        Candidate(firm: i, t: t, cut: cut, usual: usual, common: common, before: before, score: score, tested: tested)
    }
}

/// Per enterprise and month: the baseline (median observed headcount of the
/// `baseline_months` before, at least 3) and the common cut of its peers (see `AlertEngine.massLayoffs`).
///
/// Laid out for province scale: the baselines of all firms in one flat array, the peer
/// groups' median cuts in one group × month table (a firm's common cut is the largest over
/// its groups, looked up when asked), and no array allocated per firm or month.
struct LayoffPeers {
    /// Start of each firm's months in `baselines` (firm i: offsets[i] ..< offsets[i + 1]).
    private let offsets: [Int]
    private let baselines: [Double]
    /// Months from `origin` to each firm's first month.
    private let startOffsets: [Int]
    /// Peer groups of firm i: groupIDs[groupStarts[i] ..< groupStarts[i + 1]].
    private let groupStarts: [Int]
    private let groupIDs: [Int]
    /// Median relative cut of group g in month m (months from `origin`, 0 ... `months` − 1)
    /// at table[g · months + m]; 0 where the group has too few firms or the median is not a cut.
    private let table: [Double]
    private let months: Int

    /// `from`: the earliest month whose common cut will be asked for; the peers' medians
    /// of earlier months are not computed (0).
    init(_ enterprises: [EnterpriseSeries], asOf: Period, baselineMonths: Int, minimumPeers: Int, from: Period? = nil) {
        var offsets = [Int](repeating: 0, count: enterprises.count + 1)
        for (i, e) in enterprises.enumerated() { offsets[i + 1] = offsets[i] + e.periodCount }
        var baselines = [Double](repeating: .nan, count: offsets[enterprises.count])
        // Firms in chunks, one per core at a time; each chunk writes only its firms' slots.
        // The few months before t are kept sorted as they are read (insertion), so the median
        // is read off: the same order statistics, and for an even count the same
        // (lower + upper) / 2, as `RobustScale.median`.
        // Only the months from `from` on are asked for (a firm's own, and its peers' in the
        // medians below); the window starts `baselineMonths` before them.
        let chunks = Self.chunks(enterprises.count)
        let firstSlots = offsets
        let origin = enterprises.map(\.start).min() ?? asOf
        let firstAsked = from.map { $0 - origin } ?? 0
        baselines.withUnsafeMutableBufferPointer { buffer in
            let out = WorkerShared(buffer)
            DispatchQueue.concurrentPerform(iterations: chunks.count) { c in
                let window = UnsafeMutablePointer<Double>.allocate(capacity: baselineMonths + 2)
                defer { window.deallocate() }
                for i in chunks[c] {
                    let h = enterprises[i].headcount, o = firstSlots[i]
                    let firstT = max(0, firstAsked - (enterprises[i].start - origin)), ts = max(0, firstT - baselineMonths)
                    // The window slides: the month leaving it is taken out and the month
                    // entering it put in, each in one pass over at most `baselineMonths`
                    // sorted values (equal values are interchangeable, so the order
                    // statistics are those of sorting the window afresh).
                    var n = 0
                    for t in ts..<max(ts, h.count) {
                        if t >= 1, !h[t - 1].isNaN {
                            let v = h[t - 1]
                            var j = n
                            while j > 0 && window[j - 1] > v { window[j] = window[j - 1]; j -= 1 }
                            window[j] = v
                            n += 1
                        }
                        // Taken out only if put in (from month ts − 1 on).
                        if t - baselineMonths - 1 >= max(0, ts - 1), !h[t - baselineMonths - 1].isNaN {
                            let v = h[t - baselineMonths - 1]
                            var j = 0
                            while window[j] != v { j += 1 }
                            while j + 1 < n { window[j] = window[j + 1]; j += 1 }
                            n -= 1
                        }
                        if n >= 3, t >= firstT { out.value[o + t] = n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2 }
                    }
                }
            }
        }
        // Peer groups: the county (all sectors), then the sector in each larger area.
        func groups(_ e: EnterpriseSeries) -> [String] {
            let lineage = RegionCode(e.region).map { $0.lineage.map(\.description) } ?? [e.region]
            return ["\(lineage[0])|*"] + lineage.map { "\($0)|\(e.sector)" }.dropFirst(lineage.count > 1 ? 1 : 0)
        }
        let startOffsets = enterprises.map { $0.start - origin }
        var index: [String: Int] = [:]
        var members: [[Int]] = []
        var groupStarts = [0], groupIDs: [Int] = []
        for (i, e) in enterprises.enumerated() {
            for g in groups(e) {
                let id: Int
                if let known = index[g] { id = known } else { id = members.count; index[g] = id; members.append([]) }
                members[id].append(i)
                groupIDs.append(id)
            }
            groupStarts.append(groupIDs.count)
        }
        let last = asOf - origin
        let months = max(0, last + 1)
        var table = [Double](repeating: 0, count: members.count * months)
        let first = from.map { max(0, min(months, $0 - origin)) } ?? 0, rows = months - first
        // Per group, its firms' relative cuts laid out month by month (row m: the cut of
        // each member in month m, NaN where it has none), filled firm by firm so that each
        // firm's months and baselines are read in order, then one median per row. Going
        // month by month over the members instead reads every firm's arrays once per month,
        // a cache miss each. Groups side by side, one per core at a time, largest first;
        // each writes only its own rows of the table.
        let peerGroups = members, firmBaselines = baselines
        let judged = peerGroups.indices.filter { peerGroups[$0].count >= minimumPeers && last >= 0 }
            .sorted { (peerGroups[$0].count, $1) > (peerGroups[$1].count, $0) }
        table.withUnsafeMutableBufferPointer { buffer in
            let out = WorkerShared(buffer)
            DispatchQueue.concurrentPerform(iterations: judged.count) { j in
                let g = judged[j], firms = peerGroups[g], n = firms.count
                // Rows of the months from `first` on.
                let grid = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n * rows))
                defer { grid.deallocate() }
                let cuts = UnsafeMutablePointer<Double>.allocate(capacity: n)
                defer { cuts.deallocate() }
                grid.initialize(repeating: .nan, count: n * rows)
                for (k, i) in firms.enumerated() {
                    // s0 ≥ 0: `origin` is the earliest start.
                    let h = enterprises[i].headcount, o = firstSlots[i], s0 = startOffsets[i]
                    for t in max(0, first - s0)..<max(max(0, first - s0), min(h.count, months - s0)) {
                        let v = h[t], b = firmBaselines[o + t]
                        if !v.isNaN, !b.isNaN, b > 0 { grid[(t + s0 - first) * n + k] = 1 - v / b }
                    }
                }
                for month in first..<months {
                    let row = grid + (month - first) * n
                    var c = 0
                    for k in 0..<n where !row[k].isNaN { cuts[c] = row[k]; c += 1 }
                    guard c >= minimumPeers, c > 0 else { continue }
                    let m = max(0, RobustScale.median(cuts, count: c))
                    if m > 0 { out.value[g * months + month] = m }
                }
            }
        }
        self.offsets = offsets
        self.baselines = baselines
        self.startOffsets = startOffsets
        self.groupStarts = groupStarts
        self.groupIDs = groupIDs
        self.table = table
        self.months = months
    }

    /// `count` firms in consecutive ranges of about equal size, a few per core so that a
    /// chunk of long-lived firms does not leave a core idle.
    static func chunks(_ count: Int) -> [Range<Int>] {
        let k = max(1, min(count, 8 * ProcessInfo.processInfo.activeProcessorCount))
        return (0..<k).map { c in (count * c / k)..<(count * (c + 1) / k) }
    }

    func baseline(_ i: Int, _ t: Int) -> Double? {
        let b = baselines[offsets[i] + t]
        return b.isNaN ? nil : b
    }

    /// The largest median relative cut among the enterprise's peer groups at month t (0 if none).
    func commonCut(_ i: Int, _ t: Int) -> Double {
        let month = t + startOffsets[i]
        guard month >= 0, month < months else { return 0 }
        var m = 0.0
        for k in groupStarts[i]..<groupStarts[i + 1] {
            let v = table[groupIDs[k] * months + month]
            if v > m { m = v }
        }
        return m
    }
}

/// Size bands whose layoff scores are compared with each other: a cut of a given number of
/// robust SDs is not equally rare in a workshop and in a factory. Bands begin at the rule's
/// `size_bands` staff sizes (by default under 50, 50–199, 200–999, 1000 and more).
struct LayoffSizeBands {
    let starts: [Double]
    init(_ starts: [Double]) { self.starts = starts }
    var count: Int { starts.count + 1 }
    /// The band of a firm of `staff` (0 = the smallest).
    func band(staff: Double) -> Int { starts.firstIndex { staff < $0 } ?? starts.count }
}

/// p-values of a layoff score against the earlier scores.
enum LayoffNull {
    /// Exceedances the tail is fitted to: the top `fraction` (1%) of earlier firm-months, 10 to
    /// 50 of them (fewer than 10 say nothing about a tail; beyond 50 Hill's estimator reaches
    /// into the body of the distribution).
    static func tailCount(months n: Int, fraction: Double = 0.01) -> Int { min(50, max(10, Int(Double(n) * fraction))) }

    /// The conformal p-value (1 + #{earlier ≥ s}) / (1 + n), n = earlier scores (`positives`,
    /// sorted ascending, plus `zeros` months without a cut). Beyond the largest `tailCount`
    /// earlier scores the empirical rank runs out of resolution — with 4,000 earlier firm-months
    /// no p-value falls below 1/4,001, while Benjamini–Hochberg over 250 firms at 5% needs
    /// 1/5,000 — so there the tail is extrapolated as a Pareto tail fitted by Hill's estimator
    /// to those exceedances (Hill 1975; the peaks-over-threshold approach of extreme-value
    /// statistics): p = (k / (n + 1))·(s / u)^(−α), u the (k+1)-th largest score,
    /// α = k / Σ log(xᵢ / u). A power-law tail is heavier than an exponential or Gaussian
    /// one, so for light-tailed firm noise this errs on the side of larger p-values.
    ///
    /// `tailBeyondLargestOnly` (mass_layoff): the Pareto tail is used only for a score beyond
    /// every earlier one, where the ranks have run out; within their range the conformal
    /// p-value stands. Taking the smaller of the two everywhere picks, among two estimates,
    /// whichever is lower by chance, and Hill's α on a Student-t tail fitted to the top
    /// exceedances comes out above the true one: on a calm panel of heavy-tailed firms that
    /// alone raised false layoffs more often than q.
    static func pValue(_ s: Double, positives ref: [Double], zeros: Int, tailFraction: Double = 0.01,
                       tailBeyondLargestOnly: Bool = false) -> Double {
        let n = ref.count + zeros
        let above = ref.count - upperBound(ref, s * (1 - 1e-12))
        let empirical = Double(1 + above) / Double(1 + n)
        if tailBeyondLargestOnly, above > 0 || ref.isEmpty { return empirical }
        let k = min(tailCount(months: n, fraction: tailFraction), ref.count - 1)
        guard k >= 10 else { return empirical }
        let u = ref[ref.count - k - 1]
        guard u > 0, s > u else { return empirical }
        var sumLog = 0.0
        for x in ref[(ref.count - k)...] { sumLog += Foundation.log(x / u) }
        guard sumLog > 0 else { return empirical }
        let alpha = Double(k) / sumLog
        return min(empirical, Double(k) / Double(n + 1) * Foundation.pow(s / u, -alpha))
    }
}

/// First index of `sorted` whose value is greater than `x`.
func upperBound(_ sorted: [Double], _ x: Double) -> Int {
    var lo = 0, hi = sorted.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
