#!/usr/bin/env python3
"""smtp-sink.py - a small, real SMTP server for the dev stack and the tests.

It accepts every message on 127.0.0.1:PORT and writes it, as received after
dot-unstuffing (RFC 5321 4.5.2), to DIR/<epoch-ms>-<n>.eml.  A file appears
whole or not at all (written to a dot-file, then renamed), so a reader that
lists DIR never sees half a message.  Nothing is relayed anywhere.

    smtp-sink.py --port 2525 --dir var/mail [--fail-first N]

--fail-first N answers "451 try again later" to the first N DATA commands,
so tests can prove that the worker retries.  Python 3.11 standard library
only (asyncio streams; smtpd is gone from 3.12).
"""

import argparse
import asyncio
import itertools
import os
import signal
import sys
import time

MAX_LINE = 4096            # RFC 5321 4.5.3.1.6 allows 1000; be lenient
MAX_MESSAGE = 10 * 2**20   # advertised with SIZE (RFC 1870)
TOO_BIG = object()


class Sink:
    def __init__(self, directory, fail_first):
        self.dir = directory
        self.fail_left = fail_first
        self.counter = itertools.count(1)

    def store(self, mail_from, rcpts, data):
        """Write one message atomically; returns the file name."""
        n = next(self.counter)
        name = "%d-%d.eml" % (int(time.time() * 1000), n)
        tmp = os.path.join(self.dir, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            # Envelope as trace headers, the way an MTA would record it.
            f.write(b"X-Sink-Mail-From: " + mail_from + b"\r\n")
            for r in rcpts:
                f.write(b"X-Sink-Rcpt-To: " + r + b"\r\n")
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, os.path.join(self.dir, name))
        return name

    async def session(self, reader, writer):
        async def reply(line):
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        mail_from, rcpts = None, []
        try:
            await reply("220 vestibule-sink ESMTP ready")
            while True:
                line = await reader.readline()
                if not line:
                    return
                if len(line) > MAX_LINE:
                    await reply("500 5.5.2 line too long")
                    continue
                cmd, _, arg = line.rstrip(b"\r\n").partition(b" ")
                verb = cmd.upper()
                if verb == b"EHLO":
                    writer.write(b"250-vestibule-sink\r\n250-8BITMIME\r\n"
                                 b"250-SMTPUTF8\r\n250 SIZE %d\r\n" % MAX_MESSAGE)
                    await writer.drain()
                elif verb == b"HELO":
                    await reply("250 vestibule-sink")
                elif verb == b"MAIL":
                    if not arg.upper().startswith(b"FROM:"):
                        await reply("501 5.5.4 syntax: MAIL FROM:<address>")
                        continue
                    mail_from, rcpts = address(arg[5:]), []
                    await reply("250 2.1.0 ok")
                elif verb == b"RCPT":
                    if mail_from is None:
                        await reply("503 5.5.1 MAIL first")
                    elif not arg.upper().startswith(b"TO:"):
                        await reply("501 5.5.4 syntax: RCPT TO:<address>")
                    else:
                        rcpts.append(address(arg[3:]))
                        await reply("250 2.1.5 ok")
                elif verb == b"DATA":
                    if not rcpts:
                        await reply("503 5.5.1 RCPT first")
                        continue
                    if self.fail_left > 0:
                        self.fail_left -= 1
                        mail_from, rcpts = None, []
                        await reply("451 4.3.0 try again later (--fail-first)")
                        continue
                    await reply("354 end data with <CR><LF>.<CR><LF>")
                    data = await read_data(reader)
                    if data is None:
                        return
                    if data is TOO_BIG:
                        await reply("552 5.3.4 message too big")
                    else:
                        name = self.store(mail_from, rcpts, data)
                        await reply("250 2.0.0 ok queued as " + name)
                    mail_from, rcpts = None, []
                elif verb == b"RSET":
                    mail_from, rcpts = None, []
                    await reply("250 2.0.0 ok")
                elif verb == b"NOOP":
                    await reply("250 2.0.0 ok")
                elif verb == b"QUIT":
                    await reply("221 2.0.0 bye")
                    return
                elif verb in (b"VRFY", b"EXPN"):
                    await reply("252 2.1.5 cannot verify")
                else:
                    # STARTTLS is not offered, so a client asking for it
                    # gets the same answer as any unknown command.
                    await reply("502 5.5.2 command not implemented")
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            # ValueError: a line longer than the stream limit; hang up.
            pass
        finally:
            writer.close()


def address(arg):
    """The address inside <...> of a MAIL/RCPT argument (parameters dropped)."""
    arg = arg.strip()
    if arg.startswith(b"<") and b">" in arg:
        return arg[1:arg.index(b">")]
    return arg.split(b" ")[0]


async def read_data(reader):
    """Reads DATA lines up to the lone ".", undoing dot-stuffing.  Returns
    the message bytes (CRLF line ends kept), TOO_BIG when over MAX_MESSAGE
    (read to the end all the same, to stay in step with the client), or None
    if the peer left."""
    chunks, size = [], 0
    while True:
        line = await reader.readline()
        if not line:
            return None
        if line in (b".\r\n", b".\n"):
            return b"".join(chunks) if size <= MAX_MESSAGE else TOO_BIG
        if line.startswith(b"."):
            line = line[1:]
        size += len(line)
        if size <= MAX_MESSAGE:
            chunks.append(line)


async def main():
    p = argparse.ArgumentParser(description="SMTP sink: writes each message to DIR")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--fail-first", type=int, default=0, metavar="N",
                   help="answer 451 to the first N DATA commands")
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    sink = Sink(a.dir, a.fail_first)
    server = await asyncio.start_server(sink.session, a.host, a.port, limit=2**20)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("smtp-sink listening on %s:%d, writing to %s" % (a.host, a.port, a.dir), flush=True)
    async with server:
        await stop.wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except OSError as e:
        print("smtp-sink: %s" % e, file=sys.stderr)
        sys.exit(1)
