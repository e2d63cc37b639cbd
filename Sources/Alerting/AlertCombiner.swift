/// Turns the findings about one subject into one graded candidate alert
/// (see `CombinationPolicy` for the level and risk-score formulas).
public struct AlertCombiner: Sendable {
    public let config: AlertConfig
    public init(config: AlertConfig) { self.config = config }

    /// A subject's combined view in this run.
    public struct Candidate: Sendable, Equatable {
        public var subject: AlertSubject
        public var enterpriseName: String?
        /// `nil` when no rule reaches blue (the findings can only hold an open alert).
        public var level: AlertLevel?
        public var riskScore: Double
        /// Evidence, most severe first.
        public var evidence: [Evidence]
        public var rules: [String]
    }

    /// One candidate per subject, in subject order.
    public func combine(_ findings: [Finding]) -> [Candidate] {
        var bySubject: [AlertSubject: [Finding]] = [:]
        for f in findings { bySubject[f.subject, default: []].append(f) }
        // Subject order is id order; each id is made once (an enterprise's hashes its credit
        // code), not twice per comparison of the sort.
        let ordered = bySubject.keys.map { ($0.id, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        return ordered.map { subject in
            let fs = bySubject[subject]!
            let evidence = fs.map(\.evidence).sorted { strength($0) > strength($1) }
            // The strongest piece of evidence of each rule speaks for that rule.
            var perRule: [Evidence] = []
            for e in evidence where !perRule.contains(where: { $0.rule == e.rule }) { perRule.append(e) }
            var level = perRule.compactMap(\.level).max()
            if let top = level {
                let others = perRule.dropFirst().filter { ($0.level ?? .blue) >= .yellow && $0.level != nil }.count
                if others >= config.combination.corroboratingRules { level = top.raised(by: 1) }
            }
            let s = perRule.map(strength)
            let risk = s.isEmpty ? 0 : 10 * s[0] + 2.5 * s.dropFirst().reduce(0, +)
            return Candidate(subject: subject, enterpriseName: fs.compactMap(\.enterpriseName).first, level: level,
                             riskScore: (risk * 100).rounded() / 100, evidence: evidence, rules: perRule.map(\.rule))
        }
    }

    /// Level points plus the fraction of the way to the next level, pᵢ + eᵢ; for evidence
    /// below blue, the fraction of the way from clear to blue.
    func strength(_ e: Evidence) -> Double {
        guard let rule = config.rule(e.rule) else { return 0 }
        let t = rule.thresholds
        func frac(_ a: Double, _ b: Double) -> Double { b > a ? min(0.99, max(0, (e.measure - a) / (b - a))) : 0 }
        guard let level = e.level else { return frac(rule.clear, t.blue) }
        let extra: Double
        switch level {
        case .blue: extra = frac(t.blue, t.yellow)
        case .yellow: extra = frac(t.yellow, t.orange)
        case .orange: extra = frac(t.orange, t.red)
        case .red: extra = frac(t.red, t.red + max(t.red - t.orange, 1e-9))
        }
        return Double(level.points) + extra
    }
}
