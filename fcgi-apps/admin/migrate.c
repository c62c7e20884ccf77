/*
 * migrate.c - "vestibule-admin migrate": apply sql/migrations/NNNN_*.sql in
 * name order, each once, recorded in schema_migrations.
 *
 * MariaDB commits DDL implicitly, so a migration cannot be applied inside a
 * transaction: each file's statements run one by one and the file is
 * recorded right after its last statement.  A failure stops at once and
 * names the file and the statement, leaving the earlier files recorded, so
 * that after fixing the file a second run continues where this one stopped.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"

/* Two migrate runs at once (two hosts starting) must not both apply a file. */
#define MIGRATE_LOCK "SELECT GET_LOCK('vestibule.migrate', 60)"
#define MIGRATE_UNLOCK "SELECT RELEASE_LOCK('vestibule.migrate')"

/* One statement of a file: text [start, end) and the line where its first
 * non-comment character is (for error messages). */
struct stmt_span {
	size_t start, end, first;
	int line;
};

/* rest_is_blank tells whether s[p..len) up to the end of the line holds only
 * blanks or a comment, i.e. the ';' before p ended its line. */
static int rest_is_blank(const char *s, size_t len, size_t p)
{
	while (p < len && (s[p] == ' ' || s[p] == '\t' || s[p] == '\r'))
		p++;
	if (p >= len || s[p] == '\n' || s[p] == '#')
		return 1;
	return p + 1 < len && s[p] == '-' && s[p + 1] == '-';
}

/*
 * split_next finds the next statement of s[0..len) from *pos: statements end
 * at a ';' that closes a line outside quotes and comments (or at the end of
 * the file).  Quotes follow MariaDB: '' and \' inside '...' (likewise for
 * "..." and `...`), "-- " and "#" comments to the end of the line, and
 * C-style block comments.
 * Returns 1 with *span filled, 0 when only blanks and comments remain, -1
 * when a quote or comment is not closed (*span->line says where it began).
 */
static int split_next(const char *s, size_t len, size_t *pos, int *line, struct stmt_span *span)
{
	enum { NORMAL, QUOTE, LINE_COMMENT, BLOCK_COMMENT } st = NORMAL;
	char q = 0;
	size_t p = *pos;
	int content = 0, open_line = 0;

	span->start = p;
	span->first = p;
	span->line = *line;
	for (; p < len; p++) {
		char c = s[p], n = p + 1 < len ? s[p + 1] : '\0';

		if (c == '\n')
			(*line)++;
		switch (st) {
		case QUOTE:
			if (c == '\\' && q != '`') {
				if (n == '\n')
					(*line)++;
				p++;
			} else if (c == q && n == q) {
				p++;
			} else if (c == q) {
				st = NORMAL;
			}
			continue;
		case LINE_COMMENT:
			if (c == '\n')
				st = NORMAL;
			continue;
		case BLOCK_COMMENT:
			if (c == '*' && n == '/') {
				p++;
				st = NORMAL;
			}
			continue;
		case NORMAL:
			break;
		}
		if (c == '#' || (c == '-' && n == '-' &&
				 (p + 2 >= len || s[p + 2] == ' ' || s[p + 2] == '\t' ||
				  s[p + 2] == '\n' || s[p + 2] == '\r'))) {
			st = LINE_COMMENT;
			continue;
		}
		if (c == '/' && n == '*') {
			st = BLOCK_COMMENT;
			open_line = *line;
			p++;
			continue;
		}
		if (c == ';' && rest_is_blank(s, len, p + 1)) {
			if (!content) {
				/* An empty statement: skip it and go on. */
				span->start = p + 1;
				continue;
			}
			span->end = p;
			*pos = p + 1;
			return 1;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (!content) {
			content = 1;
			span->first = p;
			span->line = *line;
		}
		if (c == '\'' || c == '"' || c == '`') {
			st = QUOTE;
			q = c;
			open_line = *line;
		}
	}
	*pos = len;
	if (st == QUOTE || st == BLOCK_COMMENT) {
		span->line = open_line;
		return -1;
	}
	if (!content)
		return 0;
	span->end = len;
	return 1;
}

/* read_file reads path whole into a NUL-terminated buffer (*out, caller
 * frees). */
static int read_file(const char *path, char **out, size_t *outlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0, got;
	int rc = -1;

	if (!f) {
		admin_err("migrate: cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 16384;
			nb = realloc(buf, cap);
			if (!nb) {
				admin_err("migrate: out of memory reading %s", path);
				goto out;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		admin_err("migrate: cannot read %s", path);
		goto out;
	}
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	fclose(f);
	return rc;
}

/* is_migration: "NNNN_name.sql" (four digits, '_', something, ".sql"). */
static int is_migration(const char *name)
{
	size_t len = strlen(name), k;

	if (len < 10 || strcmp(name + len - 4, ".sql") != 0 || name[4] != '_')
		return 0;
	for (k = 0; k < 4; k++)
		if (name[k] < '0' || name[k] > '9')
			return 0;
	return 1;
}

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* list_migrations returns the migration file names of dir, sorted (*names
 * and each name owned by the caller, freed with free_names). */
static int list_migrations(const char *dir, char ***names, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL, **nv;
	size_t n = 0, cap = 0;

	if (!d) {
		admin_err("migrate: cannot open directory %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (!is_migration(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof *v);
			if (!nv)
				goto oom;
			v = nv;
		}
		v[n] = strdup(e->d_name);
		if (!v[n])
			goto oom;
		n++;
	}
	closedir(d);
	/* strcmp, not the locale's collation: the order must not depend on
	 * who runs the command. */
	if (n)
		qsort(v, n, sizeof *v, cmp_names);
	*names = v;
	*count = n;
	return 0;
oom:
	closedir(d);
	while (n)
		free(v[--n]);
	free(v);
	admin_err("migrate: out of memory");
	return -1;
}

static void free_names(char **names, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		free(names[k]);
	free(names);
}

/* first_line_len is the length of the first line of s (cut at 100) for
 * naming a statement. */
static int first_line_len(const char *s, size_t len)
{
	size_t k;

	for (k = 0; k < len && k < 100 && s[k] != '\n' && s[k] != '\r'; k++)
		;
	return (int)k;
}

/* apply_file runs every statement of dir/name, then records it. */
static int apply_file(struct vb_db *db, const char *dir, const char *name)
{
	char path[4096];
	char *sql = NULL;
	size_t len = 0, pos = 0;
	struct stmt_span sp;
	int line = 1, nstmt = 0, r, rc = -1;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) {
		admin_err("migrate: path too long: %s/%s", dir, name);
		return -1;
	}
	if (read_file(path, &sql, &len) < 0)
		return -1;
	while ((r = split_next(sql, len, &pos, &line, &sp)) == 1) {
		nstmt++;
		/* The one place SQL runs as plain text: these are our own
		 * migration files (DDL and literal reference rows), there are
		 * no parameters, and DDL gains nothing from being prepared. */
		if (vb_db_exec_text(db, sql + sp.start, sp.end - sp.start) < 0) {
			admin_err("migrate: %s: statement %d (line %d) failed with error %u: %.*s",
				  name, nstmt, sp.line, vb_db_errno(db),
				  first_line_len(sql + sp.first, sp.end - sp.first), sql + sp.first);
			goto out;
		}
	}
	if (r < 0) {
		admin_err("migrate: %s: quote or comment opened on line %d is never closed",
			  name, sp.line);
		goto out;
	}
	if (vb_db_exec(db, NULL,
		       "INSERT INTO schema_migrations (version, applied_at) VALUES (?, UTC_TIMESTAMP(3))",
		       "s", name) < 0) {
		admin_err("migrate: %s applied but could not be recorded (error %u)", name,
			  vb_db_errno(db));
		goto out;
	}
	printf("applied %s\n", name);
	fflush(stdout);
	rc = 0;
out:
	free(sql);
	return rc;
}

int admin_migrate(struct admin *a, int argc, char **argv)
{
	const char *dir = VB_DATADIR "/sql/migrations";
	const struct admin_opt opts[] = { { "dir", &dir, 0 } };
	static const char create_sql[] =
		"CREATE TABLE IF NOT EXISTS schema_migrations ("
		" version VARCHAR(128) NOT NULL PRIMARY KEY,"
		" applied_at DATETIME(3) NOT NULL DEFAULT UTC_TIMESTAMP(3)"
		") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
	char **names = NULL;
	size_t n = 0, k, applied = 0;
	int64_t got = 0, seen;
	int locked = 0, rc = ADMIN_FAIL;

	if (admin_opts("migrate", argc, argv, opts, VB_NITEMS(opts)) < 0)
		return ADMIN_USAGE;
	if (list_migrations(dir, &names, &n) < 0)
		return ADMIN_FAIL;
	if (n == 0) {
		admin_err("migrate: no NNNN_*.sql files in %s", dir);
		goto out;
	}
	if (admin_connect(a) < 0)
		goto out;
	if (vb_db_query_int(a->db, &got, NULL, MIGRATE_LOCK, "") < 0 || got != 1) {
		admin_err("migrate: another migrate is running (lock not granted in 60 s)");
		goto out;
	}
	locked = 1;
	if (vb_db_exec_text(a->db, create_sql, sizeof create_sql - 1) < 0) {
		admin_err("migrate: cannot create schema_migrations");
		goto out;
	}
	for (k = 0; k < n; k++) {
		if (vb_db_query_int(a->db, &seen, NULL,
				    "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", "s",
				    names[k]) < 0) {
			admin_err("migrate: cannot read schema_migrations");
			goto out;
		}
		if (seen)
			continue;
		if (apply_file(a->db, dir, names[k]) < 0)
			goto out;
		applied++;
	}
	if (applied == 0)
		printf("up to date\n");
	rc = ADMIN_OK;
out:
	if (locked)
		(void)vb_db_query_int(a->db, &got, NULL, MIGRATE_UNLOCK, "");
	free_names(names, n);
	return rc;
}
