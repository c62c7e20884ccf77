/*
 * epoch.c - the host-wide change counter (see vb_epoch.h).
 *
 * The file holds 64-bit counters updated with atomics through a MAP_SHARED
 * mapping, so bumping and reading them costs no system call: the session
 * counter at index 0 (it starts at 1 so that 0 can mean "no counter"), the
 * flush counter at 1, and the tenant buckets after them.  A file written by
 * an older version (only index 0 used) reads as zeros elsewhere, which is
 * a valid start.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vestibule.h"

#define EPOCH_FILE_SIZE 4096
#define EPOCH_SESSION 0
#define EPOCH_FLUSH 1
#define EPOCH_FIRST_BUCKET 2
#define EPOCH_BUCKETS (EPOCH_FILE_SIZE / sizeof(uint64_t) - EPOCH_FIRST_BUCKET)

static uint64_t *g_epoch;

int vb_epoch_open(const struct vb_conf *conf)
{
	char path[512];
	struct stat dir;
	void *p;
	int fd, rc = -1;

	if (g_epoch != NULL)
		return 0;
	snprintf(path, sizeof(path), "%s/vestibule.epoch", conf->socket_dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
	if (fd < 0) {
		vb_warn("session cache off: cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	/* Whoever creates it (root running vestibule-admin, or a service), the
	 * services must be able to map it: give it the socket directory's
	 * owner and group, whose permissions guard everything in it. */
	if (geteuid() == 0 && stat(conf->socket_dir, &dir) == 0) {
		if (fchown(fd, dir.st_uid, dir.st_gid) != 0 || fchmod(fd, 0660) != 0)
			goto out;
	}
	if (ftruncate(fd, EPOCH_FILE_SIZE) != 0) /* grows a new file; keeps an old one */
		goto out;
	p = mmap(NULL, EPOCH_FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		goto out;
	g_epoch = p;
	{
		uint64_t zero = 0;
		__atomic_compare_exchange_n(g_epoch, &zero, 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	}
	rc = 0;
out:
	if (rc != 0)
		vb_warn("session cache off: cannot map %s: %s", path, strerror(errno));
	close(fd);
	return rc;
}

uint64_t vb_epoch_get(void)
{
	return g_epoch != NULL ? __atomic_load_n(&g_epoch[EPOCH_SESSION], __ATOMIC_ACQUIRE) : 0;
}

void vb_epoch_bump(void)
{
	if (g_epoch == NULL)
		return;
	__atomic_fetch_add(&g_epoch[EPOCH_SESSION], 1, __ATOMIC_RELEASE);
	__atomic_fetch_add(&g_epoch[EPOCH_FLUSH], 1, __ATOMIC_RELEASE);
}

/* bucket maps a tenant to its counter; tenants sharing a bucket only
 * empty each other's caches a little more often. */
static uint64_t *bucket(int64_t tenant)
{
	return &g_epoch[EPOCH_FIRST_BUCKET + (uint64_t)tenant % EPOCH_BUCKETS];
}

uint64_t vb_epoch_tenant(int64_t tenant)
{
	if (g_epoch == NULL)
		return 0;
	/* Both counters only grow, so their sum changes whenever either does;
	 * 1 + keeps it from reading as "no counter". */
	return 1 + __atomic_load_n(&g_epoch[EPOCH_FLUSH], __ATOMIC_ACQUIRE) +
	       __atomic_load_n(bucket(tenant), __ATOMIC_ACQUIRE);
}

void vb_epoch_bump_tenant(int64_t tenant)
{
	if (g_epoch == NULL)
		return;
	__atomic_fetch_add(&g_epoch[EPOCH_SESSION], 1, __ATOMIC_RELEASE);
	if (tenant > 0)
		__atomic_fetch_add(bucket(tenant), 1, __ATOMIC_RELEASE);
}
