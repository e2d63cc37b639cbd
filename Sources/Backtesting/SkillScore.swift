import Codes
import Foundation

/// Skill of an alert timeline against truth events.
///
/// Matching: an alert matches an event when it is open in `[start, end + grace]`, its region
/// and the event's lie on one line of the hierarchy (one within the other), the sectors agree
/// (an all-sector event or alert matches any), and, for enterprise events, the enterprise
/// agrees when the alert names one. Alerts of data-quality rules match only data-quality
/// events (`data_break`), and unemployment-risk alerts match only the other types: a data
/// break read as job loss counts as a false alert.
public struct SkillScore: Sendable {
    /// Per event type.
    public struct TypeSkill: Sendable, Equatable {
        public let type: String
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

    public let types: [TypeSkill]
    public let rules: [RuleSkill]
    public let alerts: Int
    public let falseAlerts: Int
    public let seriesYears: Double
    /// Alerts that matched no event, per 100 series-years of the replay.
    public var falseAlertsPer100SeriesYears: Double { seriesYears > 0 ? 100 * Double(falseAlerts) / seriesYears : 0 }
    public var precision: Double { alerts == 0 ? 0 : Double(alerts - falseAlerts) / Double(alerts) }

    /// Months after `end` during which an alert still counts for the event (recovery is slow).
    public static let defaultGrace = 6

    /// Scores `timeline` against `events`.
    /// - Parameters:
    ///   - dataQualityRules: rule ids that flag a data problem rather than job loss.
    ///   - officialRateMoved: per event id, the month the official unemployment rate moved
    ///     (`nil` or absent: it did not move in the window).
    ///   - seriesYears: number of monitored series × years replayed, the exposure for false alerts.
    ///   - until: the last month replayed, to bound the lead of events whose rate never moved.
    public init(timeline: [TimelineRow], events: [TruthEvent], dataQualityRules: Set<String>,
                officialRateMoved: [String: Period], seriesYears: Double, until: Period? = nil, grace: Int = defaultGrace) {
        var firstAlert: [String: Period] = [:]   // event id -> first matching as-of
        var alertMatched: [String: Bool] = [:]   // alert id -> matched any event
        var alertRule: [String: String] = [:]
        var raised: [String: TimelineRow] = [:]  // alert id -> its first row
        for row in timeline {
            alertRule[row.alertID] = row.rule
            if alertMatched[row.alertID] == nil { alertMatched[row.alertID] = false }
            if raised[row.alertID].map({ row.asOf < $0.asOf }) ?? true { raised[row.alertID] = row }
            let isDQ = dataQualityRules.contains(row.rule)
            for e in events where SkillScore.matches(row, e, isDataQualityRule: isDQ, grace: grace) {
                alertMatched[row.alertID] = true
                if firstAlert[e.id].map({ row.asOf < $0 }) ?? true { firstAlert[e.id] = row.asOf }
            }
        }
        // An event is misread by an alert of the other family raised inside its area (the
        // area itself or below it, not the province around a city) while it runs, when no
        // event of the alert's own family explains it as it is raised.
        var misread: [String: Set<String>] = [:]  // event id -> alert ids of the other family
        for (id, row) in raised {
            let isDQ = dataQualityRules.contains(row.rule)
            guard !events.contains(where: { SkillScore.matches(row, $0, isDataQualityRule: isDQ, grace: grace) }) else { continue }
            for e in events where SkillScore.matches(row, e, isDataQualityRule: !isDQ, grace: grace, inside: true) {
                misread[e.id, default: []].insert(id)
            }
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
        self.alerts = alertMatched.count
        self.falseAlerts = alertMatched.values.filter { !$0 }.count
        self.seriesYears = seriesYears
    }

    /// Whether an alert row is about event `e`: its family, its time (start … end + grace), and
    /// its place — the event's area, an area inside it, or (unless `inside`) one around it.
    static func matches(_ row: TimelineRow, _ e: TruthEvent, isDataQualityRule: Bool, grace: Int, inside: Bool = false) -> Bool {
        guard row.asOf >= e.start, row.asOf <= e.end + grace else { return false }
        guard isDataQualityRule == TruthEvent.dataQualityTypes.contains(e.type) else { return false }
        guard let r = RegionCode(row.region), r.isWithin(e.region) || (!inside && e.region.isWithin(r)) else { return false }
        if let s = e.sector, row.sector != "ALL", !row.sector.isEmpty, row.sector != s { return false }
        if let ent = e.enterpriseID, !row.enterpriseID.isEmpty, row.enterpriseID != ent { return false }
        if e.enterpriseID == nil, !row.enterpriseID.isEmpty { return false }
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

    /// The skill tables as aligned text, for the terminal and BENCHMARKS.md.
    public var table: String {
        func f(_ v: Double?) -> String { v.map { String(format: "%+.1f", $0) } ?? "n/a" }
        var s = "event type                  events  detected  recall  misread  lead to peak  lead to official rate\n"
        for t in types {
            let beyond = t.leadBeyondWindow.map { String(format: ", lead > %+.0f", $0) } ?? ""
            var rate = t.medianLeadToOfficialRate.map { String(format: "%+.1f", $0) }
                ?? (t.detected > 0 ? "rate did not move\(beyond)" : "n/a")
            if t.medianLeadToOfficialRate != nil, t.rateDidNotMove > 0 {
                rate += " (rate did not move for \(t.rateDidNotMove) of \(t.detected)\(beyond))"
            }
            s += t.type.padding(toLength: 28, withPad: " ", startingAt: 0)
            s += String(format: "%6d  %8d  %6.2f  %7d  ", t.events, t.detected, t.recall, t.misread)
            s += f(t.medianLeadToPeak).padding(toLength: 12, withPad: " ", startingAt: 0) + "  " + rate + "\n"
        }
        s += "(lead to official rate: median over the detected events whose surveyed rate moved — a sustained rise of 0.3 point beyond its path against the other cities, or for the province against a year before)\n"
        s += "(misread: alerts of the other family raised in the event's area while it runs that no event of their own family explains when raised — unemployment alerts on a data break, data-quality alerts on job loss)\n"
        s += "\nrule                        alerts  matched  precision\n"
        for r in rules {
            s += r.rule.padding(toLength: 28, withPad: " ", startingAt: 0)
            s += String(format: "%6d  %7d  %9.2f\n", r.alerts, r.matched, r.precision)
        }
        s += String(format: "\nall alerts %d, false %d, precision %.2f, false alerts per 100 series-years %.2f (%.0f series-years)\n",
                    alerts, falseAlerts, precision, falseAlertsPer100SeriesYears, seriesYears)
        return s
    }
}
