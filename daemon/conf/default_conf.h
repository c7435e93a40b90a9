/* SPDX-License-Identifier: ISC */
/*
 * The shipped conf/evcorrd.conf, compiled in (default_conf.c is generated
 * by make) so that evcorrd works out of the box with no file installed.
 */
#ifndef DAEMON_CONF_DEFAULT_CONF_H
#define DAEMON_CONF_DEFAULT_CONF_H

extern const char default_conf_text[];

#endif
