// Devices of a site (issue 5, F17-F19) through the portal: a door phone
// (S539) whose relays' unlock methods wait for the firmware that allows
// them, edited (only the change is sent) and deleted (its MAC is unused
// again); an indoor monitor driving an HF-8000 over Ethernet; a relay's DTMF
// refused by the server on that relay's input; a third-party camera with
// credentials in its RTSP address, linked to the door phone, whose password
// is never shown; the premium plan rule said instead of a broken form.
// Screenshots go to $VB_E2E_OUT/screenshots/devices-*.png.

import { addDevice, addMacs, apiSignIn, newInstaller, newSite, randomMac } from '../accounts.mjs';
import { check, eq, sql, sqlOne, until } from '../lib.mjs';
import { test } from '../suite.mjs';
import {
	button, expectPage, field, fieldError, formError, link, shoot, signInHome, toastText, url,
} from '../ui.mjs';

// How the portal prints a MAC: 0C:11:05:AA:BB:CC.
const show = (mac) => mac.match(/../g).join(':');

const dialog = (page) => page.getByRole('dialog').filter({ visible: true }).first();
const group = (page, name) => page.getByRole('group', { name, exact: true });

// answerOf runs action and returns the API answer to method + path prefix.
async function answerOf(page, method, prefix, action) {
	const [res] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.startsWith(prefix)),
		action(),
	]);
	return res;
}

// openDevices opens the Devices tab of site (and its third-party view).
async function openDevices(page, site, thirdParty = false) {
	await page.goto(url(`/sites/${site.id}`));
	await expectPage(page, `/sites/${site.id}`, site.name);
	await page.getByRole('tab', { name: 'Devices', exact: true }).click();
	if (thirdParty) await page.getByRole('tab', { name: 'Third-party Devices', exact: true }).click();
}

// rowsText: the text of each row of the tables in the open tab panel(s).
async function rowsText(page) {
	return page.locator('main [role="tabpanel"]:not([hidden]) table tbody tr').allInnerTexts();
}

async function expectRow(page, re, what) {
	await until(async () => (await rowsText(page)).some((r) => re.test(r)), what);
}

// a fresh installer with `n` MACs in its library, a site and a signed-in page.
async function setup(t, n, siteFields = {}) {
	const inst = await newInstaller();
	const macs = Array.from({ length: n }, randomMac);
	await addMacs(inst.dist, macs, inst);
	const site = await newSite(inst, siteFields);
	const page = await t.page();
	await signInHome(page, inst);
	return { inst, macs, site, page };
}

test('devices: a door phone with two relays and unlock methods, renamed, deleted; its MAC is unused again', async (t) => {
	const { macs, site, page } = await setup(t, 2);
	await openDevices(page, site);
	await until(async () => (await page.getByText('No intercom devices yet').count()) > 0, 'the empty device list');
	await (await link(page, 'New', page.locator('main [role="tabpanel"]:not([hidden])'))).click();
	await expectPage(page, `/sites/${site.id}/devices/new`, 'New intercom device');

	// Type and model first; the settings of a door phone follow.
	await (await field(page, 'Device type')).selectOption({ label: 'Door phone' });
	await (await field(page, 'Model')).selectOption({ label: 'S539' });
	const mac = await field(page, 'MAC address');
	// The installer's unused MACs are offered.
	const listId = await mac.getAttribute('list');
	await until(async () => {
		const offered = await page.locator(`datalist[id="${listId}"] option`).evaluateAll((os) => os.map((o) => o.value));
		return macs.every((m) => offered.includes(show(m)));
	}, 'both unused MACs offered in the MAC list');
	await mac.fill(show(macs[0]).toLowerCase());
	await (await field(page, 'Device name')).fill('Front door');
	check(await page.getByRole('button', { name: 'Add security relay (SR01)' }).isVisible(), 'a door phone offers the SR01 security relay');
	eq(await page.getByText('Arming function').count(), 0, 'no indoor monitor setting on a door phone');
	eq(await page.getByLabel('Expansion module').count(), 0, 'no push buttons on an S539');

	// Unlock methods wait for firmware 539.30.10.118.
	const relay1 = group(page, 'Relay 1');
	const pin1 = relay1.getByLabel('PIN', { exact: true });
	check(await pin1.isDisabled(), 'PIN is disabled while the firmware is unknown');
	check((await relay1.innerText()).includes('S539 needs firmware 539.30.10.118 or later'), 'the reason is said');
	await (await field(page, 'Firmware version')).fill('539.30.10.117');
	check(await pin1.isDisabled(), 'PIN is disabled with firmware 539.30.10.117');
	await (await field(page, 'Firmware version')).fill('539.30.10.118');
	await until(async () => !(await pin1.isDisabled()), 'PIN enabled with firmware 539.30.10.118');
	await pin1.check();
	await relay1.getByLabel('RF card', { exact: true }).check();
	eq(await relay1.getByLabel('DTMF code').inputValue(), '#', 'relay 1 DTMF default');

	await (await button(page, 'Add relay')).click();
	const relay2 = group(page, 'Relay 2');
	await relay2.waitFor({ state: 'visible' });
	eq(await relay2.getByLabel('Relay name').inputValue(), 'Relay2', 'relay 2 name default');
	eq(await relay2.getByLabel('DTMF code').inputValue(), '2', 'relay 2 DTMF default');
	await relay2.getByLabel('Relay name').fill('Garage');
	await relay2.getByLabel('Face', { exact: true }).check();
	await relay2.getByLabel('Talking page', { exact: true }).uncheck();
	await shoot(page, 'devices-door-phone-form');

	const created = await answerOf(page, 'POST', '/api/devices', async () => (await button(page, 'Add device')).click());
	eq(created.status(), 201, 'POST /api/devices');
	const dev = await created.json();
	await expectPage(page, `/sites/${site.id}`, site.name);
	await toastText(page, /Front door added/, 'the "added" toast');
	await expectRow(page, /Front door[\s\S]*S539[\s\S]*/, 'the door phone in the list');
	check((await page.locator('main').innerText()).includes('1 intercom device,'), 'the site\'s device count says 1');
	const row = (await rowsText(page)).find((r) => r.includes('Front door'));
	check(row.includes(show(macs[0])), `the row shows the MAC: ${row}`);
	check(row.includes(dev.sip_number), `the row shows the SIP number ${dev.sip_number}: ${row}`);
	check(/Offline/.test(row), `a new device is offline: ${row}`);
	check(row.includes('Garage (2)'), `the relays summary names relay 2: ${row}`);
	await shoot(page, 'devices-list');
	const relays = sql(`SELECT idx, name, dtmf, access_methods, home_page, talking_page FROM device_relays WHERE device_id = ${dev.id} ORDER BY idx`);
	eq(relays.map((r) => r.slice(1)), [['Relay1', '#', 'pin,rf_card', '1', '1'], ['Garage', '2', 'face', '1', '0']], 'the stored relays');
	eq(sqlOne(`SELECT firmware FROM devices WHERE id = ${dev.id}`), '539.30.10.118', 'the stored firmware');

	// Edit: the form holds what was saved; only the new name is sent.
	await (await link(page, 'Edit Front door')).click();
	await expectPage(page, `/sites/${site.id}/devices/${dev.id}/edit`, 'Edit intercom device');
	eq(await (await field(page, 'Device name')).inputValue(), 'Front door', 'the name in the edit form');
	check(await group(page, 'Relay 2').getByLabel('Face', { exact: true }).isChecked(), 'relay 2 keeps Face');
	check(!(await group(page, 'Relay 2').getByLabel('Face', { exact: true }).isDisabled()), 'the stored firmware allows methods');
	await (await field(page, 'Device name')).fill('Main entrance');
	const [patch] = await Promise.all([
		page.waitForRequest((r) => r.method() === 'PATCH' && new URL(r.url()).pathname === `/api/devices/${dev.id}`),
		(await button(page, 'Save')).click(),
	]);
	eq(patch.postDataJSON(), { name: 'Main entrance' }, 'the PATCH body: only what changed');
	await expectPage(page, `/sites/${site.id}`, site.name);
	await expectRow(page, /Main entrance/, 'the renamed device');
	eq(sqlOne(`SELECT name FROM devices WHERE id = ${dev.id}`), 'Main entrance', 'the stored name');

	// Delete: the MAC is unused again and offered for the next device.
	await (await button(page, 'Delete Main entrance')).click();
	const dlg = dialog(page);
	check((await dlg.innerText()).includes(show(macs[0])), 'the confirmation names the MAC that becomes unused');
	await shoot(page, 'devices-delete-confirm');
	await dlg.getByRole('button', { name: 'Delete', exact: true }).click();
	await toastText(page, /unused again/, 'the "deleted" toast');
	await until(async () => (await page.getByText('No intercom devices yet').count()) > 0, 'the list empty again');
	// The counts under the site's name follow (GET /api/sites/{id} device_counts).
	await until(async () => (await page.locator('main').innerText()).includes('0 intercom devices'), 'the device count back to 0');
	eq(sqlOne(`SELECT COUNT(*) FROM devices WHERE id = ${dev.id}`), '0', 'the device row is gone');
	await page.goto(url('/mac-library'));
	await expectPage(page, '/mac-library', 'MAC Library');
	await page.getByLabel('State', { exact: true }).selectOption({ label: 'Unused' });
	await until(async () => (await page.locator('main table tbody').innerText()).includes(show(macs[0])), 'the MAC listed as unused');
}, { timeout: 180000 });

test('devices: an indoor monitor drives an HF-8000 over Ethernet with two relays', async (t) => {
	const { macs, site, page } = await setup(t, 1);
	await page.goto(url(`/sites/${site.id}/devices/new`));
	await expectPage(page, `/sites/${site.id}/devices/new`, 'New intercom device');
	await (await field(page, 'Device type')).selectOption({ label: 'Indoor monitor' });
	await (await field(page, 'Model')).selectOption({ label: 'C317' });
	await (await field(page, 'MAC address')).fill(macs[0]);
	await (await field(page, 'Device name')).fill('Hall monitor');
	eq(await page.getByLabel('DTMF code').count(), 0, 'no door phone relays on an indoor monitor');
	await page.getByRole('switch', { name: 'Arming function' }).check();
	check(await page.getByRole('switch', { name: 'Built-in relay' }).isChecked(), 'the built-in relay is on by default');
	await page.getByRole('switch', { name: 'External relay' }).check();

	const type = await field(page, 'External relay type');
	await type.selectOption({ label: 'HF-8000 (up to 4 relays)' });
	const mode = await field(page, 'External relay mode');
	eq(await mode.locator('option').allTextContents(), ['RS485', 'Ethernet'], 'the modes of an HF-8000');
	await type.selectOption({ label: 'MK485-G2R-8J8C V3.0 (up to 8 relays)' });
	eq((await mode.locator('option').allTextContents()).length, 3, 'the three modes of an MK485');
	await type.selectOption({ label: 'HF-8000 (up to 4 relays)' });
	eq(await page.getByLabel('Relay IP address').isVisible(), false, 'no IP address for RS485');
	await mode.selectOption({ label: 'Ethernet' });
	await (await field(page, 'Relay IP address')).fill('192.168.1.50');
	await (await field(page, 'Relay port')).fill('8080');

	// Up to four relays, then Add stops and says why.
	await group(page, 'External relay 1').getByLabel('Relay name').fill('Gate');
	for (let i = 2; i <= 4; i++) await (await button(page, 'Add relay')).click();
	check(await page.getByRole('button', { name: 'Add relay' }).isDisabled(), 'Add relay is disabled at 4 relays');
	check((await page.locator('main').innerText()).includes('HF-8000 drives 4 relays'), 'the limit is said');
	await (await button(page, 'Remove external relay 4')).click();
	await (await button(page, 'Remove external relay 3')).click();
	eq(await page.getByRole('group', { name: /^External relay \d$/ }).count(), 2, 'two external relays left');
	const r2 = group(page, 'External relay 2');
	await r2.getByLabel('Relay name').fill('Porch light');
	await r2.getByLabel('Relay function').selectOption({ label: 'Light' });
	await shoot(page, 'devices-indoor-monitor-form');

	const created = await answerOf(page, 'POST', '/api/devices', async () => (await button(page, 'Add device')).click());
	eq(created.status(), 201, 'POST /api/devices');
	const dev = await created.json();
	await expectPage(page, `/sites/${site.id}`, site.name);
	await expectRow(page, /Hall monitor[\s\S]*C317/, 'the monitor in the list');
	eq(sql(`SELECT arming, ext_relay_type, ext_relay_mode, ext_relay_ip, ext_relay_port FROM devices WHERE id = ${dev.id}`)[0],
		['1', 'HF-8000', 'ethernet', '192.168.1.50', '8080'], 'the stored external relay');
	eq(sql(`SELECT name, \`function\` FROM device_relays WHERE device_id = ${dev.id} AND kind = 'external' ORDER BY idx`),
		[['Gate', 'door'], ['Porch light', 'light']], 'the stored external relays');
});

test('devices: the server refuses a DTMF code used twice, on that relay\'s input', async (t) => {
	const { macs, site, page } = await setup(t, 1);
	await page.goto(url(`/sites/${site.id}/devices/new`));
	await expectPage(page, `/sites/${site.id}/devices/new`, 'New intercom device');
	await (await field(page, 'Device type')).selectOption({ label: 'Door phone' });
	await (await field(page, 'Model')).selectOption({ label: 'R29' });
	await (await field(page, 'MAC address')).fill(macs[0]);
	await (await field(page, 'Device name')).fill('Side door');
	// R29: any firmware binds methods.
	check(!(await group(page, 'Relay 1').getByLabel('PIN', { exact: true }).isDisabled()), 'an R29 binds methods on any firmware');
	await (await button(page, 'Add relay')).click();
	const dtmf2 = group(page, 'Relay 2').getByLabel('DTMF code');
	await dtmf2.fill('#');
	const res = await answerOf(page, 'POST', '/api/devices', async () => (await button(page, 'Add device')).click());
	eq(res.status(), 400, 'POST /api/devices with a DTMF code twice');
	const err = (await res.json()).error;
	eq(err.field, 'relays[1].dtmf', 'the field the server names');
	const shown = await fieldError(page, dtmf2, 'the DTMF error on relay 2');
	check(shown.toLowerCase().includes(err.message.toLowerCase().slice(0, 20)), `the field shows the server's "${err.message}" (got "${shown}")`);
	await shoot(page, 'devices-dtmf-error');
	// A wrong spelling is caught before sending.
	await dtmf2.fill('x1');
	await (await button(page, 'Add device')).click();
	await fieldError(page, dtmf2, 'a DTMF that is not one');
	await dtmf2.fill('3');
	await answerOf(page, 'POST', '/api/devices', async () => (await button(page, 'Add device')).click());
	await expectPage(page, `/sites/${site.id}`, site.name);
	await expectRow(page, /Side door/, 'the door phone once corrected');
});

test('devices: a camera with credentials in its address, linked to the door phone; its password is never shown', async (t) => {
	const { inst, macs, site, page } = await setup(t, 2, { premium_plan: true });
	const door = await addDevice(inst, { site_id: site.id, type: 'door_phone', model: 'S532', mac: macs[0], name: 'Front door' });
	const monitor = await addDevice(inst, { site_id: site.id, type: 'indoor_monitor', model: 'C319', mac: macs[1], name: 'Kitchen monitor' });
	await openDevices(page, site, true);
	await until(async () => (await page.getByText('No cameras yet').count()) > 0, 'the empty camera list');
	await (await link(page, 'New camera')).click();
	await expectPage(page, `/sites/${site.id}/cameras/new`, 'New third-party camera');
	eq(await (await field(page, 'Owner')).inputValue(), site.name, 'the owner is the site');
	await (await field(page, 'Device name')).fill('Garden cam');
	await (await field(page, 'RTSP address')).fill('rtsp://cam%40home:s3cret@192.168.1.20:554/stream1');
	check(await page.getByLabel('Yes', { exact: true }).isChecked(), 'monitoring allowed by default');
	const terminals = group(page, 'Monitoring terminals');
	check(await terminals.getByLabel('SmartPlus app').isChecked(), 'the app is a terminal by default');
	await terminals.getByLabel('Kitchen monitor').check();
	await (await field(page, 'Link device')).selectOption({ label: 'Front door' });
	await shoot(page, 'devices-camera-form');
	const res = await answerOf(page, 'POST', '/api/devices/cameras', async () => (await button(page, 'Add camera')).click());
	eq(res.status(), 201, 'POST /api/devices/cameras');
	const cam = await res.json();
	await expectPage(page, `/sites/${site.id}`, site.name);
	await expectRow(page, /Garden cam/, 'the camera in the list');
	const row = (await rowsText(page)).find((r) => r.includes('Garden cam'));
	check(row.includes('rtsp://192.168.1.20:554/stream1'), `the address without credentials: ${row}`);
	check(row.includes('cam@home'), `the user name taken from the address: ${row}`);
	check(row.includes('Front door'), `the linked door phone: ${row}`);
	check(!row.includes('s3cret'), 'the password is not in the list');
	eq(sql(`SELECT rtsp_url, username, password_sealed IS NOT NULL, linked_device_id FROM cameras WHERE id = ${cam.id}`)[0],
		['rtsp://192.168.1.20:554/stream1', 'cam@home', '1', String(door.id)], 'the stored camera');
	eq(sql(`SELECT device_id FROM camera_terminals WHERE camera_id = ${cam.id}`), [[String(monitor.id)]], 'the stored terminal');
	await shoot(page, 'devices-thirdparty');

	// Edit: the password box is empty, says "unchanged", and the page holds no password.
	await (await link(page, 'Edit Garden cam')).click();
	await expectPage(page, `/sites/${site.id}/cameras/${cam.id}/edit`, 'Edit third-party camera');
	const pw = await field(page, 'Password', { exact: true });
	eq(await pw.inputValue(), '', 'the password box is empty');
	eq(await pw.getAttribute('placeholder'), 'unchanged', 'the password placeholder');
	eq(await pw.getAttribute('type'), 'password', 'the password box hides what is typed');
	check(!(await page.content()).includes('s3cret'), 'the password is nowhere in the page');
	check(await group(page, 'Monitoring terminals').getByLabel('Kitchen monitor').isChecked(), 'the monitor stays chosen');
	await (await field(page, 'Device name')).fill('Garden camera');
	const [patch] = await Promise.all([
		page.waitForRequest((r) => r.method() === 'PATCH' && new URL(r.url()).pathname === `/api/devices/cameras/${cam.id}`),
		(await button(page, 'Save')).click(),
	]);
	eq(patch.postDataJSON(), { name: 'Garden camera' }, 'the PATCH body: the password is not sent when left empty');
	await expectPage(page, `/sites/${site.id}`, site.name);
	await expectRow(page, /Garden camera/, 'the renamed camera');
	check(sqlOne(`SELECT password_sealed IS NOT NULL FROM cameras WHERE id = ${cam.id}`) === '1', 'the password is kept');
});

test('devices: a site without the premium plan says why a camera cannot be added', async (t) => {
	const { inst, site, page } = await setup(t, 0);
	await openDevices(page, site, true);
	const panel = page.locator('main [role="tabpanel"]:not([hidden])').last();
	await until(async () => (await panel.getByText('Third-party cameras need the premium plan').count()) > 0, 'the premium notice');
	check(await page.getByRole('button', { name: 'New camera' }).isDisabled(), 'New camera is disabled');
	eq(await (await link(page, 'Edit the site')).getAttribute('href'), `/sites/${site.id}/edit`, 'the notice links to the site\'s edit page');
	await shoot(page, 'devices-premium-off');
	// The form's address says the same instead of a form.
	await page.goto(url(`/sites/${site.id}/cameras/new`));
	await expectPage(page, `/sites/${site.id}/cameras/new`, 'New third-party camera');
	await until(async () => (await page.getByText('Third-party cameras need the premium plan').count()) > 0, 'the premium notice on the form page');
	eq(await page.getByLabel('RTSP address').count(), 0, 'no camera form without the plan');

	// The plan ends while the form is open: the 422 is explained.
	const premium = await newSite(inst, { premium_plan: true });
	await page.goto(url(`/sites/${premium.id}/cameras/new`));
	await expectPage(page, `/sites/${premium.id}/cameras/new`, 'New third-party camera');
	await (await field(page, 'Device name')).fill('Lapsed cam');
	await (await field(page, 'RTSP address')).fill('rtsp://192.168.1.30/live');
	const c = await apiSignIn(inst);
	await c.call('PATCH', `/api/sites/${premium.id}`, { premium_plan: false });
	await c.dispose();
	const res = await answerOf(page, 'POST', '/api/devices/cameras', async () => (await button(page, 'Add camera')).click());
	eq(res.status(), 422, 'POST /api/devices/cameras without the plan');
	eq((await res.json()).error.code, 'premium_plan_required', 'the refusal code');
	const alert = await formError(page, 'the premium refusal');
	check(/premium plan/i.test(alert), `the alert names the premium plan: "${alert}"`);
	check(await page.getByRole('link', { name: 'Edit the site' }).isVisible(), 'the way to turn the plan on is offered');
	eq(sqlOne(`SELECT COUNT(*) FROM cameras WHERE site_id = ${premium.id}`), '0', 'no camera stored');
});

// unlabelled lists the visible form controls without a <label for> of their
// own (the rule of 80-labels, applied to the device form's every section).
async function unlabelled(page) {
	return page.evaluate(() => [...document.querySelectorAll('main input, main select, main textarea')]
		.filter((el) => el.getClientRects().length && !['hidden', 'submit', 'button'].includes(el.type))
		.filter((el) => !el.id || ![...(el.labels || [])].some((l) => l.htmlFor === el.id))
		.map((el) => `${el.tagName.toLowerCase()}#${el.id || '(no id)'} (${el.name || ''})`));
}

test('devices: an R20K with its SR01 security relay and an MD06 module; an access control terminal has neither', async (t) => {
	const { macs, site, page } = await setup(t, 2);
	await page.goto(url(`/sites/${site.id}/devices/new`));
	await expectPage(page, `/sites/${site.id}/devices/new`, 'New intercom device');
	await (await field(page, 'Device type')).selectOption({ label: 'Door phone' });
	await (await field(page, 'Model')).selectOption({ label: 'R20K' });
	await (await field(page, 'MAC address')).fill(macs[0]);
	await (await field(page, 'Device name')).fill('Gate panel');
	// R20K binds no methods to relays, whatever the firmware.
	const relay1 = group(page, 'Relay 1');
	check(await relay1.getByLabel('PIN', { exact: true }).isDisabled(), 'an R20K cannot bind methods');
	check((await relay1.innerText()).includes('The R20K cannot bind unlock methods'), 'and says so');
	await (await button(page, 'Add relay')).click();
	check(await page.getByRole('button', { name: 'Add relay' }).isDisabled(), 'an R20K has 2 relays');
	check((await page.locator('main').innerText()).includes('The R20K has 2 relays'), 'the relay limit is said');

	await (await button(page, 'Add security relay (SR01)')).click();
	const sr = group(page, 'Security relay (SR01)');
	eq(await sr.getByLabel('Security relay name').inputValue(), 'SR01', 'the security relay name default');
	// Its DTMF code is required: said before sending.
	await (await button(page, 'Add device')).click();
	await fieldError(page, sr.getByLabel('Security relay DTMF code'), 'the security relay without its DTMF');
	await sr.getByLabel('Security relay DTMF code').fill('9');

	await (await field(page, 'Expansion module')).selectOption({ label: 'MD06 (6 buttons)' });
	for (let i = 0; i < 2; i++) await (await button(page, 'Add button')).click();
	await group(page, 'Button 1').getByLabel('Label').fill('Flat 1');
	await group(page, 'Button 2').getByLabel('Label').fill('Caretaker');
	await group(page, 'Button 2').getByLabel('Calls').selectOption({ label: 'SmartPlus apps' });
	eq(await unlabelled(page), [], 'every input of the form has its <label for>');
	await shoot(page, 'devices-r20k-form');
	const res = await answerOf(page, 'POST', '/api/devices', async () => (await button(page, 'Add device')).click());
	eq(res.status(), 201, 'POST /api/devices (R20K)');
	const dev = await res.json();
	await expectPage(page, `/sites/${site.id}`, site.name);
	eq(sql(`SELECT security_relay, security_relay_name, security_relay_dtmf, button_module FROM devices WHERE id = ${dev.id}`)[0],
		['1', 'SR01', '9', 'MD06'], 'the stored security relay and module');
	eq(sql(`SELECT label, call_target FROM device_buttons WHERE device_id = ${dev.id} ORDER BY idx`),
		[['Flat 1', 'apps_and_monitors'], ['Caretaker', 'apps']], 'the stored push buttons');

	// An access control terminal: relays, but no security relay and no buttons.
	await page.goto(url(`/sites/${site.id}/devices/new`));
	await expectPage(page, `/sites/${site.id}/devices/new`, 'New intercom device');
	await (await field(page, 'Device type')).selectOption({ label: 'Access control terminal' });
	await (await field(page, 'Model')).selectOption({ label: 'A094' });
	await group(page, 'Relay 1').waitFor({ state: 'visible' });
	eq(await page.getByRole('button', { name: 'Add security relay (SR01)' }).count(), 0, 'no SR01 on an access control terminal');
	eq(await page.getByLabel('Expansion module').count(), 0, 'no push buttons on an A094');
	// No internet: the static IP is asked for.
	await (await field(page, 'MAC address')).fill(macs[1]);
	await (await field(page, 'Device name')).fill('Staff entrance');
	await page.getByRole('group', { name: 'Does the device have internet access?' }).getByLabel('No', { exact: true }).check();
	await (await button(page, 'Add device')).click();
	await fieldError(page, await field(page, 'IP address'), 'no IP without internet access');
	await (await field(page, 'IP address')).fill('192.168.1.60');
	eq(await unlabelled(page), [], 'every input of the terminal form has its <label for>');
	await answerOf(page, 'POST', '/api/devices', async () => (await button(page, 'Add device')).click());
	await expectPage(page, `/sites/${site.id}`, site.name);
	await expectRow(page, /Staff entrance[\s\S]*Access control terminal/, 'the terminal in the list');
	eq(sql(`SELECT internet_access, ip FROM devices WHERE name = 'Staff entrance' AND site_id = ${site.id}`)[0], ['0', '192.168.1.60'], 'the stored network settings');
});
