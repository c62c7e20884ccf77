// First sign-in steps: the privacy policy (disagree, agree), the Service
// Provider Information form (skip, save), and the e-mail confirmation of an
// installer a distributor created (link from the mail).

import { apiSignIn, newDistributor, newInstaller } from '../accounts.mjs';
import { check, eq, mailMark, sqlOne, uniq, uniqEmail, uniqPassword, until, waitLink } from '../lib.mjs';
import { test } from '../suite.mjs';
import {
	EMAIL_LABEL, action, button, confirmIfAsked, expectPage, expectPath, expectSignedOut, field, fieldError, me, signIn, url,
} from '../ui.mjs';

test('privacy: disagree signs out and returns to sign-in', async (t) => {
	const inst = await newInstaller({ ready: false });
	const page = await t.page();
	await signIn(page, inst);
	await expectPage(page, '/sign-in/privacy', 'Privacy Policy');
	// The policy itself is on the page.
	await page.locator('main').getByText(/collect/i).first().waitFor({ state: 'visible' });
	await (await button(page, /^Disagree$/)).click();
	await confirmIfAsked(page);
	await expectPage(page, '/sign-in', 'Sign in');
	await expectSignedOut(page);
	eq(sqlOne(`SELECT COUNT(*) FROM privacy_acceptances WHERE account_id = ${inst.id}`), '0', 'acceptances after disagree');
	// Not signed in: a portal page sends you to sign-in.
	await page.goto(url('/dashboard'));
	await expectPath(page, '/sign-in');
});

test('privacy: agree, then skip the Service Provider Information', async (t) => {
	const inst = await newInstaller({ ready: false });
	const page = await t.page();
	await signIn(page, inst);
	await expectPage(page, '/sign-in/privacy', 'Privacy Policy');
	await (await button(page, /^Agree$/)).click();
	await expectPage(page, '/sign-in/service-provider', 'Service Provider Information');
	await (await action(page, /^Skip$/)).click();
	await expectPage(page, '/dashboard', 'Dashboard');
	eq(sqlOne(`SELECT COUNT(*) FROM privacy_acceptances WHERE account_id = ${inst.id}`), '1', 'acceptances after agree');
	eq(sqlOne(`SELECT COUNT(*) FROM service_provider_info WHERE account_id = ${inst.id}`), '0',
		'service_provider_info rows after skip');
});

test('privacy: the Service Provider Information form saves, with inline errors', async (t) => {
	const inst = await newInstaller({ ready: false });
	const page = await t.page();
	await signIn(page, inst);
	await expectPage(page, '/sign-in/privacy', 'Privacy Policy');
	await (await button(page, /^Agree$/)).click();
	await expectPage(page, '/sign-in/service-provider', 'Service Provider Information');
	const company = `Acme Doors ${uniq('co')}`;
	await (await field(page, /company/i)).fill(company);
	const phone = await field(page, /phone/i);
	await phone.fill('not a phone');
	await (await button(page, /^Save/)).click();
	// The API names the field at fault; the form shows it on that input.
	await expectPage(page, '/sign-in/service-provider', 'Service Provider Information');
	const msg = await fieldError(page, phone, 'the phone field error');
	check(msg.length > 0, 'an empty phone error message');
	await phone.fill('+4930123456');
	await (await button(page, /^Save/)).click();
	await expectPage(page, '/dashboard', 'Dashboard');
	eq(sqlOne(`SELECT CONCAT(company_name, '|', phone) FROM service_provider_info WHERE account_id = ${inst.id}`),
		`${company}|+4930123456`, 'the saved Service Provider Information');
});

test('email: an installer created by a distributor confirms the e-mail from the mailed link', async (t) => {
	const dist = await newDistributor();
	const dc = await apiSignIn(dist);
	const email = uniqEmail('e2e-new');
	const password = uniqPassword();
	const created = await dc.call('POST', '/api/distributor/installers', { email, password, name: 'New Installer' }, 201);
	await dc.dispose();
	const inst = { id: created.id, role: 'installer', email, login: email, password };

	const page = await t.page();
	await signIn(page, inst);
	await expectPage(page, '/sign-in/privacy', 'Privacy Policy');
	await (await button(page, /^Agree$/)).click();
	await expectPage(page, '/sign-in/service-provider', 'Service Provider Information');
	await (await action(page, /^Skip$/)).click();
	await expectPage(page, '/sign-in/email', 'Confirm your e-mail');
	const input = await field(page, EMAIL_LABEL);
	// The address the distributor entered is offered; sending mails the link.
	const shown = await input.inputValue();
	if (shown === '') await input.fill(email);
	else eq(shown, email, 'the e-mail offered on the confirmation step');
	const mark = mailMark();
	await (await button(page, /send|confirm|continue/i)).click();
	const link = await waitLink(email, 'confirm-email', mark);
	await page.goto(link);
	await expectPath(page, '/confirm-email');
	// Confirmed: the account's e-mail is confirmed and the portal opens.
	await until(() => sqlOne(`SELECT email_confirmed FROM accounts WHERE id = ${inst.id}`) === '1',
		'email_confirmed = 1 after opening the link');
	const cont = page.getByRole('link', { name: /continue|dashboard|sign in/i })
		.or(page.getByRole('button', { name: /continue|dashboard/i }));
	if (await cont.first().isVisible().catch(() => false)) await cont.first().click();
	else await page.goto(url('/dashboard'));
	await expectPage(page, '/dashboard', 'Dashboard');
	eq((await me(page))[1]?.stage, 'done', 'stage after confirming the e-mail');
});
