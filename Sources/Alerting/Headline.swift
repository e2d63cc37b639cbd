import Presentation

/// An alert's headlines, worded by the `Presentation` layer from its strongest evidence.
/// Detection only picks the facts; every sentence a person reads is written there.
public enum Headline {
    /// `(english, chinese)` for `alert`. With `disclose` false, figures of the evidence are
    /// left out (for cells suppressed by disclosure control).
    public static func make(_ alert: Alert, config: AlertConfig, disclose: Bool = true) -> (String, String) {
        let place = placeName(alert)
        guard let top = alert.evidence.first, let rule = config.rule(top.rule) else {
            return (Headlines.cleared(place: place, .en), Headlines.cleared(place: place, .zh))
        }
        let more = alert.rules.count - 1, resolved = alert.status == .resolved
        guard disclose else {
            return (Headlines.withheld(title: rule.title, place: place, more: more, resolved: resolved, .en),
                    Headlines.withheld(title: rule.titleZh, place: place, more: more, resolved: resolved, .zh))
        }
        let f = fact(top, rule: rule)
        return (Headlines.sentence(f, place: place, more: more, resolved: resolved, .en),
                Headlines.sentence(f, place: place, more: more, resolved: resolved, .zh))
    }

    /// The figures of `e` that a headline may use, with the rule's kind and ceiling.
    public static func fact(_ e: Evidence, rule: Rule) -> HeadlineFact {
        HeadlineFact(kind: rule.kind.rawValue, signal: e.signal, period: e.period, observed: e.observed,
                     expected: e.expected, lower: e.lower, upper: e.upper, measure: e.measure,
                     changeStart: e.changeStart, ceiling: rule.ceiling)
    }

    /// Readers' name of an alert's place (region, sector, group, enterprise).
    public static func placeName(_ a: Alert) -> PlaceName {
        PlaceName(region: a.subject.region, sector: a.subject.sector, group: a.subject.group, enterprise: a.enterpriseName)
    }
}
