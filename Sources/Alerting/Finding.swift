/// What one rule found about one subject in a run: a piece of evidence and the subject
/// it belongs to. The combiner turns the findings of a run into graded alerts.
public struct Finding: Sendable, Equatable {
    public var subject: AlertSubject
    public var evidence: Evidence
    /// Enterprise name for enterprise findings.
    public var enterpriseName: String?

    public init(subject: AlertSubject, evidence: Evidence, enterpriseName: String? = nil) {
        self.subject = subject; self.evidence = evidence; self.enterpriseName = enterpriseName
    }

    /// Whether this finding raises (reaches blue) rather than only holds an open alert.
    public var raises: Bool { evidence.level != nil }
}
