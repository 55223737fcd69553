"""Performance benchmarks (not tests): each prints side-by-side ratios and PASS/MISS per goal."""
