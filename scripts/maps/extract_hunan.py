#!/usr/bin/env python3
"""One-off: Hunan's prefecture and county boundaries as small SVG paths.

Source: the PyPI source distribution of pyecharts' echarts-china-cities-pypkg (MIT), read
as a tarball, not installed (its setup.py needs pyecharts-jupyter-installer and wheel to
produce metadata, hence the extra packages):

    pip install "shapely>=2.1" pypinyin pyecharts-jupyter-installer wheel
    pip download --no-deps --no-build-isolation echarts-china-cities-pypkg==0.0.9 -d /tmp/maps
    python3 scripts/maps/extract_hunan.py /tmp/maps > datasets/maps/hunan.csv
    python3 scripts/maps/swift_tables.py

The 14 city files give Hunan's counties (feature ids are GB/T 2260 codes); a prefecture
is drawn as the union of its counties. Geometry is ECharts' compressed encoding (zigzag deltas
in UTF-16 code units, scale 1024), decoded below. The counties are simplified as a coverage
(shapely.coverage_simplify, GEOS >= 3.12), so neighbours keep one shared border and no
slivers open between them, then projected (equirectangular, x scaled by cos of the
mid latitude) onto a 560-pixel-wide frame and written as relative moves in whole pixels.

Needs shapely >= 2.1 and pypinyin (English county names are transliterated; the few it
gets wrong are fixed in PINYIN_FIXES).
"""
import csv
import glob
import json
import math
import os
import re
import sys
import tarfile

import shapely
from pypinyin import lazy_pinyin
from shapely.geometry import MultiPolygon, Polygon

WIDTH = 560.0
# Tolerance in degrees (~2 km): a 560-pixel map has about a kilometre per pixel, and
# this keeps both layers to ~30 KB of path data.
TOLERANCE = 0.02

CITY_NAMES = {
    "430100": "长沙市", "430200": "株洲市", "430300": "湘潭市", "430400": "衡阳市", "430500": "邵阳市",
    "430600": "岳阳市", "430700": "常德市", "430800": "张家界市", "430900": "益阳市", "431000": "郴州市",
    "431100": "永州市", "431200": "怀化市", "431300": "娄底市", "433100": "湘西土家族苗族自治州",
}
CITY_FILES = {
    "430100": "hu2_nan2_chang2_sha1", "430200": "hu2_nan2_zhu1_zhou1", "430300": "hu2_nan2_xiang1_tan2",
    "430400": "hu2_nan2_heng2_yang2", "430500": "hu2_nan2_shao4_yang2", "430600": "hu2_nan2_yue4_yang2",
    "430700": "hu2_nan2_chang2_de2", "430800": "hu2_nan2_zhang1_jia1_jie4", "430900": "hu2_nan2_yi4_yang2",
    "431000": "hu2_nan2_chen1_zhou1", "431100": "hu2_nan2_yong3_zhou1", "431200": "hu2_nan2_huai2_hua4",
    "431300": "hu2_nan2_lou2_di3", "433100": "hu2_nan2_xiang1_xi1_tu3_jia1_zu2_miao2_zu2_zi4_zhi4_zhou1",
}
SUFFIXES = [("土家族苗族自治县", " Tujia-Miao Autonomous County"), ("苗族侗族自治县", " Miao-Dong Autonomous County"), ("苗族自治县", " Miao Autonomous County"),
            ("瑶族自治县", " Yao Autonomous County"), ("侗族自治县", " Dong Autonomous County"),
            ("土家族自治县", " Tujia Autonomous County"), ("区", " District"), ("县", " County"), ("市", "")]
# The package predates four re-designations (GB/T 2260 as of 2023, which the demo uses):
# same land, new code and name.
RENAMED = {"430124": ("430182", "宁乡市"), "430221": ("430212", "渌口区"),
           "430521": ("430582", "邵东市"), "431121": ("431181", "祁阳市")}
PINYIN_FIXES = {"会同": "Huitong", "长沙": "Changsha", "东安": "Dong'an"}


def read_js(tars, name):
    for t in tars:
        for m in t.getmembers():
            if m.name.endswith("/" + name + ".js"):
                return t.extractfile(m).read().decode("utf-8")
    raise SystemExit(f"{name}.js not found in the tarballs")


def features(js):
    """The FeatureCollection inside an ECharts map script, as Python objects."""
    start = js.index("{type:\"FeatureCollection\"") if "{type:\"FeatureCollection\"" in js else js.index("{\"type\":\"FeatureCollection\"")
    depth, end, i = 0, start, start
    while i < len(js):
        c = js[i]
        if c == '"':  # skip a string literal, escapes included
            i += 1
            while js[i] != '"':
                i += 2 if js[i] == "\\" else 1
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                end = i + 1
                break
        i += 1
    text = js[start:end].replace("!0", "true").replace("!1", "false")
    # Minified keys are unquoted; ':' never occurs inside the encoded coordinate strings.
    text = re.sub(r'([{,]\s*)([A-Za-z_][A-Za-z0-9_]*):', r'\1"\2":', text)
    return json.loads(text)["features"]


def decode_ring(encoded, offset):
    x0, y0 = offset
    out = []
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x0 += x
        y0 += y
        out.append((x0 / 1024.0, y0 / 1024.0))
    return out


def geometry(f):
    g = f["geometry"]
    coords, offsets = g["coordinates"], g["encodeOffsets"]
    polys = [coords] if g["type"] == "Polygon" else coords
    polys_off = [offsets] if g["type"] == "Polygon" else offsets
    parts = []
    for rings, offs in zip(polys, polys_off):
        decoded = [decode_ring(r, o) if isinstance(r, str) else r for r, o in zip(rings, offs)]
        parts.append(Polygon(decoded[0], decoded[1:]).buffer(0))
    geom = shapely.union_all(parts)
    return geom


def english(name):
    for zh, en in SUFFIXES:
        if name.endswith(zh) and len(name) > len(zh):
            stem = name[: -len(zh)]
            word = PINYIN_FIXES.get(stem) or "".join(lazy_pinyin(stem)).capitalize()
            return word + en
    return "".join(lazy_pinyin(name)).capitalize()


def main(folder):
    tars = [tarfile.open(p) for p in sorted(glob.glob(os.path.join(folder, "echarts-china-cities-pypkg-*.tar.gz")))]
    counties = {}
    for code, file in CITY_FILES.items():
        for f in features(read_js(tars, file)):
            cid, name = RENAMED.get(str(f["id"]), (str(f["id"]), f["properties"]["name"]))
            counties[cid] = (code, name, geometry(f))
    county_codes = sorted(counties)
    county_geoms = shapely.coverage_simplify([counties[c][2] for c in county_codes], TOLERANCE)
    # A city is the union of its simplified counties, so both layers share every border.
    city_codes = sorted(CITY_FILES)
    city_geoms = [shapely.union_all([g for c, g in zip(county_codes, county_geoms) if counties[c][0] == code])
                  for code in city_codes]

    minx, miny, maxx, maxy = shapely.union_all(list(city_geoms)).bounds
    kx = math.cos(math.radians((miny + maxy) / 2))
    scale = WIDTH / ((maxx - minx) * kx)

    def project(x, y):
        return ((x - minx) * kx * scale, (maxy - y) * scale)

    def path(geom):
        """Relative moves in whole pixels (one pixel is about a kilometre), dropping
        points that round onto the previous one."""
        polys = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
        out = []
        for p in polys:
            for ring in [p.exterior, *p.interiors]:
                pts = [tuple(round(v) for v in project(x, y)) for x, y in ring.coords[:-1]]
                if len(pts) < 3:
                    continue
                cmd, (px, py) = [f"M{pts[0][0]} {pts[0][1]}"], pts[0]
                for x, y in pts[1:]:
                    if (x, y) != (px, py):
                        cmd.append(f"l{x - px} {y - py}")
                        px, py = x, y
                out.append("".join(cmd) + "z")
        return "".join(out)

    def label(geom):
        p = geom.representative_point()
        return project(p.x, p.y)

    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["code", "level", "parent", "name", "english", "label_x", "label_y", "path"])
    height = (maxy - miny) * scale
    w.writerow(["430000", "province", "", "湖南省", "Hunan", f"{WIDTH:.0f}", f"{height:.0f}", ""])
    for c, g in zip(city_codes, city_geoms):
        lx, ly = label(g)
        w.writerow([c, "city", "430000", CITY_NAMES[c], "", f"{lx:.0f}", f"{ly:.0f}", path(g)])
    for c, g in zip(county_codes, county_geoms):
        parent, name, _ = counties[c]
        lx, ly = label(g)
        w.writerow([c, "county", parent, name, english(name), f"{lx:.0f}", f"{ly:.0f}", path(g)])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
