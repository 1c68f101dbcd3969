/* fuzz_common.h - what the libFuzzer targets of tests/fuzz share: the input as a C string and
 * as a file, since the harness reads both (a scenario's text for positions, its file again
 * for the position of a duplicate name; a report by path for `compare`). */
#ifndef GB_FUZZ_COMMON_H
#define GB_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* data as a new NUL-terminated string (a NUL inside cuts it, as it would a C string). */
char *gb_fuzz_text(const uint8_t *data, size_t size);

/* Write data to this process's scratch file number slot (0 or 1), whole; returns its path
 * (static) or NULL. */
const char *gb_fuzz_file(int slot, const void *data, size_t size);

#endif
