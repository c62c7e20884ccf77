// The screenshot pass: each page at 1280 px and 768 px wide, saved under
// $VB_E2E_OUT/screenshots/<page>-<width>.png for people to look at (the
// issue asks for a product installers would trust).  Nothing about the looks
// is asserted; the pages must load without console errors like everywhere.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { newDistributor, newInstaller, patchInstaller } from '../accounts.mjs';
import { OUT, mailMark, waitCode } from '../lib.mjs';
import { test } from '../suite.mjs';
import { CODE_LABEL, button, expectPage, expectPath, field, fillSignIn, signIn, url } from '../ui.mjs';

const DIR = join(OUT, 'screenshots');
const WIDTHS = [1280, 768];

async function shoot(page, name) {
	// Let fonts and the page's last fetches settle.
	await page.waitForLoadState('networkidle').catch(() => {});
	for (const w of WIDTHS) {
		await page.setViewportSize({ width: w, height: 900 });
		await page.waitForTimeout(150);
		await page.screenshot({ path: join(DIR, `${name}-${w}.png`), fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}

const INSTALLER_PAGES = [
	['dashboard', '/dashboard'], ['sites', '/sites'], ['subscriptions', '/subscriptions'],
	['settings-account', '/settings/account'], ['settings-notification', '/settings/notification'],
	['settings-security', '/settings/security'], ['notifications', '/notifications'],
	['privacy-policy', '/privacy-policy'],
];

test('screenshots: every page at 1280 and 768 px', async (t) => {
	mkdirSync(DIR, { recursive: true });
	const page = await t.page({ viewport: { width: 1280, height: 900 } });

	// Signed out.
	for (const [name, p] of [['sign-in', '/sign-in'], ['forgot-password', '/forgot-password'],
		['reset-password', '/reset-password?token=screenshot'], ['privacy-policy-public', '/privacy-policy']]) {
		await page.goto(url(p));
		await expectPath(page, p.split('?')[0]);
		await shoot(page, name);
	}
	await signIn(page, { login: 'nobody@example.com', password: 'wrong-password' });
	await page.getByRole('alert').filter({ hasText: /\S/ }).first().waitFor({ state: 'visible' });
	await shoot(page, 'sign-in-error');

	// The first sign-in steps.
	const fresh = await newInstaller({ ready: false });
	await patchInstaller(fresh, { twofa_enabled: true });
	const mark = mailMark();
	await page.goto(url('/sign-in'));
	await fillSignIn(page, fresh.login, fresh.password);
	await expectPage(page, '/sign-in/2fa', 'Two-step verification');
	await shoot(page, 'sign-in-2fa');
	await (await field(page, CODE_LABEL)).fill(await waitCode(fresh.email, mark));
	await (await button(page, /^(Verify|Continue|Sign in)$/)).click();
	await expectPage(page, '/sign-in/privacy', 'Privacy Policy');
	await shoot(page, 'sign-in-privacy');
	await (await button(page, /^Agree$/)).click();
	await expectPage(page, '/sign-in/service-provider', 'Service Provider Information');
	await shoot(page, 'sign-in-service-provider');

	// An installer's pages.
	await page.context().clearCookies();
	const inst = await newInstaller();
	await signIn(page, inst);
	await expectPage(page, '/dashboard', 'Dashboard');
	for (const [name, p] of INSTALLER_PAGES) {
		await page.goto(url(p));
		await expectPage(page, p, /\S/);
		await shoot(page, name);
	}

	// A distributor's installers list, with a few rows.
	await page.context().clearCookies();
	const dist = await newDistributor();
	for (let i = 0; i < 3; i++) await newInstaller({ dist, ready: false, name: `Demo Installer ${i + 1}` });
	await signIn(page, dist);
	await expectPage(page, '/distributor/installers', 'Installers');
	await page.getByRole('row').nth(3).waitFor({ state: 'visible' }).catch(() => {});
	await shoot(page, 'distributor-installers');
	t.log(`screenshots in ${DIR}`);
}, { timeout: 240000 });
