// Forgot password -> the reset link from the SMTP capture -> sign in with the
// new password; and Settings: change the password, notifications off.

import { newInstaller } from '../accounts.mjs';
import { check, eq, mailMark, sqlOne, uniqEmail, uniqPassword, until, waitLink } from '../lib.mjs';
import { test } from '../suite.mjs';
import {
	EMAIL_LABEL, action, button, errorText, expectPage, expectPath, field, fillSignIn, formError, goNav, me, signIn, signInHome, toastText, url,
} from '../ui.mjs';

// fillNewPassword fills "New password" and, when the form has one, its
// confirmation field.
async function fillNewPassword(page, pw) {
	await (await field(page, /^new password$/i)).fill(pw);
	const confirm = page.getByLabel(/confirm|repeat|again/i);
	if (await confirm.count()) await confirm.first().fill(pw);
}

test('password: forgot -> mailed reset link -> sign in with the new password', async (t) => {
	const inst = await newInstaller();
	const page = await t.page();
	await page.goto(url('/sign-in'));
	await expectPage(page, '/sign-in', 'Sign in');
	await (await action(page, /forgot/i)).click();
	await expectPage(page, '/forgot-password', 'Forgot password');
	await (await field(page, EMAIL_LABEL)).fill(inst.email);
	const mark = mailMark();
	await (await button(page, /send|reset|continue/i)).click();
	// The same answer whether or not the address exists; it says to check mail.
	await until(async () => /check|sent|mail/i.test(await page.locator('main').innerText()),
		'word that a reset link was sent');
	const link = await waitLink(inst.email, 'reset-password', mark);

	await page.goto(link);
	await expectPage(page, '/reset-password', 'Reset password');
	const fresh = uniqPassword();
	await fillNewPassword(page, fresh);
	await (await button(page, /reset|save|change|set/i)).click();
	// Done: on to sign-in (or a link there), where the new password works.
	await until(async () => new URL(page.url()).pathname === '/sign-in' ||
		(await page.getByRole('link', { name: /sign in/i }).count()) > 0, 'sign-in after the reset');
	if (new URL(page.url()).pathname !== '/sign-in') await (await action(page, /sign in/i)).click();
	await expectPage(page, '/sign-in', 'Sign in');
	inst.password = fresh;
	await fillSignIn(page, inst.login, fresh);
	await expectPage(page, '/dashboard', 'Dashboard');

	// The link is single use.
	await page.context().clearCookies();
	await page.goto(link);
	await expectPage(page, '/reset-password', 'Reset password');
	await fillNewPassword(page, uniqPassword());
	await (await button(page, /reset|save|change|set/i)).click();
	const msg = await formError(page, 'the error for a used reset link');
	check(/invalid|expired|used|no longer/i.test(msg), `the error for a used link: "${msg}"`);
});

test('settings: change the password in Account Setting', async (t) => {
	const inst = await newInstaller();
	const page = await t.page();
	await signInHome(page, inst);
	await goNav(page, 'Account Setting', 'Settings');
	await expectPage(page, '/settings/account', 'Account Setting');

	// A wrong current password is shown on that field.
	const current = await field(page, /current password/i);
	await current.fill(`${inst.password}-wrong`);
	const fresh = uniqPassword();
	await fillNewPassword(page, fresh);
	await (await button(page, /change password|save/i)).click();
	const err = await errorText(page, current, 'the error for a wrong current password');
	check(/password/i.test(err), `the error for a wrong current password: "${err}"`);

	await current.fill(inst.password);
	await fillNewPassword(page, fresh);
	await (await button(page, /change password|save/i)).click();
	await toastText(page, /./, 'a confirmation toast (role="status")');
	eq((await me(page))[0], 200, 'still signed in after changing the password');

	// The new password is the one that works now.
	await page.context().clearCookies();
	await signIn(page, inst, fresh);
	await expectPage(page, '/dashboard', 'Dashboard');
});

test('settings: notifications off in Settings > Notification', async (t) => {
	const inst = await newInstaller();
	const page = await t.page();
	await signInHome(page, inst);
	await goNav(page, 'Notification', 'Settings');
	await expectPage(page, '/settings/notification', 'Notification');
	const sw = page.getByRole('checkbox', { name: /notification/i }).or(page.getByRole('switch', { name: /notification/i }));
	await sw.first().waitFor({ state: 'visible' });
	check(await sw.first().isChecked(), 'notifications are on for a new account');
	await sw.first().click();
	const save = page.getByRole('button', { name: /^Save/ });
	if (await save.count()) await save.first().click();
	await toastText(page, /./, 'a confirmation toast (role="status")');
	await until(() => sqlOne(`SELECT notifications_enabled FROM accounts WHERE id = ${inst.id}`) === '0',
		'accounts.notifications_enabled = 0');
	await page.reload();
	await expectPage(page, '/settings/notification', 'Notification');
	await sw.first().waitFor({ state: 'visible' });
	check(!(await sw.first().isChecked()), 'notifications show as off after a reload');
});

test('settings: a new e-mail in Settings > Notification counts once confirmed from the mail', async (t) => {
	const inst = await newInstaller();
	const page = await t.page();
	await signInHome(page, inst);
	await goNav(page, 'Notification', 'Settings');
	await expectPage(page, '/settings/notification', 'Notification');
	const addr = uniqEmail('e2e-newaddr');
	await (await field(page, /new e-?mail/i)).fill(addr);
	const mark = mailMark();
	await (await button(page, /change e-?mail|save/i)).click();
	await toastText(page, /./, 'a confirmation toast (role="status")');
	// Not yet: the address counts only once confirmed.
	eq(sqlOne(`SELECT email FROM accounts WHERE id = ${inst.id}`), inst.email, 'accounts.email before confirming');
	const link = await waitLink(addr, 'confirm-email', mark);
	await page.goto(link);
	await expectPath(page, '/confirm-email');
	await until(() => sqlOne(`SELECT email FROM accounts WHERE id = ${inst.id}`) === addr, 'accounts.email = the new address');
	await page.goto(url('/settings/notification'));
	await expectPage(page, '/settings/notification', 'Notification');
	await until(async () => (await page.locator('main').innerText()).includes(addr), 'the new address shown on the page');
});

test('settings: Installer App account on in Account Setting', async (t) => {
	const inst = await newInstaller();
	const page = await t.page();
	await signInHome(page, inst);
	await goNav(page, 'Account Setting', 'Settings');
	await expectPage(page, '/settings/account', 'Account Setting');
	const sw = page.getByRole('checkbox', { name: /installer app/i }).or(page.getByRole('switch', { name: /installer app/i }));
	await sw.first().waitFor({ state: 'visible' });
	check(!(await sw.first().isChecked()), 'Installer App account is off for a new account');
	await sw.first().click();
	const save = page.getByRole('button', { name: /^Save/ });
	if (await save.count()) await save.first().click();
	await until(() => sqlOne(`SELECT installer_app FROM accounts WHERE id = ${inst.id}`) === '1', 'accounts.installer_app = 1');
	await page.reload();
	await expectPage(page, '/settings/account', 'Account Setting');
	await sw.first().waitFor({ state: 'visible' });
	check(await sw.first().isChecked(), 'Installer App account shows on after a reload');
});
