/*
 * csv.c - splitting an uploaded MAC list into rows (RFC 4180, the subset a
 * list of MAC addresses needs; see maclib_csv_parse).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "maclib.h"

/* is_blank: space or tab, what a spreadsheet leaves around a field. */
static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * next_field finds the field starting at p (end = line end): a quoted field
 * runs to its closing quote (a doubled "" stays inside), an unquoted one to
 * the next comma.  Sets *f and *flen to the field trimmed of blanks (quotes
 * kept) and returns where the next field starts, or end.
 */
static const char *next_field(const char *p, const char *end, const char **f, size_t *flen)
{
	const char *s, *e;

	while (p < end && is_blank(*p))
		p++;
	s = p;
	if (p < end && *p == '"') {
		for (p++; p < end; p++) {
			if (*p == '"') {
				if (p + 1 < end && p[1] == '"')
					p++;
				else
					break;
			}
		}
		if (p < end)
			p++;  /* the closing quote */
	}
	while (p < end && *p != ',')
		p++;
	e = p;
	while (e > s && is_blank(e[-1]))
		e--;
	*f = s;
	*flen = (size_t)(e - s);
	return p < end ? p + 1 : end;
}

int maclib_csv_field(const char *f, size_t flen, char *out, size_t outlen)
{
	size_t i, n = 0;

	if (flen >= 2 && f[0] == '"' && f[flen - 1] == '"') {
		for (i = 1; i + 1 < flen; i++) {
			if (f[i] == '"' && i + 2 < flen && f[i + 1] == '"')
				i++;
			if (n + 1 >= outlen)
				return -1;
			out[n++] = f[i];
		}
	} else {
		if (flen >= outlen)
			return -1;
		memcpy(out, f, flen);
		n = flen;
	}
	out[n] = '\0';
	return (int)n;
}

int maclib_csv_parse(const char *csv, size_t len, size_t max, struct maclib_csv_row **rows,
		     size_t *n)
{
	const char *p = csv, *end = csv + len, *eol, *le, *q;
	struct maclib_csv_row *r = NULL, *grown;
	size_t cap = 0, count = 0, line = 0;
	int first = 1;

	while (p < end && count <= max) {
		const char *mac, *note;
		size_t mac_len, note_len;

		line++;
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		le = eol;
		if (le > p && le[-1] == '\r')
			le--;
		q = next_field(p, le, &mac, &mac_len);
		note = q;
		note_len = 0;
		if (q < le)
			q = next_field(q, le, &note, &note_len);
		p = eol < end ? eol + 1 : end;

		if (mac_len == 0 && note_len == 0)
			continue;  /* a blank line (or only commas) */
		/* The header, when there is one, is the first line with text. */
		if (first && mac_len == 3 && strncasecmp(mac, "mac", 3) == 0) {
			first = 0;
			continue;
		}
		if (first && mac_len == 5 && strncasecmp(mac, "\"mac\"", 5) == 0) {
			first = 0;
			continue;
		}
		first = 0;
		if (count == cap) {
			cap = cap ? cap * 2 : 256;
			grown = realloc(r, cap * sizeof(*r));
			if (grown == NULL) {
				free(r);
				return -1;
			}
			r = grown;
		}
		r[count].line = line;
		r[count].mac = mac;
		r[count].mac_len = mac_len;
		r[count].note = note;
		r[count].note_len = note_len;
		count++;
	}
	*rows = r;
	*n = count;
	return 0;
}
