import Alerting

/// One line of `alerts.jsonl`: an alert as a receiving office sees it, documented by
/// `schemas/alerts.schema.json` (whose version is `PublishedAlert.schemaVersion`).
public struct PublishedAlert: Sendable, Codable, Equatable {
    /// Version of the record layout; bumped on any incompatible change.
    public static let schemaVersion = "jobsentry.alert/1"

    public var schema: String
    public var id: String
    public var messageID: String
    public var runID: String
    public var asOf: String
    public var sent: String
    public var audience: Audience
    public var scope: AlertScope
    public var regionCode: String
    public var regionName: String
    public var sector: String
    public var group: String
    public var enterpriseID: String?
    public var enterpriseName: String?
    public var level: AlertLevel
    public var levelRoman: String
    public var status: AlertStatus
    public var previousLevel: AlertLevel?
    public var riskScore: Double
    public var firstRaised: String
    public var lastRaised: String
    /// The message this one updates or cancels (CAP `references`), when there is one.
    public var previousMessageID: String?
    public var previousMessageSent: String?
    public var rules: [String]
    public var headlineEn: String
    public var headlineZh: String
    /// Set when any figure of this alert was withheld from this audience.
    public var suppressed: Suppression?
    public var evidence: [PublishedEvidence]

    enum CodingKeys: String, CodingKey {
        case schema, id, messageID = "message_id", runID = "run_id", asOf = "as_of", sent, audience, scope
        case regionCode = "region_code", regionName = "region_name", sector, group
        case enterpriseID = "enterprise_id", enterpriseName = "enterprise_name", level, levelRoman = "level_roman"
        case status, previousLevel = "previous_level", riskScore = "risk_score", firstRaised = "first_raised"
        case lastRaised = "last_raised", previousMessageID = "previous_message_id"
        case previousMessageSent = "previous_message_sent", rules, headlineEn = "headline_en", headlineZh = "headline_zh"
        case suppressed, evidence
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schema, forKey: .schema); try c.encode(id, forKey: .id)
        try c.encode(messageID, forKey: .messageID); try c.encode(runID, forKey: .runID)
        try c.encode(asOf, forKey: .asOf); try c.encode(sent, forKey: .sent)
        try c.encode(audience, forKey: .audience); try c.encode(scope, forKey: .scope)
        try c.encode(regionCode, forKey: .regionCode); try c.encode(regionName, forKey: .regionName)
        try c.encode(sector, forKey: .sector); try c.encode(group, forKey: .group)
        if audience == .restricted {
            try c.encode(enterpriseID, forKey: .enterpriseID); try c.encode(enterpriseName, forKey: .enterpriseName)
        }
        try c.encode(level, forKey: .level); try c.encode(levelRoman, forKey: .levelRoman)
        try c.encode(status, forKey: .status); try c.encode(previousLevel, forKey: .previousLevel)
        try c.encode(riskScore, forKey: .riskScore); try c.encode(firstRaised, forKey: .firstRaised)
        try c.encode(lastRaised, forKey: .lastRaised)
        try c.encode(previousMessageID, forKey: .previousMessageID)
        try c.encode(previousMessageSent, forKey: .previousMessageSent)
        try c.encode(rules, forKey: .rules)
        try c.encode(headlineEn, forKey: .headlineEn); try c.encode(headlineZh, forKey: .headlineZh)
        try c.encode(suppressed, forKey: .suppressed); try c.encode(evidence, forKey: .evidence)
    }
}

/// One piece of evidence in `alerts.jsonl`; figures are `null` when missing or suppressed.
public struct PublishedEvidence: Sendable, Codable, Equatable {
    public var rule: String
    public var signal: String
    public var period: String
    public var observed: Double?
    public var expected: Double?
    public var lower: Double?
    public var upper: Double?
    /// Coverage of `lower`…`upper` (0.95 a model's prediction interval, 0.9 a forecast's).
    public var intervalLevel: Double?
    public var measure: Double?
    public var measureName: String
    public var level: AlertLevel?
    public var changeStart: String?
    public var detailEn: String
    public var detailZh: String
    public var recent: [Double?]
    /// The model's expected values for the same months as `recent` (empty without a model).
    public var recentExpected: [Double?]
    public var suppressed: Suppression?

    enum CodingKeys: String, CodingKey {
        case rule, signal, period, observed, expected, lower, upper, intervalLevel = "interval_level", measure, measureName = "measure_name", level
        case changeStart = "change_start", detailEn = "detail_en", detailZh = "detail_zh", recent
        case recentExpected = "recent_expected", suppressed
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule); try c.encode(signal, forKey: .signal); try c.encode(period, forKey: .period)
        try c.encode(observed, forKey: .observed); try c.encode(expected, forKey: .expected)
        try c.encode(lower, forKey: .lower); try c.encode(upper, forKey: .upper)
        try c.encodeIfPresent(intervalLevel, forKey: .intervalLevel); try c.encode(measure, forKey: .measure)
        try c.encode(measureName, forKey: .measureName); try c.encode(level, forKey: .level)
        try c.encode(changeStart, forKey: .changeStart); try c.encode(detailEn, forKey: .detailEn)
        try c.encode(detailZh, forKey: .detailZh); try c.encode(recent, forKey: .recent)
        try c.encode(recentExpected, forKey: .recentExpected)
        try c.encode(suppressed, forKey: .suppressed)
    }

    init(_ e: Evidence, suppressed: Suppression?) {
        func finite(_ v: Double?) -> Double? { v.flatMap { $0.isFinite ? $0 : nil } }
        rule = e.rule; signal = e.signal; period = e.period; measureName = e.measureName; level = e.level
        changeStart = e.changeStart; self.suppressed = suppressed
        if suppressed == nil {
            observed = finite(e.observed); expected = finite(e.expected); lower = finite(e.lower); upper = finite(e.upper)
            intervalLevel = e.intervalLevel
            measure = finite(e.measure); detailEn = e.detail; detailZh = e.detailZh; recent = e.recent.map(finite)
            recentExpected = e.recentExpected.map(finite)
        } else {
            observed = nil; expected = nil; lower = nil; upper = nil; intervalLevel = nil; measure = nil; recent = []; recentExpected = []
            detailEn = "\(e.signal): figures withheld by disclosure control (\(suppressed!.rawValue))"
            detailZh = "\(e.signal)：依据信息披露控制规则不予公开（\(suppressed!.rawValue)）"
        }
    }
}
