/* fuzz_common.c - the input of a fuzz target as a string and as a scratch file (see
 * fuzz_common.h). The scratch file lives in $TMPDIR (default /tmp), one per process, removed
 * at exit. */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char scratch[2][4096];

static void remove_scratch(void)
{
    for (int i = 0; i < 2; i++)
        if (scratch[i][0])
            unlink(scratch[i]);
}

char *gb_fuzz_text(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);

    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    return text;
}

const char *gb_fuzz_file(int slot, const void *data, size_t size)
{
    FILE *f;

    if (!scratch[0][0]) {
        const char *dir = getenv("TMPDIR");

        for (int i = 0; i < 2; i++)
            snprintf(scratch[i], sizeof scratch[i], "%s/gb-fuzz-%ld-%d.json",
                     dir && *dir ? dir : "/tmp", (long)getpid(), i);
        atexit(remove_scratch);
    }
    f = fopen(scratch[slot], "wb");
    if (!f)
        return NULL;
    if (fwrite(data, 1, size, f) != size) {
        fclose(f);
        return NULL;
    }
    return fclose(f) == 0 ? scratch[slot] : NULL;
}
