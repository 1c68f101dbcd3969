/* commands.h - the subcommands of gilbench, one function each (git's builtin/ shape).
 * Each takes the whole argv (argv[1] is the subcommand's name) and returns a gb_exit; each
 * is a file cmd_NAME.c of this folder. Only subcommands are named gb_cmd_*. */
#ifndef GB_COMMANDS_H
#define GB_COMMANDS_H

int gb_cmd_run(int argc, char **argv);
int gb_cmd_validate(int argc, char **argv);
int gb_cmd_list(int argc, char **argv);
int gb_cmd_workloads(int argc, char **argv);
int gb_cmd_compare(int argc, char **argv);
int gb_cmd_report(int argc, char **argv);

#endif
