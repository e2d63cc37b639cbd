import Codes

extension Panel {
    /// The signals of the main administrative sources, payroll and social insurance: the
    /// months they cover are the months a run can judge.
    public static let mainSourceSignals: Set<String> = ["payroll_headcount", "insured"]

    /// The last month in which some series of one of `signals` holds a value; `nil` when
    /// none does (a store of generic series, say).
    public func lastObservedMonth(signals: Set<String>) -> Period? {
        var last = -1
        for s in 0..<seriesCount where signals.contains(keys[s].signal) {
            var t = periodCount - 1
            while t > last && !isObserved(t, s) { t -= 1 }
            if t > last { last = t }
            if last == periodCount - 1 { break }
        }
        return last >= 0 ? start + last : nil
    }
}
