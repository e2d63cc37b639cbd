import Codes
import TabularIO

/// A what-if change to the data: which series it touches and how they move.
///
/// Written inline as comma-separated `key=value` pairs, e.g.
/// `region=430100,sector=C,signal=payroll_headcount,change=-15%,from=2024-03,months=6,ramp=2`.
public struct Shock: Sendable, Equatable, CustomStringConvertible {
    /// How large the change is.
    public enum Change: Sendable, Equatable {
        /// A fraction of the value: −0.15 for `-15%`.
        case relative(Double)
        /// An amount in the signal's own unit, added to the selection's total (`-300`).
        case absolute(Double)
    }

    /// Region code; a city or province code covers everything inside it. `nil` = everywhere.
    public var region: RegionCode?
    /// Sector section; `nil` = every sector.
    public var sector: Sector?
    /// Key group; `nil` = every group.
    public var group: String?
    /// One enterprise (Unified Social Credit Code): its own figures change, and the area
    /// series of its county and sector by the same amount (`EnterpriseShocks`). Its place
    /// comes from the register, so region, sector and group are not given with it.
    public var enterprise: String?
    /// Panel signal name, e.g. `payroll_headcount`.
    public var signal: String
    public var change: Change
    /// First shocked month; `nil` = the scenario's as-of month.
    public var from: Period?
    /// Number of shocked months; `nil` = to the end of the data and forecast horizon.
    public var months: Int?
    /// Months over which the change builds up linearly to its full size (0 = at once).
    public var ramp: Int

    public init(region: RegionCode? = nil, sector: Sector? = nil, group: String? = nil, enterprise: String? = nil,
                signal: String, change: Change, from: Period? = nil, months: Int? = nil, ramp: Int = 0) {
        self.region = region; self.sector = sector; self.group = group; self.enterprise = enterprise; self.signal = signal
        self.change = change; self.from = from; self.months = months; self.ramp = ramp
    }

    /// Why a shock specification was not understood.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let spec: String
        public let message: String
        public var description: String { "invalid shock \"\(spec)\": \(message)" }
    }

    public static let keys = ["region", "sector", "group", "enterprise", "signal", "change", "from", "months", "ramp"]

    /// Parses the inline form.
    /// - Throws: `ParseError` naming the key and what was expected.
    public init(parsing spec: String) throws {
        var fields: [String: String] = [:]
        for part in spec.split(separator: ",", omittingEmptySubsequences: true) {
            let kv = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters() }
            guard kv.count == 2, !kv[0].isEmpty else {
                throw ParseError(spec: spec, message: "expected key=value, found \"\(part)\"")
            }
            guard Shock.keys.contains(kv[0]) else {
                throw ParseError(spec: spec, message: "unknown key \"\(kv[0])\"; expected one of \(Shock.keys.joined(separator: ", "))")
            }
            guard fields[kv[0]] == nil else { throw ParseError(spec: spec, message: "key \"\(kv[0])\" given twice") }
            fields[kv[0]] = kv[1]
        }
        try self.init(fields: fields, spec: spec)
    }

    /// Builds a shock from already split fields (the inline form or a scenario file entry).
    public init(fields: [String: String], spec: String) throws {
        func fail(_ m: String) -> ParseError { ParseError(spec: spec, message: m) }
        guard let signal = fields["signal"], !signal.isEmpty else { throw fail("signal=NAME is required, e.g. signal=payroll_headcount") }
        guard let c = fields["change"] else { throw fail("change= is required, e.g. change=-15% or change=-300") }
        var region: RegionCode?
        if let r = fields["region"] {
            guard let code = RegionCode(r) else { throw fail("region must be a 6-digit division code such as 430100, found \"\(r)\"") }
            region = code
        }
        var sector: Sector?
        if let s = fields["sector"] {
            guard let sec = Sector(s) else { throw fail("sector must be a section letter A-T or a 2-digit division, found \"\(s)\"") }
            sector = sec.isAll ? nil : sec
        }
        let change: Change
        if c.hasSuffix("%") {
            guard let p = Double(c.dropLast()), p.isFinite, p > -100 else {
                throw fail("change must be a percentage above -100% such as -15%, found \"\(c)\"")
            }
            change = .relative(p / 100)
        } else {
            guard let a = Double(c), a.isFinite else { throw fail("change must be a percentage (-15%) or an amount (-300), found \"\(c)\"") }
            change = .absolute(a)
        }
        var from: Period?
        if let f = fields["from"] {
            guard let p = Period(f) else { throw fail("from must be a month YYYY-MM, found \"\(f)\"") }
            from = p
        }
        var months: Int?
        if let m = fields["months"] {
            guard let n = Int(m), n > 0 else { throw fail("months must be a positive whole number, found \"\(m)\"") }
            months = n
        }
        var ramp = 0
        if let r = fields["ramp"] {
            guard let n = Int(r), n >= 0 else { throw fail("ramp must be a whole number of months ≥ 0, found \"\(r)\"") }
            ramp = n
        }
        let group = fields["group"].flatMap { $0.isEmpty || $0 == "ALL" ? nil : $0 }
        var enterprise: String?
        if let e = fields["enterprise"] {
            switch CreditCode.validate(e) {
            case .success(let code): enterprise = code.text
            case .failure(let problem): throw fail("enterprise must be a Unified Social Credit Code: \(problem)")
            }
            if fields["region"] != nil || fields["sector"] != nil || group != nil {
                throw fail("enterprise= takes its region and sector from the enterprise register; leave out region, sector and group")
            }
            guard EnterpriseShocks.signals[signal] != nil else {
                throw fail("an enterprise shock changes \(EnterpriseShocks.signals.keys.sorted().joined(separator: " or ")), not \(signal)")
            }
        }
        if case .absolute = change, region == nil, enterprise == nil {
            throw fail("an absolute change needs region= so the amount has a total to be shared over")
        }
        self.init(region: region, sector: sector, group: group, enterprise: enterprise, signal: signal, change: change,
                  from: from, months: months, ramp: ramp)
    }

    /// Share of the full change applied in the `i`-th shocked month (0-based): a linear
    /// build-up over `ramp` months, then 1.
    public func rampFactor(_ i: Int) -> Double {
        ramp == 0 ? 1 : min(1, Double(i + 1) / Double(ramp))
    }

    public var description: String {
        var parts: [String] = []
        if let enterprise { parts.append("enterprise=\(enterprise)") }
        if let region { parts.append("region=\(region)") }
        if let sector { parts.append("sector=\(sector)") }
        if let group { parts.append("group=\(group)") }
        parts.append("signal=\(signal)")
        switch change {
        case .relative(let r): parts.append("change=\(NumberText.exact(r * 100))%")
        case .absolute(let a): parts.append("change=\(NumberText.exact(a))")
        }
        if let from { parts.append("from=\(from)") }
        if let months { parts.append("months=\(months)") }
        if ramp > 0 { parts.append("ramp=\(ramp)") }
        return parts.joined(separator: ",")
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
