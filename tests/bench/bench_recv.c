/* SPDX-License-Identifier: ISC */
/*
 * The benchmark's minimal receiver: one UDP socket on 127.0.0.1:PORT (::1
 * with -6), the receive buffer evcorrd asks for (4 MiB), recvmmsg in
 * batches of 64, nothing done with the datagrams but counting them: what
 * one socket on this machine can take, the mark the receivers are held to.
 *
 * usage: bench_recv [-6] [-P] [-i IDLE_MS] [-l PROBES] [-r READY] PORT
 *
 * Ends IDLE_MS (1000) after the last datagram once one came, or at
 * SIGTERM, printing "received N drops D" (D: the kernel's drops on the
 * socket, SO_RXQ_OVFL).  -r READY: the file is created once the socket is
 * bound.  -l PROBES: for each datagram naming host "probeK" (bench_send
 * -p), "K NS" (its arrival, CLOCK_MONOTONIC ns) is written to PROBES: an
 * alert notification names its host, so this times alerts.
 *
 * -P: each datagram also goes through net-snmp's snmp_parse() into a PDU
 * that is then freed, as evcorrd's trap listener does before it looks at
 * a trap: the mark for a receiver of SNMP traps through net-snmp's parser
 * on one core (what is not a message net-snmp parses is counted as
 * unparsed, and a run with any is no mark).
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "bench_net.h"
#include "core/snmp_setup.h"

#define RECV_BATCH 64
#define RECV_DGRAM 4096

static volatile sig_atomic_t is_done;

static void
on_term(int sig)
{
	(void)sig;
	is_done = 1;
}

/*
 * "probeK" in the datagram: K, else -1.  In an SNMP message the name is
 * an OCTET STRING (tag 4, a short length) whose next TLV may start with a
 * digit's byte (0x30 is SEQUENCE): its length bounds the digits.
 */
static long
probe_of(const unsigned char *p, size_t len)
{
	static const char pat[] = "probe";
	const size_t plen = sizeof(pat) - 1;
	const unsigned char *q = p, *end = p + len;

	while ((q = memmem(q, (size_t)(end - q), pat, plen)) != NULL) {
		const unsigned char *d = q + plen, *stop = end;
		long k = 0;

		if (q - p >= 2 && q[-2] == 0x04 && q[-1] < 0x80 &&
		    q[-1] >= plen && (size_t)(end - q) >= q[-1])
			stop = q + q[-1];
		if (d < stop && *d >= '0' && *d <= '9') {
			while (d < stop && *d >= '0' && *d <= '9')
				k = k * 10 + (*d++ - '0');
			return k;
		}
		q = d;
	}
	return -1;
}

/* -P: the datagram through net-snmp's parser, as evcorrd parses a trap. */
static bool
recv_parse(netsnmp_session *sess, unsigned char *buf, size_t len)
{
	netsnmp_pdu *pdu = calloc(1, sizeof(*pdu));
	int rc;

	if (pdu == NULL)
		return false;
	sess->s_snmp_errno = 0;
	rc = snmp_parse(NULL, sess, pdu, buf, len);
	snmp_free_pdu(pdu);
	return rc == 0;
}

int
main(int argc, char *argv[])
{
	static unsigned char bufs[RECV_BATCH][RECV_DGRAM];
	static char cbufs[RECV_BATCH][CMSG_SPACE(sizeof(uint32_t))];
	struct mmsghdr mm[RECV_BATCH];
	struct iovec iov[RECV_BATCH];
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct sigaction sa;
	struct timeval tv;
	const char *probes = NULL, *ready = NULL;
	uint64_t received = 0, unparsed = 0;
	uint32_t drops = 0;
	long idle_ms = 1000;
	bool is_v6 = false, is_parsing = false;
	netsnmp_session sess;
	int fd, ch, one = 1, rcvbuf = 4 << 20;
	FILE *pf = NULL;

	while ((ch = getopt(argc, argv, "6Pi:l:r:")) != -1) {
		switch (ch) {
		case '6':
			is_v6 = true;
			break;
		case 'P':
			is_parsing = true;
			break;
		case 'i':
			idle_ms = strtol(optarg, NULL, 10);
			break;
		case 'l':
			probes = optarg;
			break;
		case 'r':
			ready = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 1 || idle_ms <= 0)
		goto usage;
	if (is_parsing) {
		/* evcorrd's own setup: no configuration files, no MIBs */
		(void)snmp_setup_init(NULL);
		snmp_sess_init(&sess);
	}
	sslen = bench_loopback(&ss, (uint16_t)strtoul(argv[optind], NULL, 10),
	    is_v6);
	if ((fd = socket(ss.ss_family, SOCK_DGRAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&ss, sslen) == -1) {
		perror("bench_recv: bind");
		return 1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	(void)setsockopt(fd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof(one));
	tv.tv_sec = idle_ms / 1000;
	tv.tv_usec = (idle_ms % 1000) * 1000;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (probes != NULL && (pf = fopen(probes, "w")) == NULL) {
		perror(probes);
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (ready != NULL) {
		FILE *rf = fopen(ready, "w");

		if (rf != NULL)
			fclose(rf);
	}
	while (!is_done) {
		int n;

		for (int i = 0; i < RECV_BATCH; i++) {
			iov[i].iov_base = bufs[i];
			iov[i].iov_len = sizeof(bufs[i]);
			memset(&mm[i].msg_hdr, 0, sizeof(mm[i].msg_hdr));
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
			mm[i].msg_hdr.msg_control = cbufs[i];
			mm[i].msg_hdr.msg_controllen = sizeof(cbufs[i]);
		}
		n = recvmmsg(fd, mm, RECV_BATCH, MSG_WAITFORONE, NULL);
		if (n == -1) {
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				if (received > 0)
					break;
				continue;
			}
			if (errno == EINTR)
				continue;
			perror("bench_recv: recvmmsg");
			return 1;
		}
		received += (uint64_t)n;
		for (int i = 0; i < n; i++) {
			struct msghdr *h = &mm[i].msg_hdr;

			for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c != NULL;
			     c = CMSG_NXTHDR(h, c))
				if (c->cmsg_level == SOL_SOCKET &&
				    c->cmsg_type == SO_RXQ_OVFL)
					memcpy(&drops, CMSG_DATA(c),
					    sizeof(drops));
			if (is_parsing)
				unparsed +=
				    recv_parse(&sess, bufs[i], mm[i].msg_len)
				    ? 0
				    : 1;
			if (pf != NULL) {
				long k = probe_of(bufs[i], mm[i].msg_len);

				if (k >= 0)
					fprintf(pf, "%ld %" PRId64 "\n", k,
					    bench_now_ns());
			}
		}
	}
	if (pf != NULL)
		fclose(pf);
	printf("received %" PRIu64 " drops %" PRIu32, received, drops);
	if (is_parsing)
		printf(" unparsed %" PRIu64, unparsed);
	printf("\n");
	return 0;
usage:
	fprintf(stderr,
	    "usage: bench_recv [-6] [-P] [-i IDLE_MS] [-l PROBES] "
	    "[-r READY] PORT\n");
	return 2;
}
