/* SPDX-License-Identifier: ISC */
/*
 * Allocation that dies on out-of-memory.  Safe only because every
 * input-driven size in the daemon has a cap.
 */
#ifndef DAEMON_CORE_XMALLOC_H
#define DAEMON_CORE_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
