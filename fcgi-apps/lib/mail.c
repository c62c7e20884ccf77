/*
 * mail.c - queueing outgoing mail (contract in vb_mail.h).
 *
 * The message is a row in mail_outbox written through the caller's
 * connection, so it is sent only if the event that caused it commits;
 * vestibule-worker turns rows into SMTP and retries.
 */
#include <string.h>

#include "vb_db.h"
#include "vb_log.h"
#include "vb_mail.h"

/* Widths of mail_outbox.to_addr, subject and kind. */
#define MAIL_TO_MAX 254
#define MAIL_SUBJECT_MAX 255
#define MAIL_KIND_MAX 32

/* mail_header_ok refuses CR and LF, which would end the header line and let
 * the value start headers of its own (RFC 5322 section 2.2: a header field
 * ends at CRLF), and values longer than their column. */
static int mail_header_ok(const char *v, size_t max)
{
	return v && strpbrk(v, "\r\n") == NULL && strlen(v) <= max;
}

int vb_mail_queue(struct vb_db *db, const char *to, const char *subject, const char *body,
		  const char *kind)
{
	if (!kind)
		kind = "";
	if (!mail_header_ok(to, MAIL_TO_MAX) || !*to ||
	    !mail_header_ok(subject, MAIL_SUBJECT_MAX) || !body ||
	    !mail_header_ok(kind, MAIL_KIND_MAX)) {
		/* None of the values is logged: they are what was refused. */
		vb_error("mail: refusing a message with CR/LF or an over-long recipient,"
			 " subject or kind");
		return -1;
	}
	if (vb_db_exec(db, NULL,
		       "INSERT INTO mail_outbox (to_addr, subject, body, kind) VALUES (?,?,?,?)",
		       "ssss", to, subject, body, kind) < 0) {
		vb_error("mail: cannot queue %s message", kind);
		return -1;
	}
	return 0;
}
