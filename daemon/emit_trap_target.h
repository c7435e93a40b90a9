/* SPDX-License-Identifier: ISC */
#ifndef DAEMON_EMIT_TRAP_TARGET_H
#define DAEMON_EMIT_TRAP_TARGET_H
#endif
