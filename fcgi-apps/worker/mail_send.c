/*
 * mail_send.c - delivers the mail_outbox over SMTP with libcurl.
 *
 * Each message is an RFC 5322 text/plain UTF-8 message (8bit, CRLF line
 * endings, lines of at most 998 octets); a non-ASCII Subject is written as
 * RFC 2047 "B" encoded-words.  curl does the SMTP dot-stuffing (RFC 5321
 * 4.5.2) and upgrades to TLS with STARTTLS when the server offers it.
 *
 * Delivery is at least once: a row is claimed, sent, then marked 'sent'; if
 * the mark fails after the server accepted the message, the claim expires and
 * the message goes again.  A message is never dropped: failures are retried
 * with back-off, capped at one hour, for as long as it takes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "vestibule.h"
#include "worker.h"

#define MAIL_TIMEOUT_S 10
#define MAIL_RETRY_BASE_S 10
#define MAIL_RETRY_MAX_S 3600
#define MAIL_ERR_MAX 250          /* mail_outbox.last_error is VARCHAR(255) */
#define MAIL_BATCHES_MAX 50       /* bound one call so the loop stays responsive */
#define MAIL_LINE_MAX 990         /* RFC 5322 2.1.1: 998 octets + CRLF, with room */

int mail_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void mail_cleanup(void)
{
	curl_global_cleanup();
}

/*
 * addr_spec copies the bare address out of "Name <a@b>" or "a@b" into out
 * (outlen bytes).  It refuses anything that could escape a header or an SMTP
 * command: controls, spaces and angle brackets inside the address, no '@'.
 * Returns 0 or -1.
 */
static int addr_spec(const char *in, char *out, size_t outlen)
{
	const char *lt = strrchr(in, '<'), *start = in, *end;
	size_t n;

	if (lt) {
		start = lt + 1;
		end = strchr(start, '>');
		if (end == NULL)
			return -1;
	} else {
		end = in + strlen(in);
	}
	n = (size_t)(end - start);
	if (n == 0 || n >= outlen)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)start[i];
		if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';')
			return -1;
	}
	if (memchr(start, '@', n) == NULL)
		return -1;
	memcpy(out, start, n);
	out[n] = '\0';
	return 0;
}

/* header_safe is 1 when s has no CR, LF or other control character, so it
 * can be written into a header line as it is. */
static int header_safe(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/*
 * subject_write writes the Subject header line (with CRLF) to f.  Controls
 * become spaces (a header injection must not survive a stored subject).
 * Plain ASCII goes as is; otherwise the text is split on UTF-8 character
 * boundaries into RFC 2047 encoded-words of at most 75 characters (45 bytes
 * of text -> 60 of base64; 39 on the first line, which keeps every line
 * within 78), folded onto continuation lines (RFC 2047 6.2:
 * the whitespace between adjacent encoded-words is not displayed).
 * Returns 0 or -1.
 */
static int subject_write(FILE *f, const char *subject)
{
	size_t len = strlen(subject);
	char *s = malloc(len + 1);
	int ascii = 1, rc = -1;

	if (s == NULL)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)subject[i];
		s[i] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
		if (c >= 0x80)
			ascii = 0;
	}
	s[len] = '\0';
	/* Readers would decode an ASCII "=?...?=" themselves: encode it instead. */
	if (strstr(s, "=?"))
		ascii = 0;

	if (ascii) {
		if (fprintf(f, "Subject: %s\r\n", s) < 0)
			goto out;
		rc = 0;
		goto out;
	}
	if (fputs("Subject:", f) < 0)
		goto out;
	for (size_t off = 0; off < len;) {
		/* The first word shares its line with "Subject: ". */
		size_t max = off ? 45 : 39;
		size_t n = len - off > max ? max : len - off;
		char *b64;
		int w;

		/* Back off to the start of a character: 10xxxxxx continues one. */
		if (off + n < len)
			while (n > 1 && ((unsigned char)s[off + n] & 0xC0) == 0x80)
				n--;
		b64 = vb_b64_encode(s + off, n);
		if (b64 == NULL)
			goto out;
		w = fprintf(f, "%s=?UTF-8?B?%s?=", off ? "\r\n " : " ", b64);
		free(b64);
		if (w < 0)
			goto out;
		off += n;
	}
	if (fputs("\r\n", f) < 0)
		goto out;
	rc = 0;
out:
	free(s);
	return rc;
}

/*
 * body_write writes body to f with every line ending (LF, CR or CRLF) made
 * CRLF, long lines broken before MAIL_LINE_MAX octets at a character boundary
 * (RFC 5322 2.1.1), and a final CRLF.  Returns 0 or -1.
 */
static int body_write(FILE *f, const char *body)
{
	size_t col = 0;

	for (const char *p = body; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\r' || c == '\n') {
			if (c == '\r' && p[1] == '\n')
				p++;
			if (fputs("\r\n", f) < 0)
				return -1;
			col = 0;
			continue;
		}
		if (col >= MAIL_LINE_MAX && (c & 0xC0) != 0x80) {
			if (fputs("\r\n", f) < 0)
				return -1;
			col = 0;
		}
		if (fputc(c, f) == EOF)
			return -1;
		col++;
	}
	if (col > 0 && fputs("\r\n", f) < 0)
		return -1;
	return 0;
}

/*
 * message_build returns the whole message (headers, blank line, body) in a
 * malloc'd buffer the caller frees, its length in *len; NULL on failure.
 */
static char *message_build(const struct vb_conf *conf, int64_t id, const char *from_addr,
			   const char *to, const char *subject, const char *body, size_t *len)
{
	char *buf = NULL, date[64], rnd_hex[17];
	unsigned char rnd[8];
	const char *domain = strchr(from_addr, '@') + 1;  /* addr_spec checked the '@' */
	struct tm tm;
	time_t now = time(NULL);
	FILE *f;
	int ok;

	/* The C locale (we never call setlocale) gives English day and month
	 * names, as RFC 5322 3.3 wants. */
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm) == 0)
		return NULL;
	if (vb_random(rnd, sizeof rnd) != 0)
		return NULL;
	for (size_t i = 0; i < sizeof rnd; i++)
		snprintf(rnd_hex + 2 * i, 3, "%02x", rnd[i]);

	f = open_memstream(&buf, len);
	if (f == NULL)
		return NULL;
	ok = fprintf(f, "From: %s\r\nTo: %s\r\n", conf->mail_from, to) >= 0 &&
	     subject_write(f, subject) == 0 &&
	     fprintf(f, "Date: %s\r\n"
			"Message-ID: <vestibule.%lld.%s@%s>\r\n"
			"MIME-Version: 1.0\r\n"
			"Content-Type: text/plain; charset=UTF-8\r\n"
			"Content-Transfer-Encoding: 8bit\r\n"
			"Auto-Submitted: auto-generated\r\n"  /* RFC 3834: no auto-replies */
			"\r\n",
		     date, (long long)id, rnd_hex, domain) >= 0 &&
	     body_write(f, body) == 0;
	if (fclose(f) != 0 || !ok) {
		free(buf);
		return NULL;
	}
	return buf;
}

struct upload {
	const char *data;
	size_t len, off;
};

/* read_cb feeds the message to curl in the pieces it asks for. */
static size_t read_cb(char *dst, size_t size, size_t nmemb, void *userp)
{
	struct upload *u = userp;
	size_t room = size * nmemb, n = u->len - u->off;

	if (n > room)
		n = room;
	memcpy(dst, u->data + u->off, n);
	u->off += n;
	return n;
}

/* smtp_is_local tells whether an smtp:// URL names a loopback host. */
static int smtp_is_local(const char *url)
{
	static const char *const local[] = { "smtp://127.", "smtp://localhost:", "smtp://localhost/",
					     "smtp://[::1]" };
	size_t i;

	for (i = 0; i < sizeof(local) / sizeof(local[0]); i++)
		if (strncmp(url, local[i], strlen(local[i])) == 0)
			return 1;
	return strcmp(url, "smtp://localhost") == 0;
}

/*
 * smtp_deliver hands one message to the configured server.  Returns 0 when
 * the server accepted it, else -1 with a printable reason in err.
 */
static int smtp_deliver(const struct vb_conf *conf, const char *from_addr, const char *to_addr,
			const char *msg, size_t len, char *err, size_t errlen)
{
	struct upload up = { msg, len, 0 };
	struct curl_slist *rcpt = NULL;
	char curl_err[CURL_ERROR_SIZE] = "", from[300];
	long code = 0;
	CURL *c;
	CURLcode res = CURLE_FAILED_INIT;
	int rc = -1;

	snprintf(err, errlen, "cannot start libcurl");
	c = curl_easy_init();
	if (c == NULL)
		goto out;
	rcpt = curl_slist_append(NULL, to_addr);
	if (rcpt == NULL)
		goto out;
	snprintf(from, sizeof from, "<%s>", from_addr);

	curl_easy_setopt(c, CURLOPT_URL, conf->smtp_url);
#if LIBCURL_VERSION_NUM >= 0x075500
	/* A typo'd smtp_url must not make the worker speak another protocol. */
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#endif
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &up);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	/* STARTTLS when offered; required (no silent fall-back to clear text,
	 * which an attacker on the path can force) unless the server is on
	 * this host and no password is sent. */
	curl_easy_setopt(c, CURLOPT_USE_SSL,
			 (long)(smtp_is_local(conf->smtp_url) && !conf->smtp_user[0] ? CURLUSESSL_TRY
										: CURLUSESSL_ALL));
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)MAIL_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)MAIL_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	if (conf->smtp_user[0]) {
		curl_easy_setopt(c, CURLOPT_USERNAME, conf->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, conf->smtp_password);
	}

	res = curl_easy_perform(c);
	if (res == CURLE_OK) {
		rc = 0;
		goto out;
	}
	/* curl's own message usually names the SMTP reply ("DATA failed:
	 * 451"); add the code only when it does not. */
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (curl_err[0])
		snprintf(err, errlen, "%s", curl_err);
	else if (code > 0)
		snprintf(err, errlen, "%s (SMTP reply %ld)", curl_easy_strerror(res), code);
	else
		snprintf(err, errlen, "%s", curl_easy_strerror(res));
out:
	curl_slist_free_all(rcpt);
	if (c)
		curl_easy_cleanup(c);
	return rc;
}

/* retry_delay is MAIL_RETRY_BASE_S * 2^attempts, at most MAIL_RETRY_MAX_S. */
static int64_t retry_delay(int64_t attempts)
{
	int64_t d = MAIL_RETRY_BASE_S;

	for (int64_t i = 0; i < attempts && d < MAIL_RETRY_MAX_S; i++)
		d *= 2;
	return d < MAIL_RETRY_MAX_S ? d : MAIL_RETRY_MAX_S;
}

/* err_clean makes err fit last_error: printable ASCII only, MAIL_ERR_MAX long. */
static void err_clean(char *err)
{
	size_t i;

	for (i = 0; err[i] && i < MAIL_ERR_MAX; i++)
		if ((unsigned char)err[i] < 0x20 || (unsigned char)err[i] > 0x7e)
			err[i] = ' ';
	err[i] = '\0';
}

/*
 * mail_send_row delivers one claimed row and records the outcome.  Returns 1
 * when sent, 0 when it failed and was rescheduled, -1 when the database
 * could not record the outcome.
 */
static int mail_send_row(struct vb_db *db, const struct vb_conf *conf, const char *from_addr,
			 json_object *row)
{
	int64_t id = vb_row_int(row, "id"), attempts = vb_row_int(row, "attempts");
	const char *to = vb_row_str(row, "to_addr");
	const char *subject = vb_row_str(row, "subject");
	const char *body = vb_row_str(row, "body");
	char to_addr[256], err[512] = "";
	char *msg = NULL;
	size_t len = 0;
	int64_t delay;
	int sent = 0;

	if (to == NULL || addr_spec(to, to_addr, sizeof to_addr) != 0 || strcmp(to, to_addr) != 0) {
		snprintf(err, sizeof err, "invalid recipient address");
	} else {
		msg = message_build(conf, id, from_addr, to_addr, subject ? subject : "",
				    body ? body : "", &len);
		if (msg == NULL)
			snprintf(err, sizeof err, "cannot build the message");
		else if (smtp_deliver(conf, from_addr, to_addr, msg, len, err, sizeof err) == 0)
			sent = 1;
		free(msg);
	}

	if (sent) {
		if (vb_db_exec(db, NULL,
			       "UPDATE mail_outbox SET status = 'sent', sent_at = UTC_TIMESTAMP(3) "
			       "WHERE id = ?", "i", id) != 0) {
			/* The claim expires and the message goes again: a duplicate is
			 * better than a loss. */
			vb_error("mail id=%lld sent but not marked sent (db error %u)",
				 (long long)id, vb_db_errno(db));
			return -1;
		}
		vb_info("mail id=%lld kind=%s sent", (long long)id,
			vb_row_str(row, "kind") ? vb_row_str(row, "kind") : "");
		return 1;
	}

	err_clean(err);
	delay = retry_delay(attempts);
	vb_warn("mail id=%lld attempt %lld failed: %s; next try in %lld s", (long long)id,
		(long long)attempts + 1, err, (long long)delay);
	if (vb_db_exec(db, NULL,
		       "UPDATE mail_outbox SET attempts = attempts + 1, "
		       "next_attempt_at = UTC_TIMESTAMP(3) + INTERVAL ? SECOND, last_error = ? "
		       "WHERE id = ? AND status = 'pending'",
		       "isi", delay, err, id) != 0) {
		vb_error("mail id=%lld: cannot record the failure (db error %u)", (long long)id,
			 vb_db_errno(db));
		return -1;
	}
	return 0;
}

int mail_send_due(struct vb_db *db, const struct vb_conf *conf, int *sent, int *failed)
{
	char from_addr[256];
	json_object *rows = NULL;
	int nsent = 0, nfailed = 0, rc = -1;

	if (addr_spec(conf->mail_from, from_addr, sizeof from_addr) != 0 ||
	    !header_safe(conf->mail_from)) {
		vb_error("mail_from '%s' is not an address like 'Name <a@b>' or 'a@b'",
			 conf->mail_from);
		goto out;
	}

	for (int batch = 0; batch < MAIL_BATCHES_MAX && !worker_stop; batch++) {
		size_t n;

		if (vb_db_query(db, &rows,
				"SELECT id, to_addr, subject, body, kind, attempts FROM mail_outbox "
				"WHERE status = 'pending' AND next_attempt_at <= UTC_TIMESTAMP(3) "
				"ORDER BY next_attempt_at, id LIMIT ?", "i", (int64_t)MAIL_BATCH) != 0) {
			vb_error("mail: cannot read the outbox (db error %u)", vb_db_errno(db));
			goto out;
		}
		n = json_object_array_length(rows);
		for (size_t i = 0; i < n && !worker_stop; i++) {
			json_object *row = json_object_array_get_idx(rows, i);
			int64_t claimed = 0;
			int r;

			/* Only the worker whose UPDATE changed the row sends it; the
			 * pushed-back next_attempt_at hides it from the others. */
			if (vb_db_exec(db, &claimed,
				       "UPDATE mail_outbox SET next_attempt_at = "
				       "UTC_TIMESTAMP(3) + INTERVAL ? SECOND "
				       "WHERE id = ? AND status = 'pending' "
				       "AND next_attempt_at <= UTC_TIMESTAMP(3)",
				       "ii", (int64_t)MAIL_CLAIM_S, vb_row_int(row, "id")) != 0) {
				vb_error("mail: cannot claim a row (db error %u)", vb_db_errno(db));
				goto out;
			}
			if (claimed != 1)
				continue;
			r = mail_send_row(db, conf, from_addr, row);
			if (r < 0)
				goto out;
			if (r == 1)
				nsent++;
			else
				nfailed++;
		}
		json_object_put(rows);
		rows = NULL;
		if (n < MAIL_BATCH)
			break;
	}
	rc = 0;
out:
	json_object_put(rows);
	if (sent)
		*sent = nsent;
	if (failed)
		*failed = nfailed;
	return rc;
}

/* mail_scrub: see worker.h. */
int mail_scrub(struct vb_db *db)
{
	return vb_db_exec(db, NULL,
			  "UPDATE mail_outbox SET body = '' WHERE status = 'sent' AND body <> ''"
			  " AND sent_at < UTC_TIMESTAMP(3) - INTERVAL ? SECOND",
			  "i", (int64_t)MAIL_SCRUB_S);
}
