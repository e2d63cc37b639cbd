/// A graded alert about one subject after a run: its level, risk score, status in the
/// lifecycle and every piece of evidence behind it.
public struct Alert: Sendable, Codable, Equatable {
    /// Stable identity across runs (see `AlertSubject.id`).
    public var id: String
    public var subject: AlertSubject
    /// Enterprise name, for enterprise alerts (restricted audience only).
    public var enterpriseName: String?
    public var level: AlertLevel
    /// Level in the previous run, when the alert was open then.
    public var previousLevel: AlertLevel?
    public var status: AlertStatus
    /// Risk score used for ranking; see `AlertCombiner` for the formula.
    public var riskScore: Double
    /// Month the run looked at (YYYY-MM).
    public var asOf: String
    /// Month the alert was first raised and month it was last raised (YYYY-MM).
    public var firstRaised: String
    public var lastRaised: String
    /// Ids of the rules whose evidence is attached, most severe first.
    public var rules: [String]
    public var evidence: [Evidence]
    /// One-line headlines a person can read.
    public var headline: String
    public var headlineZh: String
    /// How many CAP messages were published before for this alert, and the identifier
    /// of the last one, so that updates and cancellations can reference it.
    public var sequence: Int
    public var previousMessageID: String?
    public var previousMessageSent: String?
    /// Identifier of this run's message about the alert (`<id>-m<sequence>`) and when it
    /// was sent (ISO 8601 with offset, as CAP wants).
    public var messageID: String { "\(id)-m\(sequence)" }
    public var sent: String

    public init(id: String, subject: AlertSubject, enterpriseName: String? = nil, level: AlertLevel,
                previousLevel: AlertLevel? = nil, status: AlertStatus, riskScore: Double, asOf: String,
                firstRaised: String, lastRaised: String, rules: [String], evidence: [Evidence],
                headline: String, headlineZh: String, sequence: Int = 0,
                previousMessageID: String? = nil, previousMessageSent: String? = nil, sent: String) {
        self.id = id; self.subject = subject; self.enterpriseName = enterpriseName; self.level = level
        self.previousLevel = previousLevel; self.status = status; self.riskScore = riskScore; self.asOf = asOf
        self.firstRaised = firstRaised; self.lastRaised = lastRaised; self.rules = rules
        self.evidence = evidence; self.headline = headline; self.headlineZh = headlineZh
        self.sequence = sequence; self.previousMessageID = previousMessageID
        self.previousMessageSent = previousMessageSent; self.sent = sent
    }
}
