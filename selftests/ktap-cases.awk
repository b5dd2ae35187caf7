# SPDX-License-Identifier: GPL-2.0
#
# Flatten one KUnit suite's KTAP results into TAP lines
# "ok - kunit: SUITE: CASE" (awk -v suite=NAME -f ktap-cases.awk FILE).
# Test cases are the first level of nesting in a suite's results.  A
# parameterised case nests one result per parameter: those are reported
# instead of the case.  Leading kernel log timestamps are ignored.

{ sub(/^\[ *[0-9.]+\] /, "") }
function emit(res, name) {
	print res " - kunit: " suite ": " name
	n++
}
function parse(line,	res) {
	res = (line ~ /^not ok/) ? "not ok" : "ok"
	sub(/^(not )?ok [0-9]+( -)? */, "", line)
	name = line
	return res
}
/^        (not )?ok [0-9]+/ {
	line = $0
	sub(/^        /, "", line)
	res = parse(line)
	params[np++] = res "\t" name
	next
}
/^    (not )?ok [0-9]+/ {
	line = $0
	sub(/^    /, "", line)
	res = parse(line)
	bad = 0
	for (i = 0; i < np; i++) {
		split(params[i], p, "\t")
		emit(p[1], name ": " p[2])
		bad += p[1] == "not ok"
	}
	# a case with no parameters, or one that failed on its own
	if (np == 0 || (res == "not ok" && bad == 0))
		emit(res, name)
	np = 0
}
END { if (n == 0) emit("not ok", "no results") }
