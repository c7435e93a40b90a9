/* SPDX-License-Identifier: ISC */
/*
 * The benchmark's sender: pre-encoded datagrams to 127.0.0.1:PORT (or ::1
 * with -6) with sendmmsg, at a target rate or flat out, for a duration or
 * a count; counts what the kernel took.
 *
 * usage: bench_send [-r RATE] [-d SECONDS] [-n COUNT] [-b BATCH] [-6]
 *            [-p EVERY -o PROBES] [-T v1|v2c|v3 -H HOSTS] [-c COMMUNITY]
 *            [-u USER -A AUTHPASS -X PRIVPASS -e ENGINEID] PORT [FILE]
 *
 * Syslog (default): the datagrams are the lines of FILE (the first
 * 200,000: bench_gen's workload), sent in a cycle.  Traps (-T): Event-to-
 * Trap translator notifications as the Exchange servers send them
 * (enterprise 1.3.6.1.4.1.311.1.13.1.13."MSExchangeIMC", specific = the
 * event ID with the severity bits, varbinds .9999.K.0: text, user,
 * computer, type, category; v2c: snmpTrapOID enterprise.0.ID), a 2140 then
 * a 100 for each of HOSTS hosts (1000), encoded once with net-snmp's
 * snmp_build(), then sent as bytes.  v3 is authPriv, SHA and AES-128, user
 * "bench" with "bench-auth-pass" and "bench-priv-pass", authoritative
 * engine ID 8000000001020304 (the receiver's engine-id for the user),
 * boots and time 0: the same bytes stay in the receiver's time window for
 * 150 s after it first sees them.
 *
 * -r 0 (the default) is flat out.  At the end, after a pause, one more
 * datagram that is no Windows event, so that the receiver's kernel reports
 * any drops with it (SO_RXQ_OVFL): "sent N" counts it.
 *
 * -p EVERY: every EVERY-th datagram is one of a probe pair instead (a 2140
 * then a 100 of host "probeK"), and the send time (CLOCK_MONOTONIC, ns) of
 * each probe's 100 is written to PROBES as "K NS", for bench_recv -l to
 * time the alert it raises.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench_net.h"
#include "core/snmp_setup.h"

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#define SEND_MAX_LINES 200000
#define SEND_DGRAM_MAX 2048

struct dgram {
	unsigned char *buf;
	size_t len;
};

struct dgrams {
	struct dgram *v;
	size_t n, cap;
};

static void
dg_add(struct dgrams *d, const void *buf, size_t len)
{
	if (d->n == d->cap) {
		d->cap = d->cap == 0 ? 1024 : d->cap * 2;
		if ((d->v = realloc(d->v, d->cap * sizeof(*d->v))) == NULL)
			exit(1);
	}
	if ((d->v[d->n].buf = malloc(len)) == NULL)
		exit(1);
	memcpy(d->v[d->n].buf, buf, len);
	d->v[d->n++].len = len;
}

/* ------------------------------------------------------------- syslog */

static void
load_lines(struct dgrams *d, const char *path)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		perror(path);
		exit(2);
	}
	while (d->n < SEND_MAX_LINES && (n = getline(&line, &cap, fp)) > 0) {
		if (line[n - 1] == '\n')
			n--;
		if (n > 0)
			dg_add(d, line, (size_t)n);
	}
	free(line);
	fclose(fp);
}

static void
probe_line(struct dgrams *d, unsigned k, unsigned id)
{
	char buf[512];
	int n;

	n = snprintf(buf, sizeof(buf),
	    "<11>Jan  1 00:00:00 probe%u MSWinEventLog\t1\tApplication\t%u"
	    "\tTue Jan 01 00:00:00 2030\t%u\tMSExchangeIMC\tN/A\tN/A\tError"
	    "\tprobe%u\tNone\t\tThe Internet Mail Service failed\t%u",
	    k, k, id, k, k);
	dg_add(d, buf, (size_t)n);
}

/* -------------------------------------------------------------- traps */

static const oid ms_vb[] = { 1, 3, 6, 1, 4, 1, 311, 1, 13, 1, 9999, 0, 0 };
static const oid trap_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };
static const oid uptime_oid[] = { 1, 3, 6, 1, 2, 1, 1, 3, 0 };

static void
trap_vb(netsnmp_pdu *pdu, unsigned k, const char *s)
{
	oid name[sizeof(ms_vb) / sizeof(ms_vb[0])];

	memcpy(name, ms_vb, sizeof(ms_vb));
	name[11] = k;
	snmp_pdu_add_variable(pdu, name, sizeof(name) / sizeof(name[0]),
	    ASN_OCTET_STR, s, strlen(s));
}

/* One translator notification for host, event id, encoded into d. */
static void
trap_encode(struct dgrams *d, netsnmp_session *sess, int version,
    const char *host, unsigned id)
{
	static const char src[] = "MSExchangeIMC";
	oid ent[64] = { 1, 3, 6, 1, 4, 1, 311, 1, 13, 1, sizeof(src) - 1 };
	size_t nent = 11, len = 4096, off = 0;
	netsnmp_pdu *pdu;
	u_char *buf = malloc(len);
	char text[128];

	for (size_t i = 0; i + 1 < sizeof(src); i++)
		ent[nent++] = (oid)(unsigned char)src[i];
	if (version == SNMP_VERSION_1) {
		in_addr_t lo = htonl(INADDR_LOOPBACK);

		pdu = snmp_pdu_create(SNMP_MSG_TRAP);
		pdu->version = SNMP_VERSION_1;
		pdu->enterprise = snmp_duplicate_objid(ent, nent);
		pdu->enterprise_length = nent;
		pdu->trap_type = SNMP_TRAP_ENTERPRISESPECIFIC;
		pdu->specific_type = (long)(id + 3221225472U);
		memcpy(pdu->agent_addr, &lo, 4);
		pdu->time = 12345;
	} else {
		u_long up = 12345;

		pdu = snmp_pdu_create(SNMP_MSG_TRAP2);
		pdu->version = version;
		snmp_pdu_add_variable(pdu, uptime_oid,
		    sizeof(uptime_oid) / sizeof(uptime_oid[0]), ASN_TIMETICKS,
		    &up, sizeof(up));
		ent[nent++] = 0;
		ent[nent++] = id;
		snmp_pdu_add_variable(pdu, trap_oid,
		    sizeof(trap_oid) / sizeof(trap_oid[0]), ASN_OBJECT_ID, ent,
		    nent * sizeof(oid));
	}
	(void)snprintf(text, sizeof(text),
	    "Event %u: The Internet Mail "
	    "Service failed to start",
	    id);
	trap_vb(pdu, 1, text);
	trap_vb(pdu, 2, "N/A");
	trap_vb(pdu, 3, host);
	trap_vb(pdu, 4, "1");
	trap_vb(pdu, 5, "0");
	if (version == SNMP_VERSION_3) {
		pdu->version = SNMP_VERSION_3;
		pdu->securityModel = SNMP_SEC_MODEL_USM;
		pdu->securityLevel = sess->securityLevel;
		pdu->securityName = strdup(sess->securityName);
		pdu->securityNameLen = sess->securityNameLen;
		pdu->securityEngineID = netsnmp_memdup(sess->securityEngineID,
		    sess->securityEngineIDLen);
		pdu->securityEngineIDLen = sess->securityEngineIDLen;
		pdu->contextEngineID = netsnmp_memdup(sess->contextEngineID,
		    sess->contextEngineIDLen);
		pdu->contextEngineIDLen = sess->contextEngineIDLen;
		pdu->contextName = strdup("");
		pdu->contextNameLen = 0;
		pdu->msgid = snmp_get_next_msgid();
		pdu->reqid = snmp_get_next_reqid();
	} else {
		pdu->community =
		    (u_char *)strdup((const char *)sess->community);
		pdu->community_len = sess->community_len;
	}
	if (buf == NULL || snmp_build(&buf, &len, &off, sess, pdu) != 0) {
		fprintf(stderr, "bench_send: snmp_build: %s\n",
		    snmp_api_errstring(sess->s_snmp_errno));
		exit(1);
	}
	if (pdu->flags & UCD_MSG_FLAG_FORWARD_ENCODE)
		dg_add(d, buf, len);
	else
		dg_add(d, buf + len - off, off);
	free(buf);
	snmp_free_pdu(pdu);
}

static void
trap_setup(netsnmp_session *sess, const char *community, int version)
{
	/* evcorrd's own setup: no configuration files, no saved state, no
	 * MIBs, minimal-length BER */
	(void)snmp_setup_init(NULL);
	snmp_sess_init(sess);
	sess->version = version;
	sess->community = (u_char *)(uintptr_t)community;
	sess->community_len = strlen(community);
}

/*
 * SNMPv3 authPriv (SHA, AES-128), authoritative at the sender: the user
 * is created for the engine ID given (the receiver's engine-id for the
 * user), at boots and time 0, so the encoded bytes stay in the
 * receiver's time window for 150 s after it first sees them.
 */
static netsnmp_session *
trap_setup_v3(const char *user, const char *authpass, const char *privpass,
    const char *engine_hex)
{
	static netsnmp_session sess;
	u_char engine[32];
	size_t elen = 0;
	void *h;

	trap_setup(&sess, "", SNMP_VERSION_3);
	for (const char *p = engine_hex;
	     p[0] != '\0' && p[1] != '\0' && elen < sizeof(engine); p += 2) {
		unsigned v;

		if (sscanf(p, "%2x", &v) != 1)
			break;
		engine[elen++] = (u_char)v;
	}
	sess.peername = (char *)(uintptr_t) "udp:127.0.0.1:9";
	sess.securityName = (char *)(uintptr_t)user;
	sess.securityNameLen = strlen(user);
	sess.securityLevel = SNMP_SEC_LEVEL_AUTHPRIV;
	sess.securityAuthProto = usmHMACSHA1AuthProtocol;
	sess.securityAuthProtoLen = USM_AUTH_PROTO_SHA_LEN;
	sess.securityAuthKeyLen = USM_AUTH_KU_LEN;
	sess.securityPrivProto = usmAESPrivProtocol;
	sess.securityPrivProtoLen = USM_PRIV_PROTO_AES_LEN;
	sess.securityPrivKeyLen = USM_PRIV_KU_LEN;
	if (generate_Ku(sess.securityAuthProto, sess.securityAuthProtoLen,
		(const u_char *)authpass, strlen(authpass),
		sess.securityAuthKey, &sess.securityAuthKeyLen) != 0 ||
	    generate_Ku(sess.securityAuthProto, sess.securityAuthProtoLen,
		(const u_char *)privpass, strlen(privpass),
		sess.securityPrivKey, &sess.securityPrivKeyLen) != 0) {
		fprintf(stderr, "bench_send: generate_Ku failed\n");
		exit(1);
	}
	sess.securityEngineID = engine;
	sess.securityEngineIDLen = elen;
	sess.contextEngineID = engine;
	sess.contextEngineIDLen = elen;
	if ((h = snmp_sess_open(&sess)) == NULL) {
		fprintf(stderr, "bench_send: cannot set up the v3 user\n");
		exit(1);
	}
	return snmp_sess_session(h);
}

/* ---------------------------------------------------------------- main */

static void
usage(void)
{
	fprintf(stderr,
	    "usage: bench_send [-r RATE] [-d SECONDS] [-n COUNT] [-b BATCH] "
	    "[-6] [-p EVERY -o PROBES] [-T v1|v2c|v3 -H HOSTS] [-c COMMUNITY] "
	    "[-u USER -A AUTHPASS -X PRIVPASS -e ENGINEID] PORT [FILE]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct dgrams d = { 0 }, probes = { 0 };
	double rate = 0, seconds = 0;
	unsigned long count = 0, batch = 32, every = 0, hosts = 1000;
	const char *trap = NULL, *community = "public", *probe_path = NULL;
	const char *user = "bench", *authpass = "bench-auth-pass";
	const char *privpass = "bench-priv-pass", *engine = "8000000001020304";
	bool is_v6 = false;
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct mmsghdr *mm;
	struct iovec *iov;
	uint64_t sent = 0, nprobe = 0;
	int64_t t0, deadline, *probe_ns = NULL;
	struct timespec settle = { 0, 300 * 1000 * 1000 };
	int fd, ch, sndbuf = 4 << 20;
	size_t cur = 0;
	FILE *pf = NULL;

	while ((ch = getopt(argc, argv, "r:d:n:b:6p:o:T:c:H:u:A:X:e:")) != -1) {
		switch (ch) {
		case 'r':
			rate = strtod(optarg, NULL);
			break;
		case 'd':
			seconds = strtod(optarg, NULL);
			break;
		case 'n':
			count = strtoul(optarg, NULL, 10);
			break;
		case 'b':
			batch = strtoul(optarg, NULL, 10);
			break;
		case '6':
			is_v6 = true;
			break;
		case 'p':
			every = strtoul(optarg, NULL, 10);
			break;
		case 'o':
			probe_path = optarg;
			break;
		case 'T':
			trap = optarg;
			break;
		case 'c':
			community = optarg;
			break;
		case 'H':
			hosts = strtoul(optarg, NULL, 10);
			break;
		case 'u':
			user = optarg;
			break;
		case 'A':
			authpass = optarg;
			break;
		case 'X':
			privpass = optarg;
			break;
		case 'e':
			engine = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || batch == 0 || batch > 1024 || hosts == 0 ||
	    (trap == NULL && argc != 2) || (every != 0) != (probe_path != NULL))
		usage();
	if (trap != NULL) {
		netsnmp_session sess, *sp = &sess;
		int v = strcmp(trap, "v1") == 0 ? SNMP_VERSION_1
		    : strcmp(trap, "v3") == 0   ? SNMP_VERSION_3
						: SNMP_VERSION_2c;
		char host[32];

		if (v == SNMP_VERSION_3)
			sp = trap_setup_v3(user, authpass, privpass, engine);
		else
			trap_setup(&sess, community, v);
		for (unsigned long h = 0; h < hosts; h++) {
			(void)snprintf(host, sizeof(host), "EXCH%05lu", h);
			trap_encode(&d, sp, v, host, 2140);
			trap_encode(&d, sp, v, host, 100);
		}
		for (unsigned k = 0; every != 0 && k < 20000; k++) {
			(void)snprintf(host, sizeof(host), "probe%u", k);
			trap_encode(&probes, sp, v, host, 2140);
			trap_encode(&probes, sp, v, host, 100);
		}
	} else {
		load_lines(&d, argv[1]);
		for (unsigned k = 0; every != 0 && k < 20000; k++) {
			probe_line(&probes, k, 2140);
			probe_line(&probes, k, 100);
		}
	}
	if (d.n == 0)
		usage();
	if (probe_path != NULL) {
		if ((pf = fopen(probe_path, "w")) == NULL) {
			perror(probe_path);
			return 2;
		}
		probe_ns = calloc(probes.n / 2, sizeof(*probe_ns));
	}
	sslen =
	    bench_loopback(&ss, (uint16_t)strtoul(argv[0], NULL, 10), is_v6);
	if ((fd = socket(ss.ss_family, SOCK_DGRAM, 0)) == -1) {
		perror("socket");
		return 1;
	}
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	(void)prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
	mm = calloc(batch, sizeof(*mm));
	iov = calloc(batch, sizeof(*iov));
	if (mm == NULL || iov == NULL)
		return 1;
	t0 = bench_now_ns();
	deadline = seconds > 0 ? t0 + (int64_t)(seconds * 1e9) : INT64_MAX;
	for (;;) {
		unsigned n = 0;
		int64_t t = bench_now_ns();
		int r;

		if (t >= deadline || (count != 0 && sent >= count))
			break;
		if (rate > 0) {
			int64_t due = t0 + (int64_t)((double)sent / rate * 1e9);

			if (due > t) {
				struct timespec ts = { (due - t) / 1000000000,
					(due - t) % 1000000000 };

				nanosleep(&ts, NULL);
				t = bench_now_ns();
			}
		}
		for (; n < batch && (count == 0 || sent + n < count); n++) {
			const struct dgram *g;

			if (every != 0 && (sent + n) % every == every - 1 &&
			    nprobe < probes.n) {
				g = &probes.v[nprobe];
				if (nprobe % 2 == 1)
					probe_ns[nprobe / 2] = t;
				nprobe++;
			} else {
				g = &d.v[cur];
				cur = cur + 1 == d.n ? 0 : cur + 1;
			}
			iov[n].iov_base = g->buf;
			iov[n].iov_len = g->len;
			memset(&mm[n].msg_hdr, 0, sizeof(mm[n].msg_hdr));
			mm[n].msg_hdr.msg_name = &ss;
			mm[n].msg_hdr.msg_namelen = sslen;
			mm[n].msg_hdr.msg_iov = &iov[n];
			mm[n].msg_hdr.msg_iovlen = 1;
		}
		if ((r = sendmmsg(fd, mm, n, 0)) > 0)
			sent += (uint64_t)r;
		else if (r == -1 && errno != EINTR && errno != ENOBUFS &&
		    errno != EAGAIN && errno != ECONNREFUSED) {
			perror("sendmmsg");
			break;
		}
	}
	{
		double el = (double)(bench_now_ns() - t0) / 1e9;
		static const char end[] = "<13>evcorrd-bench: end of burst";
		const struct dgram *g = trap != NULL ? &d.v[0] : NULL;

		nanosleep(&settle, NULL);
		/* the last datagram: a trap of the cycle's first host (a 2140
		 * that opens nothing new), else a line that is no event */
		if (g != NULL
			? sendto(fd, g->buf, g->len, 0, (struct sockaddr *)&ss,
			      sslen) == (ssize_t)g->len
			: sendto(fd, end, sizeof(end) - 1, 0,
			      (struct sockaddr *)&ss,
			      sslen) == (ssize_t)sizeof(end) - 1)
			sent++;
		printf("sent %" PRIu64 " seconds %.3f offered %.0f\n", sent, el,
		    (double)(sent - 1) / el);
	}
	for (uint64_t k = 1; pf != NULL && k < nprobe; k += 2)
		fprintf(pf, "%" PRIu64 " %" PRId64 "\n", k / 2,
		    probe_ns[k / 2]);
	if (pf != NULL)
		fclose(pf);
	return 0;
}
