/* json_walk.h - a JSON file walked a value at a time: the members of an object and the items
 * of an array one after the other, each value a jansson value of its own, never the whole
 * document as one tree (a report of 10^6 runs would take ten times its size). The file is
 * mapped, and what has been walked past is let go of. Any departure from JSON is a failure
 * without a position: the caller's whole-document reader says where. */
#ifndef GB_JSON_WALK_H
#define GB_JSON_WALK_H

#include <jansson.h>
#include <stddef.h>

typedef struct gb_json_walk {
    const char *text; /* the file, mapped */
    size_t len, pos;
    size_t released; /* bytes from the start let go of (a multiple of the page size) */
} gb_json_walk;

/* Map the regular file at path (at most max bytes). 0, or -1 (not a regular file, larger,
 * unreadable, empty). */
int gb_json_walk_open(gb_json_walk *w, const char *path, size_t max);

/* Unmap; a zeroed walk is fine. */
void gb_json_walk_close(gb_json_walk *w);

/* Enter the object ('{') or array ('[') at w: 0, or -1 when another value is there. */
int gb_json_walk_enter(gb_json_walk *w, char open);

/* The next member of the object entered: 1 with its key in key (at most size bytes with
 * the NUL), w at its value; 0 at the object's end (passed); -1 not JSON, or a longer key.
 * *first is 1 before the first member (and is cleared). */
int gb_json_walk_key(gb_json_walk *w, int *first, char *key, size_t size);

/* The next item of the array entered: 1, w at it; 0 at the array's end (passed); -1. */
int gb_json_walk_item(gb_json_walk *w, int *first);

/* The value at w (new reference), w after it; NULL when it is not JSON. */
json_t *gb_json_walk_value(gb_json_walk *w);

/* 0 when nothing but white space is left. */
int gb_json_walk_end(gb_json_walk *w);

#endif
