/* SPDX-License-Identifier: ISC */
#ifndef DAEMON_CONF_GRAMMAR_H
#define DAEMON_CONF_GRAMMAR_H
#endif
