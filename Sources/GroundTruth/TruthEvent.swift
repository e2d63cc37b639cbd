import Codes

/// One row of `truth.csv`: what was injected (or is documented) where and when, or, for type
/// `none`, what must stay quiet.
///
/// The one truth type of the project: `jobsentry generate` writes it and the backtest scores
/// against it, so the shape of each event (how long it slides, when it peaks) is stated here
/// once for both.
public struct TruthEvent: Sendable, Equatable {
    public let id: String
    public let type: EventType
    public let region: RegionCode
    /// `nil` means all sectors (`ALL` in the file).
    public let sector: String?
    public let enterpriseID: String?
    public let start: Period
    /// Last month of the event (inclusive); for lasting changes, the last month of the data.
    public let end: Period
    /// Size of the event; for each type, see `EventType`, for `none` rows see `QuietCause`.
    public let magnitude: Double
    /// Why a `none` row must stay quiet; `nil` for events.
    public let cause: QuietCause?
    /// For `none` rows, the column or series the hazard touches (`headcount`, `new_claims`,
    /// `youth_unemployment_rate`, …), so a reader of the skill table sees what was tried;
    /// empty when not stated.
    public let signal: String

    public init(id: String, type: EventType, region: RegionCode, sector: String?, enterpriseID: String?,
                start: Period, end: Period, magnitude: Double, cause: QuietCause? = nil, signal: String = "") {
        self.id = id; self.type = type; self.region = region; self.sector = sector
        self.enterpriseID = enterpriseID; self.start = start; self.end = end; self.magnitude = magnitude
        self.cause = cause; self.signal = signal
    }

    /// The same row under another id.
    public func renumbered(_ id: String) -> TruthEvent {
        TruthEvent(id: id, type: type, region: region, sector: sector, enterpriseID: enterpriseID, start: start, end: end,
                   magnitude: magnitude, cause: cause, signal: signal)
    }

    /// Intensity 0...1 of the event in `month`, the profile its magnitude is multiplied by:
    /// a downturn slides over `type.slideMonths`, holds to `end` and recovers over
    /// `type.recoveryMonths`; a deterioration or arrears build up linearly to `end` (arrears are
    /// then repaid, a deterioration stays); a layoff or break is a step; a shortfall lasts its window.
    public func intensity(at month: Period) -> Double {
        guard month >= start else { return 0 }
        let t = month - start, d = end - start
        switch type {
        case .sectorDownturn, .provinceShock:
            if month <= end { return min(1, Double(t + 1) / Double(type.slideMonths)) }
            return max(0, 1 - Double(month - end) / Double(type.recoveryMonths))
        case .gradualDeterioration:
            return month <= end ? Double(t + 1) / Double(d + 1) : 1
        case .massLayoff, .dataBreak, .other:
            return 1
        case .wageArrears:
            return month <= end ? Double(t + 1) / Double(d + 1) : 0
        case .migrantOutflowShortfall, .quiet:
            return month <= end ? 1 : 0
        }
    }

    /// The month the event reaches its full size: the last month of a downturn's slide (never
    /// after `end`), the end of a build-up, else its start.
    public var peak: Period {
        switch type {
        case .gradualDeterioration, .wageArrears: return end
        case .sectorDownturn, .provinceShock: return min(start + (type.slideMonths - 1), end)
        default: return start
        }
    }
}
