import Foundation
import GroundTruth

extension SkillScore {
    /// The skill tables as aligned text, for the terminal and BENCHMARKS.md: recall and lead per
    /// event type, precision per rule, the quiet cases by cause with each failed case listed,
    /// and the false alerts by cause.
    public var table: String {
        func f(_ v: Double?) -> String { v.map { String(format: "%+.1f", $0) } ?? "n/a" }
        var s = "event type                  events  detected  recall  misread  lead to peak  lead to official rate\n"
        for t in types {
            let beyond = t.leadBeyondWindow.map { String(format: ", lead > %+.0f", $0) } ?? ""
            var rate = t.medianLeadToOfficialRate.map { String(format: "%+.1f", $0) }
                ?? (t.detected > 0 ? "rate did not move\(beyond)" : "n/a")
            if t.medianLeadToOfficialRate != nil, t.rateDidNotMove > 0 {
                rate += " (rate did not move for \(t.rateDidNotMove) of \(t.detected)\(beyond))"
            }
            s += t.type.rawValue.padding(toLength: 28, withPad: " ", startingAt: 0)
            s += String(format: "%6d  %8d  %6.2f  %7d  ", t.events, t.detected, t.recall, t.misread)
            s += f(t.medianLeadToPeak).padding(toLength: 12, withPad: " ", startingAt: 0) + "  " + rate + "\n"
        }
        s += "(lead to official rate: median over the detected events whose surveyed rate moved — a sustained rise of 0.3 point beyond its path against the other cities, or for the province against a year before)\n"
        s += "(misread: alerts of the other family raised in the event's area while it runs that no event of their own family explains when raised — unemployment alerts on a data break, data-quality alerts on job loss)\n"
        s += "\nrule                        alerts  matched  precision\n"
        for r in rules {
            s += r.rule.padding(toLength: 28, withPad: " ", startingAt: 0)
            s += String(format: "%6d  %7d  %9.2f\n", r.alerts, r.matched, r.precision)
        }
        if !quiet.isEmpty {
            s += "\nquiet case (type none)      cases  failed  job-loss alerts  D- alerts\n"
            for q in quiet {
                s += q.cause.rawValue.padding(toLength: 28, withPad: " ", startingAt: 0)
                s += String(format: "%5d  %6d  %15d  %9d\n", q.cases, q.failed, q.jobLossAlerts, q.dataQualityAlerts)
            }
            s += "(failed: a case to which an alert other than a data-quality (D-) one is put down — raised at its place in its months or the \(SkillScore.defaultQuietGrace) after, explained by no event, and no later-starting or smaller case fits)\n"
            for fl in failures {
                let q = fl.quietCase
                let what = [q.cause!.rawValue, q.signal, q.region.description, q.sector ?? "ALL", q.enterpriseID ?? ""]
                    .filter { !$0.isEmpty }.joined(separator: " ")
                let months = q.start == q.end ? q.start.description : "\(q.start)..\(q.end)"
                let raised = fl.alerts.map { a in
                    let group = a.group == "ALL" || a.group.isEmpty ? "" : "/" + a.group
                    return "\(a.rule) \(a.region)/\(a.sector)\(group)\(a.enterpriseID.isEmpty ? "" : "/firm") \(a.asOf)"
                }
                s += "  \(q.id) \(what) \(months): " + raised.joined(separator: "; ") + "\n"
            }
            s += "\nfalse alerts by cause: "
                + (falseAlertsByCause.isEmpty ? "none" : falseAlertsByCause.map { "\($0.cause) \($0.alerts)" }.joined(separator: ", ")) + "\n"
        }
        s += String(format: "\nall alerts %d, false %d, precision %.2f, false alerts per 100 series-years %.2f (%.0f series-years)\n",
                    alerts, falseAlerts, precision, falseAlertsPer100SeriesYears, seriesYears)
        if !firmLossInAreaEvents.isEmpty {
            s += "firm job-loss alerts raised inside an area job-loss event (true, not detections): "
                + firmLossInAreaEvents.map { "\($0.rule) \($0.alerts)" }.joined(separator: ", ")
                + String(format: "; counted false before: false %d, precision %.2f\n", falseAlerts + firmLossInAreaCount,
                         alerts == 0 ? 0 : Double(alerts - falseAlerts - firmLossInAreaCount) / Double(alerts))
        }
        if !calibration.isEmpty { s += "\n" + ForecastCalibration.table(calibration, level: calibrationLevel) }
        return s
    }
}
