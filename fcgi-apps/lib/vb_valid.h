/*
 * vb_valid.h - field specs and the validators behind them (kcgi's kvalid
 * model): a route names its fields, the framework checks each one before the
 * handler runs, and the handler reads typed, valid values.
 *
 * Each validator takes the raw text and returns 0 if valid, -1 if not; where a
 * value has a canonical form (MAC, e-mail case, ...) it is written to norm
 * (at least VB_NORM_MAX bytes), otherwise norm receives a copy.
 */
#ifndef VB_VALID_H
#define VB_VALID_H

#include <stddef.h>
#include <stdint.h>

#define VB_NORM_MAX 256

enum vb_type {
	VB_STR,      /* UTF-8, no control characters; min..max = length in code points */
	VB_TEXT,     /* like VB_STR but allows \n and \t (multi-line text) */
	VB_INT,      /* JSON integer (or decimal text in a query); min..max = range */
	VB_BOOL,     /* JSON true/false (query: "true"/"false"/"1"/"0") */
	VB_ENUM,     /* one of choices[] (NULL-terminated) */
	VB_EMAIL,    /* addr-spec subset, <= 254 bytes; domain lower-cased */
	VB_PHONE,    /* E.164 with the country code: "+" then 8..15 digits */
	VB_MAC,      /* 12 hex digits, separators ":" "-" "." ignored; norm = upper case */
	VB_IPV4,     /* dotted quad, no leading zeros */
	VB_PORT,     /* integer 1..65535 */
	VB_RTSP_URL, /* rtsp:// or rtsps://, host, optional :port and path */
	VB_TZ,       /* IANA time zone name present in the zoneinfo database */
	VB_TIME,     /* ISO 8601 date-time with offset or Z, e.g. 2026-11-26T05:39:00Z */
	VB_PASSWORD, /* like VB_STR but never logged or echoed; min..max bytes */
	VB_CODE6,    /* exactly 6 decimal digits */
	VB_USERNAME, /* 3..64 of [A-Za-z0-9._-]: no '@', so it never reads as an e-mail */
	VB_STRLIST,  /* JSON body only: an array of distinct strings, each 1..64 code points
			without control characters; min..max = number of items */
	VB_INTLIST,  /* JSON body only: an array of distinct integers >= 1; min..max =
			number of items (0,0 = at most 1000); vb_val.list is the array */
	VB_OBJLIST,  /* JSON body only: an array of objects; min..max = number of items
			(0,0 = at most 100).  The handler checks each item's keys with
			vb_item_check */
	VB_OBJECT,   /* JSON body only: one object, checked by the handler with
			vb_item_check */
};

enum {
	VB_REQUIRED = 1 << 0,  /* absent (or null) is an error */
	VB_NULLABLE = 1 << 1,  /* JSON null accepted and reported as is_null */
};

struct vb_field {
	const char *name;
	enum vb_type type;
	unsigned flags;
	long long min, max;          /* 0,0 = the type's own bounds */
	const char *const *choices;  /* VB_ENUM only */
};

/* The end of a route's field list. */
#define VB_FIELDS_END { NULL, VB_STR, 0, 0, 0, NULL }

/* A validated value.  s points at norm (a copy) for every value shorter
 * than VB_NORM_MAX bytes and for canonical forms (MAC, e-mail); a longer
 * text keeps pointing into the request's parsed body or decoded query.  Both
 * live as long as the request. */
struct vb_val {
	int present;
	int is_null;
	const char *s;
	size_t len;
	int64_t i;
	int b;
	char norm[VB_NORM_MAX];
	const void *list;  /* VB_STRLIST, VB_INTLIST, VB_OBJLIST: the json_object array; VB_OBJECT: the
			      object; borrowed from the body */
};

int vb_valid_utf8(const char *s, size_t len, size_t *ncp);
/* vb_hex_digit returns the value of one hex digit (either case), or -1. */
int vb_hex_digit(int c);
int vb_valid_email(const char *s, char norm[VB_NORM_MAX]);
int vb_valid_phone(const char *s);
int vb_valid_mac(const char *s, char norm[13]);
int vb_valid_ipv4(const char *s);
int vb_valid_rtsp_url(const char *s);
int vb_valid_tz(const char *s);
int vb_valid_time(const char *s, int64_t *epoch_ms);
int vb_valid_username(const char *s);

/*
 * vb_valid_text checks the text form of a field against spec (used for query
 * strings and path parameters, and by the JSON checker for strings).  On
 * success fills *v and returns 0.  On failure returns -1 and points *why at a
 * static, user-presentable reason ("must be 1 to 64 characters").
 */
int vb_valid_text(const struct vb_field *spec, const char *s, size_t len, struct vb_val *v,
		  const char **why);

#endif
