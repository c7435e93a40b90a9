/* SPDX-License-Identifier: ISC */
/*
 * Socket activation (sd_listen_fds(3) without libsystemd): the sockets
 * systemd passed ($LISTEN_PID, $LISTEN_FDS from fd 3, $LISTEN_FDNAMES),
 * each taken by the listener whose kind, address and port it has.  With
 * evcorrd.socket holding 514 and 162, the service needs no capability.
 */
#ifndef DAEMON_CORE_SDLISTEN_H
#define DAEMON_CORE_SDLISTEN_H

#include <stddef.h>
#include <stdint.h>

#define SDLISTEN_MAX 64

struct sdlisten;

/*
 * The sockets passed to this process (none when $LISTEN_PID is not ours),
 * made close-on-exec; the variables are unset.  Dies on OOM.
 */
struct sdlisten *sdlisten_new(void);
/* Closes the sockets no listener took; NULL is a no-op. */
void sdlisten_free(struct sdlisten *sl);
size_t sdlisten_count(const struct sdlisten *sl);

/*
 * A socket of type (SOCK_DGRAM, SOCK_STREAM) on addr:port: the passed one
 * bound there if there is one (*name gets its name, "" if none; it is the
 * caller's from now on), else a new one from net_bind().  sl may be NULL.
 * Returns the fd, or -1 with "what: strerror" in err.
 */
int sdlisten_bind(struct sdlisten *sl, const char *addr, uint16_t port,
    int type, int backlog, const char **name, char *err, size_t errlen);

/* Calls fn with the name and address text of every socket not taken. */
typedef void sdlisten_visit_fn(const char *name, const char *where, void *arg);
void sdlisten_foreach_unused(const struct sdlisten *sl, sdlisten_visit_fn *fn,
    void *arg);

#endif
