/*
 * conf.c - reads vestibule.conf ("key = value" lines, see vb_conf.h).
 *
 * The parser is strict on purpose: an unknown key, a repeated key, a value
 * that does not fit its field or an integer out of range stops the program
 * with "file:line: reason", because a silently ignored or truncated setting
 * (a database password cut short, a typo'd key falling back to a default) is
 * far harder to diagnose than a refusal to start.
 *
 * Syntax: a line whose first non-blank character is '#' is a comment; blank
 * lines are ignored; otherwise "key = value" where the value runs to the end
 * of the line with surrounding blanks removed.  A '#' inside a value is part
 * of it (passwords may contain one).  There is no quoting.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "vb_conf.h"
#include "vb_valid.h"

#ifndef VB_SYSCONFDIR
#define VB_SYSCONFDIR "/etc/vestibule"
#endif

#define CONF_LINE_MAX 1024

enum conf_kind { K_STR, K_INT, K_SIZE, K_BOOL };

struct conf_key {
	const char *name;
	enum conf_kind kind;
	size_t off;       /* offsetof the field in struct vb_conf */
	size_t size;      /* K_STR: buffer size */
	long long min, max;  /* K_INT, K_SIZE */
	/* K_STR: extra rule returning NULL or why the value is refused. */
	const char *(*check)(const char *value);
};

/* check_log_level: vb_log_init would quietly read a typo as "info". */
static const char *check_log_level(const char *v)
{
	if (strcmp(v, "debug") == 0 || strcmp(v, "info") == 0 ||
	    strcmp(v, "warn") == 0 || strcmp(v, "error") == 0)
		return NULL;
	return "must be debug, info, warn or error";
}

/* host_only tells whether v is "<scheme>://host[:port]" with one of the two
 * schemes a and b: no path, query, fragment, userinfo or spaces. */
static int host_only(const char *v, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	const char *host;

	if (strncmp(v, a, la) == 0)
		host = v + la;
	else if (strncmp(v, b, lb) == 0)
		host = v + lb;
	else
		return 0;
	return *host != '\0' && strpbrk(host, "/?#@ \t") == NULL;
}

/* check_origin: public_origin is compared byte for byte with the Origin
 * header (RFC 6454 section 6.1), which has no path and no trailing slash. */
static const char *check_origin(const char *v)
{
	return host_only(v, "http://", "https://")
		       ? NULL
		       : "must be scheme://host[:port] without a path, e.g. https://portal.example.com";
}

/* check_api_url: an http(s) base URL of a vendor API, or "" (not offered). */
static const char *check_api_url(const char *v)
{
	if (*v == '\0' || strncmp(v, "https://", 8) == 0 || strncmp(v, "http://", 7) == 0)
		return strpbrk(v, " \t") ? "must not contain spaces" : NULL;
	return "must be an http:// or https:// URL, or empty";
}

/* check_relay_url: rtsp[s]://host[:port] without a path (the relay's own
 * paths are appended). */
static const char *check_relay_url(const char *v)
{
	return host_only(v, "rtsp://", "rtsps://")
		       ? NULL
		       : "must be rtsp://host[:port] without a path, e.g. rtsp://relay.example.com:8554";
}

#define STR(f, chk) { #f, K_STR, offsetof(struct vb_conf, f), \
		      sizeof(((struct vb_conf *)0)->f), 0, 0, chk }
#define INT(f, lo, hi) { #f, K_INT, offsetof(struct vb_conf, f), 0, lo, hi, NULL }
#define SIZE(f, lo, hi) { #f, K_SIZE, offsetof(struct vb_conf, f), 0, lo, hi, NULL }
#define BOOL(f) { #f, K_BOOL, offsetof(struct vb_conf, f), 0, 0, 1, NULL }

static const struct conf_key conf_keys[] = {
	STR(db_socket, NULL),
	STR(db_host, NULL),
	INT(db_port, 1, 65535),
	STR(db_user, NULL),
	STR(db_password, NULL),
	STR(db_name, NULL),
	STR(socket_dir, NULL),
	INT(workers, 1, 256),
	SIZE(max_body, 1024, 67108864),
	BOOL(answer_cache),
	STR(public_origin, check_origin),
	BOOL(secure_cookies),
	INT(session_idle_s, 60, 2592000),
	INT(session_absolute_s, 60, 2592000),
	STR(key_file, NULL),
	STR(smtp_url, NULL),
	STR(smtp_user, NULL),
	STR(smtp_password, NULL),
	STR(mail_from, NULL),
	BOOL(lock_dormakaba),
	STR(lock_dormakaba_url, check_api_url),
	STR(lock_salto_url, check_api_url),
	STR(relay_public_url, check_relay_url),
	INT(stream_token_ttl_s, 30, 86400),
	STR(log_level, check_log_level),
};

#define NKEYS (sizeof(conf_keys) / sizeof(conf_keys[0]))

/* setstr copies a literal default into a field of the given size. */
static void setstr(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src);
}

/* vb_conf_defaults: see vb_conf.h. */
void vb_conf_defaults(struct vb_conf *c)
{
	memset(c, 0, sizeof(*c));
	setstr(c->db_host, sizeof(c->db_host), "127.0.0.1");
	c->db_port = 3306;
	setstr(c->db_user, sizeof(c->db_user), "vestibule");
	setstr(c->db_name, sizeof(c->db_name), "vestibule");
	setstr(c->socket_dir, sizeof(c->socket_dir), "/run/vestibule");
	c->workers = 4;
	c->max_body = 1048576;
	c->answer_cache = 1;
	setstr(c->public_origin, sizeof(c->public_origin), "http://127.0.0.1:8080");
	c->session_idle_s = 7200;
	c->session_absolute_s = 43200;
	setstr(c->smtp_url, sizeof(c->smtp_url), "smtp://127.0.0.1:25");
	setstr(c->mail_from, sizeof(c->mail_from), "Vestibule <no-reply@localhost>");
	setstr(c->log_level, sizeof(c->log_level), "info");
	setstr(c->relay_public_url, sizeof(c->relay_public_url), "rtsp://127.0.0.1:8554");
	c->stream_token_ttl_s = 300;
}

/* conf_err writes "file:line: reason" (or "file: reason" for line 0). */
static void conf_err(char *errbuf, size_t errlen, const char *path, int line,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void conf_err(char *errbuf, size_t errlen, const char *path, int line,
		     const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!errbuf || errlen == 0)
		return;
	if (line > 0)
		n = snprintf(errbuf, errlen, "%s:%d: ", path, line);
	else
		n = snprintf(errbuf, errlen, "%s: ", path);
	if (n < 0 || (size_t)n >= errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(errbuf + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

/* parse_ll reads a whole decimal integer within [min, max]. */
static int parse_ll(const char *v, long long min, long long max, long long *out)
{
	char *end;
	long long x;

	if (*v == '\0' || *v == '+' || *v == ' ')
		return -1;
	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno != 0 || *end != '\0' || x < min || x > max)
		return -1;
	*out = x;
	return 0;
}

/* parse_bool accepts the usual spellings of yes and no. */
static int parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	static const char *const no[] = { "0", "false", "no", "off" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}


/*
 * load_key reads the 32-byte data key from c->key_file into c->key: either 64
 * hex digits (optionally followed by a newline) or exactly 32 raw bytes.  The
 * lengths cannot be confused (64/65 bytes against 32).  On failure writes the
 * reason to errbuf, blaming the config line that named the file.
 */
static int load_key(struct vb_conf *c, const char *path, int line, char *errbuf,
		    size_t errlen)
{
	unsigned char buf[80];
	size_t len = 0;
	ssize_t r;
	int fd, i, rc = -1;

	fd = open(c->key_file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		conf_err(errbuf, errlen, path, line, "key_file %s: %s", c->key_file,
			 strerror(errno));
		goto out;
	}
	while (len < sizeof(buf)) {
		r = read(fd, buf + len, sizeof(buf) - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			conf_err(errbuf, errlen, path, line, "key_file %s: %s", c->key_file,
				 strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len == 65 && buf[64] == '\n')
		len = 64;
	if (len == 32) {
		memcpy(c->key, buf, 32);
	} else if (len == 64) {
		for (i = 0; i < 32; i++) {
			int hi = vb_hex_digit((unsigned char)buf[2 * i]),
			    lo = vb_hex_digit((unsigned char)buf[2 * i + 1]);

			if (hi < 0 || lo < 0)
				break;
			c->key[i] = (unsigned char)(hi << 4 | lo);
		}
		if (i < 32) {
			OPENSSL_cleanse(c->key, sizeof(c->key));
			goto bad;
		}
	} else {
		goto bad;
	}
	c->have_key = 1;
	rc = 0;
	goto out;
bad:
	conf_err(errbuf, errlen, path, line,
		 "key_file %s must hold 64 hex digits or exactly 32 bytes", c->key_file);
out:
	OPENSSL_cleanse(buf, sizeof(buf));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* set_value stores value into the field of key k, or explains why not. */
static int set_value(struct vb_conf *c, const struct conf_key *k, const char *value,
		     const char **why)
{
	char *field = (char *)c + k->off;
	long long x;
	int b;

	switch (k->kind) {
	case K_STR:
		if (strlen(value) >= k->size) {
			*why = "value is too long";
			return -1;
		}
		if (k->check && (*why = k->check(value)) != NULL)
			return -1;
		memcpy(field, value, strlen(value) + 1);
		return 0;
	case K_INT:
	case K_SIZE:
		if (parse_ll(value, k->min, k->max, &x) < 0) {
			*why = "must be an integer in range";
			return -1;
		}
		if (k->kind == K_INT)
			*(int *)(void *)field = (int)x;
		else
			*(size_t *)(void *)field = (size_t)x;
		return 0;
	case K_BOOL:
		if (parse_bool(value, &b) < 0) {
			*why = "must be true or false";
			return -1;
		}
		*(int *)(void *)field = b;
		return 0;
	}
	*why = "internal error";
	return -1;
}

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* vb_conf_load: see vb_conf.h. */
int vb_conf_load(struct vb_conf *c, const char *path, char *errbuf, size_t errlen)
{
	char line[CONF_LINE_MAX + 2];
	unsigned char seen[NKEYS];
	int lineno = 0, key_line = 0, rc = -1;
	FILE *f;

	if (errbuf && errlen > 0)
		errbuf[0] = '\0';
	memset(seen, 0, sizeof(seen));
	f = fopen(path, "re");
	if (!f) {
		conf_err(errbuf, errlen, path, 0, "%s", strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *key, *val, *end;
		const char *why = NULL;
		size_t n = strlen(line), i;

		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		else if (!feof(f)) {
			conf_err(errbuf, errlen, path, lineno, "line longer than %d bytes",
				 CONF_LINE_MAX);
			goto out;
		}
		if (n > CONF_LINE_MAX) {
			conf_err(errbuf, errlen, path, lineno, "line longer than %d bytes",
				 CONF_LINE_MAX);
			goto out;
		}
		while (is_blank(*p))
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		key = p;
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		       (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.')
			p++;
		end = p;
		while (is_blank(*p))
			p++;
		if (end == key || *p != '=') {
			conf_err(errbuf, errlen, path, lineno, "expected \"key = value\"");
			goto out;
		}
		*end = '\0';
		val = p + 1;
		while (is_blank(*val))
			val++;
		end = val + strlen(val);
		while (end > val && is_blank(end[-1]))
			*--end = '\0';

		for (i = 0; i < NKEYS; i++)
			if (strcmp(conf_keys[i].name, key) == 0)
				break;
		if (i == NKEYS) {
			conf_err(errbuf, errlen, path, lineno, "unknown key \"%s\"", key);
			goto out;
		}
		if (seen[i]) {
			conf_err(errbuf, errlen, path, lineno, "%s is set twice", key);
			goto out;
		}
		seen[i] = 1;
		if (set_value(c, &conf_keys[i], val, &why) < 0) {
			conf_err(errbuf, errlen, path, lineno, "%s: %s", key, why);
			goto out;
		}
		if (strcmp(key, "key_file") == 0)
			key_line = lineno;
	}
	if (ferror(f)) {
		conf_err(errbuf, errlen, path, 0, "read error");
		goto out;
	}
	if (c->key_file[0] != '\0' && load_key(c, path, key_line, errbuf, errlen) < 0)
		goto out;
	rc = 0;
out:
	OPENSSL_cleanse(line, sizeof(line));
	fclose(f);
	return rc;
}

/* vb_conf_path: see vb_conf.h.  Accepts "--config FILE" and "--config=FILE";
 * an empty $VESTIBULE_CONF counts as unset. */
const char *vb_conf_path(int argc, char **argv)
{
	const char *env;
	int i;

	for (i = 1; i < argc && argv[i]; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc && argv[i + 1])
			return argv[i + 1];
		if (strncmp(argv[i], "--config=", 9) == 0 && argv[i][9] != '\0')
			return argv[i] + 9;
	}
	env = getenv("VESTIBULE_CONF");
	if (env && *env)
		return env;
	return VB_SYSCONFDIR "/vestibule.conf";
}
