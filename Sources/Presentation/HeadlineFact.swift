/// What a headline needs to know about an alert's strongest finding: the rule's kind and
/// the figures of its evidence, in the signal's units. Built by the alert stage, worded here.
public struct HeadlineFact: Sendable, Equatable {
    /// The rule kind's config spelling (`contraction`, `ceiling`, `mass_layoff` …). A kind
    /// this layer does not know yet gets a generic "signal observed (expected …)" sentence.
    public var kind: String
    /// Panel signal or enterprise field the rule looked at (see `SignalName`).
    public var signal: String
    /// Month of the evidence (YYYY-MM).
    public var period: String
    public var observed: Double
    public var expected: Double?
    public var lower: Double?
    public var upper: Double?
    /// The rule's measure (z, points, probability, multiples …), in the rule's own terms.
    public var measure: Double
    /// Month the change began, when the rule can tell (YYYY-MM).
    public var changeStart: String?
    /// The rule's plan ceiling, for ceiling kinds (in the signal's units).
    public var ceiling: Double?

    public init(kind: String, signal: String, period: String, observed: Double, expected: Double? = nil,
                lower: Double? = nil, upper: Double? = nil, measure: Double, changeStart: String? = nil,
                ceiling: Double? = nil) {
        self.kind = kind; self.signal = signal; self.period = period; self.observed = observed
        self.expected = expected; self.lower = lower; self.upper = upper; self.measure = measure
        self.changeStart = changeStart; self.ceiling = ceiling
    }
}
