// swift-tools-version:6.0
import PackageDescription

// One target per pipeline stage; each depends only on earlier stages.
// The floors (ARCHITECTURE.md; scripts/check-layering.sh enforces them):
// COpenBLAS -> LinearAlgebra -> (Codes, TabularIO) -> PanelData -> Modeling -> Alerting -> Publishing -> Workbench -> jobsentry
// Presentation (readers' wording and number formats) sits on Codes and TabularIO, below Alerting and Reporting.
// Workbench is the application layer: one pipeline (inputs, evaluate-and-advance, bundles) that
// the CLI wires to options and exit codes, and the JobSentryKit library product exposes.
// The CSV scanner and the aggregation loop touch class-held buffers per byte and per
// row; the runtime exclusivity checks on those accesses are switched off where they are
// declared (`@exclusivity(unchecked)` on the hot stored properties of CSVScanner, the gzip
// and iconv sources, and Ingest's month tables), not by an unsafe compiler flag, so the
// package stays usable as a dependency (BENCHMARKS.md, "Exclusivity checks").

// Every target builds in the Swift 6 language mode (complete concurrency checking): the
// package default, `swiftLanguageModes` below.

// Fault points (JOBSENTRY_CRASH_AT, JOBSENTRY_WAIT_AT; see Workbench/FaultPoint.swift) exist
// only in debug builds, the ones the crash tests spawn; the release binary has none.
let faultInjection: [SwiftSetting] = [
    .define("JOBSENTRY_FAULTS", .when(configuration: .debug)),
]

let package = Package(
    name: "JobSentry",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "jobsentry", targets: ["jobsentry"]),
        .executable(name: "jobsentry-bench", targets: ["jobsentry-bench"]),
        // Ingest, fit and alert from another Swift program, without the CLI (README, "Use as a library").
        .library(name: "JobSentryKit", targets: ["Workbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // The only C boundary: CBLAS + LAPACKE from Debian's OpenBLAS.
        .systemLibrary(
            name: "COpenBLAS",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        // Worker threads handing results back: `concurrentMap`, one slot per iteration behind a lock.
        .target(name: "Parallel"),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"]),
        .target(name: "Codes"),
        // zlib from Debian, for reading .gz inputs; only TabularIO imports it.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "TabularIO", dependencies: ["CZlib"]),
        .target(name: "Ingest", dependencies: ["Codes", "TabularIO"]),
        .target(name: "PanelData", dependencies: ["Codes", "TabularIO"]),
        // The SQLite file's one schema: every table of the store and the alert history, and
        // the steps that create and upgrade them (PanelStore and Alerting both open the file).
        .target(name: "StoreSchema", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // The SQLite store (GRDB): aggregates with vintages, ledger, enterprise data.
        .target(name: "PanelStore", dependencies: [
            "Codes", "TabularIO", "Ingest", "PanelData", "StoreSchema", "Parallel",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // truth.csv: injected events and the cases that must stay quiet, written by the
        // generator and scored by the backtest.
        .target(name: "GroundTruth", dependencies: ["Codes", "TabularIO"]),
        // The synthetic province behind `jobsentry generate` and datasets/hunan-demo.
        .target(name: "SyntheticProvince", dependencies: ["Codes", "TabularIO", "GroundTruth", "Parallel"]),
        .target(name: "Modeling", dependencies: ["LinearAlgebra", "PanelData", "Codes"]),
        // Every figure and sentence people read: units, number formats, names, headlines.
        .target(name: "Presentation", dependencies: ["Codes", "TabularIO"]),
        // HTML/SVG reports and terminal sparklines from plain view models.
        .target(name: "Reporting", dependencies: ["Codes", "Presentation"]),
        // What-if shocks applied to a copy of the panel.
        .target(name: "Scenarios", dependencies: ["Codes", "TabularIO", "PanelData", .product(name: "Yams", package: "Yams")]),
        // Skill of an alert timeline against truth events.
        .target(name: "Backtesting", dependencies: ["Codes", "TabularIO", "GroundTruth"]),
        // Rules as data, graded alerts, lifecycle across runs (history in the SQLite store).
        .target(
            name: "Alerting",
            dependencies: [
                "Codes", "LinearAlgebra", "PanelData", "Modeling", "Presentation", "StoreSchema",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Signed outbox bundles: JSON Lines, CSV, CAP 1.2 (each message XML-signed), manifest; disclosure control.
        .target(
            name: "Publishing",
            dependencies: [
                "Codes", "TabularIO", "Alerting", "Reporting", "Presentation",
                .product(name: "Crypto", package: "swift-crypto"),
                // RSA (PKCS#1 v1.5, deterministic) for each CAP message's XML Signature.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The application layer: input assembly as of a month and a vintage, the one
        // evaluate-and-advance step, bundle assembly, run, scenario, backtest, report, detect.
        .target(
            name: "Workbench",
            dependencies: [
                "Codes", "LinearAlgebra", "TabularIO", "Ingest", "PanelData", "PanelStore", "Modeling", "Alerting", "Publishing",
                "Reporting", "Presentation", "Scenarios", "Backtesting", "GroundTruth",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: faultInjection
        ),
        .executableTarget(
            name: "jobsentry",
            dependencies: [
                "LinearAlgebra", "Codes", "TabularIO", "Ingest", "PanelData", "PanelStore", "Modeling", "Alerting", "Publishing", "Reporting", "Presentation",
                "SyntheticProvince", "Scenarios", "Backtesting", "GroundTruth", "Workbench",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The parsers of outside bytes as fuzz targets: run by libFuzzer in jobsentry-fuzz
        // (see BENCHMARKS.md, "Fuzzing"), and on the saved corpus by FuzzTargetsTests.
        .target(name: "FuzzTargets", dependencies: [
            "TabularIO", "Ingest", "Alerting", "Publishing", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "jobsentry-fuzz", dependencies: ["FuzzTargets"]),
        .executableTarget(
            name: "jobsentry-bench",
            dependencies: ["LinearAlgebra", "PanelData", "Modeling", "COpenBLAS", "SyntheticProvince"]
        ),
        .target(name: "TestSupport", dependencies: ["LinearAlgebra"], path: "Tests/TestSupport"),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "TestSupport"]),
        .testTarget(name: "ParallelTests", dependencies: ["Parallel"]),
        .testTarget(name: "CodesTests", dependencies: ["Codes", "TestSupport"]),
        .testTarget(name: "TabularIOTests", dependencies: ["TabularIO", "TestSupport"]),
        .testTarget(name: "PanelDataTests", dependencies: ["PanelData", "Codes"]),
        .testTarget(name: "ModelingTests", dependencies: ["Modeling", "PanelData", "TestSupport"]),
        .testTarget(name: "PresentationTests", dependencies: ["Presentation", "TestSupport"], exclude: ["Golden"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Codes", "TestSupport"]),
        .testTarget(name: "ScenariosTests", dependencies: ["Scenarios", "PanelData", "Codes", "TestSupport"]),
        .testTarget(name: "BacktestingTests", dependencies: ["Backtesting", "GroundTruth", "Codes", "TestSupport"]),
        .testTarget(name: "PanelStoreTests", dependencies: ["PanelStore", "StoreSchema", "Ingest", "PanelData", "Codes", "TestSupport",
                                                           .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "StoreSchemaTests", dependencies: ["StoreSchema", "PanelStore", "Alerting", "Codes", "TestSupport",
                                                            .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Resources"]),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "TabularIO", "Codes", "TestSupport"],
                    exclude: ["Resources"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "Alerting", "PanelData", "PanelStore", "Ingest", "Codes",
                                                           "Publishing", "Scenarios", "Backtesting", "GroundTruth", "TestSupport",
                                                           .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "AlertingTests", dependencies: ["Alerting", "PanelData", "Codes", "TestSupport", "Workbench"]),
        .testTarget(
            name: "PublishingTests",
            dependencies: ["Publishing", "Alerting", "PanelData", "Codes", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets", "TestSupport"], exclude: ["Corpus"]),
        .testTarget(name: "SyntheticProvinceTests", dependencies: ["SyntheticProvince", "GroundTruth", "Codes", "TabularIO", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
