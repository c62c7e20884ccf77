/*
 * admin.h - vestibule-admin, the operator's command line: the pieces shared
 * by its command files (main.c holds the command table).
 *
 * Commands return the process exit status: 0 done, 1 failed (the reason is
 * already on stderr), 2 usage error.
 */
#ifndef VB_ADMIN_H
#define VB_ADMIN_H

#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

#include "vestibule.h"

enum { ADMIN_OK = 0, ADMIN_FAIL = 1, ADMIN_USAGE = 2 };

struct admin {
	const char *conf_path; /* borrowed from argv or the environment */
	struct vb_conf conf;
	struct vb_db *db;      /* NULL until admin_connect */
};

/* admin_connect loads the config and opens the database.  Commands call it
 * after checking their options, so a usage error never waits on the
 * database.  Returns 0 or -1 after printing why. */
int admin_connect(struct admin *a);

/* One "--name VALUE" (or "--name=VALUE") option of a command; *value is left
 * untouched when the option is absent and points into argv otherwise.  A
 * flag takes no value and sets *value to "1". */
struct admin_opt {
	const char *name;      /* without the dashes */
	const char **value;
	int flag;
};

/* admin_opts parses argv[0..argc) (the words after the command name) against
 * opts.  Returns 0, or -1 after printing why (an unknown option, a missing
 * value, a stray argument) so the caller exits with ADMIN_USAGE. */
int admin_opts(const char *cmd, int argc, char **argv, const struct admin_opt *opts,
	       size_t nopts);

/* admin_count reads the decimal value s of option --opt of command cmd into
 * *out; it must lie in [lo, hi].  Returns 0, or -1 after printing why (the
 * caller exits with ADMIN_USAGE). */
int admin_count(const char *cmd, const char *opt, const char *s, long lo, long hi, long *out);

/* admin_err prints "vestibule-admin: <message>" on stderr. */
void admin_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The commands (main.c's table). */
int admin_migrate(struct admin *a, int argc, char **argv);
int admin_create_distributor(struct admin *a, int argc, char **argv);
int admin_create_installer(struct admin *a, int argc, char **argv);
int admin_passwd(struct admin *a, int argc, char **argv);
int admin_list_accounts(struct admin *a, int argc, char **argv);
int admin_flush_caches(struct admin *a, int argc, char **argv);
int admin_seed_accounts(struct admin *a, int argc, char **argv);
int admin_seed_demo(struct admin *a, int argc, char **argv);
int admin_stream_url(struct admin *a, int argc, char **argv);

/*
 * vb_db_exec_text (fcgi-apps/lib/db.c) runs one statement as plain text.
 * Only migrate uses it, and it is declared here rather than in vb_db.h so
 * that no area program can build SQL from strings.
 */
int vb_db_exec_text(struct vb_db *db, const char *sql, size_t len);

#endif
