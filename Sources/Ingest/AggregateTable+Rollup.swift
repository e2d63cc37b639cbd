import Codes

extension AggregateTable {
    /// The table with roll-ups added (see `CellGrid.rolledUp`), cells in the same order.
    public func rolledUp() -> AggregateTable {
        guard layout.rollup != .none else { return self }
        return CellGrid(self).rolledUp().table()
    }
}

extension CellGrid {
    /// The grid with roll-ups added: county → city → province by code prefix
    /// (430102 → 430100 → 430000) and each sector → `ALL`.
    ///
    /// Counts and amounts are summed; ratios are recomputed from the summed numerator
    /// and denominator (never summed or averaged); means of daily stocks are summed over
    /// member regions; published rates are not rolled up. In `.publishedFirst` mode a
    /// cell already present (published in the file, or rolled up at an earlier step) is
    /// kept and its children are not added to it, so a file that carries both county
    /// and city rows is not double counted.
    ///
    /// Children are added into a parent in slot order, so the sums (of real-valued means
    /// above all) depend on the slot order, and are the same for the same order.
    public func rolledUp() -> CellGrid {
        guard layout.rollup != .none else { return self }
        var base = self
        base.computeDerived()
        var out = base
        out.removeCells()
        var rolled: [Bool] = []
        let hasSector = layout.keys.contains(.sector)
        let all = FieldDecoding.allSectors
        let baseCoordinates = coordinates.count

        switch layout.rollup {
        case .none:
            return self
        case .additive:
            // The parents of each coordinate, in the order the slots are created: each
            // region of its lineage, with its own sector then `ALL`.
            var targets = [[Int]](repeating: [], count: baseCoordinates)
            for c in 0..<baseCoordinates {
                let k = coordinates[c]
                guard let region = RegionCode(value: Int(k.region)) else { continue }
                let sectors = (hasSector && k.sector != all) ? [k.sector, all] : [k.sector]
                for r in region.lineage {
                    for sec in sectors {
                        var t = k; t.region = Int32(r.value); t.sector = sec
                        targets[c].append(out.coordinate(t))
                    }
                }
            }
            for s in 0..<base.count {
                let cell = base.cells[s], c = cell / months, t = cell % months
                for target in targets[c] {
                    out.add(from: base, s, into: target * months + t, isSelf: target == c, rolled: &rolled)
                }
            }
        case .publishedFirst:
            for s in 0..<base.count { out.add(from: base, s, into: base.cells[s], isSelf: true, rolled: &rolled) }
            if hasSector {
                var allSector = [Int](repeating: -1, count: baseCoordinates)
                for c in 0..<baseCoordinates where coordinates[c].sector != all {
                    var t = coordinates[c]; t.sector = all
                    allSector[c] = out.coordinate(t)
                }
                for s in 0..<base.count {
                    let cell = base.cells[s], c = cell / months, t = cell % months
                    guard allSector[c] >= 0 else { continue }
                    let target = allSector[c] * months + t
                    if base.find(cell: target) == nil { out.add(from: base, s, into: target, isSelf: false, rolled: &rolled) }
                }
            }
            for level in [RegionCode.Level.county, .city] {
                // Cells made at this level are not "present": later children still add into them.
                let present = out.count
                var parent = [Int](repeating: -1, count: out.coordinates.count)
                for c in parent.indices {
                    var k = out.coordinates[c]
                    guard let r = RegionCode(value: Int(k.region)), r.level == level, let p = r.parent else { continue }
                    k.region = Int32(p.value)
                    parent[c] = out.coordinate(k)
                }
                let snapshot = out
                for s in 0..<present {
                    let cell = snapshot.cells[s], c = cell / months, t = cell % months
                    guard parent[c] >= 0 else { continue }
                    let target = parent[c] * months + t
                    if (out.find(cell: target) ?? present) >= present {
                        out.add(from: snapshot, s, into: target, isSelf: false, rolled: &rolled)
                    }
                }
            }
        }
        // Means of rolled cells are sums of members' means (set above); recompute
        // only ratios there, and both ratios and means at the source cells.
        let additive = layout.rollup == .additive
        out.computeDerived { !additive && !rolled[$0] }
        return out
    }

    /// The grid with its coordinates and months, without cells.
    mutating func removeCells() {
        cells = []; values = []
        for i in slotAt.indices { slotAt[i] = -1 }
    }

    /// Adds slot `s` of `src` into `target` (a cell of this grid): counts, amounts and means
    /// summed, published values copied into the cell itself only, ratios left for
    /// `computeDerived`. `rolled[slot]` records whether a new slot was made by a roll-up.
    private mutating func add(from src: CellGrid, _ s: Int, into target: Int, isSelf: Bool, rolled: inout [Bool]) {
        let existed = find(cell: target) != nil
        let t = slot(cell: target)
        if !existed { rolled.append(!isSelf) }
        for (m, spec) in layout.measures.enumerated() {
            let v = src.value(s, m)
            switch spec.role {
            case .additive, .mean: accumulate(t, m, v)
            case .published: if isSelf { setValue(t, m, v) }
            case .ratio: break
            }
        }
    }
}
