/*
 * serve.c - the prefork master of every FastCGI area program.
 *
 * The master owns the listening socket (fd 0 when systemd passes it with
 * StandardInput=socket, as the FastCGI spec expects; otherwise a unix socket
 * it binds), forks the workers, re-forks any that dies, and on SIGTERM or
 * SIGINT tells the workers to finish their current request and exit.  Each
 * worker holds one MariaDB connection and serves one request at a time with
 * FCGX_Accept_r (dispatch.c).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vestibule.h"
#include "vb_internal.h"

#define VB_MAX_WORKERS 256
#define VB_DRAIN_SECONDS 10

static volatile sig_atomic_t g_term;

static void on_term(int sig)
{
	(void)sig;
	g_term = 1;
}

int vb_worker_stopping(void)
{
	return g_term != 0;
}

static void on_chld(int sig)
{
	(void)sig; /* only interrupts sigsuspend */
}

/* is_listener tells whether fd is a listening stream socket. */
static int is_listener(int fd)
{
	int v = 0;
	socklen_t len = sizeof(v);

	return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == 0 && v != 0;
}

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [--config FILE] [--listen PATH] [--workers N] [--routes]\n"
		"  --config FILE  configuration (default: $VESTIBULE_CONF or %s/vestibule.conf)\n"
		"  --listen PATH  unix socket to bind (default: <socket_dir>/<area>.sock,\n"
		"                 or fd 0 when started by systemd socket activation)\n"
		"  --workers N    worker processes (default: the config's workers)\n"
		"  --routes       print the route table and exit\n",
		prog, VB_SYSCONFDIR);
}

static pid_t spawn_once(struct vb_worker_ctx *ctx)
{
	pid_t pid = fork();

	if (pid == 0) {
		sigset_t none;

		sigemptyset(&none);
		signal(SIGCHLD, SIG_DFL);
		sigprocmask(SIG_SETMASK, &none, NULL);
		/* A worker must not outlive a master killed with SIGKILL. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		_exit(vb_worker_main(ctx));
	}
	if (pid < 0)
		vb_error("fork failed: %s", strerror(errno));
	return pid;
}

/* spawn forks a worker, retrying a failed fork (out of processes or memory)
 * a few times a second apart; a slot still empty is retried at the next
 * child exit. */
static pid_t spawn(struct vb_worker_ctx *ctx)
{
	pid_t pid;
	int tries;

	for (tries = 0; (pid = spawn_once(ctx)) < 0 && tries < 5; tries++)
		sleep(1);
	return pid;
}

/*
 * drain stops the workers: SIGTERM every second (a signal that lands just
 * before accept() would otherwise be missed), SIGKILL after
 * VB_DRAIN_SECONDS.  Returns when every worker has exited.
 */
static void drain(pid_t *pids, size_t n)
{
	size_t i, alive;
	int tick;

	for (tick = 0; tick <= VB_DRAIN_SECONDS * 10; tick++) {
		pid_t pid;
		int st;

		while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
			for (i = 0; i < n; i++)
				if (pids[i] == pid)
					pids[i] = 0;
		for (alive = 0, i = 0; i < n; i++)
			if (pids[i] > 0) {
				alive++;
				if (tick % 10 == 0)
					kill(pids[i], tick == VB_DRAIN_SECONDS * 10 ? SIGKILL : SIGTERM);
			}
		if (alive == 0)
			return;
		usleep(100000);
	}
}

int vb_serve(int argc, char **argv, const char *area, const struct vb_route *routes, size_t nroutes)
{
	struct vb_conf conf;
	struct vb_worker_ctx ctx;
	const char *listen_path = NULL;
	char sockpath[512], err[512];
	pid_t pids[VB_MAX_WORKERS];
	time_t started[VB_MAX_WORKERS];
	sigset_t block, old;
	struct sigaction sa;
	int i, nworkers = 0, fd = -1, bound = 0, rc = 1, rapid = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--routes") == 0) {
			size_t r;
			for (r = 0; r < nroutes; r++)
				printf("%s %s\n", routes[r].method, routes[r].pattern);
			return 0;
		} else if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
			listen_path = argv[++i];
		} else if (strcmp(argv[i], "--workers") == 0 && i + 1 < argc) {
			nworkers = atoi(argv[++i]);
			if (nworkers < 1 || nworkers > VB_MAX_WORKERS) {
				fprintf(stderr, "%s: --workers must be 1 to %d\n", argv[0], VB_MAX_WORKERS);
				return 2;
			}
		} else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			i++; /* read by vb_conf_path */
		} else {
			usage(argv[0]);
			return 2;
		}
	}

	vb_conf_defaults(&conf);
	if (vb_conf_load(&conf, vb_conf_path(argc, argv), err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: %s\n", argv[0], err);
		return 1;
	}
	if (nworkers == 0)
		nworkers = conf.workers;
	vb_log_init(area, conf.log_level);
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0) {
		vb_error("FCGX_Init failed");
		return 1;
	}

	if (listen_path == NULL && is_listener(0)) {
		fd = 0;
	} else {
		struct stat st;

		if (listen_path == NULL) {
			snprintf(sockpath, sizeof(sockpath), "%s/%s.sock", conf.socket_dir, area);
			listen_path = sockpath;
		}
		if (lstat(listen_path, &st) == 0 && S_ISSOCK(st.st_mode))
			unlink(listen_path); /* left by a crashed run */
		fd = FCGX_OpenSocket(listen_path, 1024);
		if (fd < 0) {
			vb_error("cannot listen on %s: %s", listen_path, strerror(errno));
			return 1;
		}
		/* The socket directory's permissions are the access control
		 * (production uses systemd's socket unit and SocketMode). */
		chmod(listen_path, 0666);
		bound = 1;
	}

	if (vb_metrics_init(nroutes) != 0)
		goto out;
	vb_epoch_open(&conf); /* without it sessions are simply not cached */
	memset(&ctx, 0, sizeof(ctx));
	ctx.conf = &conf;
	ctx.area = area;
	ctx.routes = routes;
	ctx.nroutes = nroutes;
	ctx.listen_fd = fd;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term; /* no SA_RESTART: accept() must return EINTR */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_chld;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);

	for (i = 0; i < nworkers; i++) {
		pids[i] = spawn(&ctx);
		started[i] = time(NULL);
	}
	vb_info("serving %zu routes on %s with %d workers", nroutes,
		fd == 0 ? "fd 0" : listen_path, nworkers);

	while (!g_term) {
		pid_t pid;
		int st;

		sigsuspend(&old);
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
			for (i = 0; i < nworkers; i++) {
				if (pids[i] != pid)
					continue;
				if (WIFSIGNALED(st))
					vb_warn("worker %d killed by signal %d", (int)pid, WTERMSIG(st));
				else
					vb_warn("worker %d exited with %d", (int)pid, WEXITSTATUS(st));
				pids[i] = 0;
				if (g_term)
					break;
				/* A worker that keeps dying at start (say, a bad
				 * config) must not turn into a fork storm. */
				rapid = time(NULL) - started[i] < 1 ? rapid + 1 : 0;
				if (rapid > 10)
					sleep(1);
				pids[i] = spawn(&ctx);
				started[i] = time(NULL);
			}
		}
		for (i = 0; i < nworkers && !g_term; i++) /* slots a failed fork left empty */
			if (pids[i] <= 0) {
				pids[i] = spawn(&ctx);
				started[i] = time(NULL);
			}
	}
	vb_info("stopping: draining %d workers", nworkers);
	drain(pids, (size_t)nworkers);
	rc = 0;
out:
	if (bound)
		unlink(listen_path);
	return rc;
}
