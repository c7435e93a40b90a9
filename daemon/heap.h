/* SPDX-License-Identifier: ISC */
#ifndef DAEMON_HEAP_H
#define DAEMON_HEAP_H
#endif
