/*
 * bare.c - the floor of the portal's architecture for the benchmark: a
 * prefork libfcgi responder with the same worker count as an area program,
 * no database, no routing, answering a fixed JSON body of a given size.
 *
 *   cc -O2 -o bare bare.c -lfcgi
 *   ./bare SOCKET WORKERS BODY_BYTES
 */
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int serve(int fd, const char *body, size_t len)
{
	FCGX_Request r;
	char head[128];
	int n;

	/* the same header block vestibule's resp.c writes, minus the request id */
	n = snprintf(head, sizeof(head), "Status: 200 OK\r\nContent-Type: application/json\r\n"
		     "Cache-Control: no-store\r\nContent-Length: %zu\r\n\r\n", len);
	if (FCGX_InitRequest(&r, fd, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&r) >= 0) {
		FCGX_PutStr(head, n, r.out);
		FCGX_PutStr(body, (int)len, r.out);
		FCGX_Finish_r(&r);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int fd, i, n;
	size_t len;
	char *body;

	if (argc != 4) {
		fprintf(stderr, "usage: %s SOCKET WORKERS BODY_BYTES\n", argv[0]);
		return 2;
	}
	n = atoi(argv[2]);
	len = (size_t)atol(argv[3]);
	if (n < 1 || n > 64 || len < 2 || len > 1 << 20)
		return 2;
	if ((body = malloc(len)) == NULL)
		return 1;
	memset(body, ' ', len);
	body[0] = '{';
	body[len - 1] = '}';
	unlink(argv[1]);
	FCGX_Init();
	if ((fd = FCGX_OpenSocket(argv[1], 1024)) < 0)
		return 1;
	chmod(argv[1], 0666);
	for (i = 0; i < n; i++)
		if (fork() == 0)
			return serve(fd, body, len);
	while (wait(NULL) > 0)
		;
	return 0;
}
