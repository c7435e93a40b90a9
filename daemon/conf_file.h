/* SPDX-License-Identifier: ISC */
#ifndef DAEMON_CONF_FILE_H
#define DAEMON_CONF_FILE_H
#endif
