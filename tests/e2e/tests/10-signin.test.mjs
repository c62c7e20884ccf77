// Sign in, log out, wrong password, throttling, keyboard only.

import { newDistributor, newInstaller } from '../accounts.mjs';
import { check, eq, q, sql, until } from '../lib.mjs';
import { test } from '../suite.mjs';
import {
	LOGIN_LABEL, button, expectPage, expectPath, expectSignedOut, field, formError, me, signIn, url,
} from '../ui.mjs';

test('sign-in: an installer lands on the dashboard, sees the shell, logs out', async (t) => {
	const inst = await newInstaller();
	const page = await t.page();
	await signIn(page, inst);
	await expectPage(page, '/dashboard', 'Dashboard');
	const [st, body] = await me(page);
	eq([st, body && body.stage, body && body.role], [200, 'done', 'installer'], 'GET /api/auth/me after sign-in');

	// The top bar: the bell, the account menu named by the account, Log out.
	await button(page, /Notifications/);
	const acctMenu = await button(page, new RegExp(inst.email.replace(/[.+]/g, '\\$&'), 'i'));
	const logout = page.getByRole('button', { name: 'Log out' }).or(page.getByRole('menuitem', { name: 'Log out' }));
	if (!(await logout.first().isVisible())) await acctMenu.click();
	await logout.first().click();
	await expectPage(page, '/sign-in', 'Sign in');
	await expectSignedOut(page);
	// Signed out means signed out: a portal page sends you back to sign-in.
	await page.goto(url('/dashboard'));
	await expectPath(page, '/sign-in');
});

test('sign-in: a distributor lands on the installers list', async (t) => {
	const dist = await newDistributor();
	const page = await t.page();
	await signIn(page, dist);
	await expectPage(page, '/distributor/installers', 'Installers');
	const [, body] = await me(page);
	eq(body && body.role, 'distributor', 'role in GET /api/auth/me');
});

test('sign-in: a wrong password shows an inline error and stays on sign-in', async (t) => {
	const inst = await newInstaller();
	const page = await t.page();
	await signIn(page, inst, `${inst.password}-wrong`);
	const msg = await formError(page, 'the sign-in error (role="alert")');
	check(/password|invalid|incorrect|wrong/i.test(msg), `the sign-in error does not say what is wrong: "${msg}"`);
	await expectPage(page, '/sign-in', 'Sign in');
	const [st] = await me(page);
	eq(st, 401, 'GET /api/auth/me after a wrong password');
	// The form stays usable: the login is kept, the right password works.
	eq(await (await field(page, LOGIN_LABEL)).inputValue(), inst.login, 'the login field after the error');
	await (await field(page, 'Password', { exact: true })).fill(inst.password);
	await (await button(page, 'Sign in')).click();
	await expectPage(page, '/dashboard', 'Dashboard');
});

test('sign-in: a throttled account shows the Retry-After seconds', async (t) => {
	const inst = await newInstaller();
	// Five recent failures for this account from another address: the account
	// is locked for a minute without touching 127.0.0.1's own count (which
	// every other test, and the people using the dev stack, sign in from).
	sql(`INSERT INTO login_attempts (account_id, login, ip, success, created_at) VALUES ${
		[1, 2, 3, 4, 5].map((i) => `(${inst.id}, ${q(inst.login)}, '192.0.2.77', 0, UTC_TIMESTAMP(3) + INTERVAL ${i} MICROSECOND)`).join(', ')}`);
	try {
		const page = await t.page();
		await signIn(page, inst);
		const msg = await formError(page, 'the throttling error (role="alert")');
		check(/Too many attempts\. Try again in \d+ seconds?\./.test(msg),
			`the 429 message is "${msg}", not "Too many attempts. Try again in N seconds."`);
		const n = Number(msg.match(/in (\d+) second/)[1]);
		check(n > 0 && n <= 60, `Retry-After shown as ${n} s, expected 1..60`);
		await expectPage(page, '/sign-in', 'Sign in');
	} finally {
		sql(`DELETE FROM login_attempts WHERE account_id = ${inst.id}`);
	}
});

test('sign-in: keyboard only (Tab, type, Enter) with a visible focus', async (t) => {
	const inst = await newInstaller();
	const page = await t.page();
	await page.goto(url('/sign-in'));
	await expectPage(page, '/sign-in', 'Sign in');
	const loginId = await (await field(page, LOGIN_LABEL)).getAttribute('id');
	const pwId = await (await field(page, 'Password', { exact: true })).getAttribute('id');
	const focused = () => page.evaluate(() => (document.activeElement ? document.activeElement.id : ''));
	// Tab from the top of the page to the login field.
	let i = 0;
	for (; i < 20 && (await focused()) !== loginId; i++) await page.keyboard.press('Tab');
	check((await focused()) === loginId, 'Tab never reached the login field');
	// Focus must be visible: an outline or a box-shadow on the focused field.
	const ring = await page.evaluate(() => {
		const s = getComputedStyle(document.activeElement);
		return { outline: `${s.outlineStyle} ${s.outlineWidth}`, shadow: s.boxShadow };
	});
	check(!/^none|0px$/.test(ring.outline) || (ring.shadow && ring.shadow !== 'none'),
		`no visible focus on the login field (outline ${ring.outline}, box-shadow ${ring.shadow})`);
	await page.keyboard.type(inst.login);
	for (i = 0; i < 4 && (await focused()) !== pwId; i++) await page.keyboard.press('Tab');
	check((await focused()) === pwId, 'Tab from the login field never reached the password field');
	await page.keyboard.type(inst.password);
	await page.keyboard.press('Enter');
	await expectPage(page, '/dashboard', 'Dashboard');
	await until(async () => (await me(page))[0] === 200, 'the session after a keyboard sign-in');
});
