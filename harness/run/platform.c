/* platform.c - what machine, OS and build a report was made on. Reads /proc/cpuinfo,
 * uname, the affinity mask and the load average; measures nothing. */
#include "run/platform.h"
#include "util/json_text.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int gb_platform_usable_cpus(void)
{
    cpu_set_t set;
    int n;

    if (sched_getaffinity(0, sizeof set, &set) != 0)
        return 1;
    n = CPU_COUNT(&set);
    return n > 0 ? n : 1;
}

static json_t *cpu_model(void)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    json_t *model = NULL;

    if (!f)
        return json_null();
    while (!model && fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10) == 0) {
            char *colon = strchr(line, ':');
            if (colon) {
                colon++;
                while (*colon == ' ' || *colon == '\t')
                    colon++;
                colon[strcspn(colon, "\n")] = '\0';
                model = gb_json_text(colon);
            }
        }
    }
    fclose(f);
    return model ? model : json_null();
}

json_t *gb_platform_metadata(int argc, char **argv)
{
    struct utsname u;
    char host[256] = "", stamp[32];
    double load[3] = {0, 0, 0};
    time_t t = time(NULL);
    struct tm tm;
    json_t *cmd = json_array(), *meta;

    for (int i = 0; i < argc; i++)
        json_array_append_new(cmd, gb_json_text(argv[i]));
    if (uname(&u) != 0)
        memset(&u, 0, sizeof u);
    gethostname(host, sizeof host - 1);
    gmtime_r(&t, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (getloadavg(load, 3) != 3)
        load[0] = load[1] = load[2] = 0;
    meta =
        json_pack("{s:{s:s,s:s,s:s,s:s,s:s},s:{s:s,s:s},s:{s:o,s:i,s:i},"
                  "s:{s:o,s:o,s:o,s:o},s:o,s:s,s:o,s:[f,f,f]}",
                  "gilbench", "version", GB_VERSION, "build_type", GB_BUILD_TYPE, "c_flags",
                  GB_C_FLAGS, "compiler", GB_COMPILER, "sanitize", GB_SANITIZE, "python",
                  "executable", GB_PYTHON_EXECUTABLE, "version_built_against", GB_PYTHON_VERSION,
                  "cpu", "model", cpu_model(), "count", (int)sysconf(_SC_NPROCESSORS_ONLN),
                  "usable", gb_platform_usable_cpus(), "os", "sysname", gb_json_text(u.sysname),
                  "release", gb_json_text(u.release), "version", gb_json_text(u.version), "machine",
                  gb_json_text(u.machine), "hostname", gb_json_text(host), "start_time", stamp,
                  "command_line", cmd, "load_average", load[0], load[1], load[2]);
    return meta ? meta : json_object();
}

int gb_platform_parse_cpus(const char *text, cpu_set_t *set)
{
    const char *p = text;
    long ncpu = sysconf(_SC_NPROCESSORS_CONF);

    CPU_ZERO(set);
    while (*p) {
        char *end;
        long a = strtol(p, &end, 10), b;

        if (end == p || a < 0 || a >= ncpu)
            return -1;
        b = a;
        if (*end == '-') {
            p = end + 1;
            b = strtol(p, &end, 10);
            if (end == p || b < a || b >= ncpu)
                return -1;
        }
        for (long c = a; c <= b; c++)
            CPU_SET((int)c, set);
        p = end;
        if (*p == ',')
            p++;
        else if (*p)
            return -1;
    }
    return CPU_COUNT(set) > 0 ? 0 : -1;
}
