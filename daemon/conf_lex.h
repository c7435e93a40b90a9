/* SPDX-License-Identifier: ISC */
#ifndef DAEMON_CONF_LEX_H
#define DAEMON_CONF_LEX_H
#endif
