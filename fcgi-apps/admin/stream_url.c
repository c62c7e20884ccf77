/*
 * stream_url.c - vestibule-admin stream-url: a relay URL for an operator
 * (checking a door phone or camera from the command line with ffplay or
 * VLC), signed like the portal's (vb_stream.h).
 *
 *   vestibule-admin stream-url SOURCE [--viewer V] [--ttl SECONDS]
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin.h"

int admin_stream_url(struct admin *a, int argc, char **argv)
{
	const char *viewer = "admin", *ttl_s = NULL, *source;
	struct admin_opt opts[] = {
		{ "viewer", &viewer, 0 },
		{ "ttl", &ttl_s, 0 },
	};
	char tok[VB_STREAM_TOKEN_MAX];
	unsigned char secret[32];
	long ttl = 0;
	int found = 0, ret = ADMIN_FAIL;
	int64_t allow = 0;

	if (argc < 1 || strncmp(argv[0], "--", 2) == 0) {
		admin_err("stream-url: name the source, e.g. d12 (a door phone) or c7 (a camera)");
		return ADMIN_USAGE;
	}
	source = argv[0];
	if (admin_opts("stream-url", argc - 1, argv + 1, opts, VB_NITEMS(opts)) < 0 ||
	    (ttl_s != NULL && admin_count("stream-url", "ttl", ttl_s, 30, 86400, &ttl) < 0))
		return ADMIN_USAGE;
	if (admin_connect(a) < 0)
		return ADMIN_FAIL;
	if (ttl == 0)
		ttl = a->conf.stream_token_ttl_s;
	if (!a->conf.have_key) {
		admin_err("stream-url: the config names no key_file to sign with");
		return ADMIN_FAIL;
	}
	if (vb_db_query_int(a->db, &allow, &found,
			    "SELECT allow_monitoring FROM relay_sources WHERE source_id = ?", "s",
			    source) < 0)
		return ADMIN_FAIL;
	if (!found) {
		admin_err("stream-url: no source %s (relay_sources lists door phones as d<id> "
			  "and cameras as c<id>)", source);
		return ADMIN_FAIL;
	}
	if (!allow)
		admin_err("stream-url: note: monitoring is off for %s, so the relay will refuse "
			  "viewers (403)", source);
	if (vb_stream_secret(a->conf.key, secret) < 0 ||
	    vb_stream_token(secret, source, viewer, (int64_t)time(NULL) + ttl, tok) < 0) {
		admin_err("stream-url: --viewer must be 1 to 64 letters, digits, '_' or '-'");
		ret = ADMIN_USAGE;
		goto out;
	}
	printf("%s/s/%s?token=%s\n", a->conf.relay_public_url, source, tok);
	ret = ADMIN_OK;
out:
	explicit_bzero(secret, sizeof(secret));
	explicit_bzero(tok, sizeof(tok));
	return ret;
}
