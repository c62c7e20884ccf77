/*
 * fuzz_valid.c - libFuzzer harness for the field validators (valid.c): every
 * input is checked as every type, with default and explicit bounds.  The
 * sanitizers catch out-of-bounds reads (inputs are not NUL-terminated),
 * overflow in the integer and date arithmetic, and the checks below catch
 * broken contracts.
 *
 * Not built by make.  From the top of the source tree (Debian: apt-get install
 * clang):
 *
 *   clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
 *       -I fcgi-apps/lib tests/fuzz/fuzz_valid.c fcgi-apps/lib/valid.c \
 *       -o fuzz_valid
 *   mkdir -p /tmp/fuzz-corpus && ./fuzz_valid -max_total_time=60 /tmp/fuzz-corpus
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vb_valid.h"

static const char *const choices[] = { "installer", "distributor", "admin", NULL };

/* check_one validates data as spec and checks what a handler relies on. */
static void check_one(const struct vb_field *spec, const uint8_t *data, size_t size)
{
	struct vb_val v;
	const char *why = NULL;

	memset(&v, 0xA5, sizeof(v));
	if (vb_valid_text(spec, (const char *)data, size, &v, &why) < 0) {
		if (!why || !*why)
			abort();
		return;
	}
	if (!v.present || v.is_null || !v.s)
		abort();
	/* A short value must not point into the (temporary) input. */
	if (v.len < VB_NORM_MAX && v.s != v.norm)
		abort();
	if (v.s == v.norm && (strlen(v.norm) != v.len))
		abort();
	/* Every accepted value is valid UTF-8 (norm or input). */
	if (vb_valid_utf8(v.s, v.len, NULL) < 0)
		abort();
	if (spec->type == VB_MAC && v.len != 12)
		abort();
	if (spec->type == VB_PORT && (v.i < 1 || v.i > 65535))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum vb_type types[] = {
		VB_STR, VB_TEXT, VB_INT, VB_BOOL, VB_ENUM, VB_EMAIL, VB_PHONE, VB_MAC,
		VB_IPV4, VB_PORT, VB_RTSP_URL, VB_TZ, VB_TIME, VB_PASSWORD, VB_CODE6,
	};
	size_t i, ncp;
	char *copy;

	/* Copy so reads past the end hit ASan's redzone, not the fuzzer's data. */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct vb_field def = { "f", types[i], 0, 0, 0, choices };
		struct vb_field bounded = { "f", types[i], VB_REQUIRED, 1, 64, choices };
		struct vb_field neg = { "f", types[i], 0, -1000, -10, choices };

		check_one(&def, (const uint8_t *)copy, size);
		check_one(&bounded, (const uint8_t *)copy, size);
		check_one(&neg, (const uint8_t *)copy, size);
	}
	(void)vb_valid_utf8(copy, size, &ncp);
	free(copy);
	return 0;
}
