#!/usr/bin/env python3
"""The baseline of the JUnit reader (issue 20): what a user would write to count a report's test
cases with the standard library. Prints one line in Go benchmark format, which benchstat reads:

    python3 scripts/junit-iterparse.py NAME report.xml
"""
import os
import sys
import time
import xml.etree.ElementTree as ET

name, path = sys.argv[1], sys.argv[2]
start = time.perf_counter_ns()
cases = failures = 0
for _, elem in ET.iterparse(path, events=("end",)):
    if elem.tag == "testcase":
        cases += 1
        if elem.find("failure") is not None:
            failures += 1
        elem.clear()
ns = time.perf_counter_ns() - start
size = os.path.getsize(path)
print(f"BenchmarkBaseline/{name}-2 1 {ns} ns/op {size / ns * 1e3:.2f} MB/s {cases} testcases {failures} failed")
