/// Readers' names and units of the signals alerts speak about: one table for every output,
/// so that `payroll_headcount` reads 发薪人数 / payroll headcount everywhere.
public struct SignalName: Sendable, Equatable {
    public let zh: String
    public let en: String
    public let unit: Unit

    public func text(_ lang: Language) -> String { lang == .zh ? zh : en }

    /// The entry for `signal`: a panel signal, an enterprise field, a stress statistic or a
    /// ratio `a/b` of two of them. A signal missing from the table (a generic series from
    /// the long format) keeps its column name, with underscores as spaces, and plain units.
    public static func of(_ signal: String) -> SignalName {
        if let hit = table[signal] { return hit }
        let parts = signal.split(separator: "/").map(String.init)
        if parts.count == 2 {
            let a = of(parts[0]), b = of(parts[1])
            return SignalName(zh: "\(a.zh)与\(b.zh)之比", en: "\(a.en) per \(b.en)", unit: .ratio)
        }
        let words = signal.replacingOccurrences(of: "_", with: " ")
        return SignalName(zh: words, en: words, unit: .plain)
    }

    static let table: [String: SignalName] = [
        // Payroll and insurance returns, summed over a cell's enterprises.
        "payroll_enterprises": .init(zh: "发薪企业数", en: "enterprises paying wages", unit: .enterprises),
        "payroll_headcount": .init(zh: "发薪人数", en: "payroll headcount", unit: .people),
        "payroll_wages": .init(zh: "工资总额", en: "wage bill", unit: .cny),
        "late_payers": .init(zh: "迟发工资企业数", en: "enterprises paying late", unit: .enterprises),
        "insured": .init(zh: "参保人数", en: "insured workers", unit: .people),
        "enrolled": .init(zh: "新增参保人数", en: "new enrolments", unit: .people),
        "separated": .init(zh: "减员人数", en: "separations", unit: .people),
        "contribution_arrears": .init(zh: "社保欠费", en: "contribution arrears", unit: .cny),
        "separation_rate": .init(zh: "减员率", en: "separation rate", unit: .share),
        // Claims.
        "ui_new_claims": .init(zh: "失业保险金新申领人数", en: "new unemployment claims", unit: .people),
        "ui_recipients": .init(zh: "失业保险金领取人数", en: "unemployment benefit recipients", unit: .people),
        // Transport and mobile data.
        "rail_departures": .init(zh: "铁路发送人次", en: "rail departures", unit: .trips),
        "rail_arrivals": .init(zh: "铁路到达人次", en: "rail arrivals", unit: .trips),
        "mobile_net_outflow": .init(zh: "手机信令净流出人数", en: "net outflow (mobile data)", unit: .people),
        "mobile_population": .init(zh: "手机信令常住人口", en: "resident population (mobile data)", unit: .people),
        // Survey and plan indicators.
        "surveyed_unemployment_rate": .init(zh: "城镇调查失业率", en: "surveyed unemployment rate", unit: .percent),
        "youth_unemployment_rate": .init(zh: "青年失业率", en: "youth unemployment rate", unit: .percent),
        "registered_unemployment_rate": .init(zh: "城镇登记失业率", en: "registered unemployment rate", unit: .percent),
        "new_urban_jobs": .init(zh: "城镇新增就业", en: "new urban jobs", unit: .people),
        "job_vacancies": .init(zh: "岗位空缺数", en: "job vacancies", unit: .jobs),
        "job_seekers": .init(zh: "求职人数", en: "job seekers", unit: .people),
        "vacancies_per_seeker": .init(zh: "求人倍率", en: "vacancies per job seeker", unit: .ratio),
        // Enterprise fields.
        "headcount": .init(zh: "在岗人数", en: "headcount", unit: .people),
        "days_late": .init(zh: "工资迟发天数", en: "days wages late", unit: .days),
        "wages_cny": .init(zh: "人均工资", en: "wages per head", unit: .cny),
        "arrears_cny": .init(zh: "社保欠缴", en: "contribution arrears", unit: .cny),
        // Regional stress statistics.
        "spe": .init(zh: "综合残差（SPE）", en: "combined residual (SPE)", unit: .plain),
        "t2": .init(zh: "综合偏离（T²）", en: "combined deviation (T²)", unit: .plain),
    ]
}
