extension AlertConfig {
    /// The default config, as `jobsentry init` writes it: every rule documented, every
    /// threshold retunable, every rule switchable with `enabled: false`.
    public static let defaultText = #"""
# JobSentry alert rules (YAML). Edit, then `jobsentry rules` to check what is in force.
#
# Every rule has a kind (what it computes), the signals it watches (name patterns: `*` is
# any run of characters, `?` one character, case-insensitive), and thresholds per level
# on the rule's measure, where higher is always worse:
#   blue (IV, 蓝色) < yellow (III, 黄色) < orange (II, 橙色) < red (I, 红色).
# An alert is raised when a measure reaches blue; it stays open while the measure stays at
# or above `clear` (hysteresis, so it does not flap) and is resolved below `clear`, or after
# `lifecycle.quiet_months` runs in a row without reaching blue.
# `region_levels` limits a rule to province, city and/or county series (counties are small
# cells whose noise would drown the signal; add `county` to watch them too).
# Below `meaning`, each rule lists the parameters of its kind with the values the rules were
# built and measured with; a parameter left out takes that value, and a parameter the kind
# does not take is an error. `jobsentry rules` prints every one in force.
# Switch a rule off with `enabled: false`. Changing anything changes the config hash that
# every published manifest records.
schema: 1

# Languages of headlines, summaries, reports and CAP <info> blocks: zh, en or zh+en.
language: zh+en

lifecycle:
  # Runs in a row below the raise threshold after which an open alert is resolved.
  quiet_months: 2

combination:
  # One place gets one alert: its level is the most severe evidence, raised one step when
  # at least this many other rules also reach yellow.
  corroborating_rules: 2

disclosure:
  # Public bundle: cells with fewer enterprises than this are suppressed (k-anonymity).
  minimum_enterprises: 3
  # (n, k) dominance: suppressed when the n largest enterprises hold more than k of headcount.
  dominance_count: 2
  dominance_share: 0.85

outliers:
  # A month this many robust SDs off trend, season and festival, whose deviation from the
  # expected value jumped by at least `jump` of that value since the month before, is held back from every job-loss rule until the next month
  # shows whether it was a one-month spike (a keying error: withheld for good, a
  # data-quality finding) or the start of a change (both months count) - unless another
  # signal of the same area jumps the same month (a real shock moves several figures).
  # `reversion`: the next month is "back" when within threshold x reversion.
  threshold: 6.0
  reversion: 0.5
  jump: 0.3

rules:
  - id: surveyed_rate_ceiling
    kind: ceiling
    title: Surveyed unemployment above plan ceiling
    title_zh: 城镇调查失业率超过规划控制线
    meaning: >-
      The surveyed urban unemployment rate (城镇调查失业率) is above the 14th five-year
      plan ceiling of 5.5%. Measure: rate minus ceiling, in percentage points.
    signals: [surveyed_unemployment_rate]
    region_levels: [province, city]
    ceiling: 5.5
    thresholds: {blue: 0.0, yellow: 0.3, orange: 0.6, red: 1.0}
    clear: -0.2

  - id: registered_rate_ceiling
    kind: ceiling
    title: Registered unemployment above plan ceiling
    title_zh: 城镇登记失业率超过规划控制线
    meaning: >-
      The registered urban unemployment rate (城镇登记失业率) is above the plan ceiling of
      4.5%. Measure: rate minus ceiling, in percentage points.
    signals: [registered_unemployment_rate]
    region_levels: [province, city]
    ceiling: 4.5
    thresholds: {blue: 0.0, yellow: 0.3, orange: 0.6, red: 1.0}
    clear: -0.2

  - id: surveyed_rate_forecast
    kind: ceiling_forecast
    title: Surveyed unemployment projected above ceiling
    title_zh: 预计城镇调查失业率突破控制线
    meaning: >-
      Probability that the surveyed unemployment rate crosses 5.5% in at least one of the
      next `horizon` months, from a damped-trend forecast of the seasonally adjusted rate
      and the rate's own past forecast errors (a plan indicator projected off target). Measure: that probability; red only when the
      crossing is certain, since a projection is not yet a fact.
    signals: [surveyed_unemployment_rate]
    region_levels: [province, city]
    ceiling: 5.5
    horizon: 3
    thresholds: {blue: 0.5, yellow: 0.8, orange: 0.95, red: 1.0}
    clear: 0.3

  - id: registered_rate_forecast
    kind: ceiling_forecast
    title: Registered unemployment projected above ceiling
    title_zh: 预计城镇登记失业率突破控制线
    meaning: >-
      Probability that the registered unemployment rate crosses 4.5% within `horizon`
      months. Measure: that probability.
    signals: [registered_unemployment_rate]
    region_levels: [province, city]
    ceiling: 4.5
    horizon: 3
    thresholds: {blue: 0.5, yellow: 0.8, orange: 0.95, red: 1.0}
    clear: 0.3

  - id: sahm_rise
    kind: sahm_rise
    title: Sahm-type rise in unemployment
    title_zh: 失业率快速上升（萨姆规则）
    meaning: >-
      The 3-month average of an unemployment rate, seasonally adjusted (month-of-year and
      Spring Festival terms of the model removed, so the July-August graduation peak and the
      festival months are not rises), is at least 0.5 point above the lowest 3-month average
      of the previous 12 months (Sahm 2019, the recession-onset signal, defined on adjusted
      rates). Outlier months are held back. Measure: that gap, in percentage points.
    signals: ["*unemployment_rate*"]
    region_levels: [province, city]
    # Months a series needs before it is judged (the look-back of a 3-month average).
    minimum_history: 15
    # Months averaged, and months whose averages the lowest is taken over (Sahm: 3 and 12).
    average_months: 3
    lookback_months: 12
    thresholds: {blue: 0.5, yellow: 0.75, orange: 1.0, red: 1.5}
    clear: 0.3

  - id: employment_downturn
    kind: downturn
    title: Employment in a business-cycle downturn
    title_zh: 就业呈周期性下行
    meaning: >-
      A payroll analogue of the Sahm rule (SKILL.md 4): the seasonally adjusted 3-month
      average of an employment series below the highest 3-month average of the previous 12
      months, in robust SDs of the series' own 3-month changes (at least half their SD), while the year-over-year
      change of that average has been negative for `confirm_months` months running, both
      judged beyond the series' own drift when it was already declining. A slow,
      broad decline that a trend adapting month by month absorbs. Needs `minimum_history`
      months, and a cell of at least `minimum_enterprises` enterprises (in a cell of a few
      firms a fall is one firm's event, for the layoff and contraction rules). Raised only
      when the drawdown, ranked against the same statistic at every earlier month of the
      series (a drawdown it has often had before is not a turn) and, on a history shorter
      than `peer_history_months`, of its peers at the same region level, passes Benjamini-Hochberg at
      `false_discovery_rate` over the run's series. Measure: the drawdown in those units.
    signals: ["*employ*", "*headcount*", "*jobs*"]
    region_levels: [province, city]
    exclude: ["*unemploy*", "payroll_enterprises"]
    minimum_history: 36
    minimum_enterprises: 30
    confirm_months: 3
    # Months averaged, and months whose averages the high is taken over.
    average_months: 3
    lookback_months: 12
    # Earlier 3-month changes needed to measure the series' own scale, and that scale's
    # floor as a share of their standard deviation (a cell moving in steps has a MAD near 0).
    minimum_changes: 24
    sd_floor_share: 0.5
    # Months before the look-back window whose median 3-month change is the series' own
    # drift: a series declining at its usual pace (secular decline) is on its path, so its
    # high and year-earlier level are carried forward at that pace before comparing (0: off).
    drift_months: 60
    # A series with fewer earlier months than this is ranked against its peers' months too
    # (same signal, same region level, before the as-of month, each in its own robust SDs),
    # a peer's months counted in blocks of null_block_months, ending a block before the
    # as-of month (a block counts once when its largest score reaches the judged one: one
    # wander is one draw; 1: month by month up to the as-of month).
    peer_history_months: 120
    null_block_months: 15
    # Raised only when the drawdown, ranked against the series' own earlier months (a
    # conformal p-value), passes Benjamini-Hochberg at this rate over the run's series: a
    # month where no series turns raises a false alert at most this share of the time, so
    # over 12 or more series at most 1 false alert-month per 10 series-years at 0.1.
    false_discovery_rate: 0.1
    thresholds: {blue: 3.0, yellow: 4.5, orange: 6.0, red: 9.0}
    clear: 2.0

  - id: employment_diffusion
    kind: diffusion
    title: Employment falling across an area's sectors
    title_zh: 多数行业就业同时下降
    meaning: >-
      Employment diffusion (SKILL.md 4): the share of an area's sectors whose seasonally
      adjusted employment (its `average_months` average) fell over the last `change_months`
      months, ranked against the same share in every earlier month of that area. A recession
      is a fall that is broad; one industry's decline is not. Measure: 1 minus the conformal
      p-value of that rank (ties counted against it), so blue 0.98 means a share higher than
      in all but 2% of the area's own history; raised only while more than `minimum_share`
      of the sectors fall. Needs `minimum_sectors` sectors and `minimum_history` earlier months.
    signals: ["*employ*", "*headcount*", "*jobs*"]
    region_levels: [province, city]
    exclude: ["*unemploy*", "payroll_enterprises"]
    change_months: 3
    average_months: 3
    minimum_sectors: 5
    minimum_history: 60
    minimum_share: 0.5
    thresholds: {blue: 0.98, yellow: 0.99, orange: 0.995, red: 0.999}
    clear: 0.9

  - id: employment_contraction
    kind: contraction
    title: Employment falling beyond trend and season
    title_zh: 就业人数降幅超出趋势和季节规律
    meaning: >-
      Payroll headcount, insured employees or any employment-like series (including generic
      `series` files) below what trend, season and the Spring Festival explain. Not the
      wage bill: it moves with bonuses whose month follows the festival's (December in some
      years, January in others), which no month-of-year term follows, and with pay. Measure:
      minus the mean robust z-score of the last `window` months; ignored when the shortfall
      is under `minimum_relative_change` of the expected value. A fall in a signal that a
      `source_disagreement` rule checks (insured) counts only when the source it is checked
      against (payroll headcount) in the same cell also falls past `clear`; alone it is
      that rule's data question, not job loss, and a source that stepped while its
      counterpart held (a data break) is not judged. A shortfall raises only when it passes
      Benjamini-Hochberg at `false_discovery_rate` over the run's series, its p-value from
      the same measure at every earlier month of every series the rule watches. A cell of
      fewer enterprises than `disclosure.minimum_enterprises` (in the last 12 months) is
      one or two firms, not an area: left to the enterprise rules and the cells above. A
      cell counted from enterprises (payroll headcount, insured) is judged on its
      continuing firms: its held-out months are the last fitted month's value carried
      forward by the ratio of headcount summed over the firms that reported more than 0 in
      both months (the BLS CES link relative), so a firm's closure or birth is no shortfall
      of the area (a firm reporting 0 is a cut to 0 for mass_layoff; one that stops
      reporting is judged by no rule).
    signals: ["*employ*", "*headcount*", "*insured*", "payroll*", "*jobs*"]
    region_levels: [province, city]
    exclude: ["*unemploy*", "payroll_enterprises", "*wage*"]
    window: 2
    minimum_relative_change: 0.01
    # Months scanned back for the month the change began (the CUSUM scan).
    change_scan_months: 24
    false_discovery_rate: 0.05
    thresholds: {blue: 3.0, yellow: 4.5, orange: 6.0, red: 9.0}
    clear: 1.5

  - id: sudden_employment_fall
    kind: sudden_fall
    title: Employment fell suddenly
    title_zh: 就业人数骤降
    meaning: >-
      Payroll headcount, insured employees or any employment-like series (not the wage
      bill, as for employment_contraction), seasonally adjusted by the model's
      month-of-year and Spring Festival terms, fell from the 3
      months before the last `window` months to those months by more than the series'
      changes over such spans usually are: a step that a series wandering with the business
      cycle hides from employment_contraction. Measure: minus the robust z of that change
      against the series' earlier ones; ignored when the fall is under
      `minimum_relative_change`. Insured needs payroll headcount to fall too, as above. A
      fall raises only when it passes Benjamini-Hochberg at `false_discovery_rate` over the
      run's series, against every earlier change of every series the rule watches. Cells
      of fewer enterprises than `disclosure.minimum_enterprises` are not judged, as above.
      A cell summed from enterprises (payroll headcount, insured) is judged on its
      continuing firms, as the BLS CES link-relative estimator does: each month's change is
      the ratio of headcount summed over the firms that reported more than 0 in both months,
      chained back from the judged month, at that month's level; the judged change and every
      earlier one in the null alike. A firm's closure (it reports 0, or stops reporting and
      does not come back) and a firm's birth are not the area's fall (a firm reporting 0 is
      a cut to 0 for mass_layoff; one that stops reporting is judged by no rule). Cells with
      no enterprises behind them are judged on their own values.
    signals: ["*employ*", "*headcount*", "*insured*", "payroll*", "*jobs*"]
    region_levels: [province, city]
    exclude: ["*unemploy*", "payroll_enterprises", "*wage*"]
    window: 3
    minimum_relative_change: 0.08
    # Months before the window that make the level it fell from; earlier changes needed for
    # the series' own scale; that scale's floor as a relative change (so a series that
    # never moved does not flag rounding).
    baseline_months: 3
    minimum_changes: 24
    scale_floor: 0.002
    false_discovery_rate: 0.05
    thresholds: {blue: 6.0, yellow: 8.0, orange: 11.0, red: 16.0}
    clear: 3.0

  - id: claims_separations_surge
    kind: surge
    title: Claims and separations surging
    title_zh: 失业保险申领和离职人数激增
    meaning: >-
      New unemployment-insurance claims, recipients, separations or unemployment counts
      and rates above what trend, season and the festival explain. Measure: the mean robust
      z-score of the last `window` months; ignored when the excess is under
      `minimum_relative_change` of the expected value. A rise in a rate over a source that
      a `source_disagreement` rule checks (separation rate = separated / insured) counts
      only when payroll headcount in the same cell also falls past `clear`. An excess raises
      only when it passes Benjamini-Hochberg at `false_discovery_rate` over the run's
      series; its p-value comes from the same measure at every earlier month of every
      series the rule watches of the same size (small claim counts have heavier tails).
      Cells of fewer enterprises than `disclosure.minimum_enterprises` are not judged.
    signals: ["*claim*", "*separat*", "*unemploy*", "ui_*"]
    region_levels: [province, city]
    window: 2
    minimum_relative_change: 0.02
    change_scan_months: 24
    false_discovery_rate: 0.05
    thresholds: {blue: 3.0, yellow: 4.5, orange: 6.0, red: 9.0}
    clear: 1.5

  - id: late_payment_surge
    kind: surge
    title: Late wage payment spreading
    title_zh: 拖欠工资企业增多
    meaning: >-
      Enterprises paying wages more than 30 days late, or contribution arrears, above their
      seasonal norm in a region and sector (拖欠农民工工资). Measure: mean robust z of the last
      `window` months.
    signals: [late_payers, contribution_arrears]
    region_levels: [province, city]
    window: 2
    minimum_relative_change: 0.05
    change_scan_months: 24
    false_discovery_rate: 0.05
    thresholds: {blue: 3.0, yellow: 4.5, orange: 6.0, red: 9.0}
    clear: 1.5

  - id: mass_layoff
    kind: mass_layoff
    title: Mass layoff at an enterprise
    title_zh: 企业规模性裁员
    meaning: >-
      A headcount cut of 20 or more people, or of 10% or more of staff (Labour Contract Law
      art. 41), at an enterprise of at least `minimum_staff`, measured from the median of its
      `baseline_months` before (so a one-month keying error makes neither a baseline nor a cut),
      beyond its usual cut at that time of year (Spring Festival departures) and beyond the
      cut its peers made that month (county; sector of city and province: a shock to a
      whole area is the area rules' question), and still there
      `confirm_months` later (a cut that reverts is a data error). Firms with under `minimum_history` months
      of history (births, ramp-up) are not judged. The legal definition is a floor; whether
      a cut is unusual is judged by its size in the firm's own robust SDs against every
      earlier such score of firms of its size band (a conformal p-value), and the run's
      enterprises, each tested once on its newest confirmable month, go through
      Benjamini-Hochberg at `false_discovery_rate`: the
      expected share of false layoff alerts among those raised is at most that, however
      many firms the province has. Measure: the cut in multiples of the legal threshold,
      max(cut / 20, share / 10%), largest over the last `window` months. Restricted
      audience only.
    signals: [headcount]
    window: 3
    confirm_months: 1
    minimum_staff: 30
    false_discovery_rate: 0.05
    # Baseline: the median headcount of this many months before the cut.
    baseline_months: 6
    # Observed months a firm needs before the month judged.
    minimum_history: 12
    # The firm's ordinary movement: robust SD of its monthly changes over `noise_months`
    # before the window; a cut must reach `noise_multiple` of it before any test.
    noise_months: 24
    noise_multiple: 3.0
    # Staff sizes where the size bands begin; a band with fewer than `band_minimum` earlier
    # cuts is pooled with the others.
    size_bands: [50, 200, 1000]
    band_minimum: 50
    # Firms a peer group (county; sector of city; sector of province) needs before its
    # median cut is the common cut a layoff is measured beyond.
    minimum_peers: 8
    # Share of earlier scores the Pareto (Hill) tail of the p-value is fitted to (10 to 50).
    tail_fraction: 0.01
    # Earlier years whose cut at the same time of year is the usual seasonal cut.
    usual_cut_years: 3
    thresholds: {blue: 1.0, yellow: 2.0, orange: 4.0, red: 8.0}
    clear: 0.5

  - id: wage_days_late
    kind: wage_days_late
    title: Wages paid late
    title_zh: 企业拖欠工资
    meaning: >-
      An enterprise paying wages more than 30 days after the agreed date on two pay dates
      running (arrears persist; a one-off late payment is settled by the next pay date).
      Measure: the smaller of the latest two months' days late. Raised only when the firm's
      run of late pay dates passes Benjamini-Hochberg at `false_discovery_rate` over the
      run's enterprises: its p-value is the chance of such a run at the rate the province's
      firms (or this firm, before the run, if higher) were late in earlier months, so among
      100,000 firms a run must be longer than among 2,500. Restricted audience only.
    signals: [days_late]
    false_discovery_rate: 0.05
    thresholds: {blue: 30, yellow: 60, orange: 90, red: 180}
    clear: 15

  - id: wages_falling_headcount_holds
    kind: wages_falling_headcount_holds
    title: Wages falling while headcount holds
    title_zh: 人数未减而工资总额下降
    meaning: >-
      Wages per head more than 20% below their median of the previous 12 months while
      headcount moved less than 5%: unpaid or deferred wages rather than fewer workers.
      Measure: the fall in percent. Restricted audience only.
    signals: [wages_cny]
    minimum_staff: 10
    # Largest headcount move that still "holds", months of the median, months of history needed.
    headcount_tolerance: 0.05
    reference_months: 12
    minimum_history: 6
    thresholds: {blue: 20, yellow: 35, orange: 50, red: 70}
    clear: 10

  - id: contribution_arrears
    kind: contribution_arrears
    title: Social-insurance contributions in arrears
    title_zh: 社保缴费欠缴
    meaning: >-
      Unpaid social-insurance contributions, in months of the enterprise's wage bill.
      Raised only when the firm's run of months in arrears passes Benjamini-Hochberg at
      `false_discovery_rate` over the run's enterprises (p-value: the chance of such a run at
      the earlier rate of the province's firms, or of this firm if higher): a month's
      contributions paid late once is ordinary at any firm. Restricted audience only.
    signals: [arrears_cny]
    # Months whose median wage bill the arrears are measured in.
    wage_bill_months: 12
    false_discovery_rate: 0.05
    thresholds: {blue: 0.5, yellow: 1.0, orange: 2.0, red: 3.0}
    clear: 0.25

  - id: festival_outflow_shortfall
    kind: festival_outflow_shortfall
    title: Post-festival migrant outflow short of norm
    title_zh: 春节后外出务工人员流出低于常年
    meaning: >-
      Departures after the Spring Festival (rail, mobile net outflow) short of what trend,
      season and the festival's date lead the model to expect, in the festival month or the
      month after (whichever should see more departures): migrant workers not going back to
      work. Measure: shortfall in % of the expected value; raises only when that month's
      robust z is at most `maximum_z`. Judged in the `judged_months` after the festival month.
    signals: [rail_departures, mobile_net_outflow]
    region_levels: [province, city]
    # The month's robust z must be at most this to raise; months after the festival's
    # window during which the rule judges.
    maximum_z: -2.0
    judged_months: 3
    thresholds: {blue: 10, yellow: 20, orange: 30, red: 45}
    clear: 5

  - id: regional_stress
    kind: regional_stress
    title: Regional labour-market stress
    title_zh: 地区劳动力市场综合压力
    meaning: >-
      Many signals of one region moving together in a way none shows alone: Hotelling T² and
      SPE of the region's robust z-scores across its signals and sectors, from a PCA fitted on
      all but the last 12 months (MacGregor & Kourti 1995), with control limits at a 1%
      false-alarm rate per month, cross-validated over the reference months (a region has
      more series than months, and limits from the window's own fit would be crossed every
      month after it). Insured-based series are left to the payroll check where payroll is
      there. Needs `minimum_history` months and `minimum_series` series. Measure: the larger of T² and SPE over its limit;
      blue starts half again above the limit, since robust z-scores have heavier tails than
      the Gaussian the limits assume and a region watches dozens of series.
    signals: ["*"]
    region_levels: [province, city]
    # Months the panel needs; latest months left out of the PCA's reference window; series
    # a region needs; smallest SD of a series' reference-window z for it to take part;
    # false-alarm rate of each control limit per region-month.
    minimum_history: 36
    holdout_months: 12
    minimum_series: 3
    minimum_sd: 0.25
    false_alarm_rate: 0.01
    thresholds: {blue: 1.5, yellow: 2.5, orange: 4.0, red: 8.0}
    clear: 1.0

  - id: single_month_outlier
    kind: outlier
    title: Single-month outlier (data problem)
    title_zh: 单月异常值（数据问题）
    meaning: >-
      A month far off trend, season and festival (beyond the `outliers` threshold) and at
      least 1 + `minimum_relative_change` times, or at most 1/(1 + `minimum_relative_change`)
      of, its expected value, in one of the latest two months: a keying error (headcount
      x10, wages x100, a figure /10) until the next month shows otherwise. Held back from
      every job-loss rule; a data-quality alert, never read as unemployment. Amounts that
      are spiky by nature (arrears, late payers) are left out, and so are series that have
      been negative (net flows: "times expected" means nothing near zero). Raises only when
      its |robust z| passes Benjamini-Hochberg at `false_discovery_rate` over the run's
      tests, its p-value from the |robust z| of every earlier month of every series judged,
      each as it was when it was the latest month (a change's first month as much as a spike).
      Measure: |robust z| of the month.
    signals: ["*"]
    exclude: [contribution_arrears, late_payers, payroll_enterprises]
    region_levels: [province, city]
    minimum_relative_change: 2.0
    # The latest months looked at.
    judged_months: 2
    false_discovery_rate: 0.05
    thresholds: {blue: 6.0, yellow: 12.0, orange: 25.0, red: 50.0}
    clear: 5.0

  - id: payroll_insurance_disagree
    kind: source_disagreement
    title: Payroll and insurance disagree (data problem)
    title_zh: 工资发放与社保数据不一致（数据问题）
    meaning: >-
      Insured employees and payroll headcount for the same cell move apart: their ratio, on
      the cell's continuing firms (a firm that leaves both files is job loss, not a break),
      is far from its previous 12 months in the latest two months, the same way. Usually a
      source changing its definition, so this is labelled a data-quality alert and never
      read as unemployment. Raises only when its measure passes Benjamini-Hochberg at
      `false_discovery_rate` over the run's cells, its p-value from the same measure at
      every earlier month of every cell judged, by size band of payroll headcount.
      Measure: |robust z| of the ratio.
    signals: [insured]
    region_levels: [province, city]
    against: payroll_headcount
    # Months of the ratio's reference median; floor on its scale relative to the median.
    reference_months: 12
    scale_floor: 0.002
    false_discovery_rate: 0.05
    thresholds: {blue: 5.0, yellow: 8.0, orange: 12.0, red: 20.0}
    clear: 2.5
"""#
}
