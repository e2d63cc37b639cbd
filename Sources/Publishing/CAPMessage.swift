import Alerting
import Presentation

/// An alert as one OASIS CAP 1.2 `alert` message (one message per document), with one
/// `info` block per language of the config's `language:` (English first, then Chinese, when
/// both) and the region code as the area's geocode.
///
/// Mapping: severity red → Extreme, orange → Severe, yellow → Moderate, blue → Minor;
/// urgency Past for a resolved alert, Future when only forecasts speak, Expected for
/// orange and red, else Future; certainty Observed when an observed fact crosses a legal
/// or plan line (ceiling, layoff, days late, arrears), Likely for statistical evidence at
/// yellow or above or a forecast probability above 50%, else Possible. msgType Alert for a
/// new alert, Update while it moves, Cancel when resolved, the last two with `references`
/// to the previous message (`sender,identifier,sent`). Each message is signed on its own with
/// an enveloped XML Signature (`CAPSignature`), so it can be passed on without its bundle.
public enum CAPMessage {
    public static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"
    /// Default `sender`; the run can set another one.
    public static let defaultSender = "jobsentry@hrss.hunan.gov.cn"

    static let observedMeasures: Set<String> = ["points_above_ceiling", "multiples_of_legal_threshold", "days_late", "months_of_wages"]

    public static func severity(_ l: AlertLevel) -> String {
        switch l {
        case .red: return "Extreme"
        case .orange: return "Severe"
        case .yellow: return "Moderate"
        case .blue: return "Minor"
        }
    }

    public static func urgency(_ a: PublishedAlert) -> String {
        if a.status == .resolved { return "Past" }
        if !a.evidence.isEmpty && a.evidence.allSatisfy({ $0.measureName == "probability_of_crossing" }) { return "Future" }
        return a.level >= .orange ? "Expected" : "Future"
    }

    public static func certainty(_ a: PublishedAlert) -> String {
        let raised = a.evidence.filter { $0.level != nil }
        if raised.contains(where: { observedMeasures.contains($0.measureName) }) { return "Observed" }
        if raised.contains(where: { ($0.level ?? .blue) >= .yellow }) { return "Likely" }
        if raised.contains(where: { $0.measureName == "probability_of_crossing" && ($0.measure ?? 0) > 0.5 }) { return "Likely" }
        return a.status == .resolved ? "Unknown" : "Possible"
    }

    public static func msgType(_ a: PublishedAlert) -> String {
        switch a.status {
        case .new: return "Alert"
        case .resolved: return "Cancel"
        default: return "Update"
        }
    }

    /// The signed XML document: `element` with an enveloped XML Signature by `signer` as the
    /// last child of `<alert>` (CAP 1.2 §3.3.2.1; see `CAPSignature`). `exercise` (what a
    /// what-if scenario assumed) makes it an `Exercise` message carrying that as its note,
    /// instead of an `Actual` one.
    public static func xml(_ a: PublishedAlert, sender: String = defaultSender, exercise: String? = nil,
                           languages: [Language] = LanguageChoice.default.languages, signer: CAPSigner) throws -> String {
        try signer.sign(alert: element(a, sender: sender, exercise: exercise, languages: languages))
    }

    /// The `<alert>` element alone, unsigned, already in Exclusive XML Canonicalization form:
    /// no whitespace between elements (one line; `xmllint --format` shows it indented), so
    /// that its bytes are what the signature's digest covers.
    public static func element(_ a: PublishedAlert, sender: String = defaultSender, exercise: String? = nil,
                               languages: [Language] = LanguageChoice.default.languages) -> String {
        var x = "<alert xmlns=\"\(namespace)\">"
        func el(_ name: String, _ value: String) { x += "<\(name)>\(CAPSignature.text(value))</\(name)>" }
        func pair(_ wrapper: String, _ name: String, _ value: String) { x += "<\(wrapper)>"; el("valueName", name); el("value", value); x += "</\(wrapper)>" }
        // An exercise's messages get identifiers of their own, never a real message's.
        el("identifier", exercise == nil ? a.messageID : "\(a.runID)-\(a.messageID)")
        el("sender", sender)
        el("sent", a.sent)
        el("status", exercise == nil ? "Actual" : "Exercise")
        el("msgType", msgType(a))
        el("source", "jobsentry \(a.runID)")
        el("scope", a.audience == .public ? "Public" : "Restricted")
        if a.audience == .restricted { el("restriction", "Cleared labour and social-security offices only; contains enterprise-level data") }
        if let exercise { el("note", "What-if scenario, not a warning: \(exercise)") }
        if let id = a.previousMessageID, let sent = a.previousMessageSent, msgType(a) != "Alert" {
            el("references", "\(sender),\(id),\(sent)")
        }
        el("incidents", a.id)
        for lang in [Language.en, .zh] where languages.contains(lang) {
            let en = lang == .en
            x += "<info>"
            el("language", lang.tag)
            el("category", "Other")
            el("event", en ? eventName(a.scope) : eventNameZh(a.scope))
            el("responseType", a.status == .resolved ? "AllClear" : (a.level >= .orange ? "Prepare" : "Monitor"))
            el("urgency", urgency(a))
            el("severity", severity(a.level))
            el("certainty", certainty(a))
            pair("eventCode", "jobsentry-level", a.level.rawValue)
            for r in a.rules { pair("eventCode", "jobsentry-rule", r) }
            el("senderName", en ? "Hunan Human Resources and Social Security, JobSentry" : "湖南省人力资源和社会保障厅 就业失业预警")
            el("headline", en ? a.headlineEn : a.headlineZh)
            // Figures in the reader's units; withheld evidence keeps its note saying so.
            let lines = a.evidence.map { e -> String in
                guard e.suppressed == nil else { return en ? e.detailEn : e.detailZh }
                return EvidenceText(signal: e.signal, period: e.period, observed: e.observed, expected: e.expected, lower: e.lower,
                                    upper: e.upper, intervalLevel: e.intervalLevel, measure: e.measure, measureName: e.measureName, lang).line(lang)
            }
            el("description", lines.isEmpty ? (en ? a.headlineEn : a.headlineZh) : lines.joined(separator: "\n"))
            for (k, v) in [("level", "\(a.level.rawValue) (\(a.levelRoman))"), ("status", a.status.rawValue),
                           ("risk_score", String(a.riskScore)), ("as_of", a.asOf), ("alert_id", a.id),
                           ("sector", a.sector), ("group", a.group)] {
                pair("parameter", k, v)
            }
            if let s = a.suppressed { pair("parameter", "suppressed", s.rawValue) }
            x += "<area>"
            el("areaDesc", RegionName.text(a.regionCode, lang))
            pair("geocode", "GB/T 2260", a.regionCode)
            x += "</area>"
            x += "</info>"
        }
        x += "</alert>"
        return x
    }

    static func eventName(_ s: AlertScope) -> String {
        switch s {
        case .area: return "Unemployment risk"
        case .enterprise: return "Enterprise labour-relations risk"
        case .dataQuality: return "Labour data quality problem"
        }
    }

    static func eventNameZh(_ s: AlertScope) -> String {
        switch s {
        case .area: return "失业风险预警"
        case .enterprise: return "企业劳动关系风险"
        case .dataQuality: return "劳动数据质量问题"
        }
    }

}
