// Single-family sites (issue 4, F9-F15) through the portal: the two-step
// create form with video storage, search by SIP number, family members (three
// free, the fourth needs an Additional App), reset (what goes, what stays),
// delete, reset password and edit.  Screenshots of each page go to
// $VB_E2E_OUT/screenshots/sites-*.png.

import { apiSignIn, newInstaller, newSite } from '../accounts.mjs';
import { check, eq, mailMark, sql, sqlOne, uniq, uniqEmail, until, waitMail } from '../lib.mjs';
import { test } from '../suite.mjs';
import {
	button, expectPage, field, fieldError, goNav, link, path, shoot, signInHome, toastText, url,
} from '../ui.mjs';

const siteRow = (id, cols) => {
	const rows = sql(`SELECT ${cols} FROM sites WHERE id = ${Number(id)}`);
	return rows.length ? rows[0] : null;
};

// search fills the sites list's search: where to search, then the text.
async function search(page, where, text) {
	await page.getByLabel('Search in').selectOption({ label: where });
	const box = page.getByRole('searchbox', { name: 'Search sites' });
	await box.fill(text);
	await box.press('Enter');
}

// dataRows are the rows of the sites table that show a site (not the header,
// not an empty state).
const dataRows = (page) => page.locator('main table tbody tr').filter({ has: page.locator('a[href^="/sites/"]') });

async function expectRows(page, names, what) {
	await until(async () => {
		if ((await page.locator('main .table-card[aria-busy="true"]').count()) > 0) return false;
		const got = (await dataRows(page).locator('td:first-child a').allTextContents()).map((s) => s.trim());
		return JSON.stringify(got) === JSON.stringify(names);
	}, `${what}: the table showing exactly ${JSON.stringify(names)}`);
}

// dialog is the open modal dialog.
const dialog = (page) => page.getByRole('dialog').filter({ visible: true }).first();

// addMember fills and sends the "New family member" dialog; returns the
// dialog (still open when the API refused).
async function addMember(page, name, email) {
	await (await button(page, 'New', page.getByRole('tabpanel'))).click();
	const dlg = dialog(page);
	await dlg.waitFor({ state: 'visible' });
	await dlg.getByLabel('Name', { exact: true }).fill(name);
	await dlg.getByLabel('Email', { exact: true }).fill(email);
	await dlg.getByRole('button', { name: 'Create', exact: true }).click();
	return dlg;
}

test('sites: create a resident with video storage in two steps, find it by SIP number', async (t) => {
	const inst = await newInstaller();
	const page = await t.page();
	await signInHome(page, inst);
	await goNav(page, 'Sites');
	await expectPage(page, '/sites', 'Sites');
	await shoot(page, 'sites-list-empty');
	await (await link(page, 'New', page.locator('main'))).click();
	await expectPage(page, '/sites/new', 'New single-family site');

	const name = `Ryan ${uniq('site')}`;
	const email = uniqEmail('e2e-resident');
	await (await field(page, 'Name', { exact: true })).fill(name);
	await (await field(page, 'Room name')).fill('Ryan’s Home');
	await (await field(page, 'Email', { exact: true })).fill(email);
	await (await field(page, 'Country/Region code')).selectOption({ label: 'United Kingdom (+44)' });
	await (await field(page, 'Mobile number')).fill('07700 900123');
	await (await field(page, 'Language')).selectOption({ label: 'Deutsch' });
	await page.getByLabel('12-hour').check();
	// The landline service is part of the premium plan: off until it is on.
	const service = page.getByRole('switch', { name: 'Landline service' });
	check(await service.isDisabled(), 'Landline service is disabled while the premium plan is off');
	await page.getByRole('switch', { name: 'Premium plan' }).check();
	check(!(await service.isDisabled()), 'Landline service can be switched once the premium plan is on');
	await service.check();
	await shoot(page, 'sites-new-step1');

	await (await button(page, 'Next')).click();
	const video = page.getByRole('switch', { name: 'Video storage' });
	await video.waitFor({ state: 'visible' });
	await video.check();
	await page.getByLabel('7-day free trial').check();
	// The free trial keeps videos 30 days: the other lengths are locked.
	check(await page.getByLabel('60 days').isDisabled(), '60 days is locked for the free trial');
	check(await page.getByLabel('30 days').isChecked(), '30 days is chosen for the free trial');
	await (await field(page, 'Number of stored devices')).fill('2');
	await page.getByLabel('S539', { exact: true }).check();
	await page.getByLabel('X916', { exact: true }).check();
	await page.getByRole('switch', { name: 'Video recording with audio during calls' }).check();
	await page.getByRole('switch', { name: 'Akubela Smart Home' }).check();
	check((await page.getByText('cannot be turned off').count()) > 0, 'the Smart Home warning is shown');
	await shoot(page, 'sites-new-step2');
	await (await button(page, 'Submit')).click();

	await until(() => /^\/sites\/\d+$/.test(path(page)), `the new site's page (at ${page.url()})`);
	await expectPage(page, path(page), name);
	await toastText(page, /created/i, 'the "site created" toast');
	const id = Number(path(page).split('/')[2]);
	eq(siteRow(id, 'name, room_name, email, country_code, mobile, language, time_format, premium_plan, landline_service, ' +
		'video_storage, video_plan, video_days, video_device_count, video_audio, smart_home, status'),
	[name, 'Ryan’s Home', email, '+44', '+447700900123', 'de', '12h', '1', '1', '1', 'trial', '30', '2', '1', '1', 'normal'],
	'the site as stored');
	eq(sql(`SELECT model FROM site_video_models WHERE site_id = ${id} ORDER BY model`).map((r) => r[0]), ['S539', 'X916'],
		'the video storage models');
	const sip = sqlOne(`SELECT sip_number FROM sites WHERE id = ${id}`);
	const familySip = sqlOne(`SELECT family_sip_number FROM sites WHERE id = ${id}`);
	const main = page.locator('main');
	check((await main.innerText()).includes(sip), `the page shows the SIP number ${sip}`);
	await shoot(page, 'sites-detail-account');

	// Another site, so that a search has something to leave out.
	const other = await newSite(inst, { name: `Other ${uniq('o')}` });
	await goNav(page, 'Sites');
	await expectPage(page, '/sites', 'Sites');
	await expectRows(page, [other.name, name], 'the list, newest first');
	await search(page, 'SIP number', sip);
	await expectRows(page, [name], `search by SIP number ${sip}`);
	await shoot(page, 'sites-list-search');
	await search(page, 'Family SIP number', familySip);
	await expectRows(page, [name], `search by family SIP number ${familySip}`);
	await search(page, 'SIP number', '5999');
	await until(async () => (await page.getByText(/No site matches/).count()) > 0, 'the "no site matches" state');
	// The search is in the address: a reload shows the same.
	await search(page, 'Mobile', '+44 7700');
	await expectRows(page, [name], 'search by mobile prefix');
	await page.reload();
	await expectRows(page, [name], 'the same search after a reload');
	eq(new URL(page.url()).searchParams.get('field'), 'mobile', '?field= in the address');
	// The status filter.
	await page.getByLabel('Search in').selectOption({ label: 'All' });
	await page.getByRole('searchbox', { name: 'Search sites' }).fill('');
	await page.getByRole('searchbox', { name: 'Search sites' }).press('Enter');
	await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Expired' });
	await until(async () => (await page.getByText(/No site has this status/).count()) > 0, 'no expired site');
	await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Normal' });
	await expectRows(page, [other.name, name], 'the normal sites');
}, { timeout: 180000 });

test('sites: three free family members, the fourth needs an Additional App; reset keeps the settings; delete', async (t) => {
	const inst = await newInstaller();
	const settings = {
		country_code: '+33', mobile: '+33612345678', call_mode: 'ip', time_zone: 'Europe/Paris', language: 'fr', time_format: '12h',
		landline1: '+33140000000', premium_plan: true, landline_service: true, with_indoor_monitor: true,
		video_storage: true, video_plan: 'subscription', video_days: 60, video_device_count: 1, video_models: ['R29'],
		smart_home: true,
	};
	const site = await newSite(inst, settings);
	const page = await t.page();
	await signInHome(page, inst);
	await page.goto(url(`/sites/${site.id}`));
	await expectPage(page, `/sites/${site.id}`, site.name);
	await page.getByRole('tab', { name: 'Family members' }).click();
	await until(async () => (await page.getByText('No family members yet').count()) > 0, 'the empty family list');

	const members = [];
	for (let i = 1; i <= 3; i++) {
		const m = { name: `Member ${i} ${uniq('m')}`, email: uniqEmail('e2e-member') };
		await addMember(page, m.name, m.email);
		await dialog(page).waitFor({ state: 'hidden' });
		await toastText(page, new RegExp(`${m.name} added`), `the toast for member ${i}`);
		await page.getByRole('tabpanel').getByRole('row').filter({ hasText: m.name }).waitFor({ state: 'visible' });
		members.push(m);
	}
	eq(sqlOne(`SELECT family_count FROM sites WHERE id = ${site.id}`), '3', 'family_count after three members');
	await until(async () => (await page.getByText(/free family member accounts are in use/).count()) > 0, 'the note that the free slots are used');

	// Edit a member: the dialog opens with its values.
	const renamed = `Renamed ${uniq('m')}`;
	await page.getByRole('button', { name: `Edit ${members[0].name}`, exact: true }).click();
	const edlg = dialog(page);
	await edlg.waitFor({ state: 'visible' });
	eq(await edlg.getByLabel('Email', { exact: true }).inputValue(), members[0].email, 'the member\'s e-mail in the edit dialog');
	await edlg.getByLabel('Name', { exact: true }).fill(renamed);
	await edlg.getByRole('button', { name: 'Save', exact: true }).click();
	await edlg.waitFor({ state: 'hidden' });
	await page.getByRole('tabpanel').getByRole('row').filter({ hasText: renamed }).waitFor({ state: 'visible' });
	eq(sqlOne(`SELECT COUNT(*) FROM family_members WHERE site_id = ${site.id} AND name = '${renamed}'`), '1', 'the renamed member');

	// The fourth: the API answers 402 additional_app_required; the dialog says why.
	const dlg = await addMember(page, `Member 4 ${uniq('m')}`, uniqEmail('e2e-member'));
	const alert = dlg.getByRole('alert');
	await alert.waitFor({ state: 'visible' });
	const said = (await alert.innerText()).trim();
	check(/Additional App purchase is needed/.test(said), `the fourth member is refused saying an Additional App is needed, not "${said}"`);
	await shoot(page, 'sites-family-additional-app');
	await dlg.getByRole('button', { name: 'Cancel', exact: true }).click();
	await dlg.waitFor({ state: 'hidden' });
	eq(sqlOne(`SELECT COUNT(*) FROM family_members WHERE site_id = ${site.id}`), '3', 'family members stored');
	await shoot(page, 'sites-detail-family');

	// A family member's SIP number finds its site (field "SIP number").
	const memberSip = sqlOne(`SELECT sip_number FROM family_members WHERE site_id = ${site.id} ORDER BY id LIMIT 1`);
	await goNav(page, 'Sites');
	await expectPage(page, '/sites', 'Sites');
	await search(page, 'SIP number', memberSip);
	await expectRows(page, [site.name], `search by a family member's SIP number ${memberSip}`);
	await dataRows(page).first().getByRole('link', { name: site.name, exact: true }).click();
	await expectPage(page, `/sites/${site.id}`, site.name);

	// Reset: the dialog lists what goes and what stays (F13), then it happens.
	await (await button(page, /^Reset$/, page.locator('main .page-head'))).click();
	const rdlg = dialog(page);
	await rdlg.waitFor({ state: 'visible' });
	const text = (await rdlg.innerText()).replace(/\s+/g, ' ');
	for (const want of ['Removed', 'Family member accounts.', 'E-mail address, mobile number, country/region code and landlines.',
		'Messages and alarms.', 'PIN, face data, RF card/NFC, Bluetooth and QR codes', 'Kept',
		'The number of free family member accounts.', 'Audit logs.', 'unregistered', 'does not receive an e-mail'])
		check(text.includes(want), `the reset dialog mentions "${want}"; it says: ${text}`);
	await shoot(page, 'sites-reset-dialog');
	await rdlg.getByRole('button', { name: 'Reset', exact: true }).click();
	await rdlg.waitFor({ state: 'hidden' });
	await toastText(page, /has been reset/, 'the reset toast');
	eq(sqlOne(`SELECT COUNT(*) FROM family_members WHERE site_id = ${site.id}`), '0', 'family members after the reset');
	eq(siteRow(site.id, "email, country_code, mobile, landline1, family_count, identity_id IS NULL"),
		['', '', '', '', '0', '1'], 'contact, landlines, family count and identity after the reset');
	eq(siteRow(site.id, 'call_mode, time_zone, language, time_format, premium_plan, landline_service, with_indoor_monitor, ' +
		'smart_home, video_storage, video_plan, video_days, status, family_free, sip_number'),
	['ip', 'Europe/Paris', 'fr', '12h', '1', '1', '1', '1', '1', 'subscription', '60', 'normal', '3', String(site.sip_number)],
	'the settings kept by the reset');
	// The page shows the same: no members, the settings still there.
	await page.getByRole('tab', { name: 'Family members' }).click();
	await until(async () => (await page.getByText('No family members yet').count()) > 0, 'the family list empty after the reset');
	await page.getByRole('tab', { name: 'Account' }).click();
	const panel = (await page.getByRole('tabpanel').innerText()).replace(/\s+/g, ' ');
	for (const want of ['Français', 'Europe/Paris', 'IP call', 'Akubela Smart Home On since'])
		check(panel.includes(want), `the account tab after the reset shows "${want}": ${panel}`);
	// Family members are free again after a reset.
	await page.getByRole('tab', { name: 'Family members' }).click();
	await addMember(page, `After reset ${uniq('m')}`, uniqEmail('e2e-member'));
	await dialog(page).waitFor({ state: 'hidden' });
	await toastText(page, /added/, 'a member added after the reset');

	// Delete: the dialog warns about family members and Additional Apps.
	await (await button(page, /^Delete$/, page.locator('main .page-head'))).click();
	const ddlg = dialog(page);
	await ddlg.waitFor({ state: 'visible' });
	const dtext = (await ddlg.innerText()).replace(/\s+/g, ' ');
	check(/family member accounts of the site are deleted/.test(dtext) && /Additional Apps are lost/.test(dtext),
		`the delete dialog warns about family members and Additional Apps: ${dtext}`);
	await ddlg.getByRole('button', { name: 'Delete', exact: true }).click();
	await expectPage(page, '/sites', 'Sites');
	await toastText(page, /deleted/, 'the delete toast');
	eq(sqlOne(`SELECT COUNT(*) FROM sites WHERE id = ${site.id}`), '0', 'the site row after delete');
	eq(sqlOne(`SELECT COUNT(*) FROM family_members WHERE site_id = ${site.id}`), '0', 'family members after delete');
}, { timeout: 180000 });

test('sites: edit a resident, errors on their fields, reset password', async (t) => {
	const inst = await newInstaller();
	const site = await newSite(inst, { country_code: '+49', mobile: '+4915112345678' });
	const taken = await newSite(inst);
	const page = await t.page();
	await signInHome(page, inst);
	await page.goto(url(`/sites/${site.id}`));
	await expectPage(page, `/sites/${site.id}`, site.name);
	await (await link(page, 'Edit', page.locator('main .page-head'))).click();
	await expectPage(page, `/sites/${site.id}/edit`, 'Edit site');
	eq(await (await field(page, 'Mobile number')).inputValue(), '15112345678', 'the mobile number shown after its code');
	await shoot(page, 'sites-edit');

	// Another resident's e-mail: the server's 409 lands on the Email field.
	const emailInput = await field(page, 'Email', { exact: true });
	await emailInput.fill(taken.email);
	await (await button(page, 'Save')).click();
	const msg = await fieldError(page, emailInput, 'e-mail in use');
	check(msg.length > 0, 'the e-mail error has a message');
	await emailInput.fill(site.email);

	const newName = `Renamed ${uniq('e')}`;
	await (await field(page, 'Name', { exact: true })).fill(newName);
	await (await field(page, 'Address')).fill('1 Main Street, Berlin');
	await (await button(page, 'Save')).click();
	await expectPage(page, `/sites/${site.id}`, newName);
	await toastText(page, /saved/, 'the saved toast');
	eq(siteRow(site.id, 'name, address, email, mobile'), [newName, '1 Main Street, Berlin', site.email, '+4915112345678'], 'the edited site');

	// Reset password: confirmed, then mailed.
	const mark = mailMark();
	await (await button(page, 'Reset password', page.locator('main .page-head'))).click();
	const dlg = dialog(page);
	await dlg.waitFor({ state: 'visible' });
	check((await dlg.innerText()).includes(site.email), 'the reset-password dialog names the address');
	await dlg.getByRole('button', { name: 'Reset password', exact: true }).click();
	// The toasts share one live region: look for this one's words in it.
	await toastText(page, new RegExp(`A new password was sent to ${site.email.replace(/[.+]/g, '\\$&')}`), 'the reset-password toast');
	await waitMail(site.email, /\S/, mark);

	// Another installer's site is not found, not forbidden.
	const stranger = await newSite(await newInstaller());
	await page.goto(url(`/sites/${stranger.id}`));
	await expectPage(page, `/sites/${stranger.id}`, 'Site not found');
	const c = await apiSignIn(inst);
	await c.call('GET', `/api/sites/${stranger.id}`, undefined, 404);
	await c.dispose();
}, { timeout: 180000 });

test('sites: a second site of the same resident is linked; e-mail and mobile are locked there', async (t) => {
	const inst = await newInstaller();
	const first = await newSite(inst, { country_code: '+31', mobile: '+31612345678' });
	const page = await t.page();
	await signInHome(page, inst);
	await page.goto(url('/sites/new'));
	await expectPage(page, '/sites/new', 'New single-family site');
	const name = `Holiday home ${uniq('l')}`;
	await (await field(page, 'Name', { exact: true })).fill(name);
	const email = await field(page, 'Email', { exact: true });
	await email.fill(first.email);
	await (await button(page, 'Submit')).click();
	// Taken: said on the field, and linking to that resident is offered.
	await fieldError(page, email, 'the e-mail of an existing resident');
	const linkSwitch = page.getByRole('switch', { name: 'Link to this resident’s existing account' });
	await linkSwitch.waitFor({ state: 'visible' });
	await linkSwitch.check();
	await (await button(page, 'Submit')).click();
	await until(() => /^\/sites\/\d+$/.test(path(page)), `the linked site's page (at ${page.url()})`);
	await expectPage(page, path(page), name);
	const id = Number(path(page).split('/')[2]);
	eq(siteRow(id, 'identity_id, email, mobile'), [String(first.identity_id), first.email, '+31612345678'], 'the linked site shares the identity');

	await (await link(page, 'Edit', page.locator('main .page-head'))).click();
	await expectPage(page, `/sites/${id}/edit`, 'Edit site');
	for (const label of ['Email', 'Country/Region code', 'Mobile number'])
		check(await page.getByLabel(label, { exact: true }).isDisabled(), `${label} is locked on a linked site`);
	check((await page.locator('main').innerText()).includes('linked to 2 sites'), 'the edit page says why the contact is locked');
	await shoot(page, 'sites-edit-linked');
	// Everything else can still change.
	await (await field(page, 'Room name')).fill('Beach house');
	await (await button(page, 'Save')).click();
	await expectPage(page, `/sites/${id}`, name);
	eq(siteRow(id, 'room_name'), ['Beach house'], 'the room name of the linked site');
});
