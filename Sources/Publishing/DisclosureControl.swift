import Alerting
import Presentation

/// Decides what each audience sees (see `DisclosurePolicy` for the rules).
///
/// Public: area and data-quality alerts only; figures derived from enterprise returns
/// (payroll, insurance) of a cell with fewer than k enterprises or dominated by its n
/// largest are withheld, and the alert is marked. Restricted: everything.
public struct DisclosureControl: Sendable {
    public let policy: DisclosurePolicy
    /// Enterprise count and top-n share of every region × sector cell.
    public let cells: [CellKey: CellComposition]

    /// Panel signals built from enterprise returns; the others (survey, claims, transport,
    /// generic series) are already aggregates about people, not about a few firms.
    public static let enterpriseDerivedSignals: Set<String> = [
        "payroll_enterprises", "payroll_headcount", "payroll_wages", "late_payers", "insured", "enrolled",
        "separated", "separation_rate", "contribution_arrears", "insured/payroll_headcount",
    ]

    public init(policy: DisclosurePolicy, cells: [CellKey: CellComposition]) {
        self.policy = policy; self.cells = cells
    }

    /// Why figures of `evidence` about `subject` must be withheld from the public, or `nil`.
    public func suppression(_ evidence: Evidence, subject: AlertSubject) -> Suppression? {
        guard DisclosureControl.enterpriseDerivedSignals.contains(evidence.signal) else { return nil }
        guard let cell = cells[CellKey(region: subject.region, sector: subject.sector)] else { return .unknownComposition }
        if cell.enterprises < policy.minimumEnterprises { return .fewerThanK }
        if cell.topShare > policy.dominanceShare { return .dominance }
        return nil
    }

    /// The records of `alerts` for `audience`.
    public func publish(_ alerts: [Alert], audience: Audience, runID: String, config: AlertConfig) -> [PublishedAlert] {
        alerts.compactMap { a in
            if audience == .public && a.subject.scope == .enterprise { return nil }
            var ev: [PublishedEvidence] = []
            var any: Suppression? = nil
            for e in a.evidence {
                let s = audience == .public ? suppression(e, subject: a.subject) : nil
                if any == nil { any = s }
                ev.append(PublishedEvidence(e, suppressed: s))
            }
            var headline = (a.headline, a.headlineZh)
            if any != nil { headline = Headline.make(a, config: config, disclose: false) }
            return PublishedAlert(
                schema: PublishedAlert.schemaVersion, id: a.id, messageID: a.messageID, runID: runID, asOf: a.asOf,
                sent: a.sent, audience: audience, scope: a.subject.scope, regionCode: a.subject.region,
                regionName: RegionName.text(a.subject.region, .en), sector: a.subject.sector, group: a.subject.group,
                enterpriseID: audience == .restricted ? a.subject.enterpriseID : nil,
                enterpriseName: audience == .restricted ? a.enterpriseName : nil,
                level: a.level, levelRoman: a.level.roman, status: a.status, previousLevel: a.previousLevel,
                riskScore: a.riskScore, firstRaised: a.firstRaised, lastRaised: a.lastRaised,
                previousMessageID: a.previousMessageID, previousMessageSent: a.previousMessageSent, rules: a.rules,
                headlineEn: headline.0, headlineZh: headline.1, suppressed: any, evidence: ev)
        }
    }
}
