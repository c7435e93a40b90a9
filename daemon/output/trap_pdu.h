/* SPDX-License-Identifier: ISC */
/*
 * An alert as the EVCORR-MIB evcorrAlertNotification PDU: sysUpTime.0,
 * snmpTrapOID.0, then the notification's OBJECTS in MIB order.  Pure: no
 * I/O, no clock, no logging; the caller passes the uptime in and sends.
 */
#ifndef DAEMON_OUTPUT_TRAP_PDU_H
#define DAEMON_OUTPUT_TRAP_PDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/alert.h"

#define TRAP_PDU_TEXT_MAX 1024 /* EvcorrText: SIZE (0..1024) */
#define TRAP_PDU_SHORT_MAX 255 /* EvcorrText (SIZE (0..255)) */
#define TRAP_PDU_NAME_MAX 64   /* evcorrRuleName, evcorrAlertId: SIZE (0..64) */
#define TRAP_PDU_LOG_MAX 127   /* evcorrOpenLog: SIZE (0..127) */
#define TRAP_PDU_TYPE_MAX 32   /* evcorrOpenEventType: SIZE (0..32) */
#define TRAP_PDU_DATE_LEN 11   /* DateAndTime with a UTC offset */
/* DateAndTime holds any year to 65535; 9999-12-31 23:59:59.999 UTC suffices */
#define TRAP_PDU_TIME_MAX_MS INT64_C(253402300799999)

struct snmp_pdu; /* net-snmp's netsnmp_pdu */

/*
 * A new SNMPv2-Trap PDU for alert (an InformRequest when is_inform) with
 * uptime_ticks (hundredths of a second) as sysUpTime.0.  The request-id
 * is the library's.  Texts are cut to the MIB's sizes on a UTF-8
 * boundary, times sent as DateAndTime (trap_pdu_date_and_time()),
 * peers as InetAddressType/InetAddress (IPv4-mapped IPv6 as IPv4, what is
 * not a numeric address as unknown(0) with an empty address), counters
 * past 2^32-1 as 2^32-1.  The caller owns the PDU (snmp_free_pdu(), or
 * the library once sent).  NULL if alert is NULL, or out of memory.
 */
struct snmp_pdu *trap_pdu_new(const struct alert *alert, uint32_t uptime_ticks,
    bool is_inform);

/*
 * SNMPv2-TC DateAndTime of ms (wall clock, ms since the epoch) in UTC,
 * always a valid date: before the epoch (or 0, unknown) is the epoch,
 * past TRAP_PDU_TIME_MAX_MS is that.  Writes TRAP_PDU_DATE_LEN
 * octets.
 */
void trap_pdu_date_and_time(int64_t ms, unsigned char *out);

/*
 * Octets of s kept in an OCTET STRING of at most max octets: all of s if
 * it fits, else a prefix that does not end inside a UTF-8 sequence.  0
 * for NULL.
 */
size_t trap_pdu_text_len(const char *s, size_t max);

#endif
