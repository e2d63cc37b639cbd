/// How one GB/T 4754 section behaves in the synthetic province.
///
/// Orders of magnitude follow Chinese yearbook patterns (manufacturing and construction
/// employ many migrants and empty out around the Spring Festival; finance and public
/// administration are stable and fully insured; catering and construction churn fast).
public struct SectorProfile: Sendable {
    public let letter: String
    /// Share of enterprises, before city multipliers.
    public let share: Double
    /// Median enterprise headcount; sizes are Pareto-tailed above it.
    public let medianSize: Double
    /// Monthly voluntary quit rate.
    public let turnover: Double
    /// Average monthly wage in CNY in the first simulated year.
    public let wage: Double
    /// Annual trend growth of employment (log points).
    public let growth: Double
    /// Month-of-year log deviations, January first (mean ≈ 0).
    public let seasonal: [Double]
    /// Log fall of headcount for a month fully inside the festival absence window.
    public let festivalDip: Double
    /// Response to the province-wide shock and the business cycle (1 = average).
    public let sensitivity: Double
    /// Share of employees enrolled in social insurance.
    public let coverage: Double
    /// Words for enterprise names.
    public let nameWords: [String]

    static let flat = [Double](repeating: 0, count: 12)

    /// The 20 sections, A...T, in `Sector.sections` order.
    public static let all: [SectorProfile] = [
        SectorProfile(letter: "A", share: 0.04, medianSize: 15, turnover: 0.035, wage: 4200, growth: -0.02,
                      seasonal: [-0.06, -0.06, 0.0, 0.05, 0.06, 0.02, 0.0, 0.0, 0.03, 0.05, -0.01, -0.04],
                      festivalDip: 0.02, sensitivity: 0.5, coverage: 0.78, nameWords: ["生态农业", "农业开发", "养殖", "茶业", "林业"]),
        SectorProfile(letter: "B", share: 0.015, medianSize: 60, turnover: 0.015, wage: 7000, growth: -0.04, seasonal: flat,
                      festivalDip: 0.03, sensitivity: 0.9, coverage: 0.95, nameWords: ["矿业", "煤业", "有色矿业", "石材"]),
        SectorProfile(letter: "C", share: 0.20, medianSize: 40, turnover: 0.03, wage: 6000, growth: 0.005,
                      seasonal: [0.0, -0.02, -0.01, 0.0, 0.0, 0.0, 0.0, 0.0, 0.01, 0.01, 0.01, 0.0],
                      festivalDip: 0.07, sensitivity: 1.3, coverage: 0.9,
                      nameWords: ["电子科技", "机械制造", "新材料", "食品", "纺织", "钢铁", "化工", "汽车零部件", "制药"]),
        SectorProfile(letter: "D", share: 0.01, medianSize: 80, turnover: 0.008, wage: 9000, growth: 0.01, seasonal: flat,
                      festivalDip: 0.0, sensitivity: 0.3, coverage: 0.99, nameWords: ["热力", "电力", "燃气", "水务"]),
        SectorProfile(letter: "E", share: 0.08, medianSize: 35, turnover: 0.05, wage: 6200, growth: 0.0,
                      seasonal: [-0.08, -0.10, 0.0, 0.03, 0.04, 0.03, 0.01, 0.01, 0.03, 0.04, 0.03, -0.04],
                      festivalDip: 0.12, sensitivity: 1.2, coverage: 0.72, nameWords: ["建设工程", "建筑", "路桥建设", "装饰工程"]),
        SectorProfile(letter: "F", share: 0.20, medianSize: 8, turnover: 0.04, wage: 5000, growth: 0.01,
                      seasonal: [0.03, 0.0, -0.02, -0.01, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.02],
                      festivalDip: 0.03, sensitivity: 1.0, coverage: 0.8, nameWords: ["商贸", "贸易", "超市", "医药连锁"]),
        SectorProfile(letter: "G", share: 0.04, medianSize: 30, turnover: 0.025, wage: 6500, growth: 0.01,
                      seasonal: [0.02, 0.01, -0.01, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.01, 0.0, -0.01],
                      festivalDip: 0.0, sensitivity: 1.0, coverage: 0.9, nameWords: ["物流", "运输", "快递", "仓储"]),
        SectorProfile(letter: "H", share: 0.08, medianSize: 12, turnover: 0.06, wage: 4200, growth: 0.015,
                      seasonal: [-0.02, -0.01, -0.03, 0.0, 0.01, 0.02, 0.05, 0.05, 0.0, 0.03, -0.04, -0.04],
                      festivalDip: 0.02, sensitivity: 1.5, coverage: 0.7, nameWords: ["酒店", "餐饮管理", "宾馆", "客栈"]),
        SectorProfile(letter: "I", share: 0.05, medianSize: 25, turnover: 0.03, wage: 11000, growth: 0.07, seasonal: flat,
                      festivalDip: 0.01, sensitivity: 0.7, coverage: 0.97, nameWords: ["数据科技", "软件", "信息技术", "网络科技"]),
        SectorProfile(letter: "J", share: 0.02, medianSize: 40, turnover: 0.012, wage: 12000, growth: 0.02, seasonal: flat,
                      festivalDip: 0.0, sensitivity: 0.4, coverage: 0.99, nameWords: ["保险代理", "小额贷款", "融资担保"]),
        SectorProfile(letter: "K", share: 0.04, medianSize: 20, turnover: 0.025, wage: 7000, growth: 0.03, seasonal: flat,
                      festivalDip: 0.01, sensitivity: 1.1, coverage: 0.9, nameWords: ["房地产开发", "置业", "物业管理"]),
        SectorProfile(letter: "L", share: 0.07, medianSize: 10, turnover: 0.04, wage: 6000, growth: 0.03, seasonal: flat,
                      festivalDip: 0.02, sensitivity: 0.9, coverage: 0.85, nameWords: ["人力资源", "广告", "商务咨询", "劳务派遣"]),
        SectorProfile(letter: "M", share: 0.04, medianSize: 15, turnover: 0.025, wage: 9500, growth: 0.05, seasonal: flat,
                      festivalDip: 0.01, sensitivity: 0.6, coverage: 0.97, nameWords: ["检测技术", "工程设计", "科技研究"]),
        SectorProfile(letter: "N", share: 0.015, medianSize: 30, turnover: 0.02, wage: 5200, growth: 0.02, seasonal: flat,
                      festivalDip: 0.02, sensitivity: 0.3, coverage: 0.95, nameWords: ["环境治理", "园林绿化", "环保"]),
        SectorProfile(letter: "O", share: 0.04, medianSize: 6, turnover: 0.05, wage: 4000, growth: 0.01,
                      seasonal: [0.02, 0.0, -0.01, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.01, 0.0],
                      festivalDip: 0.03, sensitivity: 1.0, coverage: 0.7, nameWords: ["家政服务", "汽车维修", "洗涤"]),
        SectorProfile(letter: "P", share: 0.03, medianSize: 30, turnover: 0.02, wage: 6800, growth: 0.01,
                      seasonal: [0.01, 0.01, 0.01, 0.01, 0.01, 0.0, -0.05, -0.04, 0.02, 0.01, 0.0, 0.0],
                      festivalDip: 0.0, sensitivity: 0.2, coverage: 0.98, nameWords: ["职业培训学校", "教育咨询"]),
        SectorProfile(letter: "Q", share: 0.025, medianSize: 40, turnover: 0.015, wage: 8000, growth: 0.035, seasonal: flat,
                      festivalDip: 0.0, sensitivity: 0.2, coverage: 0.98, nameWords: ["医院", "康复护理", "诊所"]),
        SectorProfile(letter: "R", share: 0.02, medianSize: 12, turnover: 0.05, wage: 6000, growth: 0.02,
                      seasonal: [-0.02, 0.0, -0.02, 0.0, 0.01, 0.01, 0.03, 0.03, 0.0, 0.02, -0.03, -0.03],
                      festivalDip: 0.01, sensitivity: 1.2, coverage: 0.85, nameWords: ["演艺", "文化传媒", "旅游文化", "体育"]),
        SectorProfile(letter: "S", share: 0.008, medianSize: 50, turnover: 0.008, wage: 7500, growth: 0.005, seasonal: flat,
                      festivalDip: 0.0, sensitivity: 0.1, coverage: 1.0, nameWords: ["社会组织服务", "社区服务"]),
        SectorProfile(letter: "T", share: 0.0005, medianSize: 8, turnover: 0.02, wage: 10000, growth: 0.0, seasonal: flat,
                      festivalDip: 0.0, sensitivity: 0.1, coverage: 1.0, nameWords: ["国际交流服务"]),
    ]

    /// Real-estate employment grew until mid-2021, then fell (the property downturn).
    static let realEstateTurn = (year: 2021, month: 7, growthAfter: -0.06)
}
