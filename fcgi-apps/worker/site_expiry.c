/*
 * site_expiry.c - marking single-family sites whose account ran out as
 * expired (status 'normal' and expires_at in the past).  The system does
 * it, not a person, so nothing is audited.  Family members cannot be added
 * to a site past its expiry even before this job ran (family.c checks the
 * time itself), so it runs every SITE_EXPIRY_EVERY_S seconds rather than
 * every tick; each run is one range read of the (status, expires_at) index.
 */
#include <stdint.h>
#include <time.h>

#include "vestibule.h"
#include "worker.h"

/* site_expiry_mark: see worker.h. */
int site_expiry_mark(struct vb_db *db)
{
	static struct timespec last;  /* zero: the first call runs */
	struct timespec now;
	int64_t n;

	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
		return -1;
	if (last.tv_sec != 0 && now.tv_sec - last.tv_sec < SITE_EXPIRY_EVERY_S)
		return 0;
	do {
		n = 0;
		if (vb_db_exec(db, &n,
			       "UPDATE sites SET status = 'expired', updated_at = UTC_TIMESTAMP(3) "
			       "WHERE status = 'normal' AND expires_at < UTC_TIMESTAMP(3) "
			       "LIMIT " SITE_EXPIRY_BATCH_SQL, "") != 0)
			return -1;
		if (n > 0) {
			vb_info("site expiry: %lld sites expired", (long long)n);
			vb_epoch_bump();  /* the portal's kept lists show the new status */
		}
	} while (n == SITE_EXPIRY_BATCH && !worker_stop);
	last = now;
	return 0;
}
