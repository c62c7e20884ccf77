/*
 * main.c - vestibule-admin: the command table, global options and the
 * small helpers every command shares.
 *
 *   vestibule-admin [--config FILE] COMMAND [OPTIONS]
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "admin.h"

struct admin_cmd {
	const char *name;
	int (*run)(struct admin *a, int argc, char **argv);
	const char *args;
	const char *summary;
};

static const struct admin_cmd commands[] = {
	{ "migrate", admin_migrate, "[--dir DIR]",
	  "apply the SQL migrations not applied yet (default dir " VB_DATADIR "/sql/migrations)" },
	{ "create-distributor", admin_create_distributor, "--email E [--username U] [--name N]",
	  "create a distributor account" },
	{ "create-installer", admin_create_installer,
	  "--distributor E --email E [--username U] [--name N]",
	  "create an installer under the distributor with e-mail E" },
	{ "passwd", admin_passwd, "--email E | --username U",
	  "set a new password for an account and end its sessions" },
	{ "list-accounts", admin_list_accounts, "[--role R]",
	  "list accounts (R: distributor, installer, sub_installer, property_manager)" },
	{ "seed-accounts", admin_seed_accounts,
	  "--distributors N --installers-per N --prefix P [--accept-privacy]",
	  "create (or reset) benchmark accounts sharing one password" },
	{ "seed-demo", admin_seed_demo, "--installer E --residents N [--family M]",
	  "add N made-up single-family sites (no passwords) and M family members to installer E" },
	{ "flush-caches", admin_flush_caches, "",
	  "make every program on this host re-read sessions and accounts (after editing them by hand)" },
	{ "stream-url", admin_stream_url, "SOURCE [--viewer V] [--ttl SECONDS]",
	  "print a signed relay URL of SOURCE (d<id>: a door phone, c<id>: a camera)" },
	{ "help", NULL, "", "print this help" },
};

static void usage(FILE *f)
{
	size_t k;

	fprintf(f, "usage: vestibule-admin [--config FILE] COMMAND [OPTIONS]\n\n");
	for (k = 0; k < VB_NITEMS(commands); k++)
		fprintf(f, "  %s %s\n      %s\n", commands[k].name, commands[k].args,
			commands[k].summary);
	fprintf(f, "\nThe config is FILE, else $VESTIBULE_CONF, else %s/vestibule.conf.\n"
		   "Commands that set a password read it from the first line of stdin when\n"
		   "stdin is not a terminal; otherwise they generate one and print it.\n",
		VB_SYSCONFDIR);
}

void admin_err(const char *fmt, ...)
{
	va_list ap;

	fputs("vestibule-admin: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int admin_count(const char *cmd, const char *opt, const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		goto bad;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno != 0 || v < lo || v > hi)
		goto bad;
	*out = v;
	return 0;
bad:
	admin_err("%s: --%s must be a number from %ld to %ld", cmd, opt, lo, hi);
	return -1;
}

int admin_opts(const char *cmd, int argc, char **argv, const struct admin_opt *opts,
	       size_t nopts)
{
	int i;
	size_t k, len;
	const char *arg, *eq;

	for (i = 0; i < argc; i++) {
		arg = argv[i];
		if (strncmp(arg, "--", 2) != 0) {
			admin_err("%s: unexpected argument '%s'", cmd, arg);
			return -1;
		}
		arg += 2;
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg) : strlen(arg);
		for (k = 0; k < nopts; k++)
			if (strlen(opts[k].name) == len && strncmp(opts[k].name, arg, len) == 0)
				break;
		if (k == nopts) {
			admin_err("%s: unknown option '%s'", cmd, argv[i]);
			return -1;
		}
		if (opts[k].flag) {
			if (eq) {
				admin_err("%s: option --%s takes no value", cmd, opts[k].name);
				return -1;
			}
			*opts[k].value = "1";
		} else if (eq) {
			*opts[k].value = eq + 1;
		} else if (i + 1 < argc) {
			*opts[k].value = argv[++i];
		} else {
			admin_err("%s: option --%s needs a value", cmd, opts[k].name);
			return -1;
		}
	}
	return 0;
}

/* admin_flush_caches bumps the host's change counter (vb_epoch.h). */
int admin_flush_caches(struct admin *a, int argc, char **argv)
{
	char why[512];

	(void)argv;
	if (argc != 0) {
		admin_err("flush-caches takes no options");
		return ADMIN_USAGE;
	}
	vb_conf_defaults(&a->conf);
	if (vb_conf_load(&a->conf, a->conf_path, why, sizeof why) < 0) {
		admin_err("config: %s", why);
		return ADMIN_FAIL;
	}
	if (vb_epoch_open(&a->conf) != 0) {
		admin_err("cannot open the change counter in %s", a->conf.socket_dir);
		return ADMIN_FAIL;
	}
	vb_epoch_bump();
	return ADMIN_OK;
}

int admin_connect(struct admin *a)
{
	char why[512];

	vb_conf_defaults(&a->conf);
	if (vb_conf_load(&a->conf, a->conf_path, why, sizeof why) < 0) {
		admin_err("config: %s", why);
		return -1;
	}
	if (vb_db_open(&a->db, &a->conf) < 0) {
		admin_err("cannot connect to the database (see the message above)");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct admin a;
	const struct admin_cmd *cmd = NULL;
	size_t k;
	int i = 1, rc;

	/* Global options come before the command. */
	while (i < argc && strncmp(argv[i], "--", 2) == 0) {
		if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return ADMIN_OK;
		}
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			i += 2;
		} else if (strncmp(argv[i], "--config=", 9) == 0) {
			i++;
		} else {
			admin_err("unknown option '%s' (try 'vestibule-admin help')", argv[i]);
			return ADMIN_USAGE;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return ADMIN_USAGE;
	}
	for (k = 0; k < VB_NITEMS(commands); k++)
		if (strcmp(commands[k].name, argv[i]) == 0)
			cmd = &commands[k];
	if (!cmd) {
		admin_err("unknown command '%s' (try 'vestibule-admin help')", argv[i]);
		return ADMIN_USAGE;
	}
	if (!cmd->run) {
		usage(stdout);
		return ADMIN_OK;
	}

	/* Library log lines (a database error's server message) go to stderr
	 * beside the command's own message; routine notices would be noise. */
	vb_log_init("admin", "warn");
	memset(&a, 0, sizeof a);
	/* Only the words before the command: its own options are its own. */
	a.conf_path = vb_conf_path(i, argv);
	rc = cmd->run(&a, argc - i - 1, argv + i + 1);
	/* A command that changed accounts or sessions must not be hidden by
	 * the programs' session caches (vb_epoch.h). */
	if (a.db != NULL && vb_db_writes(a.db) > 0 && vb_epoch_open(&a.conf) == 0)
		vb_epoch_bump();
	vb_db_close(a.db);
	return rc;
}
