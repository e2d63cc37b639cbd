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
        /// Distinct alerts of the other family at the event's place and time: unemployment
        /// alerts on a data break (it was read as job loss), data-quality alerts on job loss.
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
    public init(timeline: [TimelineRow], events: [TruthEvent], dataQualityRules: Set<String>,
                officialRateMoved: [String: Period], seriesYears: Double, grace: Int = defaultGrace) {
        var firstAlert: [String: Period] = [:]   // event id -> first matching as-of
        var alertMatched: [String: Bool] = [:]   // alert id -> matched any event
        var alertRule: [String: String] = [:]
        var misread: [String: Set<String>] = [:]  // event id -> alert ids of the other family
        for row in timeline {
            alertRule[row.alertID] = row.rule
            if alertMatched[row.alertID] == nil { alertMatched[row.alertID] = false }
            let isDQ = dataQualityRules.contains(row.rule)
            for e in events where SkillScore.matches(row, e, isDataQualityRule: isDQ, grace: grace) {
                alertMatched[row.alertID] = true
                if firstAlert[e.id].map({ row.asOf < $0 }) ?? true { firstAlert[e.id] = row.asOf }
            }
            for e in events where SkillScore.matches(row, e, isDataQualityRule: !isDQ, grace: grace) {
                misread[e.id, default: []].insert(row.alertID)
            }
        }
        func median(_ v: [Double]) -> Double? {
            guard !v.isEmpty else { return nil }
            let s = v.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        var types: [TypeSkill] = []
        for type in Set(events.map(\.type)).sorted() {
            let es = events.filter { $0.type == type }
            let det = es.filter { firstAlert[$0.id] != nil }
            let leadPeak = det.map { Double($0.peak - firstAlert[$0.id]!) }
            let withRate = det.filter { officialRateMoved[$0.id] != nil }
            let leadRate = withRate.map { Double(officialRateMoved[$0.id]! - firstAlert[$0.id]!) }
            types.append(TypeSkill(type: type, events: es.count, detected: det.count, medianLeadToPeak: median(leadPeak),
                                   medianLeadToOfficialRate: median(leadRate), rateDidNotMove: det.count - withRate.count,
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

    static func matches(_ row: TimelineRow, _ e: TruthEvent, isDataQualityRule: Bool, grace: Int) -> Bool {
        guard row.asOf >= e.start, row.asOf <= e.end + grace else { return false }
        guard isDataQualityRule == TruthEvent.dataQualityTypes.contains(e.type) else { return false }
        guard let r = RegionCode(row.region), r.isWithin(e.region) || e.region.isWithin(r) else { return false }
        if let s = e.sector, row.sector != "ALL", !row.sector.isEmpty, row.sector != s { return false }
        if let ent = e.enterpriseID, !row.enterpriseID.isEmpty, row.enterpriseID != ent { return false }
        if e.enterpriseID == nil, !row.enterpriseID.isEmpty { return false }
        return true
    }

    /// The month an official rate series moved for an event: the first month from `start` on
    /// whose value is at least `rise` (default 0.3 percentage point) above the mean of the 12
    /// months before `start`. `nil` if it never does, or there is no history to compare with.
    public static func officialRateMoved(rate: [Period: Double], start: Period, until: Period, rise: Double = 0.3) -> Period? {
        let base = (1...12).compactMap { rate[start - $0] }
        guard base.count >= 6 else { return nil }
        let mean = base.reduce(0, +) / Double(base.count)
        var m = start
        while m <= until {
            if let v = rate[m], v - mean >= rise { return m }
            m = m + 1
        }
        return nil
    }

    /// The skill tables as aligned text, for the terminal and BENCHMARKS.md.
    public var table: String {
        func f(_ v: Double?) -> String { v.map { String(format: "%+.1f", $0) } ?? "n/a" }
        var s = "event type                  events  detected  recall  misread  lead to peak  lead to official rate\n"
        for t in types {
            let rate = t.medianLeadToOfficialRate.map { String(format: "%+.1f", $0) }
                ?? (t.detected > 0 ? "rate did not move" : "n/a")
            s += t.type.padding(toLength: 28, withPad: " ", startingAt: 0)
            s += String(format: "%6d  %8d  %6.2f  %7d  ", t.events, t.detected, t.recall, t.misread)
            s += f(t.medianLeadToPeak).padding(toLength: 12, withPad: " ", startingAt: 0) + "  " + rate + "\n"
        }
        s += "(misread: alerts of the other family at the event's place and time — unemployment alerts on a data break, data-quality alerts on job loss)\n"
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
