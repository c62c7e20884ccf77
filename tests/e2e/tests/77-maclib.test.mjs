// MAC Library (issue 5, F16) through the portal: the distributor imports a
// CSV with one bad row (its line number is shown), pages through the list,
// adds a MAC by hand and assigns MACs to an installer; the installer sees
// them, the site of the one in use (a device row made with SQL), searches by
// MAC, removes an unused one and cannot remove the one in use.  Screenshots
// go to $VB_E2E_OUT/screenshots/maclib-*.png.

import { newDistributor, newInstaller, newSite, randomMac } from '../accounts.mjs';
import { check, eq, q, sql, sqlOne, uniq, until } from '../lib.mjs';
import { test } from '../suite.mjs';
import { button, expectPage, field, fieldError, goNav, shoot, signInHome, toastText } from '../ui.mjs';

// How the portal prints a MAC: 0C:11:05:AA:BB:CC.
const show = (mac) => mac.match(/../g).join(':');

const dialog = (page) => page.getByRole('dialog').filter({ visible: true }).first();

const libraryRow = (mac) => {
	const rows = sql(`SELECT IFNULL(installer_id, 0), note FROM mac_library WHERE mac = ${q(mac)}`);
	return rows.length ? rows[0] : null;
};

// shownMacs waits for the table to settle and returns the MACs it shows.
async function shownMacs(page) {
	await until(async () => (await page.locator('main .table-card[aria-busy="true"]').count()) === 0, 'the MAC table to load');
	return (await page.locator('main table tbody tr .cell-main.mono').allTextContents()).map((s) => s.trim());
}

async function expectMacs(page, macs, what) {
	const want = macs.map(show).sort();
	let got = [];
	try {
		await until(async () => {
			got = (await shownMacs(page)).sort();
			return JSON.stringify(got) === JSON.stringify(want);
		}, what);
	} catch (e) {
		throw new Error(`${e.message}: the table shows ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
	}
}

async function search(page, text) {
	const box = page.getByRole('searchbox', { name: 'Search MAC addresses' });
	await box.fill(text);
	await box.press('Enter');
}

// answerOf runs action and returns the API answer to method + path prefix.
async function answerOf(page, method, prefix, action) {
	const [res] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname.startsWith(prefix)),
		action(),
	]);
	return res;
}

test('maclib: the distributor imports and assigns MACs; the installer searches, removes unused, keeps in use', async (t) => {
	const dist = await newDistributor();
	const instName = `Ina ${uniq('mi')}`;
	const inst = await newInstaller({ dist, name: instName });
	const macs = Array.from({ length: 22 }, randomMac);

	// ---- distributor: the empty library, reached from its own navigation
	const dpage = await t.page();
	await signInHome(dpage, dist);
	await goNav(dpage, 'MAC Library');
	await expectPage(dpage, '/mac-library', 'MAC Library');
	await until(async () => (await dpage.getByText('No MAC addresses yet').count()) > 0, 'the empty state');

	// ---- import a CSV: a header, 22 MACs in several spellings, one bad row on line 12
	const lines = ['mac,note'];
	macs.slice(0, 10).forEach((m, i) => lines.push(i % 3 === 1 ? show(m).toLowerCase() : `${m},batch ${i}`));
	lines.push('not-a-mac');
	macs.slice(10).forEach((m, i) => lines.push(i % 2 ? m.match(/../g).join('-') : m));
	const csv = `${lines.join('\n')}\n`;
	await (await button(dpage, 'Import CSV')).click();
	const imp = dialog(dpage);
	await imp.waitFor({ state: 'visible' });
	// Without a file the form says so on the file input.
	await imp.getByRole('button', { name: 'Import', exact: true }).click();
	await fieldError(dpage, imp.getByLabel('CSV file'), 'import without a file');
	await imp.getByLabel('CSV file').setInputFiles({ name: 'macs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
	await shoot(dpage, 'maclib-import-dialog');
	const importRes = await answerOf(dpage, 'POST', '/api/maclib/macs/import',
		() => imp.getByRole('button', { name: 'Import', exact: true }).click());
	eq(importRes.status(), 200, 'POST /api/maclib/macs/import status');
	const result = imp.getByRole('region', { name: 'Import result' });
	await result.waitFor({ state: 'visible' });
	const counts = Object.fromEntries(await result.locator('.import-count').evaluateAll((els) =>
		els.map((e) => [e.querySelector('dt').textContent.trim(), e.querySelector('dd').textContent.trim()])));
	eq(counts, { Added: '22', Unchanged: '0', 'Rows with errors': '1' }, 'the import counts');
	const errRows = await result.locator('tbody tr').evaluateAll((trs) =>
		trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
	eq(errRows.length, 1, 'one row error');
	eq(errRows[0].slice(0, 2), ['12', 'not-a-mac'], 'the row error: line and value');
	check(errRows[0][2].length > 0, 'the row error has a reason');
	await shoot(dpage, 'maclib-import-result');
	await imp.getByRole('button', { name: 'Done', exact: true }).click();
	await imp.waitFor({ state: 'hidden' });
	eq(Number(sqlOne(`SELECT COUNT(*) FROM mac_library WHERE distributor_id = ${dist.id}`)), 22, 'MACs stored');
	eq(libraryRow(macs[0]), ['0', 'batch 0'], 'the first MAC with its note, unassigned');

	// ---- pages: 20 a page
	eq((await shownMacs(dpage)).length, 20, 'rows on the first page');
	check((await dpage.locator('main .table-range').textContent()).includes('of 22'), 'the range says "of 22"');
	await (await button(dpage, 'Next page')).click();
	await until(async () => (await shownMacs(dpage)).length === 2, 'the 2 rows of the second page');
	await (await button(dpage, 'Previous page')).click();
	await until(async () => (await shownMacs(dpage)).length === 20, 'back on the first page');

	// ---- add one by hand: a wrong MAC is refused on the field, then one assigned to the installer
	const extra = randomMac();
	await (await button(dpage, 'Add MAC')).click();
	const add = dialog(dpage);
	await add.waitFor({ state: 'visible' });
	await add.getByLabel('MAC address', { exact: true }).fill('0C:11:ZZ');
	await add.getByRole('button', { name: 'Add', exact: true }).click();
	await fieldError(dpage, add.getByLabel('MAC address', { exact: true }), 'a MAC that is not one');
	await add.getByLabel('MAC address', { exact: true }).fill(show(extra).toLowerCase());
	await add.getByLabel('Note').fill('Spare for Ina');
	await add.getByLabel('Installer').selectOption({ label: `${instName} (${inst.email})` });
	await shoot(dpage, 'maclib-add-dialog');
	await add.getByRole('button', { name: 'Add', exact: true }).click();
	await add.waitFor({ state: 'hidden' });
	await toastText(dpage, /added/i, 'the "added" toast');
	eq(libraryRow(extra), [String(inst.id), 'Spare for Ina'], 'the added MAC, assigned');
	// The same MAC again: the server's 409 lands on the MAC field.
	await (await button(dpage, 'Add MAC')).click();
	await dialog(dpage).getByLabel('MAC address', { exact: true }).fill(extra);
	await dialog(dpage).getByRole('button', { name: 'Add', exact: true }).click();
	const dup = await fieldError(dpage, dialog(dpage).getByLabel('MAC address', { exact: true }), 'a MAC already registered').catch(async () => null);
	if (dup === null) t.log('409 mac_in_library did not come with field "mac"');
	await dialog(dpage).getByRole('button', { name: 'Cancel', exact: true }).click();

	// ---- assign two imported MACs, found by searching
	for (const m of [macs[0], macs[1]]) {
		await search(dpage, m);
		await expectMacs(dpage, [m], `the search for ${m}`);
		await (await button(dpage, `Assign ${show(m)}`)).click();
		const dlg = dialog(dpage);
		await dlg.getByLabel('Installer').selectOption({ label: `${instName} (${inst.email})` });
		await dlg.getByRole('button', { name: 'Save', exact: true }).click();
		await dlg.waitFor({ state: 'hidden' });
		await toastText(dpage, /assigned to/i, 'the "assigned" toast');
		eq(libraryRow(m)[0], String(inst.id), `${m} assigned`);
	}
	await search(dpage, '');
	await dpage.getByLabel('State', { exact: true }).selectOption({ label: 'Assigned' });
	await expectMacs(dpage, [macs[0], macs[1], extra], 'the assigned MACs');
	check((await dpage.locator('main table tbody').innerText()).includes(instName), 'the installer column names the installer');
	await shoot(dpage, 'maclib-distributor');
	await dpage.getByLabel('State', { exact: true }).selectOption({ label: 'Unassigned' });
	await until(async () => (await shownMacs(dpage)).length === 20, 'a page of unassigned MACs');

	// ---- one MAC in use: a device of a site carries it (devices come in a later issue: SQL)
	const site = await newSite(inst);
	const model = sqlOne('SELECT id FROM device_models ORDER BY id LIMIT 1');
	const inUse = macs[1];
	if (model) {
		sql(`INSERT INTO devices (installer_id, site_id, model_id, mac, name, sip_number) VALUES (${inst.id}, ${site.id}, ${model}, ${q(inUse)}, 'Front door', NEXTVAL(sip_number_seq))`);
	} else {
		t.log('no device_models rows: the in-use part is skipped');
	}

	// ---- installer: the three MACs, the site of the one in use, search, state filter
	const ipage = await t.page();
	await signInHome(ipage, inst);
	await goNav(ipage, 'MAC Library');
	await expectPage(ipage, '/mac-library', 'MAC Library');
	await expectMacs(ipage, [macs[0], macs[1], extra], 'the installer\'s MACs');
	if (model) {
		const siteLink = ipage.locator('main table tbody').getByRole('link', { name: site.name });
		await siteLink.waitFor({ state: 'visible' });
		eq(await siteLink.getAttribute('href'), `/sites/${site.id}`, 'the in-use MAC links to its site');
		await ipage.getByLabel('State', { exact: true }).selectOption({ label: 'In use' });
		await expectMacs(ipage, [inUse], 'the MACs in use');
		await ipage.getByLabel('State', { exact: true }).selectOption({ label: 'Unused' });
		await expectMacs(ipage, [macs[0], extra], 'the unused MACs');
		await ipage.getByLabel('State', { exact: true }).selectOption({ label: 'All' });
	}
	await shoot(ipage, 'maclib-installer');
	// A MAC prefix in another spelling finds it.
	await search(ipage, show(macs[0]).toLowerCase().replace(/:/g, '-').slice(0, 14));
	await expectMacs(ipage, [macs[0]], 'the search by MAC prefix');
	await shoot(ipage, 'maclib-installer-search');

	// ---- removing: the unused one goes back to the distributor
	await (await button(ipage, `Remove ${show(macs[0])}`)).click();
	await shoot(ipage, 'maclib-remove-confirm');
	await dialog(ipage).getByRole('button', { name: 'Remove', exact: true }).click();
	await toastText(ipage, /removed/i, 'the "removed" toast');
	await expectMacs(ipage, [], 'the search after removing');
	eq(libraryRow(macs[0])[0], '0', 'the removed MAC is back with the distributor');
	await search(ipage, '');
	await expectMacs(ipage, [macs[1], extra], 'the library after removing');

	// ---- the one in use cannot be removed: the server's message is shown
	if (model) {
		await (await button(ipage, `Remove ${show(inUse)}`)).click();
		const res = await answerOf(ipage, 'DELETE', '/api/maclib/macs/',
			() => dialog(ipage).getByRole('button', { name: 'Remove', exact: true }).click());
		eq(res.status(), 409, 'DELETE of a MAC in use');
		const message = (await res.json()).error.message;
		const shown = await toastText(ipage, null, 'the refusal toast');
		check(shown.toLowerCase().includes(message.toLowerCase()), `the toast "${shown}" says the server's "${message}"`);
		eq(libraryRow(inUse)[0], String(inst.id), 'the MAC in use stays with the installer');
		await expectMacs(ipage, [inUse, extra], 'the library after the refusal');

		// The distributor cannot delete it either.
		await dpage.getByLabel('State', { exact: true }).selectOption({ label: 'In use' });
		await search(dpage, inUse);
		await expectMacs(dpage, [inUse], 'the distributor\'s MACs in use');
		await (await button(dpage, `Delete ${show(inUse)}`)).click();
		const dres = await answerOf(dpage, 'DELETE', '/api/maclib/macs/',
			() => dialog(dpage).getByRole('button', { name: 'Delete', exact: true }).click());
		eq(dres.status(), 409, 'distributor DELETE of a MAC in use');
		check(libraryRow(inUse) !== null, 'the MAC in use is still in the library');
	}

	// ---- the distributor deletes an unassigned one
	const gone = macs[5];
	await dpage.getByLabel('State', { exact: true }).selectOption({ label: 'All' });
	await search(dpage, gone);
	await expectMacs(dpage, [gone], `the search for ${gone}`);
	await (await button(dpage, `Delete ${show(gone)}`)).click();
	await dialog(dpage).getByRole('button', { name: 'Delete', exact: true }).click();
	await toastText(dpage, /deleted/i, 'the "deleted" toast');
	await expectMacs(dpage, [], 'the search after deleting');
	eq(libraryRow(gone), null, 'the deleted MAC is gone');
}, { timeout: 240000 });

test('maclib: re-importing the same file changes nothing', async (t) => {
	const dist = await newDistributor();
	const macs = [randomMac(), randomMac()];
	const page = await t.page();
	await signInHome(page, dist);
	await goNav(page, 'MAC Library');
	await expectPage(page, '/mac-library', 'MAC Library');
	const csv = Buffer.from(`MAC\n${macs.join('\n')}\n\n`);
	for (const [created, unchanged] of [['2', '0'], ['0', '2']]) {
		await (await button(page, 'Import CSV')).click();
		const dlg = dialog(page);
		await (await field(page, 'CSV file')).setInputFiles({ name: 'same.csv', mimeType: 'text/csv', buffer: csv });
		await dlg.getByRole('button', { name: 'Import', exact: true }).click();
		const result = dlg.getByRole('region', { name: 'Import result' });
		await result.waitFor({ state: 'visible' });
		const counts = Object.fromEntries(await result.locator('.import-count').evaluateAll((els) =>
			els.map((e) => [e.querySelector('dt').textContent.trim(), e.querySelector('dd').textContent.trim()])));
		eq(counts, { Added: created, Unchanged: unchanged, 'Rows with errors': '0' }, `the counts (${created} added)`);
		await dlg.getByRole('button', { name: 'Done', exact: true }).click();
		await dlg.waitFor({ state: 'hidden' });
	}
	await expectMacs(page, macs, 'the two MACs, once each');
});
