// Third-party locks (issue 5, F20) through the portal: the installer opens
// Integration from the left column, is refused with a wrong Salto password
// (on the password field), connects with the fake vendor's demo login
// (conf/fake-lock-vendor.py), adds a lock, assigns it to a site, unlocks it
// (the vendor records the open), sees it in the site's Third-party Devices
// and unassigns it there; a vendor that revoked the token asks to reconnect.  Screenshots go to $VB_E2E_OUT/screenshots/locks-*.png.

import { newInstaller, newSite } from '../accounts.mjs';
import { check, eq, sqlOne, until } from '../lib.mjs';
import { test } from '../suite.mjs';
import {
	button, expectPage, fieldError, goNav, shoot, signInHome, toastText, url,
} from '../ui.mjs';

// The fake vendor cloud of the stack (devstack.sh env: VB_LOCK_URL).
const LOCK_URL = (process.env.VB_LOCK_URL || 'http://127.0.0.1:8084').replace(/\/+$/, '');

const dialog = (page) => page.getByRole('dialog').filter({ visible: true }).first();
const vendorCard = (page, title) => page.locator('main section.vendor-card').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

async function fakeMode(mode) {
	const r = await fetch(`${LOCK_URL}/_fake/mode`, { method: 'POST', body: JSON.stringify(mode), headers: { 'Content-Type': 'application/json' } });
	eq(r.status, 204, `POST ${LOCK_URL}/_fake/mode ${JSON.stringify(mode)}`);
}

async function opened() {
	const r = await fetch(`${LOCK_URL}/_fake/opened`);
	return r.json();
}

// connect fills the Connect dialog of Salto.
async function connect(page, user, password) {
	const dlg = dialog(page);
	await dlg.waitFor({ state: 'visible' });
	await dlg.getByLabel('User name').fill(user);
	await dlg.getByLabel('Password').fill(password);
	await dlg.getByRole('button', { name: 'Connect', exact: true }).click();
	return dlg;
}

test('locks: connect Salto, add a lock, assign it to a site, unlock it, unassign it', async (t) => {
	const inst = await newInstaller();
	const site = await newSite(inst);
	const page = await t.page();
	await signInHome(page, inst);
	await goNav(page, 'Integration');
	await expectPage(page, '/integration', 'Integration');
	const salto = vendorCard(page, 'Salto');
	await salto.waitFor({ state: 'visible' });
	check((await salto.innerText()).includes('Not connected'), 'Salto starts not connected');
	await shoot(page, 'locks-integration-empty');

	// A wrong password is refused on the password field.
	await (await button(page, 'Connect Salto')).click();
	let dlg = await connect(page, 'demo@salto.test', 'wrong-password');
	const refused = await fieldError(page, dlg.getByLabel('Password'), 'a wrong Salto password');
	check(/did not accept/.test(refused), `the refusal says so: "${refused}"`);
	dlg = await connect(page, 'demo@salto.test', 'salto-demo');
	await dlg.waitFor({ state: 'hidden' });
	await toastText(page, /Salto account is connected/, 'the "connected" toast');
	eq(sqlOne(`SELECT username FROM lock_accounts WHERE installer_id = ${inst.id} AND vendor = 'salto'`), 'demo@salto.test', 'the stored account');

	// The account's locks, each with Add.
	await until(async () => (await salto.locator('tbody tr').count()) === 3, 'the three locks of the demo account');
	eq((await salto.locator('tbody tr .cell-main').allTextContents()).map((s) => s.trim()), ['Front door', 'Garage', 'Garden gate'], 'the vendor\'s locks');
	await (await button(page, 'Add Front door')).click();
	await toastText(page, /Lock Front door added/, 'the "added" toast');
	await until(async () => (await salto.getByText('Added', { exact: true }).count()) === 1, 'Front door marked as added');
	const mine = page.locator('main section.panel-card').filter({ has: page.getByRole('heading', { name: 'Your locks', exact: true }) });
	await until(async () => (await mine.locator('tbody tr').count()) === 1, 'the added lock listed');
	check((await mine.locator('tbody tr').innerText()).includes('Not assigned'), 'the new lock is not assigned');
	const lockId = sqlOne(`SELECT id FROM locks WHERE installer_id = ${inst.id} AND vendor_lock_id = 'sk-1001'`);
	check(lockId, 'the lock is stored');

	// Assign it to the site.
	await (await button(page, 'Edit Front door')).click();
	dlg = dialog(page);
	await dlg.getByLabel('Site').selectOption({ label: site.name });
	await dlg.getByRole('button', { name: 'Save', exact: true }).click();
	await dlg.waitFor({ state: 'hidden' });
	await toastText(page, /assigned to/, 'the "assigned" toast');
	await until(async () => (await mine.getByRole('link', { name: site.name }).count()) === 1, 'the lock row links to its site');
	eq(sqlOne(`SELECT site_id FROM locks WHERE id = ${lockId}`), String(site.id), 'the stored site');

	// The Unlock test reaches the vendor.
	const before = (await opened()).length;
	await (await button(page, 'Unlock Front door')).click();
	await toastText(page, /Unlock command sent to Front door/, 'the "unlocked" toast');
	const opens = await opened();
	check(opens.length === before + 1 && opens[opens.length - 1].lock === 'sk-1001', `the vendor recorded the open of sk-1001: ${JSON.stringify(opens.slice(-1))}`);
	await shoot(page, 'locks-integration');

	// (A vendor that is down answers 502 vendor_unavailable: the runner fails
	// any 5xx, so that message is left to the integration tests.)

	// The site shows the lock among its third-party devices, and unassigns it.
	await page.goto(url(`/sites/${site.id}?tab=devices&view=thirdparty`));
	await expectPage(page, `/sites/${site.id}`, site.name);
	const locks = page.locator('main section.panel-card').filter({ has: page.getByRole('heading', { name: 'Locks', exact: true }) });
	await until(async () => (await locks.locator('tbody tr').count()) === 1, 'the site\'s lock listed');
	check((await locks.locator('tbody tr').innerText()).includes('Front door'), 'the site lists Front door');
	await shoot(page, 'locks-site');
	await (await button(page, 'Unassign Front door')).click();
	await dialog(page).getByRole('button', { name: 'Unassign', exact: true }).click();
	await toastText(page, /unassigned/, 'the "unassigned" toast');
	await until(async () => (await page.getByText('No locks assigned').count()) > 0, 'the site without locks');
	eq(sqlOne(`SELECT site_id FROM locks WHERE id = ${lockId}`), null, 'the lock is unassigned');

	// Assigned again from the site's own dialog.
	await (await button(page, 'Assign a lock')).click();
	dlg = dialog(page);
	await dlg.getByLabel('Lock', { exact: true }).selectOption({ label: 'Front door (Salto)' });
	await dlg.getByRole('button', { name: 'Assign', exact: true }).click();
	await dlg.waitFor({ state: 'hidden' });
	await until(async () => (await locks.locator('tbody tr').count()) === 1, 'the lock assigned again');
	eq(sqlOne(`SELECT site_id FROM locks WHERE id = ${lockId}`), String(site.id), 'the stored site again');
}, { timeout: 180000 });

test('locks: a revoked vendor token asks to reconnect; disconnecting removes the locks', async (t) => {
	const inst = await newInstaller();
	const page = await t.page();
	await signInHome(page, inst);
	await page.goto(url('/integration'));
	await expectPage(page, '/integration', 'Integration');
	await (await button(page, 'Connect Salto')).click();
	const dlg = await connect(page, 'demo@salto.test', 'salto-demo');
	await dlg.waitFor({ state: 'hidden' });
	const salto = vendorCard(page, 'Salto');
	await (await button(page, 'Add Garage')).click();
	await toastText(page, /Lock Garage added/, 'the "added" toast');

	await fakeMode({ revoke: true });
	await page.reload();
	await expectPage(page, '/integration', 'Integration');
	const problem = salto.getByRole('alert');
	await problem.waitFor({ state: 'visible' });
	check(/Reconnect/.test(await problem.innerText()), 'the card asks to reconnect');
	await shoot(page, 'locks-reconnect');
	await problem.getByRole('button', { name: 'Reconnect' }).click();
	const again = await connect(page, 'demo@salto.test', 'salto-demo');
	await again.waitFor({ state: 'hidden' });
	await until(async () => (await salto.locator('tbody tr').count()) === 3, 'the locks after reconnecting');

	await (await button(page, 'Disconnect Salto')).click();
	await dialog(page).getByRole('button', { name: 'Disconnect', exact: true }).click();
	await toastText(page, /Salto disconnected/, 'the "disconnected" toast');
	await until(async () => (await page.getByText('No locks added yet').count()) > 0, 'no locks left');
	eq(sqlOne(`SELECT COUNT(*) FROM locks WHERE installer_id = ${inst.id}`), '0', 'the locks are removed');
	eq(sqlOne(`SELECT COUNT(*) FROM lock_accounts WHERE installer_id = ${inst.id}`), '0', 'the account is removed');
});
