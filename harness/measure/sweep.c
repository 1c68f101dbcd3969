/* sweep.c - telling the scenarios of one sweep apart (see sweep.h). */
#include "measure/sweep.h"

#include <stdlib.h>
#include <string.h>

/* "4" -> 4, "0.5" -> 0.5, anything else stays a string. */
static json_t *value_of(const char *text, size_t len)
{
    char buf[128], *end;
    long long i;
    double d;

    snprintf(buf, sizeof buf, "%.*s", (int)(len < 127 ? len : 127), text);
    if (buf[0] && (i = strtoll(buf, &end, 10), *end == '\0'))
        return json_integer(i);
    if (buf[0] && (d = strtod(buf, &end), *end == '\0'))
        return json_real(d);
    return json_string(buf);
}

/* "base[k=v,k2=v2]" into base and an object; -1 when name is not of that form. */
static int parse_name(const char *name, char *base, size_t size, json_t **params)
{
    const char *open = strchr(name, '['), *p;
    size_t len = strlen(name);

    if (!open || open == name || len < 2 || name[len - 1] != ']')
        return -1;
    *params = json_object();
    if (!*params)
        return -1;
    for (p = open + 1; p < name + len - 1;) {
        const char *end = p + strcspn(p, ",]"), *eq = memchr(p, '=', (size_t)(end - p));
        char key[128];

        if (!eq || eq == p) {
            json_decref(*params);
            *params = NULL;
            return -1;
        }
        snprintf(key, sizeof key, "%.*s", (int)(eq - p < 127 ? eq - p : 127), p);
        json_object_set_new(*params, key, value_of(eq + 1, (size_t)(end - eq - 1)));
        p = *end == ',' ? end + 1 : end;
        if (*end == ']')
            break;
    }
    snprintf(base, size, "%.*s", (int)(open - name), name);
    return 0;
}

int gb_sweep_of(const gb_result *r, char *base, size_t size, json_t **params)
{
    *params = NULL;
    if (r->sweep) {
        const char *b = json_string_value(json_object_get(r->sweep, "base"));
        json_t *p = json_object_get(r->sweep, "params");

        if (!b || !json_is_object(p))
            return -1;
        snprintf(base, size, "%s", b);
        *params = json_incref(p);
        return 0;
    }
    if (!r->scenario || !r->scenario->name)
        return -1;
    return parse_name(r->scenario->name, base, size, params);
}
