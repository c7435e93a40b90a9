/* SPDX-License-Identifier: ISC */
/*
 * conf/: the configuration language.  A reentrant tokenizer over a stack
 * of files (conf_lex, conf_file), the grammar (conf_parse: the statement
 * loop; conf_decl: global settings and declarations; conf_rule: rule
 * blocks; conf_grammar: the keyword table they share), and struct conf.
 * Pure: it builds a struct conf and never touches running state; every
 * layer reads it, and it calls none of them.
 *
 * struct conf: the whole configuration, built by conf_parse and swapped in
 * as a unit on SIGHUP.  Read-only once built.  Every field has a default
 * (conf_new()), shown commented in conf/evcorrd.conf and evcorrd.conf(5).
 */
#ifndef DAEMON_CONF_CONF_H
#define DAEMON_CONF_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/regex.h"
#include "core/severity.h"
#include "core/snmp_usm.h"
#include "core/tz.h"

#define CONF_NAME_MAX 64
#define CONF_ADDR_MAX 64 /* numeric IPv4 / IPv6 text */
#define CONF_COMMUNITY_MAX 64
#define CONF_FILE_NAME_MAX 256 /* a file named in messages (cut to fit) */

#define CONF_DEFAULT_MAX_MESSAGE_LEN 8192
#define CONF_DEFAULT_MAX_WINDOWS 100000
#define CONF_DEFAULT_MAX_CONNECTIONS 256
#define CONF_DEFAULT_TCP_IDLE_TIMEOUT_MS (10 * 60 * 1000)
#define CONF_DEFAULT_TCP_EVICT_AFTER_MS (5 * 1000)
#define CONF_DEFAULT_WINDOW_MS (5 * 60 * 1000)
#define CONF_DEFAULT_HOLDDOWN_MS (30 * 60 * 1000)
#define CONF_DEFAULT_LATENESS_MS (10 * 1000)
#define CONF_DEFAULT_SAVE_INTERVAL_MS (10 * 1000)
#define CONF_DEFAULT_TARGET_RETRIES 3
#define CONF_DEFAULT_TARGET_TIMEOUT_MS 2000
#define CONF_DEFAULT_TARGET_QUEUE 1000
#define CONF_DEFAULT_UDP_RECEIVE_BUFFER (4 << 20)     /* listen syslog udp */
#define CONF_DEFAULT_TRAP_RECEIVE_BUFFER (4 << 20)    /* listen trap */
#define CONF_DEFAULT_HANDSHAKE_TIMEOUT_MS (10 * 1000) /* listen syslog tls */
#define CONF_UNIX_PATH_MAX 108 /* sun_path, NUL included */

enum conf_listen_kind {
	CONF_LISTEN_SYSLOG_UDP,
	CONF_LISTEN_SYSLOG_TCP,
	CONF_LISTEN_TRAP,        /* SNMP notifications over UDP */
	CONF_LISTEN_SYSLOG_TLS,  /* RFC 5425 */
	CONF_LISTEN_SYSLOG_UNIX, /* a local datagram socket */
};

/* A binary address: IPv4 stored as IPv4-mapped IPv6. */
struct conf_addr {
	uint8_t bytes[16];
};

/* An address block: the first bits of addr (IPv4: 96 + its prefix). */
struct conf_cidr {
	struct conf_addr addr; /* the bits past the prefix are zero */
	unsigned int bits;     /* 0..128 */
};

/*
 * A syslog listener's `format`: the header and payload format its
 * messages are in (conf_decl.c has the words); AUTO detects each.
 */
enum conf_input_format {
	CONF_INPUT_AUTO,
	CONF_INPUT_RFC3164,
	CONF_INPUT_RFC5424,
	CONF_INPUT_SNARE,
	CONF_INPUT_NXLOG_BSD,
	CONF_INPUT_NXLOG_JSON,
	CONF_INPUT_NXLOG_KVP,
	CONF_INPUT_NXLOG_XML,
	CONF_INPUT_RFC5424_SD,
	CONF_INPUT_EVTSYS,
	CONF_INPUT_WMI,
	CONF_INPUT_WINCOLLECT,
	CONF_INPUT_CEF,
	CONF_INPUT_OSSEC,
	CONF_INPUT_EVENTREPORTER,
	CONF_INPUT_SYSLOG_NG,
	CONF_INPUT_TEXT,
	CONF_INPUT_COUNT, /* not a format */
};

/* The word of a format ("auto", "snare", ...). */
const char *conf_input_format_name(enum conf_input_format f);

struct conf_listen {
	enum conf_listen_kind kind;
	char addr[CONF_ADDR_MAX]; /* numeric: "0.0.0.0", "::", "127.0.0.1" */
	uint16_t port;
	char **communities; /* trap only: accepted communities (v1/v2c) */
	size_t ncommunities;
	/* syslog: zone of times that carry none; NULL: the global one */
	struct tz *tz;
	char file[CONF_FILE_NAME_MAX]; /* where it was given, for messages */
	char **users; /* trap only: accepted snmpv3-user names (v3) */
	size_t nusers;
	/* trap only: the least v3 security level accepted; default auth */
	enum snmp_usm_level min_level;
	int line;
	/* udp and trap: SO_RCVBUF asked for; 0: the kind's default */
	size_t receive_buffer;
	struct conf_cidr *allow; /* peers accepted; nallow 0: every one */
	size_t nallow;
	/* tls: our certificate chain and key; with ca, clients must present
	 * a certificate that chains to it */
	char *certificate;
	char *key;
	char *ca;
	int64_t handshake_timeout_ms;  /* tls */
	char *path;                    /* unix: the socket's path */
	enum conf_input_format format; /* syslog only; default auto */
};

struct conf_target {
	char name[CONF_NAME_MAX];
	bool is_inform; /* "inform" rather than "trap": acknowledged, retried */
	char addr[CONF_ADDR_MAX];
	uint16_t port;
	char community[CONF_COMMUNITY_MAX]; /* v2c */
	bool is_v3;
	char user[SNMP_USM_NAME_MAX]; /* v3: an snmpv3-user */
	struct snmp_usm_user usm;     /* v3: a copy of it, passphrases owned */
	/* informs: tries after the first, and the first try's timeout (each
	 * retry waits twice as long as the one before) */
	int retries;
	int64_t timeout_ms;
	size_t queue_max; /* informs waiting their turn: oldest dropped */
	int line;
};

enum conf_sink {
	CONF_SINK_STDOUT,
	CONF_SINK_FILE,
	CONF_SINK_SYSLOG, /* local syslog over /dev/log, never blocking */
};

/* How an alert is written: output/alert_format.c has one row each. */
enum conf_format {
	CONF_FORMAT_TEXT,
	CONF_FORMAT_JSON,     /* JSON Lines */
	CONF_FORMAT_JSON_ECS, /* format json json-schema ecs */
	CONF_FORMAT_RFC5424,  /* a whole RFC 5424 message, fields as SD */
	CONF_FORMAT_CEF,      /* ArcSight Common Event Format */
	CONF_FORMAT_LEEF,     /* IBM QRadar LEEF 2.0 */
	CONF_FORMAT_COUNT,
};

/* http on ADDR port N: health and metrics over HTTP (off unless given). */
struct conf_http {
	bool is_on;
	char addr[CONF_ADDR_MAX];
	uint16_t port;
	char file[CONF_FILE_NAME_MAX];
	int line;
};

/*
 * agentx socket "PATH"|tcp:ADDR:PORT: evcorrd as an AgentX subagent
 * (off unless given).  socket is what net-snmp's agentx socket takes: an
 * absolute path, or tcp:ADDR:PORT with a numeric address.
 */
#define CONF_AGENTX_SOCKET_MAX 256
struct conf_agentx {
	bool is_on;
	char socket[CONF_AGENTX_SOCKET_MAX];
	char file[CONF_FILE_NAME_MAX];
	int line;
};

struct conf_alert_log {
	enum conf_sink sink;
	enum conf_format format;
	char *path;   /* FILE: the file; SYSLOG: its socket, NULL: /dev/log */
	int facility; /* CONF_SINK_SYSLOG: LOG_LOCAL0 etc. (already << 3) */
	int line;
};

enum conf_transport {
	CONF_TRANSPORT_UDP,
	CONF_TRANSPORT_TCP, /* RFC 6587 octet counting */
	CONF_TRANSPORT_TLS, /* the same over TLS (RFC 5425) */
};

#define CONF_FORWARDS_MAX 16
#define CONF_DEFAULT_FORWARD_QUEUE 10000 /* alerts held per forwarder */

/* forward "NAME" syslog udp|tcp|tls to ADDR port N ... */
struct conf_forward {
	char name[CONF_NAME_MAX];
	enum conf_transport transport;
	char addr[CONF_ADDR_MAX]; /* numeric */
	uint16_t port;
	enum conf_format format;
	int facility;      /* LOG_DAEMON unless set */
	char *ca;          /* TLS: the collector's CA file; NULL: system's */
	char *certificate; /* TLS: ours, with key; NULL: none */
	char *key;
	size_t queue_max; /* alerts held while the collector is away */
	char *spool;      /* a directory for the on-disk spool; NULL: none */
	size_t spool_max; /* bytes the spool may hold */
	int line;
};

struct conf_host {
	char name[256];
	struct conf_addr *addrs;
	size_t naddrs;
	int line;
};

/* rules a conf holds (the correlator keeps a rule's index in 10 bits) */
/*
 * The longest window, holddown and timeout, and the longest lateness: the
 * correlator keeps its states' arrival times in 32 bits on these bounds.
 */
#define CONF_DURATION_MAX_MS (7 * 24LL * 60 * 60 * 1000)
#define CONF_LATENESS_MAX_MS (24LL * 60 * 60 * 1000)

#define CONF_RULES_MAX 1024
#define CONF_RULE_NAME_MAX 64
#define CONF_SOURCE_MAX 256 /* bytes of an event source name, NUL included */
#define CONF_LOG_MAX 128    /* bytes of an event log name, NUL included */

/* One side of a rule: which events open (or close) its windows. */
struct conf_match {
	uint32_t event_id;
	char *source; /* NULL: any source; else case-insensitive equality */
	char *log;    /* NULL: any log; else case-insensitive equality */
	struct regex *text; /* NULL: any text; else must match the text */
};

/* A correlation rule as configured. */
struct conf_rule {
	char name[CONF_RULE_NAME_MAX];
	struct conf_match open;
	struct conf_match close;
	int64_t window_ms;   /* close must follow open within this */
	int64_t holddown_ms; /* 0: no holddown */
	int64_t lateness_ms; /* -1: the global lateness */
	bool timeout_alert;  /* a window that expires raises ALERT_TIMEOUT */
	bool has_clear;      /* clear is set: it clears an active alert */
	struct conf_match clear;
	enum severity severity;
	char *title;     /* never NULL after conf_parse */
	char *cause;     /* never NULL after conf_parse */
	char *fix;       /* never NULL after conf_parse */
	char *reference; /* never NULL after conf_parse ("" when unset) */
	char **targets;  /* names of conf targets; ntargets 0: all targets */
	size_t ntargets;
	char **forwards; /* `forward to`: nforwards 0: every forwarder */
	size_t nforwards;
	int line; /* where it was defined */
};

struct conf {
	struct conf_listen *listens;
	size_t nlistens;
	struct conf_target *targets;
	size_t ntargets;
	struct conf_alert_log *alert_logs;
	size_t nalert_logs;
	struct conf_forward *forwards;
	size_t nforwards;
	struct conf_host *hosts;
	size_t nhosts;
	struct conf_rule *rules;
	size_t nrules;
	struct snmp_usm_user *usm_users; /* snmpv3-user */
	size_t nusm_users;

	bool strip_domain;      /* host keys drop the domain suffix */
	size_t max_message_len; /* syslog bytes kept per message */
	size_t max_windows;     /* (rule, host) states tracked at once */
	/* states opened by one peer address; 0: half of max_windows */
	size_t max_windows_per_peer;
	size_t max_connections; /* syslog TCP clients at once */
	/* syslog TCP clients from one address; 0: max_connections / 8 */
	size_t max_connections_per_address;
	int64_t tcp_idle_timeout_ms;
	/* at max-connections, silent this long: gives way to a new client */
	int64_t tcp_evict_after_ms;
	char *state_dir;     /* saved windows, net-snmp's state; NULL: none */
	int64_t lateness_ms; /* how far out of order events still pair */
	int64_t save_interval_ms; /* saved state: 0 only at exit */
	struct tz *tz;            /* zone of zone-less times; NULL: UTC */
	bool has_state_dir; /* state-directory was given (not the default) */
	struct conf_http http;
	struct conf_agentx agentx;
	char *user; /* run as this user once bound (not under systemd); NULL */
};

/* max-windows-per-peer and max-connections-per-address as in force. */
size_t conf_max_windows_per_peer(const struct conf *conf);
size_t conf_max_connections_per_address(const struct conf *conf);

/* The lateness of rule r in conf: its own, else the global one. */
int64_t conf_rule_lateness(const struct conf *conf, const struct conf_rule *r);
/* The zone of listener l's zone-less times (never NULL). */
const struct tz *conf_listen_tz(const struct conf *conf,
    const struct conf_listen *l);

/* An empty conf holding every default. */
struct conf *conf_new(void);
void conf_free(struct conf *conf); /* NULL is a no-op */
/* Frees count strings of v, then v; v NULL with count 0 is a no-op. */
void conf_free_strings(char **v, size_t count);
/* Frees what a match owns and zeroes it (not NULL). */
void conf_free_match(struct conf_match *m);
/* Frees the strings a rule owns, not the rule itself (not NULL). */
void conf_free_rule(struct conf_rule *r);
/* Frees what f owns (not f). */
void conf_forward_clear(struct conf_forward *f);
/* f copied with strings of its own (conf_forward_clear() frees them). */
void conf_forward_copy(struct conf_forward *dst, const struct conf_forward *f);
/* Whether two forward statements ask for the same forwarder. */
bool conf_forward_is_same(const struct conf_forward *a,
    const struct conf_forward *b);

const struct conf_target *conf_find_target(const struct conf *conf,
    const char *name);
const struct conf_forward *conf_find_forward(const struct conf *conf,
    const char *name);
/* conf_usm.c */
const struct snmp_usm_user *conf_find_usm_user(const struct conf *conf,
    const char *name);
const struct conf_rule *conf_find_rule(const struct conf *conf,
    const char *name);

/* conf_listen.c */
/* Frees what the options of a listen statement own (not l). */
void conf_listen_clear(struct conf_listen *l);
/* "192.0.2.0/24", "2001:db8::/32" or an address alone; 0 or -1. */
int conf_cidr_parse(const char *text, struct conf_cidr *out);
/* Whether l accepts a peer at addr (its allow list, or no list). */
bool conf_listen_allows(const struct conf_listen *l,
    const struct conf_addr *addr);

/* Parses "192.0.2.1" or "2001:db8::1" into *out; 0 or -1. */
int conf_addr_parse(const char *text, struct conf_addr *out);

#endif
