import Foundation
import TestSupport
import XCTest

/// `report.html` and the brief as a reader gets them: rendered by headless Chromium, with a
/// filter changed, a map region clicked and a chart point hovered by a script appended to a
/// copy of the page (the page's own handlers do the work), then the resulting DOM read back.
final class ReportInBrowserTests: XCTestCase {
    func chromium() throws -> String {
        guard let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("CI must have chromium (scripts/install-deps.sh)") }
            throw XCTSkip("chromium not installed")
        }
        return path
    }

    func dumpDOM(_ page: URL, in ws: URL) throws -> String {
        let r = try runProcess(try chromium(), ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                                "--user-data-dir=\(ws.path)/chromium", "--dump-dom", page.absoluteString])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    /// What the reader does, in the page's own terms; the results go into `#result` as
    /// `key=value` lines.
    static let clicks = """
    <script>
    (function(){
    var out=[];function put(k,v){out.push(k+'='+v);}
    function shown(){return Array.prototype.slice.call(document.querySelectorAll('#alerts > section.alert')).filter(function(s){return !s.hidden;});}
    put('controls-visible',!document.getElementById('controls').hidden);
    put('all',shown().length);
    var city=document.getElementById('f-city');city.value='430100';city.dispatchEvent(new Event('change'));
    put('city-filter',shown().map(function(s){return s.id;}).join(' '));
    put('city-filter-counter',document.getElementById('shown').textContent);
    city.value='';city.dispatchEvent(new Event('change'));
    put('cleared',shown().length);
    var level=document.getElementById('f-level');level.value='red';level.dispatchEvent(new Event('change'));
    put('red-filter',shown().map(function(s){return s.dataset.level;}).join(' '));
    level.value='';level.dispatchEvent(new Event('change'));
    var place=document.querySelector('.map-city .place[data-region="430100"]');
    place.dispatchEvent(new MouseEvent('click',{bubbles:true}));
    put('map-click',shown().map(function(s){return s.id;}).join(' '));
    put('map-note',document.getElementById('place-note').hidden?'hidden':document.getElementById('place-name').textContent);
    put('map-selected',place.classList.contains('selected'));
    var empty=document.querySelector('.map-county .place[data-region="433130"]');
    empty.dispatchEvent(new MouseEvent('click',{bubbles:true}));
    put('empty-place',shown().length);
    document.getElementById('place-clear').click();
    put('after-clear',shown().length);
    var sort=document.getElementById('sort');sort.value='sector';sort.dispatchEvent(new Event('change'));
    put('sorted-by-sector',Array.prototype.slice.call(document.querySelectorAll('#alerts > section.alert')).map(function(s){return s.dataset.sector;}).join(' '));
    sort.value='level';sort.dispatchEvent(new Event('change'));
    put('sorted-by-level',Array.prototype.slice.call(document.querySelectorAll('#alerts > section.alert')).map(function(s){return s.dataset.rank;}).join(''));
    var pt=document.querySelector('#alerts circle.pt');
    pt.dispatchEvent(new MouseEvent('mouseover',{bubbles:true,clientX:10,clientY:10}));
    var tip=document.getElementById('tip');put('tip',tip.hidden?'hidden':tip.textContent);
    var pre=document.createElement('pre');pre.id='result';pre.textContent=out.join('\\n');document.body.appendChild(pre);
    })();
    </script>
    """

    func results(_ dom: String) throws -> [String: String] {
        let start = try XCTUnwrap(dom.range(of: "<pre id=\"result\">"), "the test script ran")
        let body = dom[start.upperBound...].prefix { $0 != "<" }
        var out: [String: String] = [:]
        for line in body.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { out[String(parts[0])] = String(parts[1]).replacingOccurrences(of: "&amp;", with: "&") }
        }
        return out
    }

    func testFilterMapClickAndTooltipInChromiumThenTheBrief() throws {
        _ = try chromium()
        let ws = try RunFixture.workspace(self)
        XCTAssertEqual(try RunFixture.run(ws).status, 0)
        let html = ws.appendingPathComponent("report.html")
        let r = try runJobSentry(["report", "--workspace", ws.path, "--out", html.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        var page = try String(contentsOf: html, encoding: .utf8)
        let ids = page.components(separatedBy: "<section class=\"alert\" id=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        XCTAssertTrue(ids.contains("A-430100-C-ALL"), "the fixture's alert")
        let inChangsha = ids.filter { $0.contains("-4301") }.joined(separator: " ")
        page = page.replacingOccurrences(of: "</body>", with: Self.clicks + "</body>")
        let clicked = ws.appendingPathComponent("clicked.html")
        try page.write(to: clicked, atomically: true, encoding: .utf8)

        let got = try results(try dumpDOM(clicked, in: ws))
        XCTAssertEqual(got["controls-visible"], "true", "the script shows the filter bar")
        XCTAssertEqual(got["all"], String(ids.count), "everything is shown before any filter")
        XCTAssertEqual(got["city-filter"], inChangsha, "the city filter keeps Changsha's alerts, in order")
        XCTAssertEqual(got["city-filter-counter"], String(ids.filter { $0.contains("-4301") }.count))
        XCTAssertEqual(got["cleared"], String(ids.count))
        XCTAssertTrue(got["red-filter"].map { $0.isEmpty || $0.split(separator: " ").allSatisfy { $0 == "red" } } ?? false, "\(got)")
        XCTAssertEqual(got["map-click"], inChangsha, "clicking Changsha on the map lists its alerts")
        XCTAssertEqual(got["map-note"], "长沙市: \(ids.filter { $0.contains("-4301") }.count)")
        XCTAssertEqual(got["map-selected"], "true")
        XCTAssertEqual(got["empty-place"], "0", "a county without alerts lists none")
        XCTAssertEqual(got["after-clear"], String(ids.count))
        let sectors = try XCTUnwrap(got["sorted-by-sector"]).split(separator: " ")
        XCTAssertEqual(sectors, sectors.sorted(), "sorting by sector orders the sections by sector code")
        let ranks = try XCTUnwrap(got["sorted-by-level"])
        XCTAssertEqual(String(ranks.sorted(by: >)), ranks, "sorting by level puts the most severe first")
        let tip = try XCTUnwrap(got["tip"])
        XCTAssertTrue(tip.contains("观测") && tip.contains("预期") && tip.contains("年"), "hover shows month, observed and expected: \(tip)")

        let brief = ws.appendingPathComponent("brief.html")
        let b = try runJobSentry(["report", "--workspace", ws.path, "--brief", "--out", brief.path])
        XCTAssertEqual(b.status, 0, b.stderr)
        XCTAssertTrue(b.stderr.hasPrefix("brief: "), b.stderr)
        let dom = try dumpDOM(brief, in: ws)
        XCTAssertTrue(dom.contains("<section id=\"brief-counts\">") && dom.contains("较上月"), "counts with the change since last month")
        XCTAssertTrue(dom.contains("<tr data-signal=\"surveyed_unemployment_rate\"><td>城镇调查失业率</td>"), "plan indicator by name")
        XCTAssertTrue(dom.contains("<td class=\"num\">5.5%</td>") && dom.contains("<td class=\"num\">4.5%</td>"), "against the plan ceilings")
        let top = dom.components(separatedBy: "<section id=\"brief-top\">")[1].components(separatedBy: "</ol>")[0]
        XCTAssertEqual(top.components(separatedBy: "<li ").count - 1, min(5, ids.count), "the five highest-risk alerts, one line each")
        XCTAssertEqual(dom.components(separatedBy: "<path class=\"place\"").count - 1, 14, "the city map")
        XCTAssertFalse(dom.contains("<script"), "the brief needs no script")
    }
}
