/*
 * retention.c - deleting sign-in state nobody can use any more, so the
 * tables the sign-in path reads stay small and old secrets (even hashed)
 * do not pile up.  The audit log and the mail outbox's rows are kept: they
 * are the operator's record (outbox bodies are scrubbed by mail_scrub).
 */
#include <stdint.h>
#include <string.h>

#include "vestibule.h"
#include "worker.h"

/* What is deleted, each in batches of RETENTION_BATCH rows so that a large
 * backlog never holds long locks. */
static const struct {
	const char *what;
	const char *sql; /* one '?' = seconds of idle time where it applies */
} purges[] = {
	/* an hour after they stopped working, so what an operator looks into
	 * right after a sign-out problem is still there */
	{ "sessions",
	  "DELETE FROM sessions WHERE expires_at < UTC_TIMESTAMP(3) - INTERVAL 1 HOUR"
	  " OR last_seen_at < UTC_TIMESTAMP(3) - INTERVAL ? SECOND - INTERVAL 1 HOUR"
	  " LIMIT " RETENTION_BATCH_SQL },
	/* the throttle looks back 15 minutes; a day is kept for operators */
	{ "login attempts",
	  "DELETE FROM login_attempts WHERE created_at < UTC_TIMESTAMP(3) - INTERVAL 1 DAY"
	  " LIMIT " RETENTION_BATCH_SQL },
	{ "2FA codes",
	  "DELETE FROM twofa_codes WHERE expires_at < UTC_TIMESTAMP(3) - INTERVAL 1 DAY"
	  " LIMIT " RETENTION_BATCH_SQL },
	{ "password reset links",
	  "DELETE FROM password_resets WHERE expires_at < UTC_TIMESTAMP(3) - INTERVAL 7 DAY"
	  " LIMIT " RETENTION_BATCH_SQL },
	{ "e-mail confirmation links",
	  "DELETE FROM email_confirmations WHERE expires_at < UTC_TIMESTAMP(3) - INTERVAL 7 DAY"
	  " LIMIT " RETENTION_BATCH_SQL },
};

/* retention_purge: see worker.h. */
int retention_purge(struct vb_db *db, const struct vb_conf *conf)
{
	int64_t n;
	size_t i;

	for (i = 0; i < sizeof(purges) / sizeof(purges[0]) && !worker_stop; i++) {
		int has_param = strchr(purges[i].sql, '?') != NULL;

		do {
			n = 0;
			if ((has_param ? vb_db_exec(db, &n, purges[i].sql, "i",
						    (int64_t)conf->session_idle_s)
				       : vb_db_exec(db, &n, purges[i].sql, "")) != 0)
				return -1;
			if (n > 0)
				vb_info("retention: deleted %lld %s", (long long)n, purges[i].what);
		} while (n == RETENTION_BATCH && !worker_stop);
	}
	return 0;
}
