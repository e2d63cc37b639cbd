import Foundation
/// What each rule is built to promise about false alerts, and how it removes the seasons,
/// stated for `jobsentry rules` so a user can say "at most about one false layoff alert in
/// twenty" and know where it comes from.
extension Rule {
    /// The false-alert bound the rule is built to, in one sentence.
    public var falseAlertBound: String {
        switch parameters {
        case .massLayoff(let p):
            let q = p.falseDiscoveryRate
            return "Benjamini-Hochberg over the run's enterprises (one test each, on its newest confirmable month) at q = \(parameterText(q)): at most \(parameterText(100 * q))% of the layoff alerts raised are expected to be false, and in a month without a layoff a false one at most \(parameterText(100 * q))% of the time, whatever the number of firms (conformal p-values of the cut beyond its peers' common cut, against earlier such cuts of firms of the same size band)"
        case .contraction(let p), .surge(let p):
            let q = p.falseDiscoveryRate
            return "Benjamini-Hochberg over the run's series (one test each: the mean robust z of its last \(p.window) months, out of sample) at q = \(parameterText(q)): at most \(parameterText(100 * q))% of the alerts raised are expected to be false, and in a month where nothing happened a false one at most \(parameterText(100 * q))% of the time, whatever the number of cells (conformal p-values against the same measure at every earlier month of every series the rule watches, by size band, the tail extrapolated by Hill's estimator; judged and earlier windows alike as summed residuals over their own standard error, √(n − q) in sample and √(n + q) held out with q the window's leverage, so a short history's fitted months do not make a light null); a cell counted from enterprises (headcount, insured) has its held-out months carried from the last fitted month by its continuing firms' change (matched-sample link relatives, as BLS CES), so a firm's closure or birth is no shortfall, while its null stays the fitted months' residuals (closures there only make it heavier); blue needs \(parameterText(thresholds.blue)) robust SDs as well; outlier months held back until confirmed; a source that stepped while its counterpart held (data break) is not judged; cells of fewer enterprises than disclosure.minimum_enterprises (one or two firms) are left to the enterprise rules and the cells above"
        case .suddenFall(let p):
            let q = p.falseDiscoveryRate
            return "Benjamini-Hochberg over the run's series at q = \(parameterText(q)) (at most \(parameterText(100 * q))% of the alerts raised expected false, whatever the number of cells): conformal p-values of the change against every earlier such change of every series the rule watches, each in robust SDs of its own series' changes, by size band; a cell summed from enterprises is measured on its continuing firms (matched-sample link relatives, as BLS CES: firms reporting more than 0 in both months), the judged change and the earlier ones alike, so a firm's closure or birth is no area change; blue needs \(parameterText(thresholds.blue)) robust SDs and a fall of at least \(parameterText(100 * p.minimumRelativeChange))%; a source that stepped while its counterpart held (data break) is not judged; cells of fewer enterprises than disclosure.minimum_enterprises are left to the enterprise rules and the cells above"
        case .downturn(let p):
            return "drawdown in robust SDs of the series' own \(p.averageMonths)-month changes (blue \(parameterText(thresholds.blue))), and only while year-over-year change has been negative \(p.confirmMonths) months running, both beyond the series' own drift (median change of the \(p.driftMonths) months before, out of sample) when it was declining, so a secular decline at its usual pace is not a turn; raised only when Benjamini-Hochberg at q = \(parameterText(p.falseDiscoveryRate)) over the run's series passes it, its p-value the drawdown's conformal rank among the series' own earlier months (each measured the same way, nothing after the as-of month), joined, when it has fewer than \(p.peerHistoryMonths) of them, by its peers' months ending \(p.nullBlockMonths) months before the as-of month (same signal and group at the same region level, each in its own robust SDs, exchangeable under the null), a peer counted once per block of \(p.nullBlockMonths) months whose largest score reaches the judged one (a series' scores come in runs, so a peer's months counted one by one made the p-value liberal): in a month where no series turns a false alert at most \(parameterText(100 * p.falseDiscoveryRate))% of the time, whatever the number of series (5-year random walks, 480 calm runs at q = 0.1: 2 raised, 0.004, in blocks; 69, 0.144, a peer's months counted one by one); on two or three years of data one series seldom passes alone, several falling together do; calm-period rate measured on real payroll history in BENCHMARKS.md"
        case .diffusion(let p):
            let alpha = 1 - thresholds.blue
            return "the share of the area's sectors falling over \(p.changeMonths) months ranked against the same share's earlier months (conformal p-value, at least \(p.minimumHistory) of them, ties counted against it): if calm months are exchangeable, a calm area-month raises with probability at most \(parameterText(100 * alpha))%, whatever the sectors and their correlation; and only while more than \(parameterText(100 * p.minimumShare))% of sectors fall"
        case .sahmRise:
            return "a fixed rise of \(parameterText(thresholds.blue)) point on the adjusted rate (Sahm 2019; on US data one false alarm in 1969-2019)"
        case .ceiling, .ceilingForecast:
            return "a plan ceiling, not a statistical test: the fact (or a calibrated probability of it) is the alert"
        case .outlier(let p):
            let q = p.falseDiscoveryRate
            return "data-quality finding, never counted as job loss; Benjamini-Hochberg over the run's tests (each judged series' latest \(p.judgedMonths) months) at q = \(parameterText(q)): at most \(parameterText(100 * q))% of the alerts raised are expected to be false, whatever the number of series (conformal p-values of |robust z| against every earlier month of every series the rule judges, in sample and held out, each measured as it was when it was the latest month, so a level change's first month counts as much as a spike, by size band); series that have been negative (net flows) are not judged; payroll firm-months missing between two reports are imputed before any rule reads a cell"
        case .sourceDisagreement(let p):
            let q = p.falseDiscoveryRate
            return "data-quality finding, never counted as job loss; Benjamini-Hochberg over the run's cells (one test each, on its latest two months) at q = \(parameterText(q)): at most \(parameterText(100 * q))% of the alerts raised are expected to be false, and in a month without a data break a false one at most \(parameterText(100 * q))% of the time, whatever the number of cells (conformal p-values of the ratio's robust z against the same measure at every earlier month of every cell judged, each against the \(p.referenceMonths) months before it, by size band of the denominator, the tail extrapolated by Hill's estimator); the ratio is read on the cell's continuing firms (matched-sample link relatives of both sources), so a firm's closure, which leaves both files, is no break; blue needs \(parameterText(thresholds.blue)) robust SDs as well"
        case .regionalStress(let p):
            return "control limits at a \(parameterText(100 * p.falseAlarmRate))% false-alarm rate per region-month, cross-validated over the reference months; blue at \(parameterText(thresholds.blue))x the limit"
        case .festivalOutflowShortfall(let p):
            return "robust z below \(parameterText(p.maximumZ)) in the one judged month per region and year, and a shortfall of \(parameterText(thresholds.blue))%"
        case .wageDaysLate(let p):
            return firmRunBound("late pay dates (\(parameterText(thresholds.blue)) days or more)", q: p.falseDiscoveryRate)
                + "; the level needs two pay dates running"
        case .contributionArrears(let p):
            return firmRunBound("months in arrears", q: p.falseDiscoveryRate)
        case .wagesFallingHeadcountHolds:
            return "an administrative fact (wages paid against their median), not a statistical test"
        }
    }

    /// The bound of `wage_days_late` and `contribution_arrears` (`FirmRun`).
    private func firmRunBound(_ what: String, q: Double) -> String {
        "Benjamini-Hochberg over the run's enterprises (one test each, on its run of \(what) up to the as-of month) at q = \(parameterText(q)): at most \(parameterText(100 * q))% of the alerts raised are expected to be false, and in a month when no firm is in arrears a false one at most \(parameterText(100 * q))% of the time, whatever the number of firms (p-value r^L of a run of L such months, r the larger of the cross-section's rate over every earlier firm-month and the firm's own rate before the run: valid if a firm's such months come independently at that rate, and a firm often late is held to its own; so the run needed grows with the firms tested)"
    }

    /// How the rule removes month-of-year and Spring Festival effects before comparing.
    public var seasonalAdjustment: String {
        switch kind {
        case .contraction, .surge, .festivalOutflowShortfall, .regionalStress, .outlier:
            return "against the model's expected value: trend, month-of-year and Spring Festival window shares"
        case .suddenFall, .downturn, .sahmRise, .diffusion:
            return "on the seasonally adjusted series: observed minus the model's month-of-year and Spring Festival terms"
        case .ceilingForecast:
            return "month-of-year and festival terms removed; a damped trend (level from the latest months) forecasts the adjusted rate, the chance of crossing is the share of the rate's own past forecast-error paths that cross"
        case .ceiling:
            return "none: the plan ceiling applies to the published rate as it is"
        case .massLayoff:
            return "the firm's usual cut at that time of year (same month +-1 in up to three earlier years) and its peers' common cut that month (county; sector of city and province) are subtracted"
        case .wageDaysLate, .contributionArrears, .sourceDisagreement:
            return "none needed: a ratio or an administrative fact"
        case .wagesFallingHeadcountHolds:
            if case .wagesFallingHeadcountHolds(let p) = parameters {
                return "against the median of the previous \(p.referenceMonths) months"
            }
            return "against the median of earlier months"
        }
    }
}

/// A rule parameter as people write it in the config: whole numbers without a decimal point,
/// others in `%g` (shared by `jobsentry rules`).
public func parameterText(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e12 ? String(Int(v)) : String(format: "%g", v)
}
