/* SPDX-License-Identifier: ISC */
/*
 * Load generator for the end-to-end benchmark: sends COUNT Snare syslog
 * datagrams to 127.0.0.1:PORT, cycling over HOSTS host names, each host
 * sending 2140 then 100 (so every pair correlates), paced in bursts so the
 * loopback socket buffer is not the thing measured; then, a second later,
 * one non-event datagram so the kernel reports any drops at the end.
 * usage: blast PORT COUNT HOSTS
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct sockaddr_in sin;
	struct timespec pause = { 0, 1000000 }; /* 1 ms every burst */
	struct timespec settle = { 1, 0 };
	unsigned long count, hosts, sent = 0;
	char buf[512];
	int fd, n;

	if (argc != 4) {
		fprintf(stderr, "usage: blast PORT COUNT HOSTS\n");
		return 2;
	}
	count = strtoul(argv[2], NULL, 10);
	hosts = strtoul(argv[3], NULL, 10);
	if (hosts == 0)
		hosts = 1;
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)strtoul(argv[1], NULL, 10));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		return 1;
	for (unsigned long i = 0; i < count; i++) {
		unsigned long host = (i / 2) % hosts;
		unsigned int id = i % 2 ? 100 : 2140;
		n = snprintf(buf, sizeof(buf),
		    "<11>Nov 29 21:27:06 exch%lu MSWinEventLog\t1\tApplication"
		    "\t%lu\tSun Nov 29 21:27:06 2026\t%u\tMSExchangeIMC\tN/A"
		    "\tN/A\tError\texch%lu\tNone\t\tThe Internet Mail Service "
		    "failed to start\t%lu",
		    host, i, id, host, i);
		if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&sin,
			sizeof(sin)) == n)
			sent++;
		if (i % 200 == 199)
			nanosleep(&pause, NULL);
	}
	/*
	 * The kernel reports drops with the next datagram it accepts: once
	 * the receiver has caught up, one more (not a Windows event) carries
	 * the count of any drops at the end of the burst.
	 */
	nanosleep(&settle, NULL);
	n = snprintf(buf, sizeof(buf), "<13>evcorrd-bench: end of burst");
	if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&sin,
		sizeof(sin)) == n)
		sent++;
	printf("sent %lu\n", sent);
	return 0;
}
