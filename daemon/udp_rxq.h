/* SPDX-License-Identifier: ISC */
#ifndef DAEMON_UDP_RXQ_H
#define DAEMON_UDP_RXQ_H
#endif
