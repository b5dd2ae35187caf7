# SPDX-License-Identifier: GPL-2.0
#
# Flatten KUnit KTAP output, as the kernel log prints it, into TAP lines
# "ok - kunit: SUITE: CASE" (awk -f ktap-cases.awk FILE).  Each suite
# opens with "    # Subtest: SUITE"; its test cases are the first level
# of nesting.  A parameterised case nests one result per parameter: those
# are reported instead of the case.  Kernel log timestamps are ignored,
# and so are lines that are not KTAP.  No result at all is a failure.

{ sub(/^\[ *[0-9.]+\] /, "") }
/^    # Subtest: / {
	suite = $0
	sub(/^    # Subtest: /, "", suite)
	next
}
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
END { if (n == 0) print "not ok - kunit: no results" }
