/// What the store remembers about an alert between runs.
public struct AlertState: Sendable, Codable, Equatable {
    public var id: String
    public var subject: AlertSubject
    public var enterpriseName: String?
    public var level: AlertLevel
    public var isOpen: Bool
    public var firstRaised: String
    public var lastRaised: String
    /// Runs in a row in which no rule reached blue while the alert was open.
    public var quietRuns: Int
    /// Messages published so far, the last one's identifier and sent time.
    public var sequence: Int
    public var lastMessageID: String
    public var lastMessageSent: String

    public init(_ a: Alert, quietRuns: Int) {
        id = a.id; subject = a.subject; enterpriseName = a.enterpriseName; level = a.level; isOpen = a.status.isOpen
        firstRaised = a.firstRaised; lastRaised = a.lastRaised; self.quietRuns = quietRuns
        sequence = a.sequence; lastMessageID = a.messageID; lastMessageSent = a.sent
    }
}

/// Moves alerts from one run to the next, with hysteresis.
///
/// - A subject with evidence at blue or above is raised: `new` if it had no open alert,
///   else `escalated`, `de-escalated` or `continuing` by comparing levels.
/// - An open alert whose evidence is only between its rules' clear and raise thresholds
///   is held at blue (`de-escalated` if it was higher, else `continuing`) and counts a
///   quiet run; after `LifecyclePolicy.quietMonths` quiet runs it is `resolved`.
/// - An open alert with no evidence at or above clear is `resolved` at once.
public struct AlertLifecycle: Sendable {
    public let config: AlertConfig
    public init(config: AlertConfig) { self.config = config }

    public struct Outcome: Sendable {
        /// Open and just-resolved alerts, highest risk first.
        public var alerts: [Alert]
        /// Every state after the run (closed ones included, so ids keep their sequence).
        public var states: [AlertState]
    }

    public func advance(previous: [AlertState], findings: [Finding], asOf: String, sent: String) -> Outcome {
        let candidates = AlertCombiner(config: config).combine(findings)
        var prior: [String: AlertState] = [:]
        for p in previous { prior[p.id] = p }
        var alerts: [Alert] = []
        var states: [String: AlertState] = prior
        var touched = Set<String>()

        for c in candidates {
            let id = c.subject.id
            let before = prior[id]
            let wasOpen = before?.isOpen ?? false
            var level: AlertLevel, status: AlertStatus, quiet = 0
            if let l = c.level {
                level = l
                if !wasOpen { status = .new }
                else if l > before!.level { status = .escalated }
                else if l < before!.level { status = .deescalated }
                else { status = .continuing }
            } else {
                guard wasOpen, let b = before else { continue }  // holding evidence without an open alert
                quiet = b.quietRuns + 1
                level = .blue
                if quiet >= config.lifecycle.quietMonths { status = .resolved; level = b.level }
                else { status = b.level > .blue ? .deescalated : .continuing }
            }
            touched.insert(id)
            let raisedNow = c.level != nil
            let first = wasOpen ? before!.firstRaised : asOf
            let last = raisedNow ? asOf : (before?.lastRaised ?? asOf)
            var a = Alert(id: id, subject: c.subject, enterpriseName: c.enterpriseName ?? before?.enterpriseName, level: level,
                          previousLevel: wasOpen ? before!.level : nil, status: status, riskScore: c.riskScore,
                          asOf: asOf, firstRaised: first, lastRaised: last, rules: c.rules, evidence: c.evidence,
                          headline: "", headlineZh: "", sequence: (before?.sequence ?? 0) + 1,
                          previousMessageID: wasOpen ? before!.lastMessageID : nil,
                          previousMessageSent: wasOpen ? before!.lastMessageSent : nil, sent: sent)
            (a.headline, a.headlineZh) = Headline.make(a, config: config)
            alerts.append(a)
            states[id] = AlertState(a, quietRuns: quiet)
        }
        // Open alerts nothing was found about any more.
        for p in previous where p.isOpen && !touched.contains(p.id) {
            var a = Alert(id: p.id, subject: p.subject, enterpriseName: p.enterpriseName, level: p.level, previousLevel: p.level, status: .resolved,
                          riskScore: 0, asOf: asOf, firstRaised: p.firstRaised, lastRaised: p.lastRaised, rules: [],
                          evidence: [], headline: "", headlineZh: "", sequence: p.sequence + 1,
                          previousMessageID: p.lastMessageID, previousMessageSent: p.lastMessageSent, sent: sent)
            (a.headline, a.headlineZh) = Headline.make(a, config: config)
            alerts.append(a)
            states[p.id] = AlertState(a, quietRuns: 0)
        }
        alerts.sort { ($0.status == .resolved ? 1 : 0, -$0.riskScore, $0.id) < ($1.status == .resolved ? 1 : 0, -$1.riskScore, $1.id) }
        return Outcome(alerts: alerts, states: states.values.sorted { $0.id < $1.id })
    }
}
