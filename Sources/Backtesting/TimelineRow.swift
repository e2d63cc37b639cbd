import Codes
import Foundation

/// One alert open at one replayed month: a row of the backtest timeline CSV
/// `as_of,alert_id,rule,level,status,region_code,sector,group,enterprise_id,score`.
public struct TimelineRow: Sendable, Equatable {
    public let asOf: Period
    public let alertID: String
    public let rule: String
    public let level: String
    public let status: String
    public let region: String
    public let sector: String
    public let group: String
    public let enterpriseID: String
    public let score: Double

    public init(asOf: Period, alertID: String, rule: String, level: String, status: String, region: String,
                sector: String, group: String, enterpriseID: String, score: Double) {
        self.asOf = asOf; self.alertID = alertID; self.rule = rule; self.level = level; self.status = status
        self.region = region; self.sector = sector; self.group = group; self.enterpriseID = enterpriseID; self.score = score
    }

    /// Whether the alert is a data-quality one (its id starts `D-`): a problem in the data,
    /// not job loss.
    public var isDataQuality: Bool { alertID.hasPrefix("D-") }

    public static let header = ["as_of", "alert_id", "rule", "level", "status", "region_code", "sector", "group",
                                "enterprise_id", "score"]

    public var fields: [String] {
        [asOf.description, alertID, rule, level, status, region, sector, group, enterpriseID, String(format: "%.3f", score)]
    }
}
