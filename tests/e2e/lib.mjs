// lib.mjs - helpers for the Vestibule browser tests: the stack's settings,
// the database and admin CLI, fresh accounts, the SMTP sink's mail, TOTP, and
// small waits that say what they waited for when they give up.
//
// Environment (conf/devstack.sh test sets these; the defaults reach the dev
// stack of `bash conf/devstack.sh up`, so `node tests/e2e/run.mjs` works by hand):
//   VB_BASE_URL   public nginx               (default http://127.0.0.1:8080)
//   VB_MAIL_DIR   the SMTP sink's .eml files  (default var/mail)
//   VB_CONF       vestibule.conf of the stack (default var/vestibule.conf)
//   VB_ADMIN      vestibule-admin             (default build/fcgi-apps/admin/vestibule-admin)
//   VB_DB_SOCKET  MariaDB socket, user root   (default var/run/mysqld.sock)
//   VB_DB_NAME    database                    (default vestibule)
//   VB_E2E_OUT    where failure screenshots and the screenshot pass go (default var/test)
//   VB_CHROMIUM   the browser                 (default /usr/bin/chromium)

import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = (k, d) => (process.env[k] !== undefined && process.env[k] !== '' ? process.env[k] : d);

export const BASE_URL = env('VB_BASE_URL', 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const MAIL_DIR = env('VB_MAIL_DIR', join(ROOT, 'var/mail'));
export const CONF = env('VB_CONF', join(ROOT, 'var/vestibule.conf'));
export const ADMIN = env('VB_ADMIN', join(ROOT, 'build/fcgi-apps/admin/vestibule-admin'));
export const DB_SOCKET = env('VB_DB_SOCKET', join(ROOT, 'var/run/mysqld.sock'));
export const DB_NAME = env('VB_DB_NAME', 'vestibule');
export const OUT = env('VB_E2E_OUT', join(ROOT, 'var/test'));
export const CHROMIUM = env('VB_CHROMIUM', '/usr/bin/chromium');

// The flags the brief fixes: no sandbox (root in CI), and nothing that makes
// the browser talk to the network on its own (only Debian's mirrors and npm
// are reachable here, and a stray request would only slow tests down).
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
	'--disable-component-update', '--disable-sync', '--no-first-run'];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------ failures

export class Failure extends Error {}

export function fail(msg) {
	throw new Failure(msg);
}

export function check(cond, msg) {
	if (!cond) fail(msg);
}

export function eq(got, want, what) {
	if (JSON.stringify(got) !== JSON.stringify(want))
		fail(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
}

// until(fn, what, ms) polls fn (sync or async) until it returns a truthy
// value, which it returns; on time-out it fails naming `what` and, when fn
// threw, the last error.
export async function until(fn, what, ms = 10000) {
	const deadline = Date.now() + ms;
	let last = null;
	for (;;) {
		try {
			const v = await fn();
			if (v) return v;
			last = null;
		} catch (e) {
			last = e;
		}
		if (Date.now() > deadline)
			fail(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
		await sleep(100);
	}
}

// ------------------------------------------------------------ names

const RUN = (Math.floor(Date.now() / 1000) % 0xffffff).toString(16);
let counter = 0;

// uniq is a name never used before in this database (lower case: usable as a
// username and an e-mail local part).
export function uniq(prefix = 'e2e') {
	counter += 1;
	return `${prefix}-${RUN}-${counter}-${randomBytes(3).toString('hex')}`;
}

export const uniqEmail = (prefix = 'e2e') => `${uniq(prefix)}@example.com`;
export const uniqPassword = () => `Pw-${randomBytes(12).toString('base64url')}`;

// ------------------------------------------------------------ database, admin

// sql runs statements with the mariadb CLI; returns the last result's rows as
// arrays of strings (NULL as null).  Values must not hold tabs or newlines.
export function sql(query) {
	const out = execFileSync('mariadb', ['--no-defaults', '--default-character-set=utf8mb4', '-S', DB_SOCKET, '-u', 'root', DB_NAME,
		'-N', '-B', '-e', query], { encoding: 'utf8', timeout: 60000, stdio: ['ignore', 'pipe', 'pipe'] });
	return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t').map((c) => (c === 'NULL' ? null : c)));
}

export function sqlOne(query) {
	const rows = sql(query);
	return rows.length ? rows[0][0] : null;
}

export const q = (s) => `'${String(s).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

// admin runs vestibule-admin with the stack's config; returns its stdout.
export function admin(args, stdin) {
	try {
		return execFileSync(ADMIN, ['--config', CONF, ...args], {
			encoding: 'utf8', timeout: 60000, input: stdin ?? '', stdio: ['pipe', 'pipe', 'pipe'],
		});
	} catch (e) {
		fail(`vestibule-admin ${args.join(' ')} failed: ${(e.stderr || e.message).toString().trim()}`);
	}
	return '';
}

// flushCaches makes the programs forget cached sessions and accounts, as an
// operator does after editing them by hand.
export const flushCaches = () => admin(['flush-caches']);

export function accountId(email) {
	const v = sqlOne(`SELECT id FROM accounts WHERE email = ${q(email)}`);
	check(v, `no account row for ${email}`);
	return Number(v);
}

// ------------------------------------------------------------ mail

const mailCache = new Map(); // file name -> parsed mail

function decodeBody(raw, cte) {
	cte = (cte || '').toLowerCase();
	if (cte === 'base64') return Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('utf8');
	if (cte === 'quoted-printable') {
		const bytes = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
		return Buffer.from(bytes, 'latin1').toString('utf8');
	}
	return raw;
}

// parseMail reads one .eml of the sink (plain text mail, RFC 5322): the
// recipients from X-Sink-Rcpt-To and To, the subject and the decoded body.
function parseMail(name) {
	let m = mailCache.get(name);
	if (m) return m;
	const text = readFileSync(join(MAIL_DIR, name)).toString('utf8');
	const cut = text.search(/\r?\n\r?\n/);
	const head = cut < 0 ? text : text.slice(0, cut);
	const body = cut < 0 ? '' : text.slice(cut).replace(/^\r?\n\r?\n/, '');
	const headers = {};
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const i = line.indexOf(':');
		if (i > 0) {
			const k = line.slice(0, i).trim().toLowerCase();
			(headers[k] ||= []).push(line.slice(i + 1).trim());
		}
	}
	const rcpts = [...(headers['x-sink-rcpt-to'] || []), ...(headers.to || [])]
		.flatMap((v) => v.match(/[^\s<>,"]+@[^\s<>,"]+/g) || []).map((a) => a.toLowerCase());
	m = { name, rcpts, subject: (headers.subject || [''])[0],
		body: decodeBody(body, (headers['content-transfer-encoding'] || [''])[0]).replace(/\r\n/g, '\n') };
	mailCache.set(name, m);
	return m;
}

function mailFiles() {
	if (!existsSync(MAIL_DIR)) return [];
	return readdirSync(MAIL_DIR).filter((n) => n.endsWith('.eml') && !n.startsWith('.'));
}

// mailMark is the set of mails already delivered: waitMail looks only at newer ones.
export const mailMark = () => new Set(mailFiles());

// waitMail waits for a mail to `to`, not in `mark`, whose body matches re;
// returns the match.
export async function waitMail(to, re, mark, ms = 20000) {
	to = to.toLowerCase();
	return until(() => {
		for (const n of mailFiles()) {
			if (mark.has(n)) continue;
			const m = parseMail(n);
			if (!m.rcpts.includes(to)) continue;
			const hit = m.body.match(re);
			if (hit) return hit;
		}
		return null;
	}, `a mail to ${to} matching ${re} in ${MAIL_DIR}`, ms);
}

// waitCode is the 6-digit code of the next mail to `to`.
export async function waitCode(to, mark) {
	return (await waitMail(to, /(?<![0-9])([0-9]{6})(?![0-9])/, mark))[1];
}

// waitLink is the link to <path>?token=... of the next mail to `to`.  The
// link must point at the portal under test (its origin is public_origin).
export async function waitLink(to, path, mark) {
	const hit = await waitMail(to, new RegExp(`(https?://[^\\s/]+)/${path}\\?token=([A-Za-z0-9_\\-%.~]+)`), mark);
	eq(hit[1], new URL(BASE_URL).origin, `origin of the /${path} link mailed to ${to}`);
	return `${hit[1]}/${path}?token=${hit[2]}`;
}

// ------------------------------------------------------------ TOTP

// totp: RFC 6238 (HMAC-SHA1, 30 s step, 6 digits) over RFC 4226's dynamic
// truncation; secret in RFC 4648 base32.
export function totp(secretB32, t = Date.now()) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const c of secretB32.replace(/[\s=-]/g, '').toUpperCase()) {
		const v = alphabet.indexOf(c);
		check(v >= 0, `not base32: ${secretB32}`);
		bits += v.toString(2).padStart(5, '0');
	}
	const key = Buffer.from((bits.match(/.{8}/g) || []).map((b) => parseInt(b, 2)));
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(Math.floor(t / 1000 / 30)));
	const h = createHmac('sha1', key).update(msg).digest();
	const o = h[h.length - 1] & 0x0f;
	return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

// totpFreshStep waits for the start of a new 30 s step when the current one
// was already used (the server refuses a replayed step) or is about to end.
export async function totpFreshStep(usedAt = 0) {
	const step = (t) => Math.floor(t / 30000);
	for (;;) {
		const now = Date.now();
		const left = 30000 - (now % 30000);
		if (step(now) !== step(usedAt) && left > 4000) return;
		await sleep(left + 200);
	}
}
