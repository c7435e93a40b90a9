/* SPDX-License-Identifier: ISC */
/*
 * SO_RXQ_OVFL: the kernel's count of datagrams it dropped on a UDP socket
 * because the receive buffer was full, delivered with each datagram read
 * by recvmsg() (a control buffer of CMSG_SPACE(sizeof(uint32_t))).  The
 * caller counts and logs the growth.
 */
#ifndef DAEMON_UDP_RXQ_H
#define DAEMON_UDP_RXQ_H

#include <sys/socket.h>

#include <stdint.h>

/* Asks for the drop count on fd; 0, or -1 with errno set. */
int udp_rxq_enable(int fd);

/*
 * The drops since *last (modulo 2^32, as the kernel's counter wraps) told
 * by mh's control messages, 0 when none tells any; updates *last.
 */
uint32_t udp_rxq_dropped(struct msghdr *mh, uint32_t *last);

#endif
