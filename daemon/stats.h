/* SPDX-License-Identifier: ISC */
/*
 * One counter per thing received, dropped, or gone wrong.  Nothing
 * accepted is lost without a counter saying so.  The counters are the one
 * piece of process-wide state outside main.c and log.c: every module
 * counts into the same table, and SIGUSR1 and shutdown log it.
 */
#ifndef DAEMON_STATS_H
#define DAEMON_STATS_H

#include <stdint.h>

/* X(enum suffix, name shown to operators) */
#define STATS_TABLE(X)                                                         \
	X(SYSLOG_UDP_DATAGRAMS, "syslog_udp_datagrams")                        \
	X(SYSLOG_UDP_KERNEL_DROPS, "syslog_udp_kernel_drops")                  \
	X(SYSLOG_TCP_FRAMES, "syslog_tcp_frames")                              \
	X(SYSLOG_TCP_ACCEPTED, "syslog_tcp_connections")                       \
	X(SYSLOG_TCP_REFUSED, "syslog_tcp_refused")                            \
	X(SYSLOG_TCP_IDLE_CLOSED, "syslog_tcp_idle_closed")                    \
	X(SYSLOG_TCP_EVICTED, "syslog_tcp_evicted")                            \
	X(SYSLOG_TCP_FRAMING_ERRORS, "syslog_tcp_framing_errors")              \
	X(SYSLOG_TCP_TRUNCATED_AT_EOF, "syslog_tcp_truncated_at_eof")          \
	X(SYSLOG_TRUNCATED, "syslog_truncated")                                \
	X(SYSLOG_EMPTY, "syslog_empty")                                        \
	X(SYSLOG_MALFORMED, "syslog_malformed")                                \
	X(SYSLOG_NOT_WINEVENT, "syslog_not_winevent")                          \
	X(SYSLOG_READ_ERRORS, "syslog_read_errors")                            \
	X(TRAP_RECEIVED, "trap_received")                                      \
	X(TRAP_KERNEL_DROPS, "trap_kernel_drops")                              \
	X(TRAP_INFORM_DUPLICATES, "trap_inform_duplicates")                    \
	X(TRAP_BAD_COMMUNITY, "trap_bad_community")                            \
	X(TRAP_BAD_VERSION, "trap_bad_version")                                \
	X(TRAP_MALFORMED, "trap_malformed")                                    \
	X(TRAP_NOT_NOTIFICATION, "trap_not_notification")                      \
	X(TRAP_NOT_WINEVENT, "trap_not_winevent")                              \
	X(TRAP_INFORM_ACKED, "trap_inform_acked")                              \
	X(TRAP_INFORM_ACK_ERRORS, "trap_inform_ack_errors")                    \
	X(EVENTS, "events")                                                    \
	X(EVENTS_NO_EVENT_ID, "events_no_event_id")                            \
	X(EVENTS_NO_HOST, "events_no_host")                                    \
	X(CORR_OPENED, "windows_opened")                                       \
	X(CORR_REPEATS, "windows_repeat_open")                                 \
	X(CORR_ORPHAN_CLOSES, "close_without_window")                          \
	X(CORR_EXPIRED, "windows_expired")                                     \
	X(CORR_WINDOWS_FULL, "windows_full_dropped")                           \
	X(CORR_SUPPRESSED, "alerts_suppressed")                                \
	X(CORR_SUPPRESSED_DROPPED, "suppressed_counts_dropped")                \
	X(ALERTS, "alerts")                                                    \
	X(TRAPS_SENT, "notifications_sent")                                    \
	X(TRAP_SEND_ERRORS, "notification_send_errors")                        \
	X(ALERT_LOG_LINES, "alert_log_lines")                                  \
	X(ALERT_LOG_ERRORS, "alert_log_errors")                                \
	X(ALERT_LOG_TRUNCATED, "alert_log_truncated")                          \
	X(RELOADS, "reloads")                                                  \
	X(RELOAD_ERRORS, "reload_errors")

#define STATS_ENUM(id, name) STATS_##id,
enum stats_id { STATS_TABLE(STATS_ENUM) STATS__COUNT };
#undef STATS_ENUM

void stats_inc(enum stats_id id);
void stats_add(enum stats_id id, uint64_t n);
uint64_t stats_get(enum stats_id id);
const char *stats_name(enum stats_id id);
void stats_reset(void); /* tests only */

/* Logs every counter on one line (log_info): SIGUSR1 and shutdown. */
void stats_log(void);

#endif
