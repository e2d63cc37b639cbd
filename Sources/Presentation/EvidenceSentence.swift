/// What a rule saw, in figures and without words: the alert stage fills it in, and
/// `EvidenceSentence` words it. Figures are in the signal's units (see `SignalName`); shares
/// are fractions (0.12 = 12%), z-scores and multiples plain numbers, months `YYYY-MM`.
public enum EvidenceFact: Sendable, Equatable {
    /// Beyond what trend and season explain (contraction when `falling`, surge otherwise).
    case deviation(signal: String, observed: Double, expected: Double, lower: Double, upper: Double,
                   meanZ: Double, months: Int, since: String, falling: Bool)
    case ceiling(signal: String, observed: Double, ceiling: Double)
    /// `lower`…`upper` is the forecast's interval at coverage `level` (a share, 0.9).
    case ceilingForecast(signal: String, latest: Double, latestPeriod: String, forecast: Double, lower: Double, upper: Double,
                         level: Double, when: String, probability: Double, horizon: Int, ceiling: Double)
    /// Adjusted `averageMonths`-month average against its low of the previous `lookbackMonths`.
    case sahmRise(signal: String, average: Double, low: Double, lowAt: String, averageMonths: Int, lookbackMonths: Int)
    /// Adjusted average `drawdown` (a share) below its high, `multiple` times its usual change.
    case downturn(signal: String, average: Double, high: Double, highAt: String, drawdown: Double, multiple: Double,
                  yearOnYear: Double, averageMonths: Int, lookbackMonths: Int)
    /// `falling` of `sectors` sectors (`share`) fell over `changeMonths` months; a share this
    /// high or higher came with p-value `pValue` among `history` earlier months (median `usual`).
    case diffusion(signal: String, share: Double, falling: Int, sectors: Int, changeMonths: Int, pValue: Double, history: Int,
                   usual: Double)
    /// A month held back by the outlier screen: `pending` until the next month tells.
    case outlier(signal: String, period: String, observed: Double, expected: Double, z: Double, pending: Bool)
    /// Adjusted mean of `since…through` against that of `from…to`, a fall of `fall` (a share).
    case suddenFall(signal: String, fall: Double, from: String, to: String, prior: Double, since: String, through: String,
                    after: Double, multiple: Double)
    case festivalShortfall(signal: String, period: String, festival: String, observed: Double, expected: Double,
                           shortfall: Double, z: Double)
    /// `signal` is the ratio `a/b`; `median` of the previous `months`.
    case sourceDisagreement(signal: String, ratio: Double, median: Double, z: Double, months: Int, since: String)
    case regionalStress(statistic: String, value: Double, limit: Double, multiple: Double, series: Int,
                        falseAlarmRate: Double, contributors: [String])
    /// A cut of `cut` people (`usual` of them the usual seasonal cut) from a baseline `before`,
    /// `held` the month after; `p` its p-value against earlier cuts of firms of its size.
    case massLayoff(period: String, cut: Double, before: Double, held: Double, usual: Double, p: Double, common: Double = 0,
                    testedEarlier: Bool = false)
    case wagesLate(period: String, daysLate: Double, previous: Double)
    case wagesFalling(period: String, perHead: Double, fall: Double, median: Double, headcount: Double, months: Int)
    case arrears(period: String, amount: Double, monthsOfWages: Double)
}

/// The one sentence per language that says what a rule saw (an evidence's `detail`), for
/// `explain`, alerts.jsonl and CAP. Every figure goes through `Figure`.
public enum EvidenceSentence {
    public static func text(_ fact: EvidenceFact, _ lang: Language) -> String {
        let zh = lang == .zh
        func name(_ s: String) -> String { SignalName.of(s).text(lang) }
        func v(_ x: Double, _ s: String) -> String { Figure.text(x, SignalName.of(s).unit, lang) }
        func pct(_ share: Double) -> String { "\(Figure.significant(100 * share, 2))%" }
        func signedPct(_ share: Double) -> String { share.isFinite ? "\(Figure.grouped(100 * share, decimals: 1))%" : "—" }
        func x(_ m: Double) -> String { Figure.grouped(m, decimals: 1) }
        func month(_ p: String) -> String { Figure.month(p, lang) }
        switch fact {
        case let .deviation(signal, observed, expected, lower, upper, meanZ, months, since, falling):
            let unit = SignalName.of(signal).unit
            let off = expected != 0 ? pct(abs(observed - expected) / abs(expected)) : "—"
            let band = Figure.interval(lower, upper, unit, lang)
            return zh
                ? "\(name(signal))为\(v(observed, signal))，\(falling ? "低于" : "高于")预期值\(v(expected, signal)) \(off)（95%区间 \(band)，\(months)个月平均z值 \(x(meanZ))），始于\(month(since))"
                : "\(name(signal)) \(v(observed, signal)) is \(off) \(falling ? "below" : "above") the expected \(v(expected, signal)) (95% interval \(band), mean z \(x(meanZ)) over \(months) month\(months == 1 ? "" : "s")) since \(since)"
        case let .ceiling(signal, observed, ceiling):
            let gap = Figure.text(abs(observed - ceiling), .points, lang), over = observed >= ceiling
            return zh ? "\(name(signal))为\(v(observed, signal))，\(over ? "高于" : "低于")控制线\(v(ceiling, signal)) \(gap)"
                      : "\(name(signal)) is \(v(observed, signal)), \(gap) \(over ? "above" : "below") the ceiling of \(v(ceiling, signal))"
        case let .ceilingForecast(signal, latest, latestPeriod, forecast, lower, upper, level, when, probability, horizon, ceiling):
            let band = Figure.interval(lower, upper, SignalName.of(signal).unit, lang), p = pct(probability), cover = pct(level)
            return zh
                ? "\(name(signal))\(month(latestPeriod))为\(v(latest, signal))，预测\(month(when))为\(v(forecast, signal))（\(cover)区间 \(band)），未来\(horizon)个月突破\(v(ceiling, signal))的概率为\(p)"
                : "\(name(signal)) is \(v(latest, signal)) in \(latestPeriod), forecast \(v(forecast, signal)) in \(when) (\(cover) interval \(band)); probability \(p) of crossing \(v(ceiling, signal)) within \(horizon) months"
        case let .sahmRise(signal, average, low, lowAt, k, lookback):
            let gap = Figure.text(average - low, .points, lang)
            return zh
                ? "\(name(signal))季节调整后\(k)个月平均\(v(average, signal))，比过去\(lookback)个月最低点\(v(low, signal))（\(month(lowAt))）高\(gap)"
                : "seasonally adjusted \(k)-month average of the \(name(signal)) \(v(average, signal)) is \(gap) above its \(lookback)-month low of \(v(low, signal)) (\(lowAt))"
        case let .downturn(signal, average, high, highAt, drawdown, multiple, yearOnYear, k, lookback):
            return zh
                ? "\(name(signal))季节调整后\(k)个月平均\(v(average, signal))，比过去\(lookback)个月高点\(v(high, signal))（\(month(highAt))）低\(pct(drawdown))，为其通常\(k)个月变动的\(x(multiple))倍；同比\(signedPct(yearOnYear))"
                : "seasonally adjusted \(k)-month average of the \(name(signal)) \(v(average, signal)) is \(pct(drawdown)) below its \(lookback)-month high of \(v(high, signal)) (\(highAt)), \(x(multiple)) times its usual \(k)-month change; \(signedPct(yearOnYear)) on a year earlier"
        case let .diffusion(signal, share, falling, sectors, k, pValue, history, usual):
            return zh
                ? "\(sectors)个行业中\(falling)个（\(pct(share))）季节调整后\(name(signal))近\(k)个月下降；此前\(history)个月中达到这一比例的占\(pct(pValue))（通常为\(pct(usual))）"
                : "\(falling) of \(sectors) sectors (\(pct(share))) saw seasonally adjusted \(name(signal)) fall over \(k) months; a share this high came in \(pct(pValue)) of the \(history) months before (usually \(pct(usual)))"
        case let .outlier(signal, period, observed, expected, z, pending):
            let ratio = expected != 0 ? Figure.significant(observed / expected, 2) : "—"
            if zh {
                let status = pending ? "暂不计入就业判断，待下月确认" : "次月已恢复，判定为单月数据错误，不计入就业判断"
                return "数据核查：\(name(signal))\(month(period))为\(v(observed, signal))，是预期值\(v(expected, signal))的\(ratio)倍；\(status)"
            }
            let status = pending ? "held back until next month shows whether it persists"
                                 : "back to normal the month after: a one-month error, held back from every job-loss rule"
            return "data check: \(name(signal)) in \(period) is \(v(observed, signal)), \(ratio) times the expected \(v(expected, signal)) (z \(x(z))); \(status)"
        case let .suddenFall(signal, fall, from, to, prior, since, through, after, multiple):
            return zh
                ? "季节调整后的\(name(signal))从\(month(from))…\(month(to))（均值\(v(prior, signal))）降至\(month(since))…\(month(through))（均值\(v(after, signal))），降幅\(pct(fall))，为同类时段通常变动的\(x(multiple))倍"
                : "seasonally adjusted \(name(signal)) fell \(pct(fall)) from \(from)…\(to) (mean \(v(prior, signal))) to \(since)…\(through) (mean \(v(after, signal))), \(x(multiple)) times its usual change over such a span"
        case let .festivalShortfall(signal, period, festival, observed, expected, shortfall, z):
            return zh
                ? "\(name(signal))在春节（\(festival)）后的\(month(period))为\(v(observed, signal))，比按趋势、季节和春节时点预期的\(v(expected, signal))少\(pct(shortfall))"
                : "\(name(signal)) in \(period), after the Spring Festival of \(festival), was \(v(observed, signal)): \(pct(shortfall)) short of the \(v(expected, signal)) trend, season and festival timing lead to expect (z \(x(z)))"
        case let .sourceDisagreement(signal, ratio, median, z, months, since):
            return zh
                ? "数据核查：\(name(signal))为\(v(ratio, signal))，此前\(months)个月为\(v(median, signal))，始于\(month(since))；可能是统计口径变化，并非就业变化"
                : "data check: \(name(signal)) is \(v(ratio, signal)) against \(v(median, signal)) over the previous \(months) months (|z| \(x(z))) since \(since); likely a change of definition, not of employment"
        case let .regionalStress(statistic, value, limit, multiple, series, falseAlarmRate, contributors):
            let alpha = pct(falseAlarmRate), value = Figure.significant(value, 3), limit = Figure.significant(limit, 3)
            return zh
                ? "\(series)个序列的综合\(statistic)为\(value)，是\(alpha)控制限\(limit)的\(Figure.significant(multiple, 3))倍；贡献最大：\(contributors.joined(separator: "、"))"
                : "\(statistic) \(value) is \(Figure.significant(multiple, 3))× its \(alpha) control limit \(limit) across \(series) series; largest contributions: \(contributors.joined(separator: ", "))"
        case let .massLayoff(period, cut, before, held, usual, p, common, testedEarlier):
            let people = { (n: Double) in Figure.text(n, .people, lang) }
            let share = before > 0 ? pct(cut / before) : "—"
            if zh {
                let usualText = (usual > 0 ? "；其中\(people(usual))为往年同期的常规减员" : "")
                    + (common > 0 ? "；其中\(people(common))为同地区同行业企业当月的共同减员" : "")
                return "\(month(period))在岗人数由\(people(before))减少\(people(cut))（\(share)），次月仍为\(people(held))\(usualText)；法定标准为20人或10%；与同规模企业以往减员相比 p = \(pValue(p))\(testedEarlier ? "（首次确认时检验）" : "")"
            }
            let usualText = (usual > 0 ? "; \(people(usual)) of it is the usual cut at this time of year" : "")
                + (common > 0 ? "; \(people(common)) of it is the cut its peers made that month" : "")
            return "headcount fell by \(people(cut)) (\(share)) from \(people(before)) in \(period) and stayed down (\(people(held)) the month after)\(usualText); the legal threshold is 20 people or 10%; p = \(pValue(p)) against earlier cuts of firms this size\(testedEarlier ? ", tested when it was first confirmed" : "")"
        case let .wagesLate(period, daysLate, previous):
            let d = { (n: Double) in Figure.text(n, .days, lang) }
            return zh ? "\(month(period))工资迟发\(d(daysLate))，上月迟发\(d(previous))"
                      : "wages for \(period) paid \(d(daysLate)) late, and \(d(previous)) late the month before"
        case let .wagesFalling(period, perHead, fall, median, headcount, months):
            let cny = { (n: Double) in Figure.text(n, .cny, lang) }, heads = Figure.text(headcount, .people, lang)
            return zh
                ? "\(month(period))人均工资\(cny(perHead))，比前\(months)个月中位数\(cny(median))低\(pct(fall))，而人数保持在\(heads)"
                : "wages per head \(cny(perHead)) in \(period), \(pct(fall)) below the \(months)-month median \(cny(median)) while headcount held at \(heads)"
        case let .arrears(period, amount, monthsOfWages):
            let m = Figure.text(monthsOfWages, .months, lang), a = Figure.text(amount, .cny, lang)
            return zh ? "\(month(period))社保欠缴\(a)，相当于\(m)工资总额"
                      : "social-insurance arrears of \(a) in \(period), \(m) of the wage bill"
        }
    }

    /// A p-value: two significant digits, "< 0.0001" below that.
    public static func pValue(_ p: Double) -> String {
        guard p.isFinite else { return "—" }
        return p < 1e-4 ? "< 0.0001" : Figure.significant(p, 2)
    }
}
