/*
 * vb_mail.h - outgoing mail goes through the mail_outbox table, written in the
 * same transaction as the event that causes it; vestibule-worker delivers it
 * over SMTP and retries until the server accepts it.
 */
#ifndef VB_MAIL_H
#define VB_MAIL_H

#include <stdint.h>

struct vb_db;

/* vb_mail_queue adds one plain-text UTF-8 message.  kind is a short tag
 * ("password_reset", "2fa_code", ...) kept for operators.  Returns 0 or -1. */
int vb_mail_queue(struct vb_db *db, const char *to, const char *subject, const char *body,
		  const char *kind);

#endif
