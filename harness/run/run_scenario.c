/* run_scenario.c - one scenario to the runner of its kind (see run_scenario.h). */
#include "run/run_scenario.h"

#include "run/proc_runner.h"

int gb_run_scenario(const gb_runner_opts *o, const gb_scenario *s, gb_result *r, gb_error *err)
{
    if (s->kind == GB_SCENARIO_COMMAND) {
        if (s->sweep && !r->sweep)
            r->sweep = json_incref(s->sweep);
        return gb_proc_run(o, s, r, err);
    }
    return gb_runner_run(o, s, r, err);
}
