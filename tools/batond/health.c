// SPDX-License-Identifier: GPL-2.0
/*
 * batond: the fall/rise state machine of a backend's health.
 *
 * A backend starts UNKNOWN.  @rise successes in a row make it UP,
 * @fall failures in a row DOWN, whatever it was; a result of the other
 * kind starts the count again.  It never goes back to UNKNOWN.
 */
#include "batond.h"

static unsigned int run_inc(unsigned int run)
{
	return run < BD_RUN_MAX ? run + 1 : run;
}

struct bd_health bd_health_next(struct bd_health h, bool ok,
				unsigned int fall, unsigned int rise)
{
	if (ok) {
		h.ok_run = run_inc(h.ok_run);
		h.fail_run = 0;
		if (h.ok_run >= rise)
			h.state = BATON_BE_HEALTH_UP;
	} else {
		h.fail_run = run_inc(h.fail_run);
		h.ok_run = 0;
		if (h.fail_run >= fall)
			h.state = BATON_BE_HEALTH_DOWN;
	}
	return h;
}

const char *bd_health_name(uint8_t state)
{
	switch (state) {
	case BATON_BE_HEALTH_UP:
		return "up";
	case BATON_BE_HEALTH_DOWN:
		return "down";
	default:
		return "unknown";
	}
}
