/*
 * vb_conf.h - the configuration every Vestibule program reads.
 *
 * The file is "key = value" lines; '#' starts a comment; blank lines are
 * ignored.  Unknown keys are an error (a typo must not silently fall back to a
 * default).  The path comes from --config FILE, else $VESTIBULE_CONF, else
 * VB_SYSCONFDIR "/vestibule.conf".
 */
#ifndef VB_CONF_H
#define VB_CONF_H

#include <stddef.h>

struct vb_conf {
	/* MariaDB: a unix socket (db_socket) wins over host/port. */
	char db_socket[256];
	char db_host[128];
	int db_port;
	char db_user[64];
	char db_password[128];
	char db_name[64];

	/* FastCGI programs. */
	char socket_dir[256];  /* <socket_dir>/<area>.sock when not socket-activated */
	int workers;           /* prefork workers per program (default 4) */
	size_t max_body;       /* default JSON body cap in bytes (1 MiB) */
	int answer_cache;      /* keep answers of VB_CACHED routes (vb_cache.h); default 1 */

	/* Web identity: public_origin is "scheme://host[:port]" as browsers send it
	 * in Origin; secure_cookies adds Secure and the __Host- prefix (TLS only). */
	char public_origin[256];
	int secure_cookies;
	int session_idle_s;      /* default 7200 */
	int session_absolute_s;  /* default 43200 */

	/* Secrets. key_file holds 32 random bytes (hex or raw) used for AES-256-GCM
	 * of secrets at rest (TOTP secrets, later camera credentials). */
	char key_file[256];
	unsigned char key[32];
	int have_key;

	/* Mail. smtp_url like "smtp://127.0.0.1:2525"; mail_from an address. */
	char smtp_url[256];
	char smtp_user[128];
	char smtp_password[128];
	char mail_from[256];

	/* Third-party locks (F20): each vendor's cloud API base URL ("" = that
	 * vendor is not offered); Dormakaba also needs lock_dormakaba = 1, as
	 * only some regions' clouds may offer it. */
	int lock_dormakaba;
	char lock_dormakaba_url[256];
	char lock_salto_url[256];

	/* The RTSP relay (F39): the base of the stream URLs the portal hands out
	 * ("rtsp://host:port", no path), and how long their tokens open the
	 * stream (vb_stream.h). */
	char relay_public_url[256];
	int stream_token_ttl_s;

	/* Logging: "debug", "info", "warn", "error". */
	char log_level[16];
};

/* vb_conf_defaults fills *c with the documented defaults. */
void vb_conf_defaults(struct vb_conf *c);

/*
 * vb_conf_load reads the file at path into *c (which should hold defaults
 * first) and loads the key file if one is named.  Returns 0, or -1 after
 * writing "file:line: reason" to errbuf (errlen bytes, always terminated).
 */
int vb_conf_load(struct vb_conf *c, const char *path, char *errbuf, size_t errlen);

/*
 * vb_conf_path picks the config path from argv ("--config FILE"), the
 * environment, or the compiled-in default.  The returned pointer is borrowed
 * (argv, environ or a literal); never NULL.
 */
const char *vb_conf_path(int argc, char **argv);

#endif
