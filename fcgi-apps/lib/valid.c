/*
 * valid.c - the validators behind struct vb_field (see vb_valid.h).
 *
 * Each validator is a whitelist: it says what a good value looks like and
 * refuses everything else, so handlers never see malformed input.  The
 * grammars are deliberately narrower than the RFCs they cite where the wider
 * forms (quoted e-mail local parts, IPv6 literals, leap seconds) are never
 * needed by intercom installers and only widen the attack surface.
 *
 * Depends on libc only, so the fuzz harness (tests/fuzz/fuzz_valid.c) can
 * build this file alone.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vb_valid.h"

#ifndef VB_ZONEINFO_DIR
#define VB_ZONEINFO_DIR "/usr/share/zoneinfo"
#endif

/* ------------------------------------------------------------------- UTF-8 */

/*
 * utf8_next decodes the code point at s[*i] (RFC 3629 section 4, the
 * well-formed byte sequences table), advancing *i.  Overlong forms,
 * surrogates (U+D800..U+DFFF) and values above U+10FFFF are refused.
 */
static int utf8_next(const unsigned char *s, size_t len, size_t *i, uint32_t *cp)
{
	size_t p = *i, n, k;
	unsigned char c = s[p];
	unsigned char lo = 0x80, hi = 0xBF; /* bounds of the second byte */
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		*i = p + 1;
		return 0;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0; /* overlong below U+0800 */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90; /* overlong below U+10000 */
		else if (c == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
	} else {
		return -1; /* continuation byte, C0/C1 overlong lead, F5..FF */
	}
	if (len - p - 1 < n)
		return -1;
	for (k = 1; k <= n; k++) {
		unsigned char b = s[p + k];

		if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
			return -1;
		v = v << 6 | (b & 0x3F);
	}
	*cp = v;
	*i = p + n + 1;
	return 0;
}

/* vb_valid_username: see VB_USERNAME in vb_valid.h. */
int vb_valid_username(const char *s)
{
	size_t len = strlen(s), k;

	if (len < 3 || len > 64)
		return -1;
	for (k = 0; k < len; k++) {
		char c = s[k];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return -1;
	}
	return 0;
}

/* vb_hex_digit: see vb_valid.h. */
int vb_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* vb_valid_utf8: 0 if s[0..len) is well-formed UTF-8; *ncp (may be NULL)
 * then receives the number of code points. */
int vb_valid_utf8(const char *s, size_t len, size_t *ncp)
{
	size_t i = 0, n = 0;
	uint32_t cp;

	while (i < len) {
		if (utf8_next((const unsigned char *)s, len, &i, &cp) < 0)
			return -1;
		n++;
	}
	if (ncp)
		*ncp = n;
	return 0;
}

/*
 * check_text: well-formed UTF-8 without control characters (C0, DEL and C1,
 * which terminals and log viewers interpret); multiline additionally allows
 * TAB, LF and CR.  *ncp gets the code point count.  why on failure.
 */
static int check_text(const char *s, size_t len, int multiline, size_t *ncp,
		      const char **why)
{
	size_t i = 0, n = 0;
	uint32_t cp;

	while (i < len) {
		if (utf8_next((const unsigned char *)s, len, &i, &cp) < 0) {
			*why = "must be valid UTF-8 text";
			return -1;
		}
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
			if (!(multiline && (cp == '\n' || cp == '\t' || cp == '\r'))) {
				*why = "must not contain control characters";
				return -1;
			}
		}
		n++;
	}
	*ncp = n;
	return 0;
}

/* ----------------------------------------------------------------- helpers */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static char to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char to_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/*
 * dns_name checks s[0..len) as a host name (RFC 1123 section 2.1): dot-
 * separated labels of letters, digits and '-', 1..63 bytes, not starting or
 * ending with '-', at most 253 bytes.  need_tld requires at least two labels
 * and an alphabetic last label of 2 or more letters (for e-mail domains).
 */
static int dns_name(const char *s, size_t len, int need_tld)
{
	size_t i, start = 0, labels = 0;

	if (len == 0 || len > 253)
		return -1;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.') {
			if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '-')
				return -1;
			continue;
		}
		if (i == start || i - start > 63 || s[start] == '-' || s[i - 1] == '-')
			return -1;
		labels++;
		if (i == len && need_tld) {
			size_t k;

			if (labels < 2 || i - start < 2)
				return -1;
			for (k = start; k < i; k++)
				if (!is_alpha(s[k]))
					return -1;
		}
		start = i + 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ e-mail */

/*
 * vb_valid_email accepts the dot-atom form of RFC 5322 section 3.4.1 (no
 * quoted local parts, no address literals) with the RFC 5321 section 4.5.3.1
 * limits: local part <= 64 bytes, whole address <= 254.  norm receives the
 * local part as given (it may be case-sensitive) and the domain in lower case.
 */
int vb_valid_email(const char *s, char norm[VB_NORM_MAX])
{
	static const char atext[] = "!#$%&'*+/=?^_`{|}~-.";
	const char *at = strchr(s, '@');
	size_t len = strlen(s), llen, i;

	if (!at || len > 254)
		return -1;
	llen = (size_t)(at - s);
	if (llen == 0 || llen > 64 || s[0] == '.' || s[llen - 1] == '.')
		return -1;
	for (i = 0; i < llen; i++) {
		if (!is_alpha(s[i]) && !is_digit(s[i]) && !strchr(atext, s[i]))
			return -1;
		if (s[i] == '.' && s[i + 1] == '.')
			return -1;
	}
	if (dns_name(at + 1, len - llen - 1, 1) < 0)
		return -1;
	for (i = 0; i < len; i++)
		norm[i] = i > llen ? to_lower(s[i]) : s[i];
	norm[len] = '\0';
	return 0;
}

/* vb_valid_phone: ITU-T E.164 with the leading "+": a country code never
 * starts with 0, and a number has at most 15 digits.  8 is the practical
 * minimum for a reachable number. */
int vb_valid_phone(const char *s)
{
	size_t n;

	if (s[0] != '+' || s[1] < '1' || s[1] > '9')
		return -1;
	for (n = 1; s[n]; n++)
		if (!is_digit(s[n]))
			return -1;
	n--;
	return n >= 8 && n <= 15 ? 0 : -1;
}

/* vb_valid_mac: 12 hex digits; ':' '-' '.' are ignored wherever they are (the
 * three common spellings AA:BB.., AA-BB.., AABB.CCDD..), at most 17 bytes in
 * all.  norm (13 bytes) gets the digits in upper case, as devices request
 * "<MAC>.cfg". */
int vb_valid_mac(const char *s, char norm[13])
{
	char buf[13];
	size_t i, n = 0;

	if (strlen(s) > 17)
		return -1;
	for (i = 0; s[i]; i++) {
		if (s[i] == ':' || s[i] == '-' || s[i] == '.')
			continue;
		if (!is_hex(s[i]) || n == 12)
			return -1;
		buf[n++] = to_upper(s[i]);
	}
	if (n != 12)
		return -1;
	buf[12] = '\0';
	memcpy(norm, buf, 13);
	return 0;
}

/* ipv4_len checks the dotted quad s[0..len) (RFC 3986 section 3.2.2
 * dec-octet: no leading zeros, which some parsers read as octal). */
static int ipv4_len(const char *s, size_t len)
{
	size_t i = 0;
	int octet;

	for (octet = 0; octet < 4; octet++) {
		size_t start = i;
		int v = 0;

		if (octet > 0) {
			if (i >= len || s[i] != '.')
				return -1;
			start = ++i;
		}
		while (i < len && is_digit(s[i]) && i - start < 3)
			v = v * 10 + (s[i++] - '0');
		if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
			return -1;
	}
	return i == len ? 0 : -1;
}

int vb_valid_ipv4(const char *s)
{
	return ipv4_len(s, strlen(s));
}

/* port_len: decimal 1..65535 without leading zeros. */
static int port_len(const char *s, size_t len)
{
	long v = 0;
	size_t i;

	if (len == 0 || len > 5 || s[0] == '0')
		return -1;
	for (i = 0; i < len; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= 65535 ? 0 : -1;
}

/* ---------------------------------------------------------------- RTSP URL */

/* userinfo_ok: RFC 3986 section 3.2.1 userinfo (unreserved, pct-encoded,
 * sub-delims, ':'), with a non-empty user name. */
static int userinfo_ok(const char *s, size_t len)
{
	static const char extra[] = "-._~!$&'()*+,;=:";
	size_t i;

	if (len == 0 || s[0] == ':')
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			if (i + 2 >= len || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
				return -1;
			i += 2;
		} else if (!is_alpha(s[i]) && !is_digit(s[i]) && !strchr(extra, s[i])) {
			return -1;
		}
	}
	return 0;
}

/*
 * vb_valid_rtsp_url: RTSP URLs (RFC 2326 section 3.2, RFC 7826 section 18.2
 * for rtsps) limited to "rtsp[s]://[user[:pass]@]host[:port][/path]" with an
 * IPv4 or DNS host, at most 1024 bytes.  The whole URL must be printable
 * ASCII without the characters RFC 3986 never allows in a URI (space, "<>\^`{|}),
 * so it can be written verbatim into device configuration files.
 */
int vb_valid_rtsp_url(const char *s)
{
	size_t len = strlen(s), i, hstart, hend, aend;
	const char *at = NULL;

	if (len > 1024)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7F || strchr("\"<>\\^`{|}", c))
			return -1;
	}
	if (strncmp(s, "rtsp://", 7) == 0)
		hstart = 7;
	else if (strncmp(s, "rtsps://", 8) == 0)
		hstart = 8;
	else
		return -1;
	aend = hstart + strcspn(s + hstart, "/?#");
	for (i = hstart; i < aend; i++)
		if (s[i] == '@')
			at = s + i;
	if (at) {
		if (userinfo_ok(s + hstart, (size_t)(at - s) - hstart) < 0)
			return -1;
		hstart = (size_t)(at - s) + 1;
	}
	for (hend = hstart; hend < aend && s[hend] != ':'; hend++)
		;
	if (hend < aend && port_len(s + hend + 1, aend - hend - 1) < 0)
		return -1;
	/* A host made of digits and dots is an address and must be a valid one
	 * ("999.1.1.1" is not a name). */
	for (i = hstart; i < hend && (is_digit(s[i]) || s[i] == '.'); i++)
		;
	if (i == hend && hend > hstart)
		return ipv4_len(s + hstart, hend - hstart);
	return dns_name(s + hstart, hend - hstart, 0);
}

/* --------------------------------------------------------------- time zone */

/*
 * vb_valid_tz: an IANA tz database name ("UTC" or Area/Location[/Sub]) that
 * exists in the installed zoneinfo (Debian package tzdata) as a TZif file
 * (RFC 8536 section 3.1).  The character set and shape rules come first so
 * no user text can steer the path ("..", absolute paths, NUL).
 */
int vb_valid_tz(const char *s)
{
	char path[sizeof(VB_ZONEINFO_DIR) + 72];
	unsigned char magic[4];
	size_t len = strlen(s), i, parts = 1, plen = 0;
	struct stat st;
	ssize_t r;
	int fd, rc = -1;

	if (strcmp(s, "UTC") == 0)
		return 0;
	if (len == 0 || len > 64 || s[0] == '/' || s[len - 1] == '/')
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] == '/') {
			if (s[i + 1] == '/')
				return -1;
			parts++;
		} else if (!is_alpha(s[i]) && !is_digit(s[i]) && !strchr("_+-", s[i])) {
			return -1;
		}
	}
	if (parts < 2 || parts > 3)
		return -1;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", VB_ZONEINFO_DIR, s) >= sizeof(path))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		goto out;
	while (plen < sizeof(magic)) {
		r = read(fd, magic + plen, sizeof(magic) - plen);
		if (r <= 0)
			goto out;
		plen += (size_t)r;
	}
	if (memcmp(magic, "TZif", 4) == 0)
		rc = 0;
out:
	close(fd);
	return rc;
}

/* --------------------------------------------------------------- date-time */

/* digits reads exactly n decimal digits at s. */
static int digits(const char *s, int n, int *out)
{
	int v = 0, k;

	for (k = 0; k < n; k++) {
		if (!is_digit(s[k]))
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	*out = v;
	return 0;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* days_from_civil: days since 1970-01-01 of a proleptic Gregorian date
 * (H. Hinnant's algorithm, exact for every year we accept). */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * vb_valid_time parses an RFC 3339 section 5.6 date-time:
 * "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)" ('T' and 'Z' may be lower
 * case, as section 5.6 permits).  Dates are checked against the calendar
 * (leap years included); leap seconds (:60) are refused because epoch time
 * cannot represent them.  Fractions beyond milliseconds are truncated (at
 * most 9 digits).  *epoch_ms gets milliseconds since 1970 UTC.
 */
int vb_valid_time(const char *s, int64_t *epoch_ms)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, mo, d, h, mi, sec, ms = 0, oh = 0, om = 0, sign = 0, k;
	const char *p;
	int64_t t;

	if (digits(s, 4, &y) < 0 || s[4] != '-' || digits(s + 5, 2, &mo) < 0 ||
	    s[7] != '-' || digits(s + 8, 2, &d) < 0 || (s[10] != 'T' && s[10] != 't') ||
	    digits(s + 11, 2, &h) < 0 || s[13] != ':' || digits(s + 14, 2, &mi) < 0 ||
	    s[16] != ':' || digits(s + 17, 2, &sec) < 0)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59)
		return -1;
	if (d > mdays[mo - 1] + (mo == 2 && is_leap(y)))
		return -1;
	p = s + 19;
	if (*p == '.') {
		p++;
		for (k = 0; is_digit(p[k]); k++) {
			if (k >= 9)
				return -1;
			if (k < 3)
				ms = ms * 10 + (p[k] - '0');
		}
		if (k == 0)
			return -1;
		for (; k < 3; k++)
			ms *= 10;
		while (is_digit(*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (digits(p + 1, 2, &oh) < 0 || p[3] != ':' || digits(p + 4, 2, &om) < 0 ||
		    oh > 23 || om > 59)
			return -1;
		p += 6;
	} else {
		return -1;
	}
	if (*p != '\0')
		return -1;
	t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	t -= sign * (oh * 3600 + om * 60);
	*epoch_ms = t * 1000 + ms;
	return 0;
}

/* ----------------------------------------------------------------- integer */

/* parse_int64 reads "-?[0-9]+" exactly, refusing values outside int64. */
static int parse_int64(const char *s, size_t len, int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	int64_t v = 0;

	if (len > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		int dgt;

		if (!is_digit(s[i]))
			return -1;
		dgt = s[i] - '0';
		/* Accumulate towards the sign so INT64_MIN is reachable. */
		if (neg) {
			if (v < (INT64_MIN + dgt) / 10)
				return -1;
			v = v * 10 - dgt;
		} else {
			if (v > (INT64_MAX - dgt) / 10)
				return -1;
			v = v * 10 + dgt;
		}
	}
	*out = v;
	return 0;
}

/* ------------------------------------------------------------ vb_valid_text */

/* The reasons that carry numbers are formatted into this buffer; like the
 * literal reasons it needs no freeing, and it stays valid until the next
 * vb_valid_text call (a worker validates one request at a time). */
static char why_buf[160];

/* range_why explains a length or value range. */
static const char *range_why(long long lo, long long hi, const char *unit)
{
	if (lo == hi)
		snprintf(why_buf, sizeof(why_buf), "must be exactly %lld %s", lo, unit);
	else if (lo <= 0)
		snprintf(why_buf, sizeof(why_buf), "must be at most %lld %s", hi, unit);
	else
		snprintf(why_buf, sizeof(why_buf), "must be %lld to %lld %s", lo, hi, unit);
	return why_buf;
}

/* enum_why lists the choices when they fit, so the user can correct. */
static const char *enum_why(const char *const *choices)
{
	size_t pos, i;
	int n;

	if (!choices || !choices[0])
		return "must be one of the allowed values";
	n = snprintf(why_buf, sizeof(why_buf), "must be one of:");
	pos = (size_t)n;
	for (i = 0; choices[i]; i++) {
		n = snprintf(why_buf + pos, sizeof(why_buf) - pos, "%s %s", i ? "," : "",
			     choices[i]);
		if (n < 0 || (size_t)n >= sizeof(why_buf) - pos)
			return "must be one of the allowed values";
		pos += (size_t)n;
	}
	return why_buf;
}

/*
 * vb_valid_text: see vb_valid.h.
 *
 * Lifetime of v->s: every string value shorter than VB_NORM_MAX bytes is
 * copied into v->norm (canonical form for MAC and e-mail, otherwise the text
 * as given) and v->s points there, so values from a query string, whose
 * buffer is temporary, survive.  A longer value (VB_STR, VB_TEXT,
 * VB_PASSWORD or VB_RTSP_URL of 256 bytes or more) leaves v->s pointing at the
 * caller's s, which must then outlive the use of v (the JSON body does).
 * v->norm is always NUL-terminated; the input needs no terminator and a NUL
 * byte inside it makes any type fail.  *v is written only on success.
 */
int vb_valid_text(const struct vb_field *spec, const char *s, size_t len, struct vb_val *v,
		  const char **why)
{
	char buf[1025]; /* NUL-terminated copy for the C-string validators */
	struct vb_val out;
	int in_norm = 0;
	size_t ncp;
	long long lo, hi;
	const char *ignored;

	if (!why)
		why = &ignored;
	memset(&out, 0, sizeof(out));
	out.present = 1;
	out.s = s;
	out.len = len;
	*why = "is not valid";

	switch (spec->type) {
	case VB_STR:
	case VB_TEXT:
		if (check_text(s, len, spec->type == VB_TEXT, &ncp, why) < 0)
			return -1;
		lo = spec->min;
		hi = spec->max ? spec->max : spec->type == VB_TEXT ? 65535 : 255;
		if ((long long)ncp < lo || (long long)ncp > hi) {
			*why = range_why(lo, hi, "characters");
			return -1;
		}
		break;
	case VB_PASSWORD:
		lo = spec->min || spec->max ? spec->min : 1;
		hi = spec->max ? spec->max : 1024;
		if ((long long)len < lo || (long long)len > hi) {
			*why = range_why(lo, hi, "bytes long");
			return -1;
		}
		if (check_text(s, len, 0, &ncp, why) < 0)
			return -1;
		break;
	case VB_INT:
	case VB_PORT:
		if (spec->type == VB_PORT) {
			lo = spec->min > 1 ? spec->min : 1;
			hi = spec->max > 0 && spec->max < 65535 ? spec->max : 65535;
		} else if (spec->min == 0 && spec->max == 0) {
			lo = INT64_MIN;
			hi = INT64_MAX;
		} else {
			lo = spec->min;
			hi = spec->max;
		}
		if (parse_int64(s, len, &out.i) < 0) {
			*why = spec->type == VB_PORT ? "must be a port number (1 to 65535)"
						     : "must be a whole number";
			return -1;
		}
		if (out.i < lo || out.i > hi) {
			snprintf(why_buf, sizeof(why_buf), "must be between %lld and %lld", lo, hi);
			*why = why_buf;
			return -1;
		}
		break;
	case VB_BOOL:
		if ((len == 4 && memcmp(s, "true", 4) == 0) || (len == 1 && s[0] == '1'))
			out.b = 1;
		else if ((len == 5 && memcmp(s, "false", 5) == 0) || (len == 1 && s[0] == '0'))
			out.b = 0;
		else {
			*why = "must be true or false";
			return -1;
		}
		out.i = out.b;
		break;
	case VB_ENUM: {
		size_t k;

		for (k = 0; spec->choices && spec->choices[k]; k++)
			if (strlen(spec->choices[k]) == len && memcmp(spec->choices[k], s, len) == 0)
				break;
		if (!spec->choices || !spec->choices[k]) {
			*why = enum_why(spec->choices);
			return -1;
		}
		break;
	}
	case VB_CODE6: {
		size_t k;

		for (k = 0; k < len && is_digit(s[k]); k++)
			;
		if (len != 6 || k != 6) {
			*why = "must be 6 digits";
			return -1;
		}
		break;
	}
	case VB_EMAIL:
	case VB_PHONE:
	case VB_MAC:
	case VB_IPV4:
	case VB_RTSP_URL:
	case VB_TZ:
	case VB_TIME:
	case VB_USERNAME: {
		int bad;

		if (len >= sizeof(buf) || memchr(s, '\0', len))
			bad = 1;
		else {
			memcpy(buf, s, len);
			buf[len] = '\0';
			switch (spec->type) {
			case VB_EMAIL:
				bad = vb_valid_email(buf, out.norm) < 0;
				in_norm = 1;
				break;
			case VB_PHONE:
				bad = vb_valid_phone(buf) < 0;
				break;
			case VB_MAC:
				bad = vb_valid_mac(buf, out.norm) < 0;
				in_norm = 1;
				break;
			case VB_IPV4:
				bad = vb_valid_ipv4(buf) < 0;
				break;
			case VB_RTSP_URL:
				bad = vb_valid_rtsp_url(buf) < 0;
				break;
			case VB_TZ:
				bad = vb_valid_tz(buf) < 0;
				break;
			case VB_USERNAME:
				bad = vb_valid_username(buf) < 0;
				break;
			default:
				bad = vb_valid_time(buf, &out.i) < 0;
				break;
			}
		}
		if (bad) {
			static const char *const whys[] = {
				[VB_EMAIL] = "must be a valid e-mail address",
				[VB_PHONE] = "must be a phone number in international format, "
					     "e.g. +4930123456",
				[VB_MAC] = "must be a MAC address (12 hex digits)",
				[VB_IPV4] = "must be an IPv4 address like 192.168.1.10",
				[VB_RTSP_URL] = "must be an rtsp:// or rtsps:// URL",
				[VB_TZ] = "must be a time zone name like Europe/Berlin",
				[VB_TIME] = "must be a date and time like 2026-11-26T05:39:00Z",
				[VB_USERNAME] = "must be 3 to 64 letters, digits, dots, "
						"underscores or hyphens",
			};
			*why = whys[spec->type];
			return -1;
		}
		break;
	}
	case VB_STRLIST:
	case VB_INTLIST:
	case VB_OBJLIST:
	case VB_OBJECT:
		/* A list has no text form: a query string cannot carry one. */
		*why = "must be a list, given in a JSON body";
		return -1;
	default:
		*why = "has an unknown type";
		return -1;
	}

	if (in_norm) {
		out.len = strlen(out.norm);
	} else if (len < VB_NORM_MAX) {
		memcpy(out.norm, s, len);
		out.norm[len] = '\0';
		in_norm = 1;
	}
	*v = out;
	if (in_norm)
		v->s = v->norm;
	return 0;
}
