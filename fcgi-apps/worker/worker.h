/*
 * worker.h - vestibule-worker, the timed jobs.  main.c runs the loop (every
 * WORKER_TICK_S seconds until SIGTERM/SIGINT); each job is one file with one
 * entry point called once per tick.
 */
#ifndef VB_WORKER_H
#define VB_WORKER_H

#include <signal.h>

struct vb_conf;
struct vb_db;

#define WORKER_TICK_S 2

/* Set by the SIGTERM/SIGINT handler; jobs check it between units of work so
 * a shutdown never waits for more than the message being sent. */
extern volatile sig_atomic_t worker_stop;

/*
 * mail_send_due delivers the mail_outbox rows that are due (status 'pending'
 * and next_attempt_at <= now), oldest first, in batches of MAIL_BATCH, until
 * none is left or worker_stop is set.  Each row is claimed first (its
 * next_attempt_at pushed MAIL_CLAIM_S ahead) so a second worker skips it; a
 * delivered row becomes 'sent', a failed one is retried later with
 * exponential back-off (10 s, 20 s, 40 s ... at most one hour).  Rows are
 * never deleted.  *sent and *failed (may be NULL) get the counts of this
 * call.  Returns 0, or -1 when the database could not be read or updated
 * (delivery failures are not errors of the job: they are retried).
 */
#define MAIL_BATCH 20
#define MAIL_CLAIM_S 300
int mail_send_due(struct vb_db *db, const struct vb_conf *conf, int *sent, int *failed);

/*
 * mail_scrub empties the bodies of messages sent more than MAIL_SCRUB_S ago:
 * they carry live links and sign-in codes, which the database otherwise
 * stores only as hashes.  Subject, recipient and times stay for operators.
 * Returns 0 or -1.
 */
#define MAIL_SCRUB_S 60
int mail_scrub(struct vb_db *db);

/*
 * retention_purge deletes sessions an hour after they expired (absolute or
 * idle expiry), login attempts older than a day, 2FA codes expired for a day, and reset and
 * confirmation links expired for a week.  Returns 0 or -1.
 */
#define RETENTION_BATCH 1000
#define RETENTION_BATCH_SQL "1000" /* the same number, for the SQL texts */
int retention_purge(struct vb_db *db, const struct vb_conf *conf);

/*
 * site_expiry_mark sets status 'expired' on the sites whose status is
 * 'normal' and whose expires_at has passed, in batches of SITE_EXPIRY_BATCH,
 * at most once every SITE_EXPIRY_EVERY_S seconds (the first call runs; the
 * calls in between return 0 at once).  Returns 0 or -1 (retried next tick).
 */
#define SITE_EXPIRY_EVERY_S 5
#define SITE_EXPIRY_BATCH 1000
#define SITE_EXPIRY_BATCH_SQL "1000" /* the same number, for the SQL text */
int site_expiry_mark(struct vb_db *db);

/* mail_init / mail_cleanup wrap curl_global_init/cleanup; call them once,
 * before and after any other mail_* call (libcurl's rule: not thread-safe,
 * so from main before anything else runs). */
int mail_init(void);
void mail_cleanup(void);

#endif
