/*
 * log.c - one line per event on stderr:
 *   "2026-11-26T05:39:43.123Z INFO auth rid=abc message"
 * A message can never span lines (CR, LF and other control characters become
 * spaces), so a user-supplied value in a message cannot forge log entries.
 * Not thread-safe: each worker process serves one request at a time.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vb_log.h"

/* A line longer than this is cut (and ends with "..."); PIPE_BUF (4096 on
 * Linux) is the largest write the kernel keeps atomic on a pipe, so lines from
 * the prefork workers sharing one stderr never interleave. */
#define LOG_LINE_MAX 4096

static char log_area[32] = "-";
static enum vb_log_level log_min = VB_LOG_INFO;
static const char *log_rid;

static const char *const level_names[] = { "DEBUG", "INFO", "WARN", "ERROR" };

/* vb_log_init: see vb_log.h.  area is copied (cut to 31 bytes). */
void vb_log_init(const char *area, const char *level)
{
	size_t n = area ? strlen(area) : 0;

	if (n >= sizeof(log_area))
		n = sizeof(log_area) - 1;
	if (n > 0) {
		memcpy(log_area, area, n);
		log_area[n] = '\0';
	}
	log_min = VB_LOG_INFO;
	if (!level)
		return;
	if (strcmp(level, "debug") == 0)
		log_min = VB_LOG_DEBUG;
	else if (strcmp(level, "warn") == 0 || strcmp(level, "warning") == 0)
		log_min = VB_LOG_WARN;
	else if (strcmp(level, "error") == 0)
		log_min = VB_LOG_ERROR;
}

/* vb_log_set_rid: see vb_log.h (borrowed pointer, NULL clears). */
void vb_log_set_rid(const char *rid)
{
	log_rid = rid;
}

/* append copies src into line at *pos, replacing control characters (C0 and
 * DEL) by spaces; it stops at the buffer's end. */
static void append(char *line, size_t cap, size_t *pos, const char *src)
{
	for (; *src && *pos < cap; src++) {
		unsigned char c = (unsigned char)*src;

		line[(*pos)++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
	}
}

/* vb_log: see vb_log.h.  Levels below the minimum are dropped; the line goes
 * out in a single write(2). */
void vb_log(enum vb_log_level level, const char *fmt, ...)
{
	char line[LOG_LINE_MAX], msg[LOG_LINE_MAX], ts[40];
	struct timespec now;
	struct tm tm;
	size_t pos = 0, cap = sizeof(line) - 1; /* room for the newline */
	ssize_t w;
	va_list ap;
	int n;

	if (level < log_min || level > VB_LOG_ERROR)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	n = (int)strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(ts + n, sizeof(ts) - (size_t)n, ".%03dZ ", (int)(now.tv_nsec / 1000000));

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		msg[0] = '\0';

	append(line, cap, &pos, ts);
	append(line, cap, &pos, level_names[level]);
	append(line, cap, &pos, " ");
	append(line, cap, &pos, log_area);
	append(line, cap, &pos, " rid=");
	append(line, cap, &pos, log_rid && *log_rid ? log_rid : "-");
	append(line, cap, &pos, " ");
	append(line, cap, &pos, msg);
	if (pos == cap)
		memcpy(line + cap - 3, "...", 3);
	line[pos++] = '\n';
	do
		w = write(STDERR_FILENO, line, pos);
	while (w < 0 && errno == EINTR);
}
