import Codes

extension AggregateTable {
    /// The table with roll-ups added: county → city → province by code prefix
    /// (430102 → 430100 → 430000) and each sector → `ALL`.
    ///
    /// Counts and amounts are summed; ratios are recomputed from the summed numerator
    /// and denominator (never summed or averaged); means of daily stocks are summed over
    /// member regions; published rates are not rolled up. In `.publishedFirst` mode a
    /// cell already present (published in the file, or rolled up at an earlier step) is
    /// kept and its children are not added to it, so a file that carries both county
    /// and city rows is not double counted.
    public func rolledUp() -> AggregateTable {
        guard layout.rollup != .none else { return self }
        var base = self
        base.computeDerived()
        var out = AggregateTable(layout: layout)
        out.vocabulary = vocabulary
        var rolled = Set<Int>()
        let hasSector = layout.keys.contains(.sector)

        func add(from src: AggregateTable, _ s: Int, into target: AggregateKey, isSelf: Bool) {
            let existed = out.find(target) != nil
            let t = out.slot(target)
            if !existed && !isSelf { rolled.insert(t) }
            for (m, spec) in layout.measures.enumerated() {
                let v = src.value(s, m)
                switch spec.role {
                case .additive, .mean: out.accumulate(t, m, v)
                case .published: if isSelf { out.setValue(t, m, v) }
                case .ratio: break
                }
            }
        }

        switch layout.rollup {
        case .none:
            return self
        case .additive:
            for s in 0..<base.count {
                let k = base.keys[s]
                guard let region = RegionCode(value: Int(k.region)) else { continue }
                let sectors = (hasSector && k.sector != FieldDecoding.allSectors) ? [k.sector, FieldDecoding.allSectors] : [k.sector]
                for r in region.lineage {
                    for sec in sectors {
                        var t = k; t.region = Int32(r.value); t.sector = sec
                        add(from: base, s, into: t, isSelf: t == k)
                    }
                }
            }
        case .publishedFirst:
            for s in 0..<base.count { add(from: base, s, into: base.keys[s], isSelf: true) }
            if hasSector {
                let present = Set(out.keys)
                for s in 0..<base.count where base.keys[s].sector != FieldDecoding.allSectors {
                    var t = base.keys[s]; t.sector = FieldDecoding.allSectors
                    if !present.contains(t) { add(from: base, s, into: t, isSelf: false) }
                }
            }
            for level in [RegionCode.Level.county, .city] {
                let present = Set(out.keys)
                let snapshot = out
                for s in 0..<snapshot.count {
                    let k = snapshot.keys[s]
                    guard let r = RegionCode(value: Int(k.region)), r.level == level, let p = r.parent else { continue }
                    var t = k; t.region = Int32(p.value)
                    if !present.contains(t) { add(from: snapshot, s, into: t, isSelf: false) }
                }
            }
        }
        // Means of rolled cells are sums of members' means (set above); recompute
        // only ratios there, and both ratios and means at the source cells.
        var sourceCells = Set(0..<out.count)
        sourceCells.subtract(rolled)
        if layout.rollup == .additive { sourceCells = [] }
        out.computeDerived(meansFor: sourceCells)
        return out
    }
}
