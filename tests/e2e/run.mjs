// run.mjs - runs the Vestibule browser tests: playwright-core driving
// Debian's Chromium (never a downloaded browser) against a running stack.
//
//   node tests/e2e/run.mjs [NAME-PART...]   only the tests whose name holds one of them
//
// Settings come from the environment (see lib.mjs; defaults reach the dev
// stack).  Each test gets fresh browser contexts (no shared cookies) and
// fresh accounts.  A test fails on a broken expectation, on any console error
// or uncaught exception in its pages, and on any 5xx from the API; the
// failure leaves a screenshot under $VB_E2E_OUT/e2e-failures/.  The last line
// is "N passed, N failed" (conf/devstack.sh adds it to its total); the exit
// status is 1 when any test failed.

import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { BASE_URL, CHROMIUM, CHROMIUM_ARGS, OUT } from './lib.mjs';
import { tests } from './suite.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const FAIL_DIR = join(OUT, 'e2e-failures');

// Chromium reports every 4xx answer to fetch() as a console error ("Failed
// to load resource ... status of 401").  4xx answers are part of the flows
// under test (a wrong password is a 401), so only those are let through;
// 5xx are caught from the responses themselves.
const EXPECTED_CONSOLE = /^Failed to load resource: the server responded with a status of 4\d\d/;

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function withTimeout(promise, ms, name) {
	let timer;
	const t = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`the test did not finish within ${ms / 1000} s`)), ms);
	});
	return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

// T is what a test function gets.
class T {
	constructor(browser, name) {
		this.browser = browser;
		this.name = name;
		this.contexts = [];
		this.pages = [];
		this.errors = [];
	}

	// page opens a fresh context (its own cookies) and a page in it, watched
	// for console errors, uncaught exceptions and API 5xx.  opts go to
	// browser.newContext (default viewport 1280x800).
	async page(opts = {}) {
		const ctx = await this.browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts });
		ctx.setDefaultTimeout(10000);
		ctx.setDefaultNavigationTimeout(20000);
		this.contexts.push(ctx);
		const page = await ctx.newPage();
		const tag = this.pages.length ? ` (page ${this.pages.length + 1})` : '';
		this.pages.push(page);
		page.on('console', (m) => {
			if (m.type() !== 'error' || EXPECTED_CONSOLE.test(m.text())) return;
			const loc = m.location();
			this.errors.push(`console error${tag} on ${page.url()}: ${m.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
		});
		page.on('pageerror', (e) => this.errors.push(`uncaught exception${tag} on ${page.url()}: ${e.message}`));
		page.on('response', (r) => {
			if (r.status() >= 500 && new URL(r.url()).pathname.startsWith('/api/'))
				this.errors.push(`${r.request().method()} ${new URL(r.url()).pathname} answered ${r.status()}${tag}`);
		});
		return page;
	}

	// log prints a note under the test's line (for what is worth telling
	// but not worth failing).
	log(msg) {
		console.log(`     note: ${msg}`);
	}

	async screenshots() {
		const out = [];
		mkdirSync(FAIL_DIR, { recursive: true });
		for (let i = 0; i < this.pages.length; i++) {
			const p = join(FAIL_DIR, `${slug(this.name)}${i ? `-${i + 1}` : ''}.png`);
			try {
				if (this.pages[i].isClosed()) continue;
				await this.pages[i].screenshot({ path: p, fullPage: true, timeout: 5000 });
				out.push(p);
			} catch {
				// a page that crashed has nothing to show
			}
		}
		return out;
	}

	async close() {
		for (const c of this.contexts) await c.close().catch(() => {});
	}
}

async function main() {
	const filters = process.argv.slice(2);
	if (!existsSync(CHROMIUM)) {
		console.log(`e2e: ${CHROMIUM} is missing (apt-get install chromium)`);
		console.log('0 passed, 1 failed');
		return 1;
	}
	for (const f of readdirSync(join(HERE, 'tests')).filter((n) => n.endsWith('.test.mjs')).sort())
		await import(pathToFileURL(join(HERE, 'tests', f)).href);
	// A stack that is not there fails once, not once per test.
	try {
		await fetch(`${BASE_URL}/sign-in`, { signal: AbortSignal.timeout(5000) });
	} catch (e) {
		console.log(`e2e: ${BASE_URL} does not answer (${e.cause ? e.cause.code || e.cause.message : e.message}); is the stack running?`);
		console.log('0 passed, 1 failed');
		return 1;
	}
	const chosen = tests.filter((t) => !filters.length || filters.some((f) => t.name.includes(f)));
	rmSync(FAIL_DIR, { recursive: true, force: true });

	console.log(`e2e: ${chosen.length} tests against ${BASE_URL} with ${CHROMIUM}`);
	const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
	let passed = 0;
	let failed = 0;
	try {
		for (const t of chosen) {
			const tt = new T(browser, t.name);
			const t0 = Date.now();
			let err = null;
			try {
				await withTimeout(t.fn(tt), t.timeout, t.name);
				// Late console errors (after the last step) count too.
				await new Promise((r) => setTimeout(r, 200));
			} catch (e) {
				err = e;
			}
			if (!err && tt.errors.length) err = new Error(tt.errors.join('\n       '));
			else if (err && tt.errors.length) err.message += `\n       also: ${tt.errors.join('\n       also: ')}`;
			const secs = ((Date.now() - t0) / 1000).toFixed(1);
			if (err) {
				failed += 1;
				const shots = await tt.screenshots();
				const msg = err.message.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((l) => l.replace(/^\s+/, '')).join('\n       ');
				console.log(`FAIL ${t.name} (${secs} s)\n       ${msg}`);
				if (!(err.name === 'Failure' || err.constructor.name === 'Failure') && err.stack)
					console.log(`       ${err.stack.split('\n').slice(1, 4).map((l) => l.trim()).join('\n       ')}`);
				for (const s of shots) console.log(`       screenshot: ${s}`);
			} else {
				passed += 1;
				console.log(`ok   ${t.name} (${secs} s)`);
			}
			await tt.close();
		}
	} finally {
		await browser.close().catch(() => {});
	}
	console.log(`${passed} passed, ${failed} failed`);
	return failed ? 1 : 0;
}

main().then((rc) => process.exit(rc), (e) => {
	console.log(`e2e: ${e.stack || e}`);
	console.log('0 passed, 1 failed');
	process.exit(1);
});
