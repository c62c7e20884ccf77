/*
 * vb_db.h - MariaDB access: one connection per worker, prepared statements
 * only, cached per SQL text.
 *
 * Parameters are bound from a format string, one letter per '?':
 *   'i' int64_t          'I' int64_t, bound as NULL when equal to VB_DB_NULL_INT
 *   's' const char *     (NULL binds SQL NULL)
 *   'b' int (0/1)        bound as TINYINT
 * e.g. vb_db_exec(db, &n, "UPDATE accounts SET name=? WHERE id=? AND tenant=?",
 *                 "sii", name, id, tenant);
 *
 * Results map to JSON: integer columns -> int64 (TINYINT(1) -> boolean),
 * DATETIME/TIMESTAMP -> "YYYY-MM-DDTHH:MM:SS.mmmZ" (stored in UTC), DECIMAL and
 * text -> string, NULL -> null.  Binary columns are not supported: store hex
 * or base64 text.
 *
 * The SQL string is the cache key by content, so pass literals.  When the
 * server has gone away, the connection is reopened and the statement
 * re-prepared and retried once, but only outside a transaction (inside one,
 * the failure is reported and the handler's request fails with 500).
 */
#ifndef VB_DB_H
#define VB_DB_H

#include <stdint.h>
#include <json-c/json.h>

struct vb_conf;
struct vb_db;

#define VB_DB_NULL_INT INT64_MIN

/* vb_db_open connects (utf8mb4, UTC session time zone, strict SQL mode).
 * *out is owned by the caller and released with vb_db_close. */
int vb_db_open(struct vb_db **out, const struct vb_conf *conf);
void vb_db_close(struct vb_db *db);

/* vb_db_exec runs a statement that returns no rows.  *affected (may be NULL)
 * gets the number of rows the statement MATCHED (the connection uses
 * CLIENT_FOUND_ROWS), so an UPDATE that finds its row but changes nothing
 * still counts 1 and "0 means not yours: 404" holds. */
int vb_db_exec(struct vb_db *db, int64_t *affected, const char *sql, const char *fmt, ...);

/* vb_db_writes counts vb_db_exec calls on this connection, so a cached read
 * can tell whether anything may have changed since it was made. */
uint64_t vb_db_writes(const struct vb_db *db);

/* vb_db_last_id returns the AUTO_INCREMENT id of the last INSERT. */
int64_t vb_db_last_id(struct vb_db *db);

/* vb_db_query returns every row as a JSON array of objects keyed by column
 * name (use AS to name them).  *rows is owned by the caller (json_object_put). */
int vb_db_query(struct vb_db *db, json_object **rows, const char *sql, const char *fmt, ...);

/* vb_db_query_row returns the first row as an object, or *row = NULL when
 * there is none (still 0).  *row is owned by the caller. */
int vb_db_query_row(struct vb_db *db, json_object **row, const char *sql, const char *fmt, ...);

/* vb_db_query_int reads the first column of the first row as an integer into
 * *out; *found (may be NULL) is 0 when there was no row or the value was NULL. */
int vb_db_query_int(struct vb_db *db, int64_t *out, int *found, const char *sql,
		    const char *fmt, ...);

/*
 * vb_db_like writes into out (outlen bytes) a LIKE pattern that matches
 * q[0..len) literally: LIKE's own characters (%, _ and MariaDB's default
 * escape \) are escaped, then '%' is appended, and also prepended when
 * anywhere is set ("%q%": a substring; otherwise "q%": a prefix, which an
 * index can serve).  Returns 0, or -1 when out is too small.
 */
int vb_db_like(const char *q, size_t len, int anywhere, char *out, size_t outlen);

/*
 * vb_db_mac_like writes into out the LIKE pattern of q[0..len) read as the
 * start of a MAC address as stored (12 upper-case hex digits): hex digits
 * upper-cased, the separators ":" "-" "." and spaces dropped, "%" appended.
 * Returns 0, or -1 when q cannot begin a MAC (no hex digit, another
 * character, more than 12 digits); out is then unusable.
 */
int vb_db_mac_like(const char *q, size_t len, char out[14]);

/* Transactions.  vb_db_begin fails if one is open.  The serve loop rolls back
 * any transaction a handler left open. */
int vb_db_begin(struct vb_db *db);
int vb_db_commit(struct vb_db *db);
int vb_db_rollback(struct vb_db *db);
int vb_db_in_tx(const struct vb_db *db);

/* vb_db_errno is the server error number of the last failure (e.g. 1062 for a
 * duplicate key), 0 if the last call succeeded. */
unsigned vb_db_errno(const struct vb_db *db);

#define VB_DB_ER_DUP_ENTRY 1062

/* JSON helpers for rows: borrowed reads that tolerate a missing key. */
const char *vb_row_str(json_object *row, const char *key);    /* NULL if absent/null */
int64_t vb_row_int(json_object *row, const char *key);        /* 0 if absent/null */
int vb_row_bool(json_object *row, const char *key);           /* 0 if absent/null */

#endif
