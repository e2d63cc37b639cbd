import Codes
import Foundation
import GroundTruth

/// Skill of an alert timeline against a truth file.
///
/// Matching: an alert matches an event when it is open in `[start, end + grace]`, its region
/// and the event's lie on one line of the hierarchy (one within the other), the sectors agree
/// (an all-sector event or alert matches any), and, for enterprise events, the enterprise
/// agrees when the alert names one. Data-quality alerts (ids `D-…`) match only data-quality
/// events (`data_break`), and the other alerts match only the other types: a data break read
/// as job loss counts as a false alert.
///
/// A firm's job-loss alert (any alert naming an enterprise that is not a `D-` one) raised
/// inside an area job-loss event — a sector downturn, province shock or gradual deterioration
/// whose area contains the firm, whose sector is the firm's (or all), raised in `[start, end +
/// grace]` — is a true observation: both generators apply such an event to the firms
/// themselves, which cut staff, each by its own amount, so the firm did lose jobs. It is not a
/// false alert, but it does not *detect* the area event either (that is the area rules'
/// job): it sets no event's first alert, so recall and lead are unchanged. It is counted in
/// `firmLossInAreaEvents`, so the old definition's false count is `falseAlerts` plus that.
///
/// Quiet cases (`none` rows) are judged by the alerts *raised* in `[start, end + quietGrace]`
/// at their place (see `raisedOn(_:_:quietGrace:)`). A data-quality alert on an outlier or a
/// break is right and counts as a true alert; any other alert that no event explains is a
/// false alert, put down to one cause: the likeliest quiet case it was raised on (see
/// `likeliestCause(of:)`), which has then failed, or `noise`.
public struct SkillScore: Sendable {
    /// Per event type.
    public struct TypeSkill: Sendable, Equatable {
        public let type: EventType
        public let events: Int
        public let detected: Int
        /// Median months from the first matching alert to the event's peak effect (positive = early).
        public let medianLeadToPeak: Double?
        /// Median months from the first matching alert to the month the official rate moved;
        /// `nil` when the rate moved for none of the detected events.
        public let medianLeadToOfficialRate: Double?
        /// Detected events whose official rate never moved in the window.
        public let rateDidNotMove: Int
        /// For those events, the smallest number of months from the first alert to the end of
        /// the window: their lead to the official rate is longer than this (`nil` without them,
        /// or when the window's end was not given).
        public let leadBeyondWindow: Double?
        /// Distinct alerts of the other family raised inside the event's area while it runs
        /// that no event of their own family explains: unemployment alerts on a data break
        /// (it was read as job loss), data-quality alerts on job loss.
        public let misread: Int
        public var recall: Double { events == 0 ? 0 : Double(detected) / Double(events) }
    }

    /// Per rule: how many distinct alerts it opened and how many matched an event.
    public struct RuleSkill: Sendable, Equatable {
        public let rule: String
        public let alerts: Int
        public let matched: Int
        public var precision: Double { alerts == 0 ? 0 : Double(matched) / Double(alerts) }
        public init(rule: String, alerts: Int, matched: Int) { self.rule = rule; self.alerts = alerts; self.matched = matched }
    }

    /// Per cause of quiet case: how many cases there were and how many raised a job-loss alert.
    public struct CauseSkill: Sendable, Equatable {
        public let cause: QuietCause
        public let cases: Int
        /// Cases to which at least one false alert other than a data-quality one is put down.
        public let failed: Int
        /// Distinct non-`D-` false alerts put down to the cases.
        public let jobLossAlerts: Int
        /// Distinct `D-` alerts raised on the cases (right for outliers and breaks).
        public let dataQualityAlerts: Int
        public init(cause: QuietCause, cases: Int, failed: Int, jobLossAlerts: Int, dataQualityAlerts: Int) {
            self.cause = cause; self.cases = cases; self.failed = failed
            self.jobLossAlerts = jobLossAlerts; self.dataQualityAlerts = dataQualityAlerts
        }
    }

    /// One quiet case that raised job-loss alerts, and the first row of each (in time order).
    public struct QuietFailure: Sendable, Equatable {
        public let quietCase: TruthEvent
        public let alerts: [TimelineRow]
    }

    public let types: [TypeSkill]
    public let rules: [RuleSkill]
    /// One row per cause present in the truth, in `QuietCause` order.
    public let quiet: [CauseSkill]
    /// The failed quiet cases, in truth-file order.
    public let failures: [QuietFailure]
    /// False alerts by cause (`QuietCause` spellings, then `noise`), zero counts omitted.
    public let falseAlertsByCause: [(cause: String, alerts: Int)]
    public let alerts: Int
    public let falseAlerts: Int
    /// Firm job-loss alerts that matched no event but were raised inside an area job-loss event
    /// (see the type's documentation), per rule in rule order, zero counts omitted: true, not
    /// detections. Before this definition they counted as false alerts.
    public let firmLossInAreaEvents: [(rule: String, alerts: Int)]
    /// All of `firmLossInAreaEvents`.
    public var firmLossInAreaCount: Int { firmLossInAreaEvents.reduce(0) { $0 + $1.alerts } }
    /// Each false alert once: the row it was raised with (its first month) and the cause it is
    /// put down to (a `QuietCause` spelling, or `noise`), in raised month then alert id order.
    public let falseAlertRows: [(row: TimelineRow, cause: String)]
    public let seriesYears: Double
    /// Coverage per horizon of the forecasts' intervals at `calibrationLevel` (empty: none
    /// forecast); set by the backtest, printed with the skill tables.
    public var calibration: [HorizonCoverage] = []
    public var calibrationLevel = 0.9
    /// Alerts that matched no event, per 100 series-years of the replay.
    public var falseAlertsPer100SeriesYears: Double { seriesYears > 0 ? 100 * Double(falseAlerts) / seriesYears : 0 }
    public var precision: Double { alerts == 0 ? 0 : Double(alerts - falseAlerts) / Double(alerts) }

    /// Months after `end` during which an alert still counts for the event (recovery is slow).
    public static let defaultGrace = 6
    /// Months after a quiet case's `end` in which an alert raised is put down to it: a
    /// one-month spike sits in three-month averages and in the next months' baselines.
    public static let defaultQuietGrace = 3

    /// Scores `timeline` against `truth` (events and `none` rows).
    /// - Parameters:
    ///   - officialRateMoved: per event id, the month the official unemployment rate moved
    ///     (`nil` or absent: it did not move in the window).
    ///   - seriesYears: number of monitored series × years replayed, the exposure for false alerts.
    ///   - until: the last month replayed, to bound the lead of events whose rate never moved.
    public init(timeline: [TimelineRow], events truth: [TruthEvent], officialRateMoved: [String: Period],
                seriesYears: Double, until: Period? = nil, grace: Int = defaultGrace, quietGrace: Int = defaultQuietGrace) {
        let events = truth.filter { $0.type != .quiet }
        let quietCases = truth.filter { $0.type == .quiet }
        var firstAlert: [String: Period] = [:]   // event id -> first matching as-of
        var alertMatched: [String: Bool] = [:]   // alert id -> matched any event
        var alertRule: [String: String] = [:]
        var raised: [String: TimelineRow] = [:]  // alert id -> its first row
        for row in timeline {
            alertRule[row.alertID] = row.rule
            if alertMatched[row.alertID] == nil { alertMatched[row.alertID] = false }
            if raised[row.alertID].map({ row.asOf < $0.asOf }) ?? true { raised[row.alertID] = row }
            for e in events where SkillScore.matches(row, e, isDataQuality: row.isDataQuality, grace: grace) {
                alertMatched[row.alertID] = true
                if firstAlert[e.id].map({ row.asOf < $0 }) ?? true { firstAlert[e.id] = row.asOf }
            }
        }
        // Firm job-loss alerts raised inside an area job-loss event: true, not detections.
        var inAreaLoss: [String: Int] = [:]   // rule -> alerts
        for (id, row) in raised where alertMatched[id] == false
            && events.contains(where: { SkillScore.firmLossInArea(row, $0, grace: grace) }) {
            alertMatched[id] = true
            inAreaLoss[row.rule, default: 0] += 1
        }
        // An event is misread by an alert of the other family raised inside its area (the
        // area itself or below it, not the province around a city) while it runs, when no
        // event of the alert's own family explains it as it is raised.
        var misread: [String: Set<String>] = [:]  // event id -> alert ids of the other family
        for (id, row) in raised {
            let isDQ = row.isDataQuality
            guard !events.contains(where: { SkillScore.matches(row, $0, isDataQuality: isDQ, grace: grace) }) else { continue }
            for e in events where SkillScore.matches(row, e, isDataQuality: !isDQ, grace: grace, inside: true) {
                misread[e.id, default: []].insert(id)
            }
        }
        // Quiet cases: D- alerts on data problems are right; another alert no event explains is
        // put down to one case, which fails.
        var jobLossOn: [String: [TimelineRow]] = [:], dataQualityOn: [String: Set<String>] = [:]
        var falseCause: [String: QuietCause] = [:]
        for id in raised.keys.sorted() {
            let row = raised[id]!
            let on = quietCases.filter { SkillScore.raisedOn(row, $0, quietGrace: quietGrace) }
            guard !on.isEmpty else { continue }
            if row.isDataQuality {
                for q in on { dataQualityOn[q.id, default: []].insert(id) }
                if on.contains(where: { $0.cause!.isDataProblem }) { alertMatched[id] = true }
            }
            guard alertMatched[id] == false else { continue }
            let cause = SkillScore.likeliestCause(of: on)
            falseCause[id] = cause.cause!
            if !row.isDataQuality { jobLossOn[cause.id, default: []].append(row) }
        }
        var types: [TypeSkill] = []
        for type in Set(events.map(\.type)).sorted() {
            let es = events.filter { $0.type == type }
            let det = es.filter { firstAlert[$0.id] != nil }
            let leadPeak = det.map { Double($0.peak - firstAlert[$0.id]!) }
            let withRate = det.filter { officialRateMoved[$0.id] != nil }
            let leadRate = withRate.map { Double(officialRateMoved[$0.id]! - firstAlert[$0.id]!) }
            let beyond = until.flatMap { end in
                det.filter { officialRateMoved[$0.id] == nil }.map { Double(end - firstAlert[$0.id]!) }.min()
            }
            types.append(TypeSkill(type: type, events: es.count, detected: det.count, medianLeadToPeak: SkillScore.median(leadPeak),
                                   medianLeadToOfficialRate: SkillScore.median(leadRate), rateDidNotMove: det.count - withRate.count,
                                   leadBeyondWindow: beyond,
                                   misread: es.reduce(0) { $0 + (misread[$1.id]?.count ?? 0) }))
        }
        var rules: [String: (Int, Int)] = [:]
        for (id, m) in alertMatched {
            let r = alertRule[id]!
            rules[r, default: (0, 0)].0 += 1
            if m { rules[r, default: (0, 0)].1 += 1 }
        }
        self.types = types
        self.rules = rules.keys.sorted().map { RuleSkill(rule: $0, alerts: rules[$0]!.0, matched: rules[$0]!.1) }
        self.quiet = QuietCause.allCases.compactMap { cause in
            let cs = quietCases.filter { $0.cause == cause }
            guard !cs.isEmpty else { return nil }
            return CauseSkill(cause: cause, cases: cs.count, failed: cs.filter { jobLossOn[$0.id] != nil }.count,
                              jobLossAlerts: Set(cs.flatMap { jobLossOn[$0.id]?.map(\.alertID) ?? [] }).count,
                              dataQualityAlerts: Set(cs.flatMap { dataQualityOn[$0.id] ?? [] }).count)
        }
        self.failures = quietCases.compactMap { q in
            jobLossOn[q.id].map { QuietFailure(quietCase: q, alerts: $0.sorted { ($0.asOf, $0.alertID) < ($1.asOf, $1.alertID) }) }
        }
        let unmatched = alertMatched.filter { !$0.value }.map(\.key)
        let causes = QuietCause.allCases.map(\.rawValue) + ["noise"]
        let counts = Dictionary(grouping: unmatched, by: { falseCause[$0]?.rawValue ?? "noise" }).mapValues(\.count)
        self.falseAlertsByCause = causes.compactMap { c in counts[c].map { (c, $0) } }
        self.falseAlertRows = unmatched.map { (row: raised[$0]!, cause: falseCause[$0]?.rawValue ?? "noise") }
            .sorted { ($0.row.asOf, $0.row.alertID) < ($1.row.asOf, $1.row.alertID) }
        self.alerts = alertMatched.count
        self.falseAlerts = unmatched.count
        self.firmLossInAreaEvents = inAreaLoss.keys.sorted().map { ($0, inAreaLoss[$0]!) }
        self.seriesYears = seriesYears
    }

    /// Whether an alert row is about event `e`: its family, its time (start … end + grace), and
    /// its place — the event's area, an area inside it, or (unless `inside`) one around it.
    static func matches(_ row: TimelineRow, _ e: TruthEvent, isDataQuality: Bool, grace: Int, inside: Bool = false) -> Bool {
        guard row.asOf >= e.start, row.asOf <= e.end + grace else { return false }
        guard isDataQuality == e.type.isDataQuality else { return false }
        guard let r = RegionCode(row.region), r.isWithin(e.region) || (!inside && e.region.isWithin(r)) else { return false }
        if let s = e.sector, row.sector != "ALL", !row.sector.isEmpty, row.sector != s { return false }
        if let ent = e.enterpriseID, !row.enterpriseID.isEmpty, row.enterpriseID != ent { return false }
        if e.enterpriseID == nil, !row.enterpriseID.isEmpty { return false }
        return true
    }

    /// Whether a firm's alert, raised with `row` (its first month), is a job loss inside area
    /// event `e`: the alert names an enterprise and is not a data-quality one; `e` is a
    /// job-loss event of an area (sector downturn, province shock, gradual deterioration; no
    /// enterprise); the firm's region lies within the event's; the event is in all sectors or
    /// in the firm's section (a division code is read as its section); and the alert was
    /// raised in `[start, end + grace]`.
    static func firmLossInArea(_ row: TimelineRow, _ e: TruthEvent, grace: Int) -> Bool {
        guard !row.enterpriseID.isEmpty, !row.isDataQuality, e.enterpriseID == nil else { return false }
        guard e.type == .sectorDownturn || e.type == .provinceShock || e.type == .gradualDeterioration else { return false }
        guard row.asOf >= e.start, row.asOf <= e.end + grace else { return false }
        guard let r = RegionCode(row.region), r.isWithin(e.region) else { return false }
        if let s = e.sector, Sector(s)?.isAll != true {
            let same = Sector(s).flatMap { es in Sector(row.sector).map { $0 == es } } ?? (row.sector == s)
            guard same else { return false }
        }
        return true
    }

    /// Of the quiet cases an alert was raised on, the one it is put down to: the latest to
    /// start, then the one at the smallest place (a county before its city, a firm before its
    /// county), then the first listed.
    static func likeliestCause(of cases: [TruthEvent]) -> TruthEvent {
        func depth(_ q: TruthEvent) -> Int {
            (q.enterpriseID == nil ? 0 : 10) + (q.sector == nil ? 0 : 1)
                + (q.region.level == .county ? 3 : q.region.level == .city ? 2 : 1) * 2
        }
        return cases.reduce(cases[0]) { best, q in
            (q.start, depth(q)) > (best.start, depth(best)) ? q : best
        }
    }

    /// Whether an alert raised with `row` (its first month) is put down to quiet case `q`: it
    /// was raised in `[start, end + quietGrace]`, its region and the case's lie on one line of
    /// the hierarchy, and the sectors agree. A case in all sectors is about a series without
    /// sectors (claims, rail, survey rates) and takes only all-sector alerts, except a break,
    /// which moves every sector's count. An enterprise case takes its own enterprise's alerts
    /// and the area alerts (a firm's birth or closure only its own alerts); the others take any
    /// enterprise's alerts in their area.
    public static func raisedOn(_ row: TimelineRow, _ q: TruthEvent, quietGrace: Int = defaultQuietGrace) -> Bool {
        guard row.asOf >= q.start, row.asOf <= q.end + quietGrace else { return false }
        guard let r = RegionCode(row.region), r.isWithin(q.region) || q.region.isWithin(r) else { return false }
        let allSectors = row.sector == "ALL" || row.sector.isEmpty
        if let s = q.sector {
            if !allSectors, row.sector != s { return false }
        } else if q.cause != .dataBreak, !allSectors {
            return false
        }
        if let ent = q.enterpriseID, !row.enterpriseID.isEmpty, row.enterpriseID != ent { return false }
        // A small firm's birth or closure barely moves an area's series: only its own alerts.
        if q.cause == .firmBirth || q.cause == .firmClosure, row.enterpriseID != q.enterpriseID { return false }
        return true
    }

    /// The month an official rate moved for an event, from its *excess*: the rate minus what
    /// it is compared with (for a city, the median of the other cities' rates that month, which
    /// takes out the province's season, business cycle and shocks; for the province, its own
    /// rate 12 months earlier, which takes out the season).
    ///
    /// The rate moved at the first month `m` from `start` on where the excess, in `m` and in the
    /// month after, is at least `rise` (default 0.3 percentage point) above its mean over the
    /// `baselineMonths` (default 6) months before `start`: a sustained move beyond the path the
    /// rate was already on, not a published figure's rounding or one noisy month. `nil` if it
    /// never does by `until`, or fewer than half the baseline months are known.
    public static func officialRateMoved(excess: [Period: Double], start: Period, until: Period,
                                         rise: Double = 0.3, baselineMonths: Int = 6) -> Period? {
        let base = (1...baselineMonths).compactMap { excess[start - $0] }
        guard base.count * 2 >= baselineMonths else { return nil }
        let mean = base.reduce(0, +) / Double(base.count)
        func above(_ m: Period) -> Bool { excess[m].map { $0 - mean >= rise - 1e-9 } ?? false }
        var m = start
        while m + 1 <= until {
            if above(m), above(m + 1) { return m }
            m = m + 1
        }
        return nil
    }

    /// Median (mean of the middle two for an even count); `nil` for no values.
    static func median(_ v: [Double]) -> Double? {
        guard !v.isEmpty else { return nil }
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// The excess of one area's rate for `officialRateMoved(excess:…)`: against the median of
    /// `others` (the other cities) when given, else against the area's own rate a year before.
    public static func rateExcess(rate: [Period: Double], others: [[Period: Double]]) -> [Period: Double] {
        var out: [Period: Double] = [:]
        for (m, v) in rate {
            if others.isEmpty {
                if let lastYear = rate[m - 12] { out[m] = v - lastYear }
            } else {
                if let median = median(others.compactMap { $0[m] }) { out[m] = v - median }
            }
        }
        return out
    }
}
