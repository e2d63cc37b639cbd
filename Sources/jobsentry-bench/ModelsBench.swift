import Foundation
import LinearAlgebra
import Modeling
import PanelData

/// `jobsentry-bench models [--dump DIR]`: the issue-5 models on 100,000 series × 120 months.
/// Prints `RESULT name value` lines that scripts/bench/models_vs_numpy.py reads, and with
/// `--dump` writes the panel and both designs for the numpy/statsmodels side.
func benchModels(series: Int, months: Int, dumpDirectory: String?) throws {
    let panel = syntheticPanel(series: series, months: months, seed: 7)
    let tPlain = try best(3) { _ = try PlainSeasonalFit.fit(panel) }
    print(String(format: "plain fit + robust z (PlainSeasonalFit, 13 parameters)  %.3f s", tPlain))
    print("RESULT plain_seconds \(tPlain)")

    var fit: SeasonalTrendFit?
    var changes = 0
    let tRobust = try best(3) {
        let f = try SeasonalTrendSpec.standard.fit(panel)
        let scores = try f.changeScores()
        changes = scores.changes.reduce(0) { $1 == nil ? $0 : $0 + 1 }
        fit = f
    }
    let f = fit!
    // The two halves of the robust figure, each best of three on its own.
    let tFitOnly = try best(3) { _ = try SeasonalTrendSpec.standard.fit(panel) }
    let tScoresOnly = try best(3) { _ = try f.changeScores() }
    let meanIterations = Double(f.iterations.reduce(0, +)) / Double(series)
    print(String(format: "robust seasonal-trend fit (Huber IRLS, %d parameters) + robust z + change/drift scores  %.3f s  mean IRLS iterations %.2f (max %d), not converged %d, changes %d",
                 f.parameterCount, tRobust, meanIterations, f.iterations.max() ?? 0, f.notConverged.count, changes))
    print(String(format: "  of which: robust fit + z %.3f s, level/slope/drift scan %.3f s", tFitOnly, tScoresOnly))
    // How many series used each number of iterations (the cost of the later ones is the tail).
    let used = Dictionary(grouping: f.iterations, by: { $0 }).mapValues(\.count).sorted { $0.key < $1.key }
    print("  series by iterations used: " + used.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
    print("RESULT robust_seconds \(tRobust)")
    print("RESULT robust_mean_iterations \(meanIterations)")

    let tLS = try best(3) { _ = try SeasonalTrendSpec(loss: .leastSquares).fit(panel) }
    print(String(format: "penalised least-squares seasonal-trend fit (%d parameters, batched normal equations) + z  %.3f s", f.parameterCount, tLS))
    print("RESULT least_squares_seconds \(tLS)")

    let tForecast = try best(3) { _ = try f.pathForecast(months: 6) }
    print(String(format: "forecast h = 1...6 with intervals (PathForecast)  %.3f s", tForecast))
    print("RESULT forecast_seconds \(tForecast)")

    let region = Array(0..<20)
    let tStress = try best(3) { for r in 0..<100 { _ = try f.regionalStress(members: region.map { $0 + 20 * r }) } }
    print(String(format: "regional stress (PCA T2/SPE), 100 regions of 20 series  %.3f s", tStress))
    print("RESULT peak_rss_mib \(peakRSSMiB())")
    print(String(format: "peak RSS %.0f MiB", peakRSSMiB()))

    if let dir = dumpDirectory {
        try dump(panel.values, to: dir + "/y.f64")
        try dump(f.design.matrix.storage, to: dir + "/x_trend.f64")
        try dump(PlainSeasonalDesign.matrix(start: panel.start, count: months).storage, to: dir + "/x_plain.f64")
        print("RESULT trend_parameters \(f.parameterCount)")
    }
}
