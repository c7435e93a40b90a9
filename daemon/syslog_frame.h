/* SPDX-License-Identifier: ISC */
#ifndef DAEMON_SYSLOG_FRAME_H
#define DAEMON_SYSLOG_FRAME_H
#endif
