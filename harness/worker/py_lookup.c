/* py_lookup.c - from the words of a scenario to Python objects: a JSON value as the
 * matching Python value, a thread's call arguments, "module:attr.attr" as the object it
 * names, the hint that follows a failed import, and the pending exception as one line.
 * Running the threads is py_executor.c's job; this file only converts and looks up. GIL
 * held throughout. */
#include "worker/py_lookup.h"

#include <string.h>

void gb_py_exception_line(char *buf, size_t size)
{
    PyObject *type, *value, *tb;
    PyObject *text = NULL;
    const char *name = "exception";
    const char *msg = "";

    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (type && PyType_Check(type)) {
        name = ((PyTypeObject *)type)->tp_name;
    }
    if (value) {
        text = PyObject_Str(value);
        if (text)
            msg = PyUnicode_AsUTF8(text);
        if (!msg) {
            PyErr_Clear();
            msg = "";
        }
    }
    if (msg[0])
        snprintf(buf, size, "%s: %s", name, msg);
    else
        snprintf(buf, size, "%s", name);
    Py_XDECREF(text);
    /* the traceback goes to stderr, where the parent keeps it for the report; not
     * PyErr_Print(), which would exit the process on SystemExit */
    if (type)
        PyErr_Display(type, value, tb);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    PyErr_Clear();
}

PyObject *gb_py_from_json(json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_NULL:
        Py_RETURN_NONE;
    case JSON_TRUE:
        Py_RETURN_TRUE;
    case JSON_FALSE:
        Py_RETURN_FALSE;
    case JSON_INTEGER:
        return PyLong_FromLongLong(json_integer_value(v));
    case JSON_REAL:
        return PyFloat_FromDouble(json_real_value(v));
    case JSON_STRING:
        return PyUnicode_FromStringAndSize(json_string_value(v), (Py_ssize_t)json_string_length(v));
    case JSON_ARRAY: {
        PyObject *list = PyList_New((Py_ssize_t)json_array_size(v));
        size_t i;
        json_t *item;

        if (!list)
            return NULL;
        json_array_foreach(v, i, item)
        {
            PyObject *o = gb_py_from_json(item);
            if (!o) {
                Py_DECREF(list);
                return NULL;
            }
            PyList_SET_ITEM(list, (Py_ssize_t)i, o);
        }
        return list;
    }
    case JSON_OBJECT: {
        PyObject *dict = PyDict_New();
        const char *key;
        json_t *item;

        if (!dict)
            return NULL;
        json_object_foreach(v, key, item)
        {
            PyObject *o = gb_py_from_json(item);
            if (!o || PyDict_SetItemString(dict, key, o) < 0) {
                Py_XDECREF(o);
                Py_DECREF(dict);
                return NULL;
            }
            Py_DECREF(o);
        }
        return dict;
    }
    }
    PyErr_SetString(PyExc_TypeError, "unsupported JSON value");
    return NULL;
}

/* "package.module:attr.attr" -> the object. */
PyObject *gb_py_resolve_call(const char *spec)
{
    const char *colon = strchr(spec, ':');
    char modname[512];
    PyObject *obj;
    const char *p;

    if (!colon || (size_t)(colon - spec) >= sizeof modname) {
        PyErr_Format(PyExc_ValueError, "\"%s\" is not module:function", spec);
        return NULL;
    }
    memcpy(modname, spec, (size_t)(colon - spec));
    modname[colon - spec] = '\0';
    /* "setup:name" is a name made by the scenario's setup, which runs in __main__ */
    obj = PyImport_ImportModule(strcmp(modname, "setup") == 0 ? "__main__" : modname);
    p = colon + 1;
    while (obj && *p) {
        char attr[256];
        size_t len = strcspn(p, ".");
        PyObject *next;

        if (len >= sizeof attr) {
            Py_DECREF(obj);
            PyErr_SetString(PyExc_ValueError, "attribute name too long");
            return NULL;
        }
        memcpy(attr, p, len);
        attr[len] = '\0';
        next = PyObject_GetAttrString(obj, attr);
        Py_DECREF(obj);
        obj = next;
        p += len;
        if (*p == '.')
            p++;
    }
    return obj;
}

/* After "No module named ...": where it was looked for, beyond the standard places. */
void gb_py_import_hint(const gb_scenario *sc, char *buf, size_t size)
{
    size_t len;

    if (sc->npath == 0) {
        snprintf(buf, size, " (no \"path\" in the scenario: add the module's directory)");
        return;
    }
    len = (size_t)snprintf(buf, size, " (sys.path additions: ");
    for (size_t i = 0; i < sc->npath && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "", sc->path[i]);
    if (len < size)
        snprintf(buf + len, size - len, ")");
}

int gb_py_call_args(const gb_thread_spec *t, PyObject **args, PyObject **kwargs)
{
    PyObject *list = gb_py_from_json(t->args);

    if (!list)
        return -1;
    *args = PyList_AsTuple(list);
    Py_DECREF(list);
    if (!*args)
        return -1;
    *kwargs = json_object_size(t->kwargs) ? gb_py_from_json(t->kwargs) : PyDict_New();
    if (!*kwargs)
        return -1;
    if (t->kind == GB_THREAD_WORKLOAD) {
        PyObject *gil = PyUnicode_FromString(gb_gil_mode_name(t->gil));
        int bad = !gil || PyDict_SetItemString(*kwargs, "gil", gil) < 0;

        Py_XDECREF(gil);
        if (bad)
            return -1;
        /* double_release takes no gil argument */
        if (strcmp(t->workload, "double_release") == 0)
            PyDict_Clear(*kwargs);
    }
    return 0;
}
