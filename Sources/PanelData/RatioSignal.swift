/// Signals that are ratios of two others in the same cell (DESIGN: "derived signals"):
/// recomputed from their parts, never shocked or summed blindly, and judged with their
/// denominator's source (a change of definition in the denominator moves the ratio too).
public struct RatioSignal: Sendable {
    public let name: String, numerator: String, denominator: String
    public static let defaults = [
        RatioSignal(name: "separation_rate", numerator: "separated", denominator: "insured"),
        RatioSignal(name: "vacancies_per_seeker", numerator: "job_vacancies", denominator: "job_seekers"),
    ]
}
