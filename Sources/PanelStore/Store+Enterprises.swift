import Codes
import Foundation
import GRDB

extension Store {
    /// Enterprise-month rows (payroll and insurance merged), ordered by enterprise then
    /// month: the input of enterprise-level rules (mass layoff: a one-month headcount cut
    /// of 20 or more, or of 10% or more; wage arrears: days late, wages falling while
    /// headcount holds, contribution arrears).
    /// - Parameters:
    ///   - enterpriseID: one enterprise, or all when `nil`.
    ///   - from, through: month range (inclusive), open when `nil`.
    public func enterpriseMonthly(enterpriseID: String? = nil, from: Period? = nil,
                                  through: Period? = nil) throws -> [EnterpriseMonth] {
        try db.read { db in
            var sql = "SELECT * FROM enterprise_month WHERE period >= ? AND period <= ?"
            var args: [DatabaseValueConvertible?] = [from?.index ?? Int.min, through?.index ?? Int.max]
            if let e = enterpriseID { sql += " AND enterprise_id = ?"; args.append(e) }
            sql += " ORDER BY enterprise_id, period"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { r in
                EnterpriseMonth(enterpriseID: r["enterprise_id"], period: Period(index: r["period"]),
                                region: r["region"], sector: r["sector"], headcount: r["headcount"],
                                wagesCNY: r["wages_cny"], daysLate: r["days_late"], insured: r["insured"],
                                enrolled: r["enrolled"], separated: r["separated"], arrearsCNY: r["arrears_cny"])
            }
        }
    }

    /// The enterprise registry, ordered by credit code.
    public func enterprises() throws -> [Enterprise] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM enterprise ORDER BY enterprise_id").map { r in
                Enterprise(enterpriseID: r["enterprise_id"], name: r["name"], region: r["region"],
                           sector: r["sector"], isKeyEnterprise: (r["key_enterprise"] as Int) != 0)
            }
        }
    }
}
