/* SPDX-License-Identifier: ISC */
#ifndef DAEMON_LISTEN_SYSLOG_INT_H
#define DAEMON_LISTEN_SYSLOG_INT_H
#endif
