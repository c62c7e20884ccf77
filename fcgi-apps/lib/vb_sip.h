/*
 * vb_sip.h - SIP numbers (F15).  Families, app accounts and devices all take
 * their numbers from one database sequence (sip_number_seq), so a number is
 * unique platform-wide, two concurrent requests never get the same one, and
 * a number freed by a delete is never handed out again.
 */
#ifndef VB_SIP_H
#define VB_SIP_H

#include <stdint.h>

struct vb_db;

/* vb_sip_next stores the next free SIP number in *out.  The sequence is not
 * transactional: a rolled-back request leaves a gap, never a duplicate.
 * Returns 0 or -1. */
int vb_sip_next(struct vb_db *db, int64_t *out);

#endif
