/// What makes one prefecture's labour market differ from another's.
///
/// Figures are stylised from public yearbook orders of magnitude (population from the 2020
/// census, rounded), not copied from any one source: they only need to make the cities
/// differ the way the real ones do (Changsha services-heavy, Zhangjiajie and Xiangxi
/// tourism-heavy, Chenzhou and Loudi mining, Zhuzhou/Xiangtan/Loudi manufacturing).
public struct CityProfile: Sendable {
    /// Resident population, millions.
    public var population: Double
    /// Share of the province's enterprises registered in the city.
    public var enterpriseWeight: Double
    /// Multipliers on the province-wide sector shares, by section letter (absent = 1).
    public var sectorMultipliers: [String: Double]
    /// Surveyed unemployment rate with no shock, percent.
    public var naturalRate: Double
    /// Registered unemployment rate with no shock, percent.
    public var registeredRate: Double
    /// Wage level relative to the province.
    public var wageFactor: Double
    /// Residents working outside the province who come home for the Spring Festival, share of population.
    public var migrantShare: Double
    /// 0...1: how much summer and Golden Week tourism moves its flows and services.
    public var tourism: Double

    /// Profiles of Hunan's 14 prefectures, keyed by code.
    static let hunan: [Int: CityProfile] = [
        430100: CityProfile(population: 10.0, enterpriseWeight: 0.30,
                            sectorMultipliers: ["I": 2.0, "J": 1.6, "M": 1.8, "L": 1.4, "K": 1.3, "C": 0.8, "A": 0.4, "B": 0.2, "T": 6],
                            naturalRate: 4.6, registeredRate: 2.6, wageFactor: 1.25, migrantShare: 0.04, tourism: 0.2),
        430200: CityProfile(population: 3.9, enterpriseWeight: 0.08, sectorMultipliers: ["C": 1.8, "G": 1.3, "B": 0.5],
                            naturalRate: 4.9, registeredRate: 2.9, wageFactor: 1.05, migrantShare: 0.08, tourism: 0.1),
        430300: CityProfile(population: 2.7, enterpriseWeight: 0.06, sectorMultipliers: ["C": 1.7, "M": 1.1, "B": 0.6],
                            naturalRate: 4.8, registeredRate: 2.9, wageFactor: 1.05, migrantShare: 0.08, tourism: 0.15),
        430400: CityProfile(population: 6.6, enterpriseWeight: 0.08, sectorMultipliers: ["C": 1.3, "B": 1.5, "A": 1.2],
                            naturalRate: 5.1, registeredRate: 3.1, wageFactor: 0.92, migrantShare: 0.14, tourism: 0.2),
        430500: CityProfile(population: 6.6, enterpriseWeight: 0.06, sectorMultipliers: ["A": 1.5, "C": 1.1, "F": 1.1],
                            naturalRate: 5.2, registeredRate: 3.3, wageFactor: 0.85, migrantShare: 0.18, tourism: 0.1),
        430600: CityProfile(population: 5.05, enterpriseWeight: 0.08, sectorMultipliers: ["C": 1.5, "G": 1.5, "A": 1.2],
                            naturalRate: 4.9, registeredRate: 3.0, wageFactor: 0.98, migrantShare: 0.10, tourism: 0.2),
        430700: CityProfile(population: 5.3, enterpriseWeight: 0.07, sectorMultipliers: ["A": 1.6, "C": 1.2],
                            naturalRate: 4.9, registeredRate: 3.0, wageFactor: 0.95, migrantShare: 0.11, tourism: 0.15),
        430800: CityProfile(population: 1.5, enterpriseWeight: 0.02,
                            sectorMultipliers: ["H": 3.5, "R": 3.0, "O": 1.3, "C": 0.4, "B": 0.3],
                            naturalRate: 5.0, registeredRate: 3.2, wageFactor: 0.88, migrantShare: 0.10, tourism: 1.0),
        430900: CityProfile(population: 3.85, enterpriseWeight: 0.04, sectorMultipliers: ["A": 1.7, "C": 1.1],
                            naturalRate: 5.0, registeredRate: 3.1, wageFactor: 0.88, migrantShare: 0.15, tourism: 0.1),
        431000: CityProfile(population: 4.67, enterpriseWeight: 0.06, sectorMultipliers: ["B": 4.0, "C": 1.2, "H": 1.2],
                            naturalRate: 4.9, registeredRate: 3.0, wageFactor: 0.97, migrantShare: 0.12, tourism: 0.3),
        431100: CityProfile(population: 5.3, enterpriseWeight: 0.05, sectorMultipliers: ["A": 1.6, "C": 1.1],
                            naturalRate: 5.2, registeredRate: 3.3, wageFactor: 0.85, migrantShare: 0.19, tourism: 0.1),
        431200: CityProfile(population: 4.6, enterpriseWeight: 0.04, sectorMultipliers: ["G": 1.8, "A": 1.4],
                            naturalRate: 5.1, registeredRate: 3.2, wageFactor: 0.86, migrantShare: 0.14, tourism: 0.3),
        431300: CityProfile(population: 3.8, enterpriseWeight: 0.04, sectorMultipliers: ["B": 3.5, "C": 1.4, "D": 1.3],
                            naturalRate: 5.1, registeredRate: 3.2, wageFactor: 0.9, migrantShare: 0.16, tourism: 0.05),
        433100: CityProfile(population: 2.5, enterpriseWeight: 0.02,
                            sectorMultipliers: ["H": 2.5, "R": 2.0, "A": 1.5, "B": 1.5, "C": 0.6],
                            naturalRate: 5.3, registeredRate: 3.4, wageFactor: 0.82, migrantShare: 0.15, tourism: 0.8),
    ]

    /// A plain profile for the synthetic prefectures of other provinces (national scale).
    static func synthetic(variation v: Double) -> CityProfile {
        CityProfile(population: 3.0 + 2 * v, enterpriseWeight: 1, sectorMultipliers: [:],
                    naturalRate: 4.6 + 0.6 * v, registeredRate: 2.7 + 0.5 * v, wageFactor: 0.9 + 0.3 * v,
                    migrantShare: 0.05, tourism: 0.1)
    }
}
