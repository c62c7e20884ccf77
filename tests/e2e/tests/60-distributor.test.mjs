// The distributor's pages: create an installer, search, the 2FA and account
// access toggles, the installer granting permission, switching into the
// installer (banner) and back.

import { apiSignIn, newDistributor, newInstaller, patchInstaller } from '../accounts.mjs';
import { check, eq, sqlOne, uniq, uniqEmail, until } from '../lib.mjs';
import { test } from '../suite.mjs';
import {
	EMAIL_LABEL, button, confirmIfAsked, expectPage, field, goNav, me, nav, signInHome, url,
} from '../ui.mjs';

// row: the installers table's row that mentions `text` (after searching for it).
async function findRow(page, text) {
	const search = page.getByRole('searchbox').or(page.getByLabel(/search/i));
	await search.first().waitFor({ state: 'visible' });
	await search.first().fill(text);
	await search.first().press('Enter');
	const row = page.getByRole('row').filter({ hasText: text });
	await until(async () => (await row.count()) === 1, `one row of the installers table showing ${text}`);
	return row.first();
}

// toggle: the checkbox or switch named `name` in `row`, set to `on`.
async function setToggle(page, row, name, on) {
	const sw = row.getByRole('checkbox', { name }).or(row.getByRole('switch', { name }));
	try {
		await sw.first().waitFor({ state: 'visible', timeout: 10000 });
	} catch {
		const names = await row.locator('input, [role="switch"], button').evaluateAll((els) =>
			els.map((e) => e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent) || e.textContent));
		throw new Error(`no checkbox or switch named ${name} in the row; controls: ${JSON.stringify(names)}`);
	}
	if ((await sw.first().isChecked()) !== on) {
		await sw.first().click();
		await confirmIfAsked(page);
	}
	await until(async () => (await sw.first().isChecked()) === on, `${name} shown ${on ? 'on' : 'off'}`);
}

test('distributor: create an installer, find it, turn on its 2FA', async (t) => {
	const dist = await newDistributor();
	const page = await t.page();
	await signInHome(page, dist);
	await (await button(page, /^(create|add|new)( an?)?( installer)?$/i)).click();
	const dialog = page.getByRole('dialog').filter({ visible: true });
	const email = uniqEmail('e2e-made');
	const name = `Installer ${uniq('n')}`;
	await (await field(page, EMAIL_LABEL)).fill(email);
	const nameField = page.getByLabel(/^name$/i);
	if (await nameField.count()) await nameField.first().fill(name);
	const submit = (await dialog.count()) ? dialog.first().getByRole('button', { name: /^(create|add|save)/i })
		: page.getByRole('button', { name: /^(create|add|save)$/i });
	await submit.first().click();
	// Created: said in a toast, or in a dialog showing the sign-in details
	// (a generated password is shown once), which is then closed.
	await until(async () => (await page.getByRole('status').filter({ hasText: /\S/ }).count()) > 0 ||
		(await dialog.getByRole('button', { name: /^(done|close|ok)$/i }).count()) > 0, 'word that the installer was created');
	const done = dialog.getByRole('button', { name: /^(done|close|ok)$/i });
	if (await done.count()) {
		await done.first().click();
		await dialog.first().waitFor({ state: 'hidden' });
	}
	const id = await until(() => sqlOne(`SELECT id FROM accounts WHERE email = '${email}'`), 'the new account row');
	eq(sqlOne(`SELECT CONCAT(role, ' ', parent_id, ' ', email_confirmed) FROM accounts WHERE id = ${id}`),
		`installer ${dist.id} 0`, 'the new installer (role, distributor, e-mail unconfirmed)');

	const row = await findRow(page, email);
	await setToggle(page, row, /two-step|2fa|two-factor/i, true);
	await until(() => sqlOne(`SELECT twofa_enabled FROM accounts WHERE id = ${id}`) === '1', 'twofa_enabled = 1');
	// Still on after a reload: the page shows the server's state.
	await page.reload();
	await expectPage(page, '/distributor/installers', 'Installers');
	const again = await findRow(page, email);
	const sw = again.getByRole('checkbox', { name: /two-step|2fa|two-factor/i })
		.or(again.getByRole('switch', { name: /two-step|2fa|two-factor/i }));
	check(await sw.first().isChecked(), '2FA shows on after a reload');
});

test('distributor: account access, the installer grants it, switch in and back', async (t) => {
	const dist = await newDistributor();
	const inst = await newInstaller({ dist, name: `Acme ${uniq('i')}` });
	const dpage = await t.page();
	await signInHome(dpage, dist);
	let row = await findRow(dpage, inst.email);
	await setToggle(dpage, row, /account access/i, true);
	await until(() => sqlOne(`SELECT account_access_enabled FROM accounts WHERE id = ${inst.id}`) === '1',
		'account_access_enabled = 1');

	// The installer, in a browser of their own, grants the permission.
	const ipage = await t.page();
	await signInHome(ipage, inst);
	await goNav(ipage, 'Account Setting', 'Settings');
	await expectPage(ipage, '/settings/account', 'Account Setting');
	const grant = ipage.getByRole('checkbox', { name: /permission|grant|access/i })
		.or(ipage.getByRole('switch', { name: /permission|grant|access/i }));
	await grant.first().waitFor({ state: 'visible' });
	check(!(await grant.first().isChecked()), 'permission not granted yet');
	await grant.first().click();
	await confirmIfAsked(ipage);
	const save = ipage.getByRole('button', { name: /^Save/ });
	if (await save.count()) await save.first().click();
	await until(() => sqlOne(`SELECT access_granted FROM accounts WHERE id = ${inst.id}`) === '1', 'access_granted = 1');

	// The distributor switches in: the installer's dashboard with the banner.
	await dpage.reload();
	await expectPage(dpage, '/distributor/installers', 'Installers');
	row = await findRow(dpage, inst.email);
	await row.getByRole('button', { name: /switch/i }).first().click();
	await confirmIfAsked(dpage);
	await expectPage(dpage, '/dashboard', 'Dashboard');
	const banner = dpage.getByRole('region', { name: 'Switched account' });
	await banner.waitFor({ state: 'visible' });
	const text = (await banner.innerText()).replace(/\s+/g, ' ');
	check(text.includes('You are acting as') && (text.includes(inst.name) || text.includes(inst.email)),
		`the banner says "${text}", not "You are acting as ${inst.name}"`);
	const [, meBody] = await me(dpage);
	eq([meBody && meBody.id, meBody && meBody.switched_by && meBody.switched_by.id], [inst.id, dist.id],
		'GET /api/auth/me while switched (installer, switched_by the distributor)');
	// The banner stays while moving around.
	await dpage.goto(url('/settings/notification'));
	await expectPage(dpage, '/settings/notification', 'Notification');
	await banner.waitFor({ state: 'visible' });

	await (await button(dpage, 'Switch back', banner)).click();
	await expectPage(dpage, '/distributor/installers', 'Installers');
	await banner.waitFor({ state: 'hidden' });
	const [, back] = await me(dpage);
	eq([back && back.id, back && back.switched_by], [dist.id, null], 'GET /api/auth/me after switching back');
}, { timeout: 150000 });


test('distributor: the installer withdrawing the permission ends the switch', async (t) => {
	const dist = await newDistributor();
	const inst = await newInstaller({ dist, name: `Acme ${uniq('w')}` });
	await patchInstaller(inst, { account_access_enabled: true });
	const ic = await apiSignIn(inst);
	await ic.call('PUT', '/api/auth/settings/account', { access_granted: true });

	const page = await t.page();
	await signInHome(page, dist);
	const row = await findRow(page, inst.email);
	await row.getByRole('button', { name: /switch/i }).first().click();
	await confirmIfAsked(page);
	await expectPage(page, '/dashboard', 'Dashboard');
	const banner = page.getByRole('region', { name: 'Switched account' });
	await banner.waitFor({ state: 'visible' });

	// The installer takes the permission back: the distributor's next page
	// is their own again, without the banner.
	await ic.call('PUT', '/api/auth/settings/account', { access_granted: false });
	await ic.dispose();
	await page.reload();
	await until(async () => (await me(page))[1]?.id === dist.id, 'GET /api/auth/me is the distributor again');
	await banner.waitFor({ state: 'hidden' });
	await nav(page).getByRole('link', { name: 'Installers', exact: true }).waitFor({ state: 'visible' });
});
