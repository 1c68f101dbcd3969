/* py_lookup.h - from the words of a scenario to Python objects (py_lookup.c): values,
 * names, the arguments of a call, exceptions.
 * Every function is called with the GIL held. */
#ifndef GB_PY_LOOKUP_H
#define GB_PY_LOOKUP_H

#include <Python.h>
#include <jansson.h>
#include <stddef.h>

#include "scenario/scenario.h"

/* The Python value of a JSON value (new reference), or NULL with an exception set. */
PyObject *gb_py_from_json(json_t *v);

/* The arguments a thread's call is made with: its args as a tuple, its kwargs as a dict
 * (a workload's with its "gil" mode, but double_release's: none). 0, or -1 with an
 * exception set (and *args, *kwargs whatever was made, for the caller to release). */
int gb_py_call_args(const gb_thread_spec *t, PyObject **args, PyObject **kwargs);

/* "package.module:attr.attr" -> the object (new reference), or NULL with an exception set;
 * "setup:name" is a name the scenario's setup made in __main__. */
PyObject *gb_py_resolve_call(const char *spec);

/* After "No module named ...": where it was looked for, beyond the standard places. */
void gb_py_import_hint(const gb_scenario *sc, char *buf, size_t size);

/* Turn the pending Python exception into one line "TypeName: message" in buf, print
 * its traceback to stderr (kept by the parent in the report), and clear it. */
void gb_py_exception_line(char *buf, size_t size);

#endif
