/* SPDX-License-Identifier: ISC */
/*
 * One key per server, whatever path its events took: EXCH01,
 * exch01.corp.example and a trap whose computer-name varbind says EXCH01
 * are one host.  Pure; no DNS.
 */
#ifndef DAEMON_ENGINE_HOSTKEY_H
#define DAEMON_ENGINE_HOSTKEY_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf.h"
#include "decode/winevent.h"

#define HOSTKEY_MAX 256

/*
 * Normalises a host name: lower case, and with strip_domain the part
 * before the first dot.  An IP address literal is kept whole (IPv6
 * compressed canonically).  Returns 0, or -1 when name is empty or does
 * not fit, or is no host name (a space or control byte in the key, or
 * nothing before the first dot).
 */
int hostkey_normalise(const char *name, bool strip_domain, char *key,
    size_t keylen);

/*
 * The key of the host that sent ev: its computer name when it has a
 * valid one that is not an address; else the name of the conf host alias
 * listing that address or ev->peer; else that address, else the peer
 * address itself.  Returns 0, or -1 when there is nothing to key on.
 */
int hostkey_for_event(const struct conf *conf, const struct winevent *ev,
    char *key, size_t keylen);

#endif
