/* SPDX-License-Identifier: ISC */
#ifndef DAEMON_EMIT_TRAP_PDU_H
#define DAEMON_EMIT_TRAP_PDU_H
#endif
