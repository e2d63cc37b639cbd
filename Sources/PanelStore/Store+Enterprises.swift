import Codes
import Foundation
import GRDB

extension Store {
    /// Enterprise-month rows (payroll and insurance merged; for each kind the latest file
    /// within the vintage that has the row wins), ordered by enterprise then month: the
    /// figures behind enterprise-level rules (mass layoff, wage arrears). One struct per
    /// row: meant for one enterprise or a few months; whole provinces go through
    /// `enterpriseSeries`.
    /// - Parameters:
    ///   - enterpriseID: one enterprise (only the blocks holding it are read), or all when `nil`.
    ///   - from, through: month range (inclusive), open when `nil`.
    ///   - knownAt: which vintage (default: everything ingested).
    public func enterpriseMonthly(enterpriseID: String? = nil, from: Period? = nil, through: Period? = nil,
                                  knownAt: KnownAt = .latest) throws -> [EnterpriseMonth] {
        try snapshot(knownAt: knownAt, parts: .enterprises, enterpriseID: enterpriseID)
            .enterpriseMonthly(enterpriseID: enterpriseID, from: from, through: through, knownAt: knownAt)
    }

    /// Every enterprise's monthly series from `from` through `through` as known at
    /// `knownAt` (see `FactSnapshot.enterpriseSeries`).
    public func enterpriseSeries(from: Period, through: Period, knownAt: KnownAt = .latest) throws -> [EnterpriseMonthlySeries] {
        try snapshot(knownAt: knownAt, parts: .enterprises).enterpriseSeries(from: from, through: through, knownAt: knownAt)
    }

    /// The enterprise registry, ordered by credit code.
    public func enterprises() throws -> [Enterprise] {
        try db.read { db in
            // Columns by position and a cursor: a province registry has 110,000 rows.
            var out: [Enterprise] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT enterprise_id, name, region, sector, key_enterprise FROM enterprise ORDER BY enterprise_id")
            while let r = try rows.next() {
                out.append(Enterprise(enterpriseID: r[0], name: r[1], region: r[2], sector: r[3], isKeyEnterprise: (r[4] as Int) != 0))
            }
            return out
        }
    }
}
