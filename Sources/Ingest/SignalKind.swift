/// The seven kinds of input file (DESIGN.md, "Input signals").
public enum SignalKind: String, CaseIterable, Sendable, CustomStringConvertible {
    /// 工资发放: enterprise × month.
    case payroll
    /// 社保缴纳: enterprise × month.
    case insurance
    /// 失业保险金申领: region [× sector] [× group] × month.
    case claims
    /// 铁路/移动信令: region × day.
    case transport
    /// 统计调查: region [× group] × month.
    case survey
    /// 重点企业名录: the enterprise registry.
    case enterprises
    /// Any other monthly series, in the generic long format.
    case series

    public var description: String { rawValue }

    /// Columns a file of this kind must have.
    public var requiredColumns: [String] {
        switch self {
        case .payroll: return ["period", "enterprise_id", "region_code", "sector", "headcount", "wages_cny"]
        case .insurance: return ["period", "enterprise_id", "region_code", "sector", "insured", "enrolled", "separated"]
        case .claims: return ["period", "region_code", "new_claims", "recipients"]
        case .transport: return ["date", "region_code"]
        case .survey: return ["period", "region_code"]
        case .enterprises: return ["enterprise_id", "name", "region_code", "sector"]
        case .series: return ["period", "region_code", "sector", "signal", "value"]
        }
    }

    /// Columns a file of this kind may have.
    public var optionalColumns: [String] {
        switch self {
        case .payroll: return ["days_late"]
        case .insurance: return ["arrears_cny"]
        case .claims: return ["sector", "group"]
        case .transport: return ["rail_departures", "rail_arrivals", "mobile_population", "mobile_inflow", "mobile_outflow"]
        case .survey: return ["group", "surveyed_unemployment_rate", "youth_unemployment_rate", "registered_unemployment_rate",
                              "new_urban_jobs", "job_vacancies", "job_seekers"]
        case .enterprises: return ["key_enterprise"]
        case .series: return ["group"]
        }
    }

    /// Whether rows are per enterprise (de-duplicated by enterprise and month).
    public var isEnterpriseLevel: Bool { self == .payroll || self == .insurance }

    /// Guesses the kind from a header: the kind whose required columns are all present
    /// and whose distinctive columns match most. `nil` if none fits.
    public static func detect(header: [String]) -> SignalKind? {
        let names = Set(header)
        func has(_ c: String) -> Bool { names.contains(c) }
        // Survey and transport need only keys; they also need one of their measures.
        let candidates = SignalKind.allCases.filter { k in
            k.requiredColumns.allSatisfy(has)
                && (k != .survey && k != .transport || k.optionalColumns.contains { $0 != "group" && has($0) })
        }
        // Distinctive columns decide between kinds whose required sets overlap
        // (survey and transport need only two columns).
        let scored = candidates.map { k -> (SignalKind, Int) in
            let hits = (k.requiredColumns + k.optionalColumns).filter(has).count
            let extra = names.subtracting(k.requiredColumns + k.optionalColumns).count
            return (k, hits * 10 - extra)
        }
        return scored.max { $0.1 < $1.1 }?.0
    }
}
