/* run_scenario.h - running one scenario of any kind: a scenario of threads in a worker
 * (runner.h), a command scenario under hyperfine (proc_runner.h). Only the choice is here;
 * it keeps the two runners apart, so that neither needs the other. */
#ifndef GB_RUN_SCENARIO_H
#define GB_RUN_SCENARIO_H

#include "run/runner.h"

/* Run s with the runner of its kind and fill r (r->scenario = s). Returns 0 when it could
 * be started and watched (whatever happened to it: see r->status), -1 with err otherwise. */
int gb_run_scenario(const gb_runner_opts *o, const gb_scenario *s, gb_result *r,
                    gb_error *err) GB_MUST_USE;

#endif
