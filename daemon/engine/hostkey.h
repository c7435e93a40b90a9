/* SPDX-License-Identifier: ISC */
/*
 * One key per server, whatever path its events took: EXCH01,
 * exch01.corp.example and a trap whose computer-name varbind says EXCH01
 * are one host; and two servers never share a key.  Pure; no DNS.
 *
 * The rules (docs/correlation.md, "Host identity"):
 * - The computer name is trimmed of surrounding white space.  Empty, or
 *   "-" (RFC 5424's NILVALUE, Snare's placeholder), is no name.
 * - An address literal (IPv4, IPv6 with or without [brackets], IPv4-
 *   mapped IPv6 as IPv4) is an address: its canonical text, or the name of
 *   the `host` alias that lists it.
 * - Anything else is a name, never refused: the root dot of an absolute
 *   name dropped, with strip-domain cut at the first dot (unless the first
 *   label is all digits: "10.0.0.1.evil.com" is kept whole), ASCII folded
 *   to lower case, and every control byte, space, backslash and byte that
 *   is not UTF-8 written as \xNN, so distinct names stay distinct.  A name
 *   longer than HOSTKEY_NAME_MAX is cut there and ends in "~" and 32 hex
 *   digits of a 128-bit hash of the whole, so long names stay distinct.
 * - A name longer than WINEVENT_COMPUTER_MAX - 1 bytes (the decoders'
 *   bound, four times DNS's) is refused, counted.
 * - Only an event that carries no name at all is keyed on an address:
 *   the origin a relayed trap names (v1 agent-addr, snmpTrapAddress.0),
 *   else the peer it came from (or that address's alias).
 */
#ifndef DAEMON_ENGINE_HOSTKEY_H
#define DAEMON_ENGINE_HOSTKEY_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf.h"
#include "decode/winevent.h"

#define HOSTKEY_MAX 256       /* a key and its NUL */
#define HOSTKEY_NAME_MAX 200  /* bytes of a name kept before the hash */
#define HOSTKEY_TOO_LONG (-2) /* hostkey_for_event(): see there */

/*
 * Normalises a host name or address as above into key (keylen bytes).
 * Returns 0, or -1 when name is no name (NULL, blank, "-") or the key
 * does not fit keylen.
 */
int hostkey_normalise(const char *name, bool strip_domain, char *key,
    size_t keylen);

/*
 * The key of the host that sent ev: its computer name when it has one (an
 * address there is looked up in the aliases); else the alias of the peer
 * address, else the peer address.  Returns 0; -1 when there is nothing
 * to key on (no name, no peer address) or the key does not fit; or
 * HOSTKEY_TOO_LONG when the name was too long for the decoder to keep
 * whole (is_computer_cut): refused, since a cut name could be another's.
 */
int hostkey_for_event(const struct conf *conf, const struct winevent *ev,
    char *key, size_t keylen);

#endif
