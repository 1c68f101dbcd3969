/* py_worker.h - entry of the hidden subcommand `gilbench __worker` (see py_worker.c). */
#ifndef GB_PY_WORKER_H
#define GB_PY_WORKER_H

/* Run one scenario in this process and report on the result descriptor. */
int gb_worker_main(int argc, char **argv);

#endif
