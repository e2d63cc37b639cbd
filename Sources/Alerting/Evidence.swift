/// One reason behind an alert: what a rule saw in one signal in one month.
///
/// `measure` is the rule's own "higher is worse" quantity (a shortfall in robust
/// standard deviations, percentage points above a ceiling, people laid off …) that
/// its thresholds are written in; `observed`, `expected` and the interval are in the
/// signal's units so that a reader can check the arithmetic.
public struct Evidence: Sendable, Codable, Equatable {
    /// Rule that produced this evidence (its `id` in the config).
    public var rule: String
    /// Panel signal name (or the enterprise field) the rule looked at.
    public var signal: String
    /// Month the evidence refers to (YYYY-MM).
    public var period: String
    /// Value seen.
    public var observed: Double
    /// Value the model expected from trend, season and the festival, when there is one.
    public var expected: Double?
    /// Lower and upper ends of the expected value's interval, at `intervalLevel`.
    public var lower: Double?
    public var upper: Double?
    /// Coverage the interval is built for: `SeriesModel.predictionLevel` (0.95) for a
    /// model's one-month prediction interval, `PathForecast.level` (0.9) for a forecast's
    /// conformal interval; `nil` when there is no interval (or a record written before it
    /// was carried).
    public var intervalLevel: Double?
    /// The rule's measure, compared against its thresholds.
    public var measure: Double
    /// What `measure` is, e.g. `robust_z_shortfall`, `points_above_ceiling`.
    public var measureName: String
    /// Level this evidence alone reaches; `nil` when it only holds an open alert
    /// (between the clear and the raise thresholds).
    public var level: AlertLevel?
    /// Month the change began, when the rule can tell (YYYY-MM).
    public var changeStart: String?
    /// One sentence in English and one in Chinese saying what was seen.
    public var detail: String
    public var detailZh: String
    /// The last months of the signal up to `period`, oldest first, for charts.
    public var recent: [Double]
    /// Expected values for the same months (empty when there is no model).
    public var recentExpected: [Double]

    public init(rule: String, signal: String, period: String, observed: Double, expected: Double? = nil,
                lower: Double? = nil, upper: Double? = nil, intervalLevel: Double? = nil, measure: Double, measureName: String,
                level: AlertLevel?, changeStart: String? = nil, detail: String, detailZh: String,
                recent: [Double] = [], recentExpected: [Double] = []) {
        self.rule = rule; self.signal = signal; self.period = period; self.observed = observed
        self.expected = expected; self.lower = lower; self.upper = upper; self.intervalLevel = intervalLevel; self.measure = measure
        self.measureName = measureName; self.level = level; self.changeStart = changeStart
        self.detail = detail; self.detailZh = detailZh; self.recent = recent; self.recentExpected = recentExpected
    }
}
