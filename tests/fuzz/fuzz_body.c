/*
 * fuzz_body.c - libFuzzer harness for what every request body goes through
 * before a handler sees it: strict JSON parsing and the field checks.
 *
 * Build (not part of make; needs Debian's clang):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I fcgi-apps/lib \
 *     tests/fuzz/fuzz_body.c fcgi-apps/lib/req.c fcgi-apps/lib/valid.c \
 *     fcgi-apps/lib/route.c -ljson-c -lfcgi -o fuzz_body
 *   ./fuzz_body -max_total_time=60
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vestibule.h"

static const char *const kinds[] = { "email", "totp", NULL };
static const struct vb_field fields[] = {
	{ "login", VB_STR, VB_REQUIRED, 1, 254, NULL },
	{ "email", VB_EMAIL, 0, 0, 0, NULL },
	{ "phone", VB_PHONE, 0, 0, 0, NULL },
	{ "mac", VB_MAC, 0, 0, 0, NULL },
	{ "n", VB_INT, 0, -5, 5, NULL },
	{ "on", VB_BOOL, 0, 0, 0, NULL },
	{ "method", VB_ENUM, VB_NULLABLE, 0, 0, kinds },
	{ "tz", VB_TZ, 0, 0, 0, NULL },
	{ "at", VB_TIME, 0, 0, 0, NULL },
	{ "url", VB_RTSP_URL, 0, 0, 0, NULL },
	VB_FIELDS_END,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vb_val vals[VB_NITEMS(fields)];
	json_object *body = NULL;
	const char *why, *bad, *code;
	char *q;

	if (vb_body_parse((const char *)data, size, &body, &why) == 0) {
		vb_fields_check(fields, body, NULL, vals, &bad, &code, &why);
		json_object_put(body);
	}
	/* The same bytes as a query string. */
	if ((q = malloc(size + 1)) != NULL) {
		memcpy(q, data, size);
		q[size] = '\0';
		vb_fields_check(fields, NULL, q, vals, &bad, &code, &why);
		free(q);
	}
	return 0;
}
