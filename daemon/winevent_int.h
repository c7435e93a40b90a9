/* SPDX-License-Identifier: ISC */
#ifndef DAEMON_WINEVENT_INT_H
#define DAEMON_WINEVENT_INT_H
#endif
