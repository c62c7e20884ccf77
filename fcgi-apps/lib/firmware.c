/*
 * firmware.c - numeric comparison of dotted firmware versions (vb_firmware.h).
 */
#include <stddef.h>

#include "vb_firmware.h"

/* Nine digits always fit in a long, so a field never overflows. */
#define FW_FIELD_DIGITS 9

/*
 * fw_check tells whether s is a version: one or more fields of 1 to
 * FW_FIELD_DIGITS digits separated by single dots.  Returns 0 or -1.
 */
static int fw_check(const char *s)
{
	size_t digits = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			if (++digits > FW_FIELD_DIGITS)
				return -1;
		} else if (*s == '.' && digits > 0) {
			digits = 0;
		} else {
			return -1;
		}
	}
	return digits > 0 ? 0 : -1;
}

/*
 * fw_field reads the field at *s (NULL or at the end: 0, the value of a
 * missing field) and moves *s past it and its dot.  s was checked by
 * fw_check.
 */
static long fw_field(const char **s)
{
	long v = 0;

	if (**s == '\0')
		return 0;
	while (**s >= '0' && **s <= '9') {
		v = v * 10 + (**s - '0');
		(*s)++;
	}
	if (**s == '.')
		(*s)++;
	return v;
}

int vb_fw_cmp(const char *a, const char *b, int *out)
{
	long x, y;

	if (fw_check(a) < 0 || fw_check(b) < 0)
		return -1;
	while (*a != '\0' || *b != '\0') {
		x = fw_field(&a);
		y = fw_field(&b);
		if (x != y) {
			*out = x < y ? -1 : 1;
			return 0;
		}
	}
	*out = 0;
	return 0;
}
