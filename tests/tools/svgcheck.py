#!/usr/bin/env python3
"""Read an HTML report on stdin; check every inline SVG chart is well-formed
XML (a real XML parser, not ours) and print, per chart, its title and the
number of points of each polyline. Exit 1 when a chart is malformed."""
import re
import sys
import xml.dom.minidom

html = sys.stdin.read()
charts = re.findall(r"<svg\b.*?</svg>", html, re.S)
status = 0
for svg in charts:
    try:
        doc = xml.dom.minidom.parseString(svg)
    except Exception as e:  # noqa: BLE001 - any parse failure is the finding
        print("malformed SVG:", e)
        status = 1
        continue
    title = doc.getElementsByTagName("title")[0].firstChild.data
    lines = [len(p.getAttribute("points").split())
             for p in doc.getElementsByTagName("polyline")]
    print("%s: polylines %s" % (title, lines))
print("%d charts; scripts: %d" % (len(charts), html.count("<script")))
sys.exit(status)
