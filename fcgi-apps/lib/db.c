/*
 * db.c - MariaDB access for every Vestibule program (contract in vb_db.h).
 *
 * One connection per worker.  Each distinct SQL text is prepared once per
 * connection and kept in an open-addressed table keyed by the text's content,
 * so a handler pays one round trip per statement after the first request.
 *
 * We reconnect ourselves instead of setting MYSQL_OPT_RECONNECT: the
 * library's reconnect silently drops every prepared statement and the
 * session settings (time zone, sql_mode), and it would also carry on in the
 * middle of a transaction the server has already rolled back.  Here a lost
 * connection outside a transaction is reopened, the statements re-prepared
 * and the call retried once; inside one the transaction is marked broken so
 * that its commit fails.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "vb_conf.h"
#include "vb_db.h"
#include "vb_valid.h"
#include "vb_log.h"

/* Every session runs in UTC (DATETIME values are UTC by convention, and
 * TIMESTAMP conversions must not depend on the server's zone) and in strict
 * mode, so a value too long or out of range is an error, never truncated. */
#define DB_INIT_SQL \
	"SET time_zone='+00:00', sql_mode='STRICT_ALL_TABLES,NO_ZERO_DATE," \
	"NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'"

/* Result columns bound as text start with this much room; longer values are
 * sized from the metadata or fetched again whole (mysql_stmt_fetch_column). */
#define DB_MIN_TEXT 64

struct db_slot {
	char *sql;           /* owned copy of the key; NULL = empty slot */
	size_t len;
	uint64_t hash;
	MYSQL_STMT *stmt;    /* NULL until prepared on the current connection */
};

struct vb_db {
	MYSQL *my;             /* NULL while disconnected */
	struct db_slot *slots; /* capacity is a power of two */
	size_t cap, used;
	int in_tx;
	int tx_broken;         /* the open transaction can no longer commit */
	int dead;              /* the connection is known to be unusable */
	unsigned err;
	char msg[512];         /* server message of the last failure */
	int64_t last_id;
	uint64_t writes;       /* vb_db_exec calls so far (see vb_db_writes) */

	/* Connection parameters, copied so reconnecting needs no config. */
	char socket[256], host[128], user[64], password[128], name[64];
	unsigned port;
};

/* One bound parameter, collected from the varargs so that a retry can bind
 * the same values again. */
struct db_arg {
	int64_t i;
	const char *s;
	unsigned long len;
	signed char b;
};

enum db_mode { DB_EXEC, DB_ALL, DB_ROW, DB_INT };

struct db_out {
	int64_t affected;
	json_object *rows;   /* DB_ALL */
	json_object *row;    /* DB_ROW */
	int64_t ival;        /* DB_INT */
	int found;
};

enum db_kind { K_INT, K_BOOL, K_DOUBLE, K_DATETIME, K_DATE, K_TEXT };

/* The storage behind one result column's MYSQL_BIND. */
struct db_col {
	enum db_kind kind;
	const char *name;
	int is_unsigned;
	int64_t i;
	double d;
	MYSQL_TIME t;
	char *buf;
	unsigned long cap, len;
	my_bool is_null, error;
};

/* FNV-1a: the keys are short SQL strings and the table is private, so a
 * simple non-cryptographic hash is enough. */
static uint64_t db_hash(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	size_t k;

	for (k = 0; k < len; k++) {
		h ^= (unsigned char)s[k];
		h *= 1099511628211ULL;
	}
	return h;
}

/* db_conn_lost tells whether err means the connection is gone (so a retry on
 * a fresh one can succeed). */
static int db_conn_lost(unsigned err)
{
	return err == CR_SERVER_GONE_ERROR || err == CR_SERVER_LOST ||
	       err == CR_SERVER_LOST_EXTENDED || err == ER_CONNECTION_KILLED;
}

/* db_fail records a failure on db (err number and message). */
static void db_fail(struct vb_db *db, unsigned err, const char *msg)
{
	db->err = err ? err : CR_UNKNOWN_ERROR;
	snprintf(db->msg, sizeof db->msg, "%s", msg && *msg ? msg : "unknown error");
}

/* db_log_failure logs the last failure with the SQL text.  Parameter values
 * are never logged (they may be passwords); for a duplicate key the server
 * message quotes the value, so only the key name is kept. */
static void db_log_failure(const struct vb_db *db, const char *sql)
{
	const char *key;

	if (db->err == ER_DUP_ENTRY) {
		key = strstr(db->msg, " for key ");
		/* Expected: callers turn it into a 409, so not an error line. */
		vb_info("db: duplicate entry%s (1062) in: %s", key ? key : "", sql);
		return;
	}
	vb_error("db: %s (%u) in: %s", db->msg, db->err, sql);
}

/* db_connect opens db->my from the stored parameters.  Returns 0 or -1 after
 * logging why. */
static int db_connect(struct vb_db *db)
{
	MYSQL *my;
	unsigned timeout = 5;
	unsigned proto = MYSQL_PROTOCOL_TCP;
	const char *host = db->socket[0] ? NULL : db->host;
	const char *sock = db->socket[0] ? db->socket : NULL;

	my = mysql_init(NULL);
	if (!my) {
		db_fail(db, CR_OUT_OF_MEMORY, "mysql_init failed");
		vb_error("db: mysql_init failed");
		return -1;
	}
	mysql_optionsv(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_optionsv(my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(my, MYSQL_INIT_COMMAND, DB_INIT_SQL);
	/* Without a socket the config names a host and port; "localhost" would
	 * otherwise silently mean the default unix socket. */
	if (!sock)
		mysql_optionsv(my, MYSQL_OPT_PROTOCOL, &proto);
	/* CLIENT_FOUND_ROWS: an UPDATE reports the rows it matched, so
	 * "UPDATE ... WHERE id=? AND tenant_id=?" says 1 (found) even when the
	 * values were already equal, and 0 only when the row is not there. */
	if (!mysql_real_connect(my, host, db->user, db->password, db->name, db->port, sock,
				CLIENT_FOUND_ROWS)) {
		db_fail(db, mysql_errno(my), mysql_error(my));
		vb_error("db: cannot connect to %s%s as %s: %s (%u)", sock ? "socket " : "host ",
			 sock ? sock : host, db->user, db->msg, db->err);
		mysql_close(my);
		return -1;
	}
	db->my = my;
	db->dead = 0;
	return 0;
}

/* db_drop_statements closes every prepared statement but keeps the keys, so
 * the table does not have to be rebuilt; they are prepared again on use. */
static void db_drop_statements(struct vb_db *db)
{
	size_t k;

	for (k = 0; k < db->cap; k++) {
		if (db->slots[k].stmt) {
			mysql_stmt_close(db->slots[k].stmt);
			db->slots[k].stmt = NULL;
		}
	}
}

/* db_reconnect replaces a lost connection.  The old handle is closed first so
 * that the library detaches its statements and closing them sends nothing
 * down a dead socket. */
static int db_reconnect(struct vb_db *db)
{
	if (db->my) {
		mysql_close(db->my);
		db->my = NULL;
	}
	db_drop_statements(db);
	if (db_connect(db) < 0) {
		db->dead = 1;
		return -1;
	}
	vb_info("db: reconnected");
	return 0;
}

/* db_grow doubles the statement table (or creates it). */
static int db_grow(struct vb_db *db)
{
	size_t ncap = db->cap ? db->cap * 2 : 64;
	struct db_slot *ns;
	size_t k, j;

	ns = calloc(ncap, sizeof *ns);
	if (!ns)
		return -1;
	for (k = 0; k < db->cap; k++) {
		if (!db->slots[k].sql)
			continue;
		j = db->slots[k].hash & (ncap - 1);
		while (ns[j].sql)
			j = (j + 1) & (ncap - 1);
		ns[j] = db->slots[k];
	}
	free(db->slots);
	db->slots = ns;
	db->cap = ncap;
	return 0;
}

/* db_slot finds the table entry for sql, adding an empty one when it is new.
 * Returns NULL only when memory runs out.  The pointer is valid until the
 * next call (the table may grow). */
static struct db_slot *db_slot(struct vb_db *db, const char *sql)
{
	size_t len = strlen(sql);
	uint64_t h = db_hash(sql, len);
	struct db_slot *s;
	size_t j;

	/* Keep the load under 3/4 so probes stay short. */
	if ((db->used + 1) * 4 > db->cap * 3 && db_grow(db) < 0)
		return NULL;
	j = h & (db->cap - 1);
	for (;;) {
		s = &db->slots[j];
		if (!s->sql)
			break;
		if (s->hash == h && s->len == len && memcmp(s->sql, sql, len) == 0)
			return s;
		j = (j + 1) & (db->cap - 1);
	}
	s->sql = malloc(len + 1);
	if (!s->sql)
		return NULL;
	memcpy(s->sql, sql, len + 1);
	s->len = len;
	s->hash = h;
	s->stmt = NULL;
	db->used++;
	return s;
}

/* db_prepare returns the statement for sql on the current connection,
 * preparing it on first use.  NULL after db_fail. */
static MYSQL_STMT *db_prepare(struct vb_db *db, const char *sql)
{
	struct db_slot *s;
	MYSQL_STMT *stmt;
	my_bool on = 1;

	if (!db->my) {
		db_fail(db, CR_SERVER_GONE_ERROR, "not connected");
		return NULL;
	}
	s = db_slot(db, sql);
	if (!s) {
		db_fail(db, CR_OUT_OF_MEMORY, "out of memory");
		return NULL;
	}
	if (s->stmt)
		return s->stmt;
	stmt = mysql_stmt_init(db->my);
	if (!stmt) {
		db_fail(db, mysql_errno(db->my), mysql_error(db->my));
		return NULL;
	}
	if (mysql_stmt_prepare(stmt, s->sql, s->len) != 0) {
		db_fail(db, mysql_stmt_errno(stmt), mysql_stmt_error(stmt));
		mysql_stmt_close(stmt);
		return NULL;
	}
	/* Lets mysql_stmt_store_result measure the longest value of each column
	 * so text buffers can be sized once per result. */
	mysql_stmt_attr_set(stmt, STMT_ATTR_UPDATE_MAX_LENGTH, &on);
	s->stmt = stmt;
	return stmt;
}

/* db_forget closes the prepared statement of sql so the next use prepares
 * it again. */
static void db_forget(struct vb_db *db, const char *sql)
{
	struct db_slot *s = db_slot(db, sql);

	if (s && s->stmt) {
		mysql_stmt_close(s->stmt);
		s->stmt = NULL;
	}
}

/* db_args reads one value per fmt letter from ap into args (n entries).
 * Returns -1 on an unknown letter. */
static int db_args(const char *fmt, va_list ap, struct db_arg *args, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		switch (fmt[k]) {
		case 'i':
		case 'I':
			args[k].i = va_arg(ap, int64_t);
			break;
		case 's':
			args[k].s = va_arg(ap, const char *);
			args[k].len = args[k].s ? (unsigned long)strlen(args[k].s) : 0;
			break;
		case 'b':
			args[k].b = va_arg(ap, int) ? 1 : 0;
			break;
		default:
			return -1;
		}
	}
	return 0;
}

/* db_bind_params binds args to stmt as fmt describes.  binds has n entries and
 * must live until the statement has executed. */
static int db_bind_params(struct vb_db *db, MYSQL_STMT *stmt, const char *fmt,
			  struct db_arg *args, MYSQL_BIND *binds, size_t n)
{
	size_t k;

	if (n == 0)
		return 0;
	memset(binds, 0, n * sizeof *binds);
	for (k = 0; k < n; k++) {
		MYSQL_BIND *b = &binds[k];

		switch (fmt[k]) {
		case 'I':
			if (args[k].i == VB_DB_NULL_INT) {
				b->buffer_type = MYSQL_TYPE_NULL;
				break;
			}
			/* fall through */
		case 'i':
			b->buffer_type = MYSQL_TYPE_LONGLONG;
			b->buffer = &args[k].i;
			break;
		case 's':
			if (!args[k].s) {
				b->buffer_type = MYSQL_TYPE_NULL;
				break;
			}
			b->buffer_type = MYSQL_TYPE_STRING;
			b->buffer = (void *)args[k].s;
			b->buffer_length = args[k].len;
			b->length = &args[k].len;
			break;
		default: /* 'b' (db_args refused anything else) */
			b->buffer_type = MYSQL_TYPE_TINY;
			b->buffer = &args[k].b;
			break;
		}
	}
	if (mysql_stmt_bind_param(stmt, binds) != 0) {
		db_fail(db, mysql_stmt_errno(stmt), mysql_stmt_error(stmt));
		return -1;
	}
	return 0;
}

/* db_col_kind picks how a result column is fetched and shown in JSON. */
static enum db_kind db_col_kind(const MYSQL_FIELD *f)
{
	switch (f->type) {
	case MYSQL_TYPE_TINY:
		/* TINYINT(1) is how the schema spells a boolean. */
		return f->length == 1 ? K_BOOL : K_INT;
	case MYSQL_TYPE_SHORT:
	case MYSQL_TYPE_INT24:
	case MYSQL_TYPE_LONG:
	case MYSQL_TYPE_LONGLONG:
	case MYSQL_TYPE_YEAR:
		return K_INT;
	case MYSQL_TYPE_FLOAT:
	case MYSQL_TYPE_DOUBLE:
		return K_DOUBLE;
	case MYSQL_TYPE_DATETIME:
	case MYSQL_TYPE_TIMESTAMP:
		return K_DATETIME;
	case MYSQL_TYPE_DATE:
	case MYSQL_TYPE_NEWDATE:
		return K_DATE;
	default:
		/* DECIMAL, TIME, strings, TEXT, JSON (LONGTEXT in MariaDB). */
		return K_TEXT;
	}
}

/* db_col_json converts the fetched value of column k into a new JSON value
 * (NULL for SQL NULL, which json-c serialises as null).  A text value longer
 * than its buffer is fetched again whole.  Returns 0 or -1 after db_fail. */
static int db_col_json(struct vb_db *db, MYSQL_STMT *stmt, struct db_col *c, unsigned k,
		       json_object **out)
{
	char buf[96];  /* room for any unsigned field, though dates are short */
	MYSQL_BIND b;
	char *big = NULL;
	int rc = -1;

	*out = NULL;
	if (c->is_null)
		return 0;
	switch (c->kind) {
	case K_INT:
		/* Unsigned BIGINT above INT64_MAX does not occur for our ids and
		 * counters; it would wrap here. */
		*out = json_object_new_int64(c->i);
		break;
	case K_BOOL:
		*out = json_object_new_boolean(c->i != 0);
		break;
	case K_DOUBLE:
		*out = json_object_new_double(c->d);
		break;
	case K_DATETIME:
		snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02u.%03luZ", c->t.year,
			 c->t.month, c->t.day, c->t.hour, c->t.minute, c->t.second,
			 (c->t.second_part / 1000) % 1000);
		*out = json_object_new_string(buf);
		break;
	case K_DATE:
		snprintf(buf, sizeof buf, "%04u-%02u-%02u", c->t.year, c->t.month, c->t.day);
		*out = json_object_new_string(buf);
		break;
	case K_TEXT:
		if (!c->error && c->len < c->cap) {
			*out = json_object_new_string_len(c->buf, (int)c->len);
			break;
		}
		big = malloc(c->len + 1);
		if (!big) {
			db_fail(db, CR_OUT_OF_MEMORY, "out of memory");
			goto out;
		}
		memset(&b, 0, sizeof b);
		b.buffer_type = MYSQL_TYPE_STRING;
		b.buffer = big;
		b.buffer_length = c->len + 1;
		b.length = &c->len;
		if (mysql_stmt_fetch_column(stmt, &b, k, 0) != 0) {
			db_fail(db, mysql_stmt_errno(stmt), mysql_stmt_error(stmt));
			goto out;
		}
		*out = json_object_new_string_len(big, (int)c->len);
		break;
	}
	if (!*out) {
		db_fail(db, CR_OUT_OF_MEMORY, "out of memory");
		goto out;
	}
	rc = 0;
out:
	free(big);
	return rc;
}

/* db_fetch reads the stored result of stmt into out as mode asks. */
static int db_fetch(struct vb_db *db, MYSQL_STMT *stmt, enum db_mode mode, struct db_out *out)
{
	MYSQL_RES *meta = NULL;
	MYSQL_FIELD *f;
	MYSQL_BIND *rb = NULL;
	struct db_col *cols = NULL;
	char *text = NULL;
	json_object *row = NULL, *v;
	unsigned nf, k;
	size_t total = 0, off = 0;
	int frc, rc = -1;

	meta = mysql_stmt_result_metadata(stmt);
	if (!meta) {
		db_fail(db, mysql_stmt_errno(stmt), mysql_stmt_error(stmt));
		goto out;
	}
	nf = mysql_num_fields(meta);
	f = mysql_fetch_fields(meta);
	rb = calloc(nf, sizeof *rb);
	cols = calloc(nf, sizeof *cols);
	if (!rb || !cols)
		goto oom;
	for (k = 0; k < nf; k++) {
		cols[k].kind = db_col_kind(&f[k]);
		cols[k].name = f[k].name;
		if (cols[k].kind == K_TEXT) {
			cols[k].cap = f[k].max_length + 1;
			if (cols[k].cap < DB_MIN_TEXT)
				cols[k].cap = DB_MIN_TEXT;
			total += cols[k].cap;
		}
	}
	if (total) {
		text = malloc(total);
		if (!text)
			goto oom;
	}
	for (k = 0; k < nf; k++) {
		struct db_col *c = &cols[k];
		MYSQL_BIND *b = &rb[k];

		b->is_null = &c->is_null;
		b->error = &c->error;
		b->length = &c->len;
		switch (c->kind) {
		case K_INT:
		case K_BOOL:
			b->buffer_type = MYSQL_TYPE_LONGLONG;
			b->buffer = &c->i;
			b->is_unsigned = (f[k].flags & UNSIGNED_FLAG) != 0;
			break;
		case K_DOUBLE:
			b->buffer_type = MYSQL_TYPE_DOUBLE;
			b->buffer = &c->d;
			break;
		case K_DATETIME:
		case K_DATE:
			b->buffer_type = c->kind == K_DATE ? MYSQL_TYPE_DATE : MYSQL_TYPE_DATETIME;
			b->buffer = &c->t;
			break;
		case K_TEXT:
			c->buf = text + off;
			off += c->cap;
			b->buffer_type = MYSQL_TYPE_STRING;
			b->buffer = c->buf;
			b->buffer_length = c->cap;
			break;
		}
	}
	if (mysql_stmt_bind_result(stmt, rb) != 0) {
		db_fail(db, mysql_stmt_errno(stmt), mysql_stmt_error(stmt));
		goto out;
	}
	if (mode == DB_ALL) {
		out->rows = json_object_new_array();
		if (!out->rows)
			goto oom;
	}
	while ((frc = mysql_stmt_fetch(stmt)) == 0 || frc == MYSQL_DATA_TRUNCATED) {
		if (mode == DB_INT) {
			if (db_col_json(db, stmt, &cols[0], 0, &v) < 0)
				goto out;
			out->found = v != NULL;
			out->ival = v ? json_object_get_int64(v) : 0;
			json_object_put(v);
			break;
		}
		row = json_object_new_object();
		if (!row)
			goto oom;
		for (k = 0; k < nf; k++) {
			if (db_col_json(db, stmt, &cols[k], k, &v) < 0)
				goto out;
			if (json_object_object_add(row, cols[k].name, v) != 0) {
				json_object_put(v);
				goto oom;
			}
		}
		if (mode == DB_ROW) {
			out->row = row;
			row = NULL;
			break;
		}
		if (json_object_array_add(out->rows, row) != 0)
			goto oom;
		row = NULL;
	}
	if (frc == 1) {
		db_fail(db, mysql_stmt_errno(stmt), mysql_stmt_error(stmt));
		goto out;
	}
	rc = 0;
	goto out;
oom:
	db_fail(db, CR_OUT_OF_MEMORY, "out of memory");
out:
	if (rc < 0) {
		json_object_put(out->rows);
		out->rows = NULL;
		json_object_put(out->row);
		out->row = NULL;
	}
	json_object_put(row);
	free(text);
	free(cols);
	free(rb);
	if (meta)
		mysql_free_result(meta);
	return rc;
}

/* db_once prepares (if needed), binds, executes and reads one statement on
 * the current connection.  Returns 0, or -1 after db_fail. */
static int db_once(struct vb_db *db, const char *sql, const char *fmt, struct db_arg *args,
		   MYSQL_BIND *binds, size_t n, enum db_mode mode, struct db_out *out)
{
	MYSQL_STMT *stmt;
	unsigned long want;
	uint64_t id;
	char why[160];
	int rc = -1;

	stmt = db_prepare(db, sql);
	if (!stmt)
		return -1;
	want = mysql_stmt_param_count(stmt);
	if (want != n) {
		snprintf(why, sizeof why,
			 "format has %zu parameter letters but the statement has %lu", n, want);
		db_fail(db, CR_UNKNOWN_ERROR, why);
		return -1;
	}
	if (db_bind_params(db, stmt, fmt, args, binds, n) < 0)
		return -1;
	if (mysql_stmt_execute(stmt) != 0) {
		db_fail(db, mysql_stmt_errno(stmt), mysql_stmt_error(stmt));
		goto out;
	}
	if (mysql_stmt_field_count(stmt) == 0) {
		out->affected = (int64_t)mysql_stmt_affected_rows(stmt);
		/* Like LAST_INSERT_ID(): only statements that generate an id
		 * change it, so an UPDATE or an INSERT into a table without
		 * AUTO_INCREMENT leaves the previous INSERT's id readable. */
		id = mysql_stmt_insert_id(stmt);
		if (id)
			db->last_id = (int64_t)id;
		if (mode == DB_ALL) {
			out->rows = json_object_new_array();
			if (!out->rows) {
				db_fail(db, CR_OUT_OF_MEMORY, "out of memory");
				goto out;
			}
		}
		rc = 0;
		goto out;
	}
	if (mysql_stmt_store_result(stmt) != 0) {
		db_fail(db, mysql_stmt_errno(stmt), mysql_stmt_error(stmt));
		goto out;
	}
	out->affected = (int64_t)mysql_stmt_num_rows(stmt);
	if (mode == DB_EXEC) {
		rc = 0;
		goto out;
	}
	rc = db_fetch(db, stmt, mode, out);
out:
	mysql_stmt_free_result(stmt);
	return rc;
}

/* db_call is the body of every public query function: collect the
 * parameters, run the statement, and on a lost connection outside a
 * transaction reconnect and run it once more.  Failures are logged here. */
static int db_call(struct vb_db *db, enum db_mode mode, struct db_out *out, const char *sql,
		   const char *fmt, va_list ap)
{
	struct db_arg sargs[16], *args = sargs;
	MYSQL_BIND sbinds[16], *binds = sbinds;
	size_t n;
	int attempt, rc = -1;

	if (!fmt)
		fmt = "";
	n = strlen(fmt);
	if (n > 16) {
		args = calloc(n, sizeof *args);
		binds = calloc(n, sizeof *binds);
		if (!args || !binds) {
			db_fail(db, CR_OUT_OF_MEMORY, "out of memory");
			db_log_failure(db, sql);
			goto out;
		}
	}
	if (db_args(fmt, ap, args, n) < 0) {
		db_fail(db, CR_UNKNOWN_ERROR, "unknown parameter letter in format");
		db_log_failure(db, sql);
		goto out;
	}
	if (db->in_tx && db->tx_broken) {
		/* Keep the error that broke the transaction in db->err. */
		vb_error("db: transaction already failed, not running: %s", sql);
		goto out;
	}
	if (db->dead && !db->in_tx && db_reconnect(db) < 0)
		goto out;
	for (attempt = 0;; attempt++) {
		if (db_once(db, sql, fmt, args, binds, n, mode, out) == 0) {
			db->err = 0;
			rc = 0;
			break;
		}
		if (db->err == ER_NEED_REPREPARE && attempt == 0) {
			/* The tables changed under the statement (a migration
			 * while we run) more than the server re-prepares on its
			 * own; it did not run, so preparing afresh is safe even
			 * inside a transaction. */
			db_forget(db, sql);
			continue;
		}
		if (db->err == ER_LOCK_DEADLOCK && db->in_tx) {
			/* InnoDB has rolled the whole transaction back; letting
			 * later statements run would commit half of it. */
			db->tx_broken = 1;
		}
		if (!db_conn_lost(db->err) || db->in_tx || attempt > 0) {
			if (db_conn_lost(db->err)) {
				db->dead = 1;
				if (db->in_tx)
					db->tx_broken = 1;
			}
			db_log_failure(db, sql);
			break;
		}
		vb_warn("db: connection lost (%s, %u), reconnecting", db->msg, db->err);
		db->dead = 1;
		if (db_reconnect(db) < 0)
			break;
	}
out:
	if (args != sargs)
		free(args);
	if (binds != sbinds)
		free(binds);
	return rc;
}

int vb_db_open(struct vb_db **out, const struct vb_conf *conf)
{
	struct vb_db *db;

	*out = NULL;
	db = calloc(1, sizeof *db);
	if (!db) {
		vb_error("db: out of memory");
		return -1;
	}
	snprintf(db->socket, sizeof db->socket, "%s", conf->db_socket);
	snprintf(db->host, sizeof db->host, "%s", conf->db_host);
	snprintf(db->user, sizeof db->user, "%s", conf->db_user);
	snprintf(db->password, sizeof db->password, "%s", conf->db_password);
	snprintf(db->name, sizeof db->name, "%s", conf->db_name);
	db->port = conf->db_port > 0 ? (unsigned)conf->db_port : 0;
	if (db_grow(db) < 0 || db_connect(db) < 0) {
		vb_db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

void vb_db_close(struct vb_db *db)
{
	size_t k;

	if (!db)
		return;
	/* Statements first, while the connection can still tell the server. */
	for (k = 0; k < db->cap; k++) {
		if (db->slots[k].stmt)
			mysql_stmt_close(db->slots[k].stmt);
		free(db->slots[k].sql);
	}
	free(db->slots);
	if (db->my)
		mysql_close(db->my);
	/* The password copy should not linger in freed memory. */
	memset(db->password, 0, sizeof db->password);
	free(db);
}

int vb_db_exec(struct vb_db *db, int64_t *affected, const char *sql, const char *fmt, ...)
{
	struct db_out o = { 0 };
	va_list ap;
	int rc;

	db->writes++;
	va_start(ap, fmt);
	rc = db_call(db, DB_EXEC, &o, sql, fmt, ap);
	va_end(ap);
	if (rc == 0 && affected)
		*affected = o.affected;
	return rc;
}

uint64_t vb_db_writes(const struct vb_db *db)
{
	return db->writes;
}

int64_t vb_db_last_id(struct vb_db *db)
{
	return db->last_id;
}

int vb_db_query(struct vb_db *db, json_object **rows, const char *sql, const char *fmt, ...)
{
	struct db_out o = { 0 };
	va_list ap;
	int rc;

	*rows = NULL;
	va_start(ap, fmt);
	rc = db_call(db, DB_ALL, &o, sql, fmt, ap);
	va_end(ap);
	if (rc == 0)
		*rows = o.rows;
	return rc;
}

int vb_db_query_row(struct vb_db *db, json_object **row, const char *sql, const char *fmt, ...)
{
	struct db_out o = { 0 };
	va_list ap;
	int rc;

	*row = NULL;
	va_start(ap, fmt);
	rc = db_call(db, DB_ROW, &o, sql, fmt, ap);
	va_end(ap);
	if (rc == 0)
		*row = o.row;
	return rc;
}

int vb_db_query_int(struct vb_db *db, int64_t *out, int *found, const char *sql,
		    const char *fmt, ...)
{
	struct db_out o = { 0 };
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = db_call(db, DB_INT, &o, sql, fmt, ap);
	va_end(ap);
	if (rc == 0) {
		*out = o.ival;
		if (found)
			*found = o.found;
	}
	return rc;
}

/* db_simple runs a parameterless statement through the cache. */
static int db_simple(struct vb_db *db, const char *sql, ...)
{
	struct db_out o = { 0 };
	va_list ap;
	int rc;

	va_start(ap, sql);
	rc = db_call(db, DB_EXEC, &o, sql, "", ap);
	va_end(ap);
	return rc;
}

int vb_db_begin(struct vb_db *db)
{
	if (db->in_tx) {
		db_fail(db, CR_COMMANDS_OUT_OF_SYNC, "a transaction is already open");
		vb_error("db: begin while a transaction is open");
		return -1;
	}
	/* Not yet in the transaction, so a lost connection is retried here:
	 * this is where a request usually first notices a restarted server. */
	if (db_simple(db, "START TRANSACTION") < 0)
		return -1;
	db->in_tx = 1;
	db->tx_broken = 0;
	return 0;
}

int vb_db_commit(struct vb_db *db)
{
	int rc;

	if (!db->in_tx) {
		db_fail(db, CR_COMMANDS_OUT_OF_SYNC, "no transaction is open");
		vb_error("db: commit without a transaction");
		return -1;
	}
	if (db->tx_broken) {
		unsigned err = db->err ? db->err : CR_SERVER_LOST;

		vb_error("db: commit refused: the transaction failed (%u)", err);
		db->tx_broken = 0;
		/* After a deadlock the connection is fine but the session must
		 * still leave the (already rolled back) transaction. */
		if (!db->dead)
			db_simple(db, "ROLLBACK");
		db->in_tx = 0;
		db->err = err;
		return -1;
	}
	rc = db_simple(db, "COMMIT");
	db->in_tx = 0;
	db->tx_broken = 0;
	return rc;
}

/* vb_db_rollback leaves vb_db_errno as it was when it succeeds: rolling back
 * is the cleanup after a failed statement, and the caller usually asks next
 * why that statement failed ("if duplicate, answer 409"). */
int vb_db_rollback(struct vb_db *db)
{
	unsigned err = db->err;
	int rc = 0;

	if (!db->in_tx)
		return 0;
	/* On a dead connection the server has already rolled back. */
	if (!db->dead) {
		db->tx_broken = 0;
		rc = db_simple(db, "ROLLBACK");
	}
	db->in_tx = 0;
	db->tx_broken = 0;
	if (rc == 0)
		db->err = err;
	return rc;
}

int vb_db_in_tx(const struct vb_db *db)
{
	return db->in_tx;
}

unsigned vb_db_errno(const struct vb_db *db)
{
	return db->err;
}

/*
 * vb_db_exec_text runs one SQL statement as plain text (mysql_real_query),
 * without parameters.  It exists for vestibule-admin migrate only, whose
 * migration files hold DDL and literal seed rows written by us, not input;
 * it is deliberately not in vb_db.h so that no area program can build SQL
 * from strings.  No retry: a DDL statement cut off by a lost connection may
 * have been applied.  Returns 0 or -1 (logged; vb_db_errno has the number).
 */
int vb_db_exec_text(struct vb_db *db, const char *sql, size_t len);

int vb_db_exec_text(struct vb_db *db, const char *sql, size_t len)
{
	MYSQL_RES *res;

	if (db->dead && !db->in_tx && db_reconnect(db) < 0)
		return -1;
	if (!db->my) {
		db_fail(db, CR_SERVER_GONE_ERROR, "not connected");
		goto fail;
	}
	if (mysql_real_query(db->my, sql, len) != 0)
		goto server_fail;
	/* A statement that returns rows must have them read before the next. */
	res = mysql_store_result(db->my);
	if (res)
		mysql_free_result(res);
	else if (mysql_field_count(db->my) != 0)
		goto server_fail;
	db->err = 0;
	return 0;
server_fail:
	db_fail(db, mysql_errno(db->my), mysql_error(db->my));
	if (db_conn_lost(db->err)) {
		db->dead = 1;
		if (db->in_tx)
			db->tx_broken = 1;
	}
fail:
	vb_error("db: %s (%u) in: %.*s", db->msg, db->err, (int)(len > 2000 ? 2000 : len), sql);
	return -1;
}

const char *vb_row_str(json_object *row, const char *key)
{
	json_object *v;

	if (!row || !json_object_object_get_ex(row, key, &v) || !v)
		return NULL;
	return json_object_get_string(v);
}

int64_t vb_row_int(json_object *row, const char *key)
{
	json_object *v;

	if (!row || !json_object_object_get_ex(row, key, &v) || !v)
		return 0;
	/* json-c converts strings (DECIMAL, text counts) with strtoll and
	 * booleans to 0/1. */
	return json_object_get_int64(v);
}

int vb_row_bool(json_object *row, const char *key)
{
	json_object *v;
	const char *s;

	if (!row || !json_object_object_get_ex(row, key, &v) || !v)
		return 0;
	switch (json_object_get_type(v)) {
	case json_type_boolean:
		return json_object_get_boolean(v);
	case json_type_string:
		/* json-c would call any non-empty string true, "0" included. */
		s = json_object_get_string(v);
		return strcmp(s, "1") == 0 || strcmp(s, "true") == 0;
	default:
		return json_object_get_int64(v) != 0;
	}
}

int vb_db_like(const char *q, size_t len, int anywhere, char *out, size_t outlen)
{
	size_t i, n = 0;

	if (outlen < 3)
		return -1;
	if (anywhere)
		out[n++] = '%';
	for (i = 0; i < len; i++) {
		if (n + 4 > outlen)  /* room for "\x", the final '%' and the NUL */
			return -1;
		if (q[i] == '%' || q[i] == '_' || q[i] == '\\')
			out[n++] = '\\';
		out[n++] = q[i];
	}
	out[n++] = '%';
	out[n] = '\0';
	return 0;
}

/* vb_db_mac_like: see vb_db.h. */
int vb_db_mac_like(const char *q, size_t len, char out[14])
{
	size_t i, n = 0;
	int d;

	for (i = 0; i < len; i++) {
		if (q[i] == ':' || q[i] == '-' || q[i] == '.' || q[i] == ' ')
			continue;
		if ((d = vb_hex_digit((unsigned char)q[i])) < 0 || n == 12)
			return -1;
		out[n++] = "0123456789ABCDEF"[d];
	}
	if (n == 0)
		return -1;
	out[n++] = '%';
	out[n] = '\0';
	return 0;
}
