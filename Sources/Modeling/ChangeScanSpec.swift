/// What kind of anomaly a flag reports.
public enum AnomalyKind: String, Sendable, CaseIterable {
    /// One month far from its expected value.
    case spike
    /// The level stepped up or down at a month and stayed there.
    case levelShift = "level_shift"
    /// The trend bent at a month before the drift window and kept the new slope.
    case slopeChange = "slope_change"
    /// A slow slide that began within the last `driftWindow` months and is still going.
    case drift
}

/// Parameters of the change scan run on a `SeasonalTrendFit` (see `ChangeScores`).
public struct ChangeScanSpec: Sendable, Equatable {
    /// A change is reported when its standardised scan statistic exceeds this. Default 5:
    /// the maximum of ~100 strongly correlated N(0, 1) statistics exceeds 5 with
    /// probability below 1e-4 per series, so false changes stay far under 1 per 100
    /// series-years, while a 3σ level shift held 12 months scores about 9.
    public let threshold: Double
    /// Months of baseline needed before a change (default 6).
    public let minimumBefore: Int
    /// Months after a level shift's start needed to tell it from a spike (default 3).
    public let minimumAfterLevel: Int
    /// Months after a slope change's start needed to see a slope (default 4).
    public let minimumAfterSlope: Int
    /// Slides starting within this many final months are `drift` (default 12: the
    /// horizon a monthly early warning looks back over).
    public let driftWindow: Int
    /// Standardised residuals are limited to ±clip around their 3-month running median
    /// before scanning, so a spike cannot pose as a short level shift (default 4).
    public let clip: Double

    /// - Throws: `ModelError.invalidSpecification` naming the parameter out of range.
    public init(threshold: Double = 5, minimumBefore: Int = 6, minimumAfterLevel: Int = 3,
                minimumAfterSlope: Int = 4, driftWindow: Int = 12, clip: Double = 4) throws {
        func bad(_ p: String, _ v: Any, _ e: String) -> ModelError {
            .invalidSpecification(parameter: p, value: "\(v)", expected: e)
        }
        guard threshold > 0, threshold.isFinite else { throw bad("threshold", threshold, "a positive number") }
        guard minimumBefore >= 2 else { throw bad("minimumBefore", minimumBefore, "at least 2 months") }
        guard minimumAfterLevel >= 2 else { throw bad("minimumAfterLevel", minimumAfterLevel, "at least 2 months") }
        guard minimumAfterSlope >= 3 else { throw bad("minimumAfterSlope", minimumAfterSlope, "at least 3 months") }
        guard driftWindow >= minimumAfterSlope else { throw bad("driftWindow", driftWindow, "at least minimumAfterSlope") }
        guard clip > 0, clip.isFinite else { throw bad("clip", clip, "a positive number") }
        self.threshold = threshold
        self.minimumBefore = minimumBefore
        self.minimumAfterLevel = minimumAfterLevel
        self.minimumAfterSlope = minimumAfterSlope
        self.driftWindow = driftWindow
        self.clip = clip
    }

    public static let standard = try! ChangeScanSpec()
}
