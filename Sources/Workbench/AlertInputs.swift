import Codes
import PanelData
import PanelStore

/// What the alert stage reads as of a month: the area panel and the enterprise series
/// aligned to its months.
public struct AlertInputs: Sendable {
    public var panel: Panel
    public var enterprises: [EnterpriseSeries]

    public init(panel: Panel, enterprises: [EnterpriseSeries]) { self.panel = panel; self.enterprises = enterprises }

    /// The panel's last month, or `nil` when it holds none.
    public var lastMonth: Period? { panel.periodCount > 0 ? panel.start + (panel.periodCount - 1) : nil }

    /// The last month with payroll or insurance data (`Panel.mainSourceSignals`), else the
    /// panel's last month: a survey or transport file running ahead must not make every
    /// payroll-based rule read its absence as a collapse, so no month past it is judged.
    public var dataEnd: Period? { panel.lastObservedMonth(signals: Panel.mainSourceSignals) ?? lastMonth }
}

/// Where input assembly reads from: the store's fact blocks, read once, and its enterprise
/// registry. Every command that evaluates — `run`, `backtest`, `scenario`, `report` — assembles
/// its inputs through `inputs(asOf:knownAt:)`.
public struct InputSource: Sendable {
    public let facts: FactSnapshot
    /// The enterprise registry by credit code (names and key-enterprise flags).
    public let registry: [String: Enterprise]

    public init(facts: FactSnapshot, registry: [String: Enterprise]) { self.facts = facts; self.registry = registry }

    /// Reads `store` once: the fact blocks of every file up to `knownAt`'s vintage, and the registry.
    public init(store: Store, knownAt: KnownAt = .latest) throws {
        self.init(facts: try store.snapshot(knownAt: knownAt), registry: try Self.registry(store))
    }

    /// The registry of `store` by credit code.
    public static func registry(_ store: Store) throws -> [String: Enterprise] {
        var registry: [String: Enterprise] = [:]
        for e in try store.enterprises() { registry[e.enterpriseID] = e }
        return registry
    }

    /// The panel up to `asOf` (every month when `nil`) as known at `knownAt`, and the
    /// enterprise series as known then, aligned to the panel's months.
    public func inputs(asOf: Period? = nil, knownAt: KnownAt = .latest) throws -> AlertInputs {
        let panel = try facts.panel(asOf: asOf, knownAt: knownAt)
        return AlertInputs(panel: panel, enterprises: try enterpriseSeries(panel: panel, knownAt: knownAt))
    }

    /// The inputs as they were known at the end of `month` (the files that existed then; see
    /// `FactSnapshot.vintage(knownAtMonth:)`), up to `month`: what a monthly job would have
    /// seen. `nil` when no file was known yet.
    public func inputs(knownAtMonth month: Period) throws -> AlertInputs? {
        guard let known = facts.vintage(knownAtMonth: month) else { return nil }
        return try inputs(asOf: month, knownAt: known)
    }

    /// Enterprise months as known at `knownAt`, aligned to the panel's months, with names and
    /// key flags from the registry (an enterprise missing from the registry is named by its
    /// credit code).
    func enterpriseSeries(panel: Panel, knownAt: KnownAt) throws -> [EnterpriseSeries] {
        let T = panel.periodCount
        guard T > 0 else { return [] }
        return try facts.enterpriseSeries(from: panel.start, through: panel.start + (T - 1), knownAt: knownAt).map { m in
            let reg = registry[m.id]
            return EnterpriseSeries(id: m.id, name: reg?.name ?? m.id, region: m.region, sector: m.sector,
                                    isKey: reg?.isKeyEnterprise ?? false, start: panel.start,
                                    headcount: m.headcount, wages: m.wages, daysLate: m.daysLate, arrears: m.arrears,
                                    insured: m.insured)
        }
    }
}
