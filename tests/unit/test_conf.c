/*
 * test_conf.c - what an administrator meets when starting a program: the
 * config file (defaults, every key, errors naming file:line, the key file)
 * and the log lines the programs then write (log.c, tested here because it
 * is the other half of a program's setup).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "vb_conf.h"
#include "vb_log.h"

static char dir[64];
static char conf_path[128];
static char key_path[128];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/vb-test-conf-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(conf_path, sizeof(conf_path), "%s/vestibule.conf", dir);
	snprintf(key_path, sizeof(key_path), "%s/key", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(conf_path);
	unlink(key_path);
	rmdir(dir);
	return 0;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* load writes text as the config file and loads it over the defaults. */
static int load(const char *text, struct vb_conf *c, char *err, size_t errlen)
{
	write_file(conf_path, text, strlen(text));
	vb_conf_defaults(c);
	return vb_conf_load(c, conf_path, err, errlen);
}

/* load_err expects a failure whose message is "<conf_path>:<suffix>". */
static void load_err(const char *text, const char *suffix)
{
	struct vb_conf c;
	char err[256], want[512];

	err[0] = '\0';
	if (load(text, &c, err, sizeof(err)) == 0)
		fail_msg("accepted config:\n%s", text);
	snprintf(want, sizeof(want), "%s:%s", conf_path, suffix);
	assert_string_equal(err, want);
}

static void test_defaults(void **state)
{
	struct vb_conf c;

	(void)state;
	vb_conf_defaults(&c);
	assert_string_equal(c.db_socket, "");
	assert_string_equal(c.db_host, "127.0.0.1");
	assert_int_equal(c.db_port, 3306);
	assert_string_equal(c.db_user, "vestibule");
	assert_string_equal(c.db_password, "");
	assert_string_equal(c.db_name, "vestibule");
	assert_string_equal(c.socket_dir, "/run/vestibule");
	assert_int_equal(c.workers, 4);
	assert_int_equal(c.max_body, 1048576);
	assert_string_equal(c.public_origin, "http://127.0.0.1:8080");
	assert_int_equal(c.secure_cookies, 0);
	assert_int_equal(c.answer_cache, 1);
	assert_int_equal(c.session_idle_s, 7200);
	assert_int_equal(c.session_absolute_s, 43200);
	assert_string_equal(c.key_file, "");
	assert_int_equal(c.have_key, 0);
	assert_string_equal(c.smtp_url, "smtp://127.0.0.1:25");
	assert_string_equal(c.mail_from, "Vestibule <no-reply@localhost>");
	assert_string_equal(c.log_level, "info");
}

static void test_full_file(void **state)
{
	struct vb_conf c;
	char err[256], text[2048];

	(void)state;
	write_file(key_path, "000102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F\n",
		   65);
	snprintf(text, sizeof(text),
		 "# Vestibule test configuration\n"
		 "\n"
		 "db_socket = /tmp/db.sock\n"
		 "db_host=db.internal\n"
		 "  db_port   =   3307  \n"
		 "db_user = portal\n"
		 "db_password = p#ss = word  \n"
		 "db_name = vb_test\n"
		 "socket_dir = /tmp/vb-sockets\n"
		 "workers = 8\n"
		 "max_body = 2097152\n"
		 "public_origin = https://portal.example.com\n"
		 "secure_cookies = true\n"
		 "session_idle_s = 600\n"
		 "session_absolute_s = 3600\n"
		 "\t# indented comment\n"
		 "key_file = %s\n"
		 "smtp_url = smtp://127.0.0.1:2525\n"
		 "smtp_user = mailer\n"
		 "smtp_password = secret\n"
		 "mail_from = Portal <portal@example.com>\n"
		 "log_level = debug\r\n",
		 key_path);
	assert_int_equal(load(text, &c, err, sizeof(err)), 0);
	assert_string_equal(c.db_socket, "/tmp/db.sock");
	assert_string_equal(c.db_host, "db.internal");
	assert_int_equal(c.db_port, 3307);
	assert_string_equal(c.db_user, "portal");
	assert_string_equal(c.db_password, "p#ss = word"); /* '#' inside a value is kept */
	assert_string_equal(c.db_name, "vb_test");
	assert_string_equal(c.socket_dir, "/tmp/vb-sockets");
	assert_int_equal(c.workers, 8);
	assert_int_equal(c.max_body, 2097152);
	assert_string_equal(c.public_origin, "https://portal.example.com");
	assert_int_equal(c.secure_cookies, 1);
	assert_int_equal(c.session_idle_s, 600);
	assert_int_equal(c.session_absolute_s, 3600);
	assert_string_equal(c.key_file, key_path);
	assert_int_equal(c.have_key, 1);
	assert_int_equal(c.key[0], 0x00);
	assert_int_equal(c.key[10], 0x0a);
	assert_int_equal(c.key[31], 0x1f);
	assert_string_equal(c.smtp_url, "smtp://127.0.0.1:2525");
	assert_string_equal(c.smtp_user, "mailer");
	assert_string_equal(c.smtp_password, "secret");
	assert_string_equal(c.mail_from, "Portal <portal@example.com>");
	assert_string_equal(c.log_level, "debug");

	/* An empty file keeps every default; an empty value is allowed for text. */
	assert_int_equal(load("", &c, err, sizeof(err)), 0);
	assert_int_equal(c.workers, 4);
	assert_int_equal(load("db_password =\n", &c, err, sizeof(err)), 0);
	assert_string_equal(c.db_password, "");
	/* The last line may lack its newline. */
	assert_int_equal(load("workers = 2", &c, err, sizeof(err)), 0);
	assert_int_equal(c.workers, 2);
}

static void test_errors(void **state)
{
	char longval[400], text[512];

	(void)state;
	load_err("workers = 4\n# ok\ndbhost = x\n", "3: unknown key \"dbhost\"");
	load_err("\n\nDB_HOST = x\n", "3: unknown key \"DB_HOST\"");
	load_err("db_host x\n", "1: expected \"key = value\"");
	load_err("= x\n", "1: expected \"key = value\"");
	load_err("workers = 4\nworkers = 5\n", "2: workers is set twice");

	load_err("workers = 0\n", "1: workers: must be an integer in range");
	load_err("workers = 257\n", "1: workers: must be an integer in range");
	load_err("workers = 4x\n", "1: workers: must be an integer in range");
	load_err("workers = +4\n", "1: workers: must be an integer in range");
	load_err("workers =\n", "1: workers: must be an integer in range");
	load_err("db_port = 65536\n", "1: db_port: must be an integer in range");
	load_err("db_port = 99999999999999999999\n", "1: db_port: must be an integer in range");
	load_err("max_body = 1023\n", "1: max_body: must be an integer in range");
	load_err("max_body = 67108865\n", "1: max_body: must be an integer in range");
	load_err("session_idle_s = 59\n", "1: session_idle_s: must be an integer in range");
	load_err("session_absolute_s = 2592001\n",
		 "1: session_absolute_s: must be an integer in range");
	load_err("secure_cookies = maybe\n", "1: secure_cookies: must be true or false");
	load_err("log_level = verbose\n", "1: log_level: must be debug, info, warn or error");
	load_err("public_origin = https://portal.example.com/\n",
		 "1: public_origin: must be scheme://host[:port] without a path, "
		 "e.g. https://portal.example.com");

	/* A value that does not fit is refused, never truncated: 63 bytes fit
	 * db_user[64], 64 do not. */
	memset(longval, 'u', 64);
	longval[64] = '\0';
	snprintf(text, sizeof(text), "db_user = %s\n", longval);
	load_err(text, "1: db_user: value is too long");
	longval[63] = '\0';
	snprintf(text, sizeof(text), "db_user = %s\n", longval);
	{
		struct vb_conf c;
		char err[256];

		assert_int_equal(load(text, &c, err, sizeof(err)), 0);
		assert_string_equal(c.db_user, longval);
	}
}

static void test_long_line_and_missing_file(void **state)
{
	struct vb_conf c;
	char err[256], want[300], *big;

	(void)state;
	big = malloc(3000);
	assert_non_null(big);
	memcpy(big, "db_password = ", 14);
	memset(big + 14, 'p', 2000);
	memcpy(big + 2014, "\nworkers = 2\n", 14);
	load_err(big, "1: line longer than 1024 bytes");
	free(big);

	vb_conf_defaults(&c);
	assert_int_equal(vb_conf_load(&c, "/nonexistent/vestibule.conf", err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent/vestibule.conf: No such file or directory");

	/* A short error buffer is still terminated. */
	write_file(conf_path, "bogus = 1\n", 10);
	memset(err, 'x', sizeof(err));
	assert_int_equal(vb_conf_load(&c, conf_path, err, 8), -1);
	assert_int_equal(strlen(err), 7);
	snprintf(want, sizeof(want), "%s", conf_path);
	assert_memory_equal(err, want, 7);
}

static void test_key_file(void **state)
{
	struct vb_conf c;
	char err[256], text[256], want[512];
	unsigned char raw[33];
	int i;

	(void)state;
	raw[32] = 0;
	snprintf(text, sizeof(text), "workers = 2\nkey_file = %s\n", key_path);

	/* 32 raw bytes. */
	for (i = 0; i < 32; i++)
		raw[i] = (unsigned char)(0xff - i);
	write_file(key_path, raw, 32);
	assert_int_equal(load(text, &c, err, sizeof(err)), 0);
	assert_int_equal(c.have_key, 1);
	assert_memory_equal(c.key, raw, 32);

	/* 64 hex digits without a newline. */
	write_file(key_path, "FFFEFDFCFBFAF9F8F7F6F5F4F3F2F1F0EFEEEDECEBEAE9E8E7E6E5E4E3E2E1E0", 64);
	assert_int_equal(load(text, &c, err, sizeof(err)), 0);
	assert_memory_equal(c.key, raw, 32);

	/* Not hex, wrong sizes. */
	write_file(key_path, "GFFEFDFCFBFAF9F8F7F6F5F4F3F2F1F0EFEEEDECEBEAE9E8E7E6E5E4E3E2E1E0", 64);
	snprintf(want, sizeof(want),
		 "2: key_file %s must hold 64 hex digits or exactly 32 bytes", key_path);
	load_err(text, want);
	write_file(key_path, raw, 31);
	load_err(text, want);
	write_file(key_path, raw, 33);
	load_err(text, want);
	write_file(key_path, "", 0);
	load_err(text, want);
	write_file(key_path, "FFFEFDFCFBFAF9F8F7F6F5F4F3F2F1F0EFEEEDECEBEAE9E8E7E6E5E4E3E2E1E0\n\n",
		   66);
	load_err(text, want);

	/* Named but missing. */
	unlink(key_path);
	snprintf(want, sizeof(want), "2: key_file %s: No such file or directory", key_path);
	load_err(text, want);
}

static void test_conf_path(void **state)
{
	char *argv1[] = { "prog", "--config", "/a.conf", NULL };
	char *argv2[] = { "prog", "-v", "--config=/b.conf", NULL };
	char *argv3[] = { "prog", "--config", NULL };
	char *argv4[] = { "prog", NULL };

	(void)state;
	unsetenv("VESTIBULE_CONF");
	assert_string_equal(vb_conf_path(3, argv1), "/a.conf");
	assert_string_equal(vb_conf_path(3, argv2), "/b.conf");
	assert_non_null(strstr(vb_conf_path(2, argv3), "/vestibule.conf"));
	assert_string_equal(vb_conf_path(1, argv4), VB_SYSCONFDIR "/vestibule.conf");
	setenv("VESTIBULE_CONF", "/env.conf", 1);
	assert_string_equal(vb_conf_path(1, argv4), "/env.conf");
	assert_string_equal(vb_conf_path(3, argv1), "/a.conf"); /* argv wins */
	setenv("VESTIBULE_CONF", "", 1);
	assert_string_equal(vb_conf_path(1, argv4), VB_SYSCONFDIR "/vestibule.conf");
	unsetenv("VESTIBULE_CONF");
}

/* capture runs vb_log with stderr redirected to a file and returns what was
 * written (static buffer). */
static const char *capture(enum vb_log_level level, const char *msg)
{
	static char out[8192];
	char path[128];
	int fd, saved;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/log", dir);
	f = fopen(path, "w+");
	assert_non_null(f);
	fd = fileno(f);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	vb_log(level, "%s", msg);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	rewind(f);
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = '\0';
	fclose(f);
	unlink(path);
	return out;
}

static void test_log(void **state)
{
	const char *line;
	char big[6000];

	(void)state;
	vb_log_init("auth", "info");
	vb_log_set_rid("abc123");
	line = capture(VB_LOG_INFO, "login ok for account 7");
	/* "2026-11-26T05:39:43.123Z INFO auth rid=abc123 login ok for account 7\n" */
	assert_int_equal(strlen(line), 24 + strlen(" INFO auth rid=abc123 login ok for account 7\n"));
	assert_int_equal(line[4], '-');
	assert_int_equal(line[10], 'T');
	assert_int_equal(line[19], '.');
	assert_int_equal(line[23], 'Z');
	assert_string_equal(line + 24, " INFO auth rid=abc123 login ok for account 7\n");

	/* Below the minimum level: nothing. */
	assert_string_equal(capture(VB_LOG_DEBUG, "noise"), "");
	line = capture(VB_LOG_ERROR, "boom");
	assert_string_equal(line + 24, " ERROR auth rid=abc123 boom\n");

	/* A hostile value cannot start a new line. */
	line = capture(VB_LOG_WARN, "user=\"x\r\n2026-01-01T00:00:00.000Z INFO auth forged\x1b[2J\"");
	assert_string_equal(line + 24,
			    " WARN auth rid=abc123 user=\"x  2026-01-01T00:00:00.000Z INFO auth "
			    "forged [2J\"\n");
	assert_ptr_equal(strchr(line, '\n'), line + strlen(line) - 1);

	/* Without a request id; debug enabled. */
	vb_log_set_rid(NULL);
	vb_log_init("worker", "debug");
	line = capture(VB_LOG_DEBUG, "tick");
	assert_string_equal(line + 24, " DEBUG worker rid=- tick\n");

	/* Unknown level names mean info. */
	vb_log_init("worker", "loud");
	assert_string_equal(capture(VB_LOG_DEBUG, "tick"), "");

	/* A huge message is cut to one line. */
	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	line = capture(VB_LOG_INFO, big);
	assert_int_equal(strlen(line), 4096);
	assert_ptr_equal(strchr(line, '\n'), line + 4095);
	assert_memory_equal(line + 4092, "...", 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_long_line_and_missing_file),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_conf_path),
		cmocka_unit_test(test_log),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
