// Every input has its own <label for=...>, and the label is visible, except
// for the controls of a data table row (the column header names them on
// screen) and a search box (its placeholder and icon do): there the label
// may be visually hidden but must still be there for screen readers.
// Checked on each page a signed-in installer and distributor reach, and on
// the signed-out pages.

import { newDistributor, newInstaller } from '../accounts.mjs';
import { check } from '../lib.mjs';
import { test } from '../suite.mjs';
import { expectPage, expectPath, signInHome, url } from '../ui.mjs';

// labelProblems lists the visible form controls of the page without a
// visible <label for=...> of their own.
async function labelProblems(page) {
	return page.evaluate(() => {
		const shown = (el) => {
			const r = el.getBoundingClientRect();
			const s = getComputedStyle(el);
			return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none' &&
				!/rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)|inset\(50%\)/.test(`${s.clip} ${s.clipPath}`);
		};
		const out = [];
		for (const el of document.querySelectorAll('input, select, textarea')) {
			if (['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type)) continue;
			// A control styled as a switch hides the real checkbox; its label counts.
			const labels = [...(el.labels || [])].filter((l) => l.htmlFor === el.id);
			const what = `${el.tagName.toLowerCase()}${el.type ? `[type=${el.type}]` : ''}#${el.id || '(no id)'}` +
				` (${el.getAttribute('aria-label') || el.name || ''})`;
			if (!shown(el) && !labels.some(shown) && !(el.parentElement && shown(el.parentElement))) continue;
			if (!el.id) out.push(`${what}: no id`);
			else if (!labels.length) out.push(`${what}: no <label for="${el.id}">`);
			else if (!labels.some(shown) && el.type !== 'search' && !el.closest('td, th'))
				out.push(`${what}: its <label> is not visible`);
		}
		return out;
	});
}

const PAGES = {
	out: ['/sign-in', '/forgot-password', '/reset-password?token=x'],
	installer: ['/dashboard', '/settings/account', '/settings/notification', '/settings/security', '/notifications'],
	distributor: ['/distributor/installers'],
};

test('a11y: every input has a <label for>, visible outside table rows and search boxes', async (t) => {
	const problems = [];
	const visit = async (page, p) => {
		await page.goto(url(p));
		await expectPath(page, p.split('?')[0]);
		await expectPage(page, p.split('?')[0], /\S/);
		// Tables and forms fill in after their fetches.
		await page.waitForLoadState('networkidle').catch(() => {});
		for (const x of await labelProblems(page)) problems.push(`${p}: ${x}`);
	};
	const page = await t.page();
	for (const p of PAGES.out) await visit(page, p);
	const inst = await newInstaller({ ready: true });
	await signInHome(page, inst);
	for (const p of PAGES.installer) await visit(page, p);
	await page.context().clearCookies();
	const dist = await newDistributor();
	await newInstaller({ dist, ready: false, name: 'Label Check' });
	await signInHome(page, dist);
	for (const p of PAGES.distributor) await visit(page, p);
	check(problems.length === 0, `inputs without a proper <label for>:\n${problems.join('\n')}`);
});
