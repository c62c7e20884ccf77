// ui.mjs - the portal as the tests see it, through the conventions of
// PORTAL.md only: real URLs, <label>s, roles and visible names, the one <h1>
// in <main>, aria-invalid + "<id>-error" for field errors, role="alert" for
// form errors, role="status" for toasts.  When the portal breaks one of
// these, a test fails here with a message saying which.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_URL, OUT, check, eq, fail, until } from './lib.mjs';

export const url = (path) => `${BASE_URL}${path}`;

// Labels of the sign-in form.  PORTAL.md fixes the button ("Sign in"), not
// the label texts, so these accept the usual wordings.
export const LOGIN_LABEL = /e-?mail|user ?name|login/i;
export const CODE_LABEL = /code/i;
// An e-mail field's label ("E-mail", "Email", "E-mail address"), anchored so
// that a form's aria-label ("Confirm your e-mail") does not match too.
export const EMAIL_LABEL = /^e-?mail( address)?$/i;

export const path = (page) => new URL(page.url()).pathname;

export async function h1Text(page) {
	const h = page.locator('main h1');
	const n = await h.count();
	if (n !== 1) return n === 0 ? '(no <h1> in <main>)' : `(${n} <h1> in <main>)`;
	return ((await h.textContent()) || '').trim();
}

// expectPage waits until the address is `p` and the page's only <h1> in
// <main> reads `heading` (a string: exactly; a RegExp: matching).
export async function expectPage(page, p, heading, ms = 10000) {
	let last = '';
	try {
		await until(async () => {
			const h = await h1Text(page);
			last = `${path(page)} "${h}"`;
			const okH = heading === undefined || (heading instanceof RegExp ? heading.test(h) : h === heading);
			return path(page) === p && okH;
		}, `page ${p}${heading !== undefined ? ` with heading "${heading}"` : ''}`, ms);
	} catch (e) {
		fail(`${e.message}; the browser is at ${last}`);
	}
}

export async function expectPath(page, p, ms = 10000) {
	await until(() => path(page) === p, `address ${p} (at ${page.url()})`, ms);
}

// expectNoText: nothing in <main> reads like a failure.
export async function expectNoAlert(page) {
	const alerts = page.getByRole('alert');
	for (let i = 0; i < (await alerts.count()); i++) {
		const t = ((await alerts.nth(i).textContent()) || '').trim();
		if (t && (await alerts.nth(i).isVisible())) fail(`unexpected alert on ${path(page)}: "${t}"`);
	}
}

// formError is the visible form-level error (role="alert") text, once shown.
export async function formError(page, what = 'a form error (role="alert")') {
	return until(async () => {
		const alerts = page.getByRole('alert');
		for (let i = 0; i < (await alerts.count()); i++) {
			const a = alerts.nth(i);
			const t = ((await a.textContent()) || '').trim();
			if (t && (await a.isVisible())) return t;
		}
		return null;
	}, what);
}

// fieldError checks the PORTAL.md shape of an inline field error on input
// `loc` and returns its message.
export async function fieldError(page, loc, what) {
	await until(async () => (await loc.getAttribute('aria-invalid')) === 'true', `${what}: aria-invalid="true" on the input`);
	const id = await loc.getAttribute('id');
	check(id, `${what}: the input has no id`);
	const described = ((await loc.getAttribute('aria-describedby')) || '').split(/\s+/);
	check(described.includes(`${id}-error`), `${what}: aria-describedby of #${id} is "${described.join(' ')}", not "${id}-error"`);
	const msg = page.locator(`[id="${id}-error"]`);
	await until(async () => (await msg.count()) === 1 && (await msg.isVisible()), `${what}: a visible #${id}-error`);
	const cls = (await msg.getAttribute('class')) || '';
	check(cls.split(/\s+/).includes('field-error'), `${what}: #${id}-error lacks class field-error (class="${cls}")`);
	return ((await msg.textContent()) || '').trim();
}

// errorText is what the page says went wrong: a field error on `loc` if it
// has one, else the form's alert.
export async function errorText(page, loc, what) {
	await until(async () => (await loc.getAttribute('aria-invalid')) === 'true' ||
		(await page.getByRole('alert').filter({ hasText: /\S/ }).count()) > 0, what);
	if ((await loc.getAttribute('aria-invalid')) === 'true') return fieldError(page, loc, what);
	return formError(page, what);
}

export async function toastText(page, re, what = 'a toast (role="status")') {
	return until(async () => {
		const st = page.getByRole('status');
		for (let i = 0; i < (await st.count()); i++) {
			const t = ((await st.nth(i).textContent()) || '').trim();
			if (t && (!re || re.test(t))) return t;
		}
		return null;
	}, what);
}

// button: the one visible button whose name matches; fails naming what was there.
export async function button(page, name, scope) {
	const root = scope || page;
	const loc = root.getByRole('button', { name });
	try {
		await loc.first().waitFor({ state: 'visible', timeout: 10000 });
	} catch {
		const names = await root.getByRole('button').evaluateAll((els) =>
			els.filter((e) => e.offsetParent !== null).map((e) => (e.getAttribute('aria-label') || e.textContent || '').trim()));
		fail(`no visible button named ${name} on ${path(page)}; buttons: ${JSON.stringify(names)}`);
	}
	return loc.first();
}

export async function link(page, name, scope) {
	const root = scope || page;
	const loc = root.getByRole('link', { name });
	try {
		await loc.first().waitFor({ state: 'visible', timeout: 10000 });
	} catch {
		const names = await root.getByRole('link').evaluateAll((els) =>
			els.filter((e) => e.offsetParent !== null).map((e) => (e.textContent || '').trim()));
		fail(`no visible link named ${name} on ${path(page)}; links: ${JSON.stringify(names)}`);
	}
	return loc.first();
}

// field: the input labelled `label` (PORTAL.md: every input has a <label for>).
export async function field(page, label, opts = {}) {
	const loc = page.getByLabel(label, opts);
	try {
		await loc.first().waitFor({ state: 'visible', timeout: 10000 });
	} catch {
		const labels = await page.locator('label').evaluateAll((els) => els.map((e) => (e.textContent || '').trim()));
		fail(`no visible input labelled ${label} on ${path(page)}; labels: ${JSON.stringify(labels)}`);
	}
	const n = await loc.count();
	check(n === 1, `${n} inputs labelled ${label} on ${path(page)}`);
	return loc;
}

// confirmIfAsked: when an action opens the confirm dialog, press its confirm
// button (the one that is not "Cancel").
export async function confirmIfAsked(page, ms = 1500) {
	const dlg = page.getByRole('dialog');
	try {
		await dlg.first().waitFor({ state: 'visible', timeout: ms });
	} catch {
		return false;
	}
	await dlg.first().getByRole('button', { name: 'Cancel', exact: true }).waitFor({ state: 'visible' });
	const buttons = dlg.first().getByRole('button');
	for (let i = 0; i < (await buttons.count()); i++) {
		const b = buttons.nth(i);
		const name = ((await b.getAttribute('aria-label')) || (await b.textContent()) || '').trim();
		if (name !== 'Cancel' && (await b.isVisible()) && name && !/^close$|^×$/i.test(name)) {
			await b.click();
			await dlg.first().waitFor({ state: 'hidden' });
			return true;
		}
	}
	fail('the confirm dialog has no confirm button besides "Cancel"');
	return false;
}

// fillSignIn fills the sign-in form and presses "Sign in".
export async function fillSignIn(page, login, password) {
	await (await field(page, LOGIN_LABEL)).fill(login);
	await (await field(page, 'Password', { exact: true })).fill(password);
	await (await button(page, 'Sign in')).click();
}

// signIn opens /sign-in and signs acct in (password: another than acct's);
// it does not wait for where that leads.
export async function signIn(page, acct, password) {
	await page.goto(url('/sign-in'));
	await expectPage(page, '/sign-in', 'Sign in');
	await fillSignIn(page, acct.login, password || acct.password);
}

export const HOME = { installer: ['/dashboard', 'Dashboard'], distributor: ['/distributor/installers', 'Installers'] };

// signInHome signs a ready account in and waits for its home page.
export async function signInHome(page, acct) {
	await signIn(page, acct);
	await expectPage(page, ...HOME[acct.role]);
}

// me is GET /api/auth/me with the browser's own cookies: [status, body].
export async function me(page) {
	const r = await page.request.get(url('/api/auth/me'));
	let body = null;
	try {
		body = await r.json();
	} catch {
		body = null;
	}
	return [r.status(), body];
}

export async function expectSignedOut(page) {
	const [st] = await me(page);
	eq(st, 401, 'GET /api/auth/me with the browser\'s cookies after signing out');
}

// nav: the left column (PORTAL.md: <nav aria-label="Main">).
export const nav = (page) => page.getByRole('navigation', { name: 'Main' });

// goNav follows a link of the main navigation by its name, opening a
// collapsed group (Subscriptions, Settings) first when the link is hidden.
export async function goNav(page, name, group) {
	const n = nav(page);
	await n.waitFor({ state: 'visible', timeout: 10000 });
	let l = n.getByRole('link', { name, exact: true });
	if (group && !(await l.first().isVisible().catch(() => false))) {
		const g = n.getByRole('button', { name: group, exact: true });
		if (await g.count()) await g.first().click();
		else await n.getByRole('link', { name: group, exact: true }).first().click();
	}
	l = n.getByRole('link', { name, exact: true });
	try {
		await l.first().waitFor({ state: 'visible', timeout: 5000 });
	} catch {
		const names = await n.getByRole('link').evaluateAll((els) => els.map((e) => (e.textContent || '').trim()));
		fail(`no link "${name}" in the main navigation; it has ${JSON.stringify(names)}`);
	}
	await l.first().click();
}

// action: a button or a link with that name (for steps like "Skip", where
// either element is right).
export async function action(page, name, scope) {
	const root = scope || page;
	const loc = root.getByRole('button', { name }).or(root.getByRole('link', { name }));
	try {
		await loc.first().waitFor({ state: 'visible', timeout: 10000 });
	} catch {
		fail(`no visible button or link named ${name} on ${path(page)}`);
	}
	return loc.first();
}

// shoot saves full-page screenshots of `page` at each width (1280 and 768 px
// by default) as $VB_E2E_OUT/screenshots/<name>-<width>.png, for people to
// look at; nothing is asserted.  The viewport is 1280 px wide afterwards.
export async function shoot(page, name, widths = [1280, 768]) {
	const dir = join(OUT, 'screenshots');
	mkdirSync(dir, { recursive: true });
	await page.waitForLoadState('networkidle').catch(() => {});
	// From the top: a scrolled page draws its sticky parts mid-picture.
	await page.evaluate(() => window.scrollTo(0, 0));
	for (const w of widths) {
		await page.setViewportSize({ width: w, height: 900 });
		await page.waitForTimeout(150);
		await page.screenshot({ path: join(dir, `${name}-${w}.png`), fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}
