/* commands.h - the subcommands of gilbench, one function each (git's builtin/ shape).
 * Each takes the whole argv (argv[1] is the subcommand's name) and returns a gb_exit. */
#ifndef GB_COMMANDS_H
#define GB_COMMANDS_H

#include "scenario/scenario.h"

int gb_cmd_run(int argc, char **argv);
int gb_cmd_validate(int argc, char **argv);
int gb_cmd_list(int argc, char **argv);
int gb_cmd_workloads(int argc, char **argv);
int gb_cmd_compare(int argc, char **argv);
int gb_cmd_report(int argc, char **argv);

/* Load and validate files, printing one line per bad file on stderr. Returns the number
 * of files that failed; loaded scenarios (a file with a sweep gives one per point) go to a
 * new array *out[0..*nout-1] (caller frees the scenarios and the array). */
size_t gb_load_all(char **files, size_t nfiles, const gb_overrides *ov, gb_scenario ***out,
                   size_t *nout);

#endif
