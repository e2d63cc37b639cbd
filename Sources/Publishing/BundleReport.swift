import Codes
import Reporting

/// `report.html`: the bundle's human report (the `Reporting` module's self-contained page:
/// city and county maps by highest open level, then each alert with its evidence table and
/// charts of observed against expected), in the config's languages.
enum BundleReport {
    static func html(_ records: [PublishedAlert], run: RunOutput, audience: Audience) -> String {
        let asOf = Period(run.asOf) ?? Period(year: 2000, month: 1)
        let languages = run.config.languages, lang = languages.first ?? .zh
        let sections = records.map { ReportSections.section($0, languages: languages, asOf: asOf) }
        let who = lang == .zh ? (audience == .public ? "公开版" : "限定范围版") : (audience == .public ? "public" : "restricted")
        let title = "JobSentry \(run.runID) — \(who)"
        return HTMLReport.render(ReportModel(title: title, asOf: asOf, languages: languages, alerts: sections))
    }
}
