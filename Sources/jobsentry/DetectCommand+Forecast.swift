import Codes
import Modeling
import PanelData
import TabularIO

extension DetectCommand {
    /// Writes `months` forecasts per fitted series with 95% intervals, series in key order.
    func writeForecasts(_ fit: SeasonalTrendFit, _ panel: Panel, months h: Int, to path: String, hasGroup: Bool) throws {
        let f = try fit.forecast(months: h, level: 0.95)
        let writer: CSVWriter
        do { writer = try CSVWriter(path: path) } catch {
            diagnose("error: cannot write \(path): \(error)")
            throw ExitStatus.cannotCreate
        }
        var header = ["period", "region_code", "sector"]
        if hasGroup { header.append("group") }
        header += ["signal", "horizon", "forecast", "lower", "upper", "se"]
        try writer.write(header)
        for s in panel.keys.indices.sorted(by: { panel.keys[$0] < panel.keys[$1] }) where fit.isFitted(s) {
            let key = panel.keys[s]
            for j in 0..<h {
                var row = [(f.start + j).description, key.region, key.sector]
                if hasGroup { row.append(key.group) }
                let i = j + s * h
                row += [key.signal, String(j + 1), format(f.mean[i], digits: 4), format(f.lower[i], digits: 4),
                        format(f.upper[i], digits: 4), format(f.standardError[i], digits: 4)]
                try writer.write(row)
            }
        }
        try writer.close()
    }
}
