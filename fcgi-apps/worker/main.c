/*
 * main.c - vestibule-worker: runs the timed jobs every WORKER_TICK_S seconds
 * until SIGTERM or SIGINT (or one pass with --once), with one MariaDB
 * connection.  Jobs so far: mail outbox delivery (mail_send.c), retention
 * (retention.c), marking expired sites (site_expiry.c).
 *
 *   vestibule-worker [--config FILE] [--once]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vestibule.h"
#include "worker.h"

volatile sig_atomic_t worker_stop;

static void on_stop(int sig)
{
	(void)sig;
	worker_stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: vestibule-worker [--config FILE] [--once]\n"
		   "  --config FILE  configuration (default $VESTIBULE_CONF, then "
		   VB_SYSCONFDIR "/vestibule.conf)\n"
		   "  --once         run every job once and exit (0 unless the database failed)\n");
}

/* Without SA_RESTART so the tick's sleep returns at once on a signal. */
static int signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	if (sigaction(SIGTERM, &sa, NULL) != 0 || sigaction(SIGINT, &sa, NULL) != 0)
		return -1;
	/* A peer closing an SMTP connection must be an error, not a death. */
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) != 0)
		return -1;
	return 0;
}

/* tick_sleep waits WORKER_TICK_S seconds or until a stop signal arrives. */
static void tick_sleep(void)
{
	struct timespec ts = { WORKER_TICK_S, 0 };

	while (!worker_stop && nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* run_jobs runs each job once.  Returns 0, or -1 if one could not use the
 * database (it will be tried again on the next tick). */
static int run_jobs(struct vb_db *db, const struct vb_conf *conf)
{
	int sent = 0, failed = 0;
	int rc = mail_send_due(db, conf, &sent, &failed);

	if (sent || failed)
		vb_info("mail: %d sent, %d to retry", sent, failed);
	if (mail_scrub(db) != 0 || retention_purge(db, conf) != 0 || site_expiry_mark(db) != 0)
		rc = -1;
	return rc;
}

int main(int argc, char **argv)
{
	static struct vb_conf conf;  /* large; keep it off the stack */
	struct vb_db *db = NULL;
	char err[512];
	const char *path;
	int once = 0, db_down = 0, status = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--once") == 0) {
			once = 1;
		} else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			i++;  /* read by vb_conf_path */
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "vestibule-worker: unknown argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}

	path = vb_conf_path(argc, argv);
	vb_conf_defaults(&conf);
	if (vb_conf_load(&conf, path, err, sizeof err) != 0) {
		fprintf(stderr, "vestibule-worker: %s\n", err);
		return 1;
	}
	vb_log_init("worker", conf.log_level);
	if (conf.smtp_url[0] == '\0' || conf.mail_from[0] == '\0') {
		vb_error("%s: smtp_url and mail_from must be set to deliver mail", path);
		return 1;
	}
	if (signals_install() != 0 || mail_init() != 0) {
		vb_error("cannot initialise (signals or libcurl)");
		return 1;
	}

	/* Jobs that change what the portal shows (site expiry) tell the
	 * programs' caches through the host's change counters; without them
	 * the programs cache nothing either. */
	vb_epoch_open(&conf);
	/* Not the smtp_url: it may carry credentials. */
	vb_info("started (config %s)%s", path, once ? ", once" : "");
	while (!worker_stop) {
		if (db == NULL) {
			if (vb_db_open(&db, &conf) != 0) {
				/* Say it once per outage, not every tick. */
				if (!db_down)
					vb_warn("database unavailable; retrying every %d s",
						WORKER_TICK_S);
				db_down = 1;
				db = NULL;
				if (once)
					goto out;
				tick_sleep();
				continue;
			}
			if (db_down)
				vb_info("database available again");
			db_down = 0;
		}
		if (run_jobs(db, &conf) != 0) {
			/* Drop the connection so the next tick starts clean. */
			vb_db_close(db);
			db = NULL;
			if (once)
				goto out;
		}
		if (once)
			break;
		tick_sleep();
	}
	status = 0;
	vb_info("stopped");
out:
	if (db)
		vb_db_close(db);
	mail_cleanup();
	return status;
}
