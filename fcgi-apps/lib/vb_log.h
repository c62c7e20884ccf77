/*
 * vb_log.h - one line per event on stderr (journald or the dev stack's log
 * files take it from there): "ts level area rid=... msg".  The request id of
 * the request being served is included automatically.
 */
#ifndef VB_LOG_H
#define VB_LOG_H

enum vb_log_level { VB_LOG_DEBUG, VB_LOG_INFO, VB_LOG_WARN, VB_LOG_ERROR };

/* vb_log_init names the program (e.g. "auth") and sets the minimum level
 * from a name ("info"...); unknown names mean info. */
void vb_log_init(const char *area, const char *level);

/* vb_log_set_rid sets the request id added to each line (NULL clears).  The
 * string is borrowed until the next call. */
void vb_log_set_rid(const char *rid);

void vb_log(enum vb_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define vb_debug(...) vb_log(VB_LOG_DEBUG, __VA_ARGS__)
#define vb_info(...)  vb_log(VB_LOG_INFO, __VA_ARGS__)
#define vb_warn(...)  vb_log(VB_LOG_WARN, __VA_ARGS__)
#define vb_error(...) vb_log(VB_LOG_ERROR, __VA_ARGS__)

#endif
