/*
 * rtsp_proto.c - the RTSP/1.0 protocol layer of vestibule-relay: request
 * parsing (RFC 2326), the relay's URLs, Transport, responses and digest
 * authentication (RFC 2617).  Contracts are in rtsp_proto.h.
 *
 * Every byte of input comes from an unauthenticated peer, so each parser
 * here walks its input once, with explicit bounds, and copies only into
 * fixed-size fields it has checked the length of.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "rtsp_proto.h"

/* ------------------------------------------------------------- helpers */

/* is_tchar: RFC 2616 section 2.2 token characters (RFC 2326 section 15
 * takes its grammar from there): visible ASCII except separators. */
static int is_tchar(unsigned char c)
{
	if (c <= 32 || c >= 127)
		return 0;
	return strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* str_is: whether the piece s equals the NUL-terminated lit, ignoring case
 * when nocase. */
static int str_is(const char *s, size_t len, const char *lit, int nocase)
{
	size_t n = strlen(lit);

	if (len != n)
		return 0;
	return nocase ? strncasecmp(s, lit, n) == 0 : memcmp(s, lit, n) == 0;
}

/* parse_uint reads s[0 .. len) as a decimal of 1 to maxdigits digits into
 * *out.  Returns 0 or -1. */
static int parse_uint(const char *s, size_t len, size_t maxdigits, unsigned long long *out)
{
	unsigned long long v = 0;
	size_t i;

	if (len == 0 || len > maxdigits)
		return -1;
	for (i = 0; i < len; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* trim narrows [*s, *s + *len) past spaces and tabs at both ends. */
static void trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
		(*len)--;
}

/* ------------------------------------------------------------- requests */

void rtsp_parser_init(struct rtsp_parser *p)
{
	memset(p, 0, sizeof(*p));
}

static const struct {
	const char *name;
	enum rtsp_method method;
} methods[] = {
	{ "OPTIONS", RTSP_OPTIONS },
	{ "DESCRIBE", RTSP_DESCRIBE },
	{ "SETUP", RTSP_SETUP },
	{ "PLAY", RTSP_PLAY },
	{ "PAUSE", RTSP_PAUSE },
	{ "TEARDOWN", RTSP_TEARDOWN },
	{ "GET_PARAMETER", RTSP_GET_PARAMETER },
	{ "SET_PARAMETER", RTSP_SET_PARAMETER },
	{ "ANNOUNCE", RTSP_ANNOUNCE },
	{ "RECORD", RTSP_RECORD },
	{ "REDIRECT", RTSP_REDIRECT },
};

/* parse_request_line reads "Method SP Request-URI SP RTSP-Version" (RFC
 * 2326 section 6.1) from line[0 .. len).  Returns 0, or -1 with *status
 * set. */
static int parse_request_line(const char *line, size_t len, struct rtsp_request *req,
			      int *status)
{
	const char *sp1, *sp2, *ver;
	size_t i, vlen;

	*status = 400;
	sp1 = memchr(line, ' ', len);
	if (!sp1 || sp1 == line)
		return -1;
	for (i = 0; line + i < sp1; i++)
		if (!is_tchar((unsigned char)line[i]))
			return -1;
	sp2 = memchr(sp1 + 1, ' ', len - (size_t)(sp1 + 1 - line));
	if (!sp2 || sp2 == sp1 + 1)
		return -1;
	for (i = 1; sp1 + i < sp2; i++)
		if ((unsigned char)sp1[i] <= 32 || (unsigned char)sp1[i] >= 127)
			return -1;
	ver = sp2 + 1;
	vlen = len - (size_t)(ver - line);
	if (!str_is(ver, vlen, "RTSP/1.0", 0)) {
		/* Another version of the protocol is 505; anything else is not
		 * RTSP at all. */
		if (vlen > 5 && memcmp(ver, "RTSP/", 5) == 0) {
			for (i = 5; i < vlen; i++)
				if (!is_digit((unsigned char)ver[i]) && ver[i] != '.')
					return -1;
			*status = 505;
		}
		return -1;
	}
	req->method_name.p = line;
	req->method_name.len = (size_t)(sp1 - line);
	req->uri.p = sp1 + 1;
	req->uri.len = (size_t)(sp2 - sp1 - 1);
	req->method = RTSP_OTHER;
	for (i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (str_is(line, req->method_name.len, methods[i].name, 0))
			req->method = methods[i].method;
	return 0;
}

/* parse_header reads "name: value" (RFC 2326 section 4.2, continuation
 * lines refused as RFC 7230 section 3.2.4 does) into req.  Returns 0, or -1
 * with *status set. */
static int parse_header(const char *line, size_t len, struct rtsp_request *req, int *status)
{
	struct rtsp_header *h;
	const char *colon, *v;
	size_t i, vlen;
	unsigned long long n;

	*status = 400;
	colon = memchr(line, ':', len);
	if (!colon || colon == line)
		return -1;
	for (i = 0; line + i < colon; i++)
		if (!is_tchar((unsigned char)line[i]))
			return -1;
	v = colon + 1;
	vlen = len - (size_t)(v - line);
	for (i = 0; i < vlen; i++) {
		unsigned char c = (unsigned char)v[i];

		if ((c < 32 && c != '\t') || c == 127)
			return -1;
	}
	trim(&v, &vlen);
	if (req->nheaders >= RTSP_HEADERS_MAX)
		return -1;
	h = &req->headers[req->nheaders++];
	h->name.p = line;
	h->name.len = (size_t)(colon - line);
	h->value.p = v;
	h->value.len = vlen;

	/* The headers the relay acts on must be unambiguous: two of one would
	 * let a proxy and the relay read different requests. */
	if (str_is(line, h->name.len, "CSeq", 1)) {
		if (req->cseq >= 0 || parse_uint(v, vlen, 9, &n) < 0)
			return -1;
		req->cseq = (long)n;
	} else if (str_is(line, h->name.len, "Content-Length", 1)) {
		if (req->content_length != (size_t)-1 || parse_uint(v, vlen, 9, &n) < 0)
			return -1;
		if (n > RTSP_BODY_MAX) {
			*status = 413;
			return -1;
		}
		req->content_length = (size_t)n;
	} else if (str_is(line, h->name.len, "Session", 1)) {
		const char *semi = memchr(v, ';', vlen);
		size_t idlen = semi ? (size_t)(semi - v) : vlen;

		if (req->session.p)
			return -1;
		trim(&v, &idlen);
		if (idlen == 0)
			return -1;
		req->session.p = v;
		req->session.len = idlen;
	} else if (str_is(line, h->name.len, "Transport", 1)) {
		if (req->transport.p || vlen == 0)
			return -1;
		req->transport.p = v;
		req->transport.len = vlen;
	} else if (str_is(line, h->name.len, "Authorization", 1)) {
		if (req->authorization.p || vlen == 0)
			return -1;
		req->authorization.p = v;
		req->authorization.len = vlen;
	}
	return 0;
}

/* parse_head reads the complete head buf[0 .. len) (its lines already
 * checked against the limits by scan_head) into req.  Returns 0, or -1 with
 * *status set. */
static int parse_head(const char *buf, size_t len, struct rtsp_request *req, int *status)
{
	size_t pos = 0;
	int first = 1;

	memset(req, 0, sizeof(*req));
	req->cseq = -1;
	req->content_length = (size_t)-1;
	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = (size_t)(nl - buf), llen = end - pos;

		if (llen > 0 && buf[end - 1] == '\r')
			llen--;
		if (llen == 0)
			break;   /* the blank line that ends the head */
		if (first) {
			if (parse_request_line(buf + pos, llen, req, status) < 0)
				return -1;
			first = 0;
		} else {
			if (buf[pos] == ' ' || buf[pos] == '\t')
				return *status = 400, -1;
			if (parse_header(buf + pos, llen, req, status) < 0)
				return -1;
		}
		pos = end + 1;
	}
	if (req->content_length == (size_t)-1)
		req->content_length = 0;
	/* RFC 2326 section 12.17: every request carries a CSeq. */
	if (req->cseq < 0)
		return *status = 400, -1;
	return 0;
}

/* scan_head walks on from where the last call stopped through the pending
 * head at buf[0 .. len), checking the limits as bytes arrive rather than
 * when the head is complete, so an endless line is refused as soon as it
 * passes the limit.  Lines end in CRLF or a bare LF (RFC 2326 section 4
 * asks receivers to take both); a CR elsewhere is refused.  Returns 1 with
 * *head_len set when the blank line has arrived, 0 when more is needed, -1
 * with *status set when the head is refused. */
static int scan_head(struct rtsp_parser *p, const char *buf, size_t len, size_t *head_len,
		     int *status)
{
	size_t i;

	for (i = p->scanned; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\n') {
			size_t llen = i - p->line_start;

			if (llen > 0 && buf[i - 1] == '\r')
				llen--;
			if (llen == 0) {
				*head_len = i + 1;
				return 1;
			}
			if (++p->lines > 1 + RTSP_HEADERS_MAX)
				return *status = 400, -1;
			p->line_start = i + 1;
		} else if (c == '\r') {
			if (i + 1 == len)
				break;   /* its LF may be in the next read */
			if (buf[i + 1] != '\n')
				return *status = 400, -1;
		} else if (c == '\0') {
			return *status = 400, -1;
		} else if (i - p->line_start >= RTSP_LINE_MAX) {
			return *status = p->lines == 0 ? 414 : 400, -1;
		}
		if (i + 1 >= RTSP_HEAD_MAX)
			return *status = 400, -1;
	}
	p->scanned = i;
	return 0;
}

int rtsp_parse(struct rtsp_parser *p, const char *buf, size_t len, struct rtsp_msg *msg,
	       size_t *consumed)
{
	size_t pos = 0, head_len = 0, n;
	int rc;

	msg->status = 0;
	/* Leftovers of a body or frame payload go first. */
	n = p->skip < len ? p->skip : len;
	pos += n;
	p->skip -= n;
	if (p->skip > 0) {
		*consumed = pos;
		return RTSP_PARSE_MORE;
	}
	/* Between messages, blank lines are noise (RFC 2616 section 4.1, which
	 * RTSP clients also follow). */
	if (p->scanned == 0)
		while (pos < len && (buf[pos] == '\r' || buf[pos] == '\n'))
			pos++;
	*consumed = pos;
	if (pos == len)
		return RTSP_PARSE_MORE;

	if (buf[pos] == '$' && p->scanned == 0) {
		/* RFC 2326 section 10.12: "$", channel, length, payload. */
		size_t avail;

		if (len - pos < 4)
			return RTSP_PARSE_MORE;
		msg->channel = (unsigned char)buf[pos + 1];
		msg->length = ((unsigned)(unsigned char)buf[pos + 2] << 8) |
			      (unsigned char)buf[pos + 3];
		pos += 4;
		avail = len - pos;
		n = msg->length < avail ? msg->length : avail;
		p->skip = msg->length - n;
		*consumed = pos + n;
		return RTSP_PARSE_FRAME;
	}

	rc = scan_head(p, buf + pos, len - pos, &head_len, &msg->status);
	if (rc <= 0)
		return rc;
	p->scanned = 0;
	p->line_start = 0;
	p->lines = 0;
	if (parse_head(buf + pos, head_len, &msg->req, &msg->status) < 0)
		return -1;
	pos += head_len;
	n = msg->req.content_length < len - pos ? msg->req.content_length : len - pos;
	p->skip = msg->req.content_length - n;
	*consumed = pos + n;
	return RTSP_PARSE_REQUEST;
}

struct rtsp_str rtsp_header_get(const struct rtsp_request *req, const char *name)
{
	struct rtsp_str none = { NULL, 0 };
	size_t i;

	for (i = 0; i < req->nheaders; i++)
		if (str_is(req->headers[i].name.p, req->headers[i].name.len, name, 1))
			return req->headers[i].value;
	return none;
}

/* ------------------------------------------------------------ the URL */

/* is_token_char: the characters of vb_stream.h tokens (viewer, ".",
 * expiry, ".", base64url mac). */
static int is_token_char(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '_' ||
	       c == '-' || c == '.';
}

/* parse_track reads "trackID=N" (N 0 .. 99 without leading zeros) at
 * s[0 .. len), the whole of it.  Returns N or -1. */
static int parse_track(const char *s, size_t len)
{
	unsigned long long n;

	if (len < 9 || memcmp(s, "trackID=", 8) != 0)
		return -1;
	s += 8;
	len -= 8;
	if (len > 1 && s[0] == '0')
		return -1;
	if (parse_uint(s, len, 2, &n) < 0)
		return -1;
	return (int)n;
}

/* parse_query reads the query q[0 .. len) after "?" into out: "token=" and
 * the trailing control some clients append (see rtsp_url_parse).  Returns 0
 * or -1. */
static int parse_query(const char *q, size_t len, struct rtsp_url *out)
{
	size_t pos = 0;

	while (pos <= len) {
		const char *amp = memchr(q + pos, '&', len - pos);
		size_t end = amp ? (size_t)(amp - q) : len;

		if (end - pos >= 6 && memcmp(q + pos, "token=", 6) == 0) {
			size_t t = pos + 6, tend = t;

			if (out->token[0])
				return -1;
			while (tend < end && is_token_char((unsigned char)q[tend]))
				tend++;
			if (tend == t || tend - t > RTSP_TOKEN_MAX)
				return -1;
			if (tend < end) {
				int track;

				/* Only the control a client appended may follow
				 * the token, and only at the very end. */
				if (q[tend] != '/' || amp || out->track >= 0)
					return -1;
				track = parse_track(q + tend + 1, end - tend - 1);
				if (track < 0)
					return -1;
				out->track = track;
			}
			memcpy(out->token, q + t, tend - t);
			out->token[tend - t] = '\0';
		}
		pos = end + 1;
	}
	return 0;
}

int rtsp_url_parse(const char *uri, size_t len, struct rtsp_url *out)
{
	const char *s = uri, *end = uri + len, *digits, *q;
	unsigned long long id;
	size_t i, n;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->track = -1;
	if (len == 1 && uri[0] == '*') {
		out->star = 1;
		return 0;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)uri[i];

		/* Printable ASCII only, and nothing the relay would have to
		 * decode or resolve to know which source is meant. */
		if (c <= 32 || c >= 127 || c == '%' || c == '#' || c == '\\')
			goto out;
	}
	if (len >= 7 && strncasecmp(s, "rtsp://", 7) == 0) {
		s += 7;
		while (s < end && *s != '/' && *s != '?')
			s++;
		if (s == uri + 7 || s == end || *s != '/')
			goto out;
	}
	if (end - s < 4 || memcmp(s, "/s/", 3) != 0)
		goto out;
	s += 3;
	if (*s != 'd' && *s != 'c')
		goto out;
	out->kind = *s++;
	digits = s;
	while (s < end && is_digit((unsigned char)*s))
		s++;
	n = (size_t)(s - digits);
	if (n == 0 || digits[0] == '0' || parse_uint(digits, n, RTSP_SOURCE_MAX - 1, &id) < 0)
		goto out;
	out->id = id;
	memcpy(out->source, digits - 1, n + 1);
	out->source[n + 1] = '\0';

	q = memchr(s, '?', (size_t)(end - s));
	if (!q)
		q = end;
	/* What may follow the id before the query: "", "/" or "/trackID=N". */
	if (s < q) {
		if (*s != '/')
			goto out;
		s++;
		if (s < q && (out->track = parse_track(s, (size_t)(q - s))) < 0)
			goto out;
	}
	if (q < end && parse_query(q + 1, (size_t)(end - q - 1), out) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0) {
		memset(out, 0, sizeof(*out));
		out->track = -1;
	}
	return rc;
}

/* ---------------------------------------------------------- Transport */

/* next_item finds the end of the item starting at s[pos] in s[0 .. len),
 * items separated by sep outside quoted strings.  Returns the index of the
 * separator or len; -1 when a quote is left open. */
static long next_item(const char *s, size_t len, size_t pos, char sep)
{
	int quoted = 0;

	for (; pos < len; pos++) {
		if (quoted && s[pos] == '\\' && pos + 1 < len)
			pos++;
		else if (s[pos] == '"')
			quoted = !quoted;
		else if (!quoted && s[pos] == sep)
			return (long)pos;
	}
	return quoted ? -1 : (long)len;
}

/* parse_pair reads "a" or "a-b" (each at most max) from v[0 .. len) into
 * out; a lone a means a and a + 1 (RFC 2326 section 12.39).  Returns 0 or
 * -1. */
static int parse_pair(const char *v, size_t len, int min, int max, int out[2])
{
	const char *dash = memchr(v, '-', len);
	unsigned long long a, b;

	if (parse_uint(v, dash ? (size_t)(dash - v) : len, 5, &a) < 0)
		return -1;
	if (dash) {
		if (parse_uint(dash + 1, len - (size_t)(dash + 1 - v), 5, &b) < 0)
			return -1;
	} else {
		b = a + 1;
	}
	if (a < (unsigned)min || a > (unsigned)max || b < (unsigned)min || b > (unsigned)max)
		return -1;
	out[0] = (int)a;
	out[1] = (int)b;
	return 0;
}

/* parse_spec reads one transport-spec s[0 .. len) into *t.  Returns 0 when
 * the relay serves it, -1 otherwise. */
static int parse_spec(const char *s, size_t len, struct rtsp_transport *t)
{
	size_t pos = 0;
	int first = 1, has_ports = 0;

	memset(t, 0, sizeof(*t));
	t->interleaved[0] = t->interleaved[1] = -1;
	while (pos <= len) {
		long e = next_item(s, len, pos, ';');
		const char *it = s + pos, *eq, *v;
		size_t ilen, nlen, vlen;

		if (e < 0)
			return -1;
		ilen = (size_t)e - pos;
		trim(&it, &ilen);
		pos = (size_t)e + 1;
		if (first) {
			first = 0;
			if (str_is(it, ilen, "RTP/AVP/TCP", 1))
				t->lower = RTSP_LOWER_TCP;
			else if (str_is(it, ilen, "RTP/AVP", 1) || str_is(it, ilen, "RTP/AVP/UDP", 1))
				t->lower = RTSP_LOWER_UDP;
			else
				return -1;
			continue;
		}
		if (ilen == 0)
			continue;
		eq = memchr(it, '=', ilen);
		nlen = eq ? (size_t)(eq - it) : ilen;
		v = eq ? eq + 1 : it + ilen;
		vlen = eq ? ilen - nlen - 1 : 0;
		trim(&it, &nlen);
		trim(&v, &vlen);
		if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
			v++;
			vlen -= 2;
		}
		if (str_is(it, nlen, "multicast", 1) || str_is(it, nlen, "destination", 1))
			return -1;
		if (str_is(it, nlen, "mode", 1) && !str_is(v, vlen, "PLAY", 1))
			return -1;
		if (str_is(it, nlen, "interleaved", 1)) {
			if (t->lower != RTSP_LOWER_TCP || parse_pair(v, vlen, 0, 255, t->interleaved) < 0)
				return -1;
		} else if (str_is(it, nlen, "client_port", 1)) {
			if (t->lower != RTSP_LOWER_UDP || parse_pair(v, vlen, 1, 65535, t->client_port) < 0)
				return -1;
			has_ports = 1;
		}
		/* unicast, ssrc, ttl, layers, append...: nothing to act on. */
	}
	if (t->lower == RTSP_LOWER_UDP && !has_ports)
		return -1;
	return 0;
}

int rtsp_transport_parse(const char *value, size_t len, struct rtsp_transport *out)
{
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	while (pos < len) {
		long e = next_item(value, len, pos, ',');

		if (e < 0)
			break;
		if (parse_spec(value + pos, (size_t)e - pos, out) == 0)
			return 0;
		pos = (size_t)e + 1;
	}
	memset(out, 0, sizeof(*out));
	return -1;
}

/* append adds printf-style text at buf[*len] within size, keeping a NUL.
 * Returns 0; -1 when it does not fit (buf is then left NUL-terminated at
 * the old *len). */
__attribute__((format(printf, 4, 5)))
static int append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= size)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - *len) {
		buf[*len] = '\0';
		return -1;
	}
	*len += (size_t)n;
	return 0;
}

int rtsp_transport_format(const struct rtsp_transport *t, char *buf, size_t size)
{
	size_t len = 0;

	if (size == 0)
		return -1;
	buf[0] = '\0';
	if (t->lower == RTSP_LOWER_TCP) {
		if (t->interleaved[0] < 0 || t->interleaved[0] > 255 || t->interleaved[1] < 0 ||
		    t->interleaved[1] > 255)
			return -1;
		if (append(buf, size, &len, "RTP/AVP/TCP;unicast;interleaved=%d-%d",
			   t->interleaved[0], t->interleaved[1]) < 0)
			return -1;
	} else if (t->lower == RTSP_LOWER_UDP) {
		if (append(buf, size, &len, "RTP/AVP;unicast;client_port=%d-%d;server_port=%d-%d",
			   t->client_port[0], t->client_port[1], t->server_port[0],
			   t->server_port[1]) < 0)
			return -1;
	} else {
		return -1;
	}
	if (t->has_ssrc && append(buf, size, &len, ";ssrc=%08X", (unsigned)t->ssrc) < 0)
		return -1;
	return 0;
}

/* ----------------------------------------------------------- responses */

const char *rtsp_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 413: return "Request Entity Too Large";
	case 414: return "Request-URI Too Large";
	case 454: return "Session Not Found";
	case 455: return "Method Not Valid in This State";
	case 459: return "Aggregate Operation Not Allowed";
	case 461: return "Unsupported Transport";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	case 505: return "RTSP Version Not Supported";
	case 551: return "Option not supported";
	default: return "Unknown";
	}
}

/* header_safe: a string written into a header must not end it early. */
static int header_safe(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 32 || (unsigned char)*s == 127)
			return 0;
	return 1;
}

int rtsp_reply_write(const struct rtsp_reply *rep, char *buf, size_t size, size_t *len)
{
	const char *strs[] = { rep->session, rep->nonce, rep->range, rep->rtp_info,
			       rep->content_base, rep->content_type };
	char tr[160];
	size_t n = 0, i;

	*len = 0;
	if (size == 0)
		return -1;
	buf[0] = '\0';
	if (rep->status < 100 || rep->status > 999)
		return -1;
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		if (strs[i] && !header_safe(strs[i]))
			return -1;
	if (rep->nonce && strchr(rep->nonce, '"'))
		return -1;
	if (append(buf, size, &n, "RTSP/1.0 %d %s\r\n", rep->status, rtsp_reason(rep->status)) < 0)
		return -1;
	if (rep->cseq >= 0 && append(buf, size, &n, "CSeq: %ld\r\n", rep->cseq) < 0)
		return -1;
	if (append(buf, size, &n, "Server: vestibule-relay\r\n") < 0)
		return -1;
	if (rep->session && append(buf, size, &n, "Session: %s;timeout=%d\r\n", rep->session,
				   RTSP_SESSION_TIMEOUT) < 0)
		return -1;
	if (rep->transport) {
		if (rtsp_transport_format(rep->transport, tr, sizeof(tr)) < 0 ||
		    append(buf, size, &n, "Transport: %s\r\n", tr) < 0)
			return -1;
	}
	if (rep->public_methods && append(buf, size, &n, "Public: %s\r\n", RTSP_PUBLIC) < 0)
		return -1;
	if (rep->nonce &&
	    append(buf, size, &n, "WWW-Authenticate: Digest realm=\"%s\", nonce=\"%s\"%s\r\n",
		   RTSP_REALM, rep->nonce, rep->stale ? ", stale=TRUE" : "") < 0)
		return -1;
	if (rep->range && append(buf, size, &n, "Range: %s\r\n", rep->range) < 0)
		return -1;
	if (rep->rtp_info && append(buf, size, &n, "RTP-Info: %s\r\n", rep->rtp_info) < 0)
		return -1;
	if (rep->content_base &&
	    append(buf, size, &n, "Content-Base: %s\r\n", rep->content_base) < 0)
		return -1;
	if (rep->body_len > 0 && rep->content_type &&
	    append(buf, size, &n, "Content-Type: %s\r\n", rep->content_type) < 0)
		return -1;
	if (append(buf, size, &n, "Content-Length: %zu\r\n\r\n", rep->body_len) < 0)
		return -1;
	if (rep->body_len > 0) {
		if (!rep->body || rep->body_len >= size - n) {
			buf[0] = '\0';
			return -1;
		}
		memcpy(buf + n, rep->body, rep->body_len);
		n += rep->body_len;
		buf[n] = '\0';
	}
	*len = n;
	return 0;
}

/* ---------------------------------------------------------- digest auth */

static const char hexdigits[] = "0123456789abcdef";

static void to_hex(const unsigned char *in, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hexdigits[in[i] >> 4];
		out[2 * i + 1] = hexdigits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

/* nonce_mac writes the 32 hex digits of the nonce MAC of the 16 hex digits
 * at timehex for bind.  The label keeps these MACs apart from anything
 * else the key may sign.  Returns 0 or -1. */
static int nonce_mac(const unsigned char key[32], const char *timehex, const char *bind,
		     char out[33])
{
	static const char label[] = "vestibule rtsp nonce v1\n";
	unsigned char md[EVP_MAX_MD_SIZE];
	size_t mdlen = 0, blen = bind ? strlen(bind) : 0;
	char msg[sizeof(label) + 16 + 1 + 256];
	size_t n = 0;
	int rc = -1;

	if (blen > 256)
		goto out;
	memcpy(msg, label, sizeof(label) - 1);
	n = sizeof(label) - 1;
	memcpy(msg + n, timehex, 16);
	n += 16;
	msg[n++] = '\n';
	if (blen)
		memcpy(msg + n, bind, blen);
	n += blen;
	if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, 32, (unsigned char *)msg, n, md,
		       sizeof(md), &mdlen) || mdlen < 16)
		goto out;
	to_hex(md, 16, out);
	rc = 0;
out:
	OPENSSL_cleanse(md, sizeof(md));
	return rc;
}

int rtsp_nonce_make(const unsigned char key[32], int64_t now, const char *bind,
		    char out[RTSP_NONCE_LEN + 1])
{
	uint64_t t = (uint64_t)now;
	char mac[33];
	int i;

	if (now < 0)
		return -1;
	for (i = 15; i >= 0; i--) {
		out[i] = hexdigits[t & 15];
		t >>= 4;
	}
	if (nonce_mac(key, out, bind, mac) < 0)
		return -1;
	memcpy(out + 16, mac, 33);
	return 0;
}

int rtsp_nonce_check(const unsigned char key[32], const char *nonce, int64_t now,
		     int64_t lifetime, const char *bind)
{
	char mac[33];
	uint64_t t = 0;
	int i;

	if (strlen(nonce) != RTSP_NONCE_LEN)
		return -1;
	for (i = 0; i < RTSP_NONCE_LEN; i++)
		if (!strchr(hexdigits, nonce[i]))
			return -1;
	if (nonce_mac(key, nonce, bind, mac) < 0 ||
	    CRYPTO_memcmp(mac, nonce + 16, 32) != 0)
		return -1;
	for (i = 0; i < 16; i++)
		t = t << 4 | (uint64_t)(strchr(hexdigits, nonce[i]) - hexdigits);
	if (t > (uint64_t)INT64_MAX || now < (int64_t)t || now - (int64_t)t > lifetime)
		return 1;
	return 0;
}

/* copy_value unquotes the auth-param value v[0 .. len) (a token, or a
 * quoted-string whose "\x" stands for x, RFC 2616 section 2.2) into
 * out[size], NUL-terminated; with out NULL it only checks the value.
 * Returns 0; -1 when malformed or too long. */
static int copy_value(const char *v, size_t len, char *out, size_t size)
{
	size_t i, n = 0;

	if (len == 0)
		return -1;
	if (v[0] != '"') {
		for (i = 0; i < len; i++)
			if (!is_tchar((unsigned char)v[i]))
				return -1;
		if (!out)
			return 0;
		if (len >= size)
			return -1;
		memcpy(out, v, len);
		out[len] = '\0';
		return 0;
	}
	if (len < 2 || v[len - 1] != '"')
		return -1;
	for (i = 1; i < len - 1; i++) {
		char c = v[i];

		if (c == '\\') {
			if (++i >= len - 1)
				return -1;   /* the closing quote was escaped */
			c = v[i];
		} else if (c == '"') {
			return -1;
		}
		if (((unsigned char)c < 32 && c != '\t') || c == 127)
			return -1;
		if (out) {
			if (n + 1 >= size)
				return -1;
			out[n++] = c;
		}
	}
	if (out)
		out[n] = '\0';
	return 0;
}

int rtsp_digest_parse(const char *value, size_t len, struct rtsp_digest *out)
{
	enum { USER = 1, REALM = 2, NONCE = 4, URI = 8, RESPONSE = 16, ALGORITHM = 32 };
	const char *s = value;
	size_t pos;
	unsigned seen = 0;
	char algorithm[16];
	int rc = -1;

	memset(out, 0, sizeof(*out));
	trim(&s, &len);
	if (len < 7 || strncasecmp(s, "Digest", 6) != 0 || (s[6] != ' ' && s[6] != '\t'))
		goto out;
	pos = 7;
	while (pos <= len) {
		long e = next_item(s, len, pos, ',');
		const char *it = s + pos, *eq, *v;
		size_t ilen, nlen, vlen;
		unsigned bit = 0;
		char *dst = NULL;
		size_t dsize = 0;

		if (e < 0)
			goto out;
		ilen = (size_t)e - pos;
		pos = (size_t)e + 1;
		trim(&it, &ilen);
		if (ilen == 0)
			continue;   /* RFC 2616 section 2.1: empty list elements */
		eq = memchr(it, '=', ilen);
		if (!eq)
			goto out;
		nlen = (size_t)(eq - it);
		v = eq + 1;
		vlen = ilen - nlen - 1;
		trim(&it, &nlen);
		trim(&v, &vlen);
		if (str_is(it, nlen, "username", 1)) {
			bit = USER, dst = out->username, dsize = sizeof(out->username);
		} else if (str_is(it, nlen, "realm", 1)) {
			bit = REALM, dst = out->realm, dsize = sizeof(out->realm);
		} else if (str_is(it, nlen, "nonce", 1)) {
			bit = NONCE, dst = out->nonce, dsize = sizeof(out->nonce);
		} else if (str_is(it, nlen, "uri", 1)) {
			bit = URI, dst = out->uri, dsize = sizeof(out->uri);
		} else if (str_is(it, nlen, "response", 1)) {
			bit = RESPONSE, dst = out->response, dsize = sizeof(out->response);
		} else if (str_is(it, nlen, "algorithm", 1)) {
			bit = ALGORITHM, dst = algorithm, dsize = sizeof(algorithm);
		} else if (str_is(it, nlen, "qop", 1)) {
			goto out;
		} else {
			/* Unknown (opaque, cnonce...): ignored, but well-formed. */
			size_t k;

			if (nlen == 0 || copy_value(v, vlen, NULL, 0) < 0)
				goto out;
			for (k = 0; k < nlen; k++)
				if (!is_tchar((unsigned char)it[k]))
					goto out;
			continue;
		}
		if ((seen & bit) || copy_value(v, vlen, dst, dsize) < 0)
			goto out;
		seen |= bit;
	}
	if ((seen & (USER | REALM | NONCE | URI | RESPONSE)) != (USER | REALM | NONCE | URI | RESPONSE))
		goto out;
	if ((seen & ALGORITHM) && strcasecmp(algorithm, "MD5") != 0)
		goto out;
	if (strlen(out->response) != 32)
		goto out;
	rc = 0;
out:
	if (rc < 0)
		OPENSSL_cleanse(out, sizeof(*out));
	return rc;
}

/* md5_hex writes MD5 of the n strings in parts joined by ":" as 32 hex
 * digits.  Returns 0 or -1. */
static int md5_hex(const char *const *parts, size_t n, char out[33])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t i;
	int rc = -1;

	if (!ctx || EVP_DigestInit_ex(ctx, EVP_md5(), NULL) != 1)
		goto out;
	for (i = 0; i < n; i++) {
		if (i > 0 && EVP_DigestUpdate(ctx, ":", 1) != 1)
			goto out;
		if (EVP_DigestUpdate(ctx, parts[i], strlen(parts[i])) != 1)
			goto out;
	}
	if (EVP_DigestFinal_ex(ctx, md, &mdlen) != 1 || mdlen != 16)
		goto out;
	to_hex(md, 16, out);
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

int rtsp_digest_verify(const struct rtsp_digest *d, const char *method, const char *uri,
		       const char *password, const unsigned char key[32], int64_t now,
		       int64_t lifetime, const char *bind)
{
	char ha1[33], ha2[33], want[33], got[33];
	const char *a1[3], *a2[2], *kd[3];
	int fresh, rc = -1, i;

	if (strcmp(d->realm, RTSP_REALM) != 0 || strcmp(d->uri, uri) != 0)
		goto out;
	fresh = rtsp_nonce_check(key, d->nonce, now, lifetime, bind);
	if (fresh < 0)
		goto out;
	a1[0] = d->username, a1[1] = d->realm, a1[2] = password;
	a2[0] = method, a2[1] = d->uri;
	if (md5_hex(a1, 3, ha1) < 0 || md5_hex(a2, 2, ha2) < 0)
		goto out;
	kd[0] = ha1, kd[1] = d->nonce, kd[2] = ha2;
	if (md5_hex(kd, 3, want) < 0)
		goto out;
	if (strlen(d->response) != 32)
		goto out;
	/* LHEX is lower case (RFC 2617 section 3.1.3); some clients shout. */
	for (i = 0; i < 32; i++) {
		char c = d->response[i];

		got[i] = (c >= 'A' && c <= 'F') ? (char)(c - 'A' + 'a') : c;
	}
	got[32] = '\0';
	if (CRYPTO_memcmp(want, got, 32) != 0)
		goto out;
	rc = fresh;
out:
	OPENSSL_cleanse(ha1, sizeof(ha1));
	OPENSSL_cleanse(want, sizeof(want));
	return rc;
}
