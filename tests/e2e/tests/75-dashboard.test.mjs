// The dashboard (F8): the counts of sites and app accounts change when a
// site and a family member are created, the chart says its numbers to
// assistive technology and in a visible legend, and the quick-create buttons
// (a single-family site; property managers later, so disabled and said why).
// Screenshots: $VB_E2E_OUT/screenshots/dashboard-*.png.

import { apiSignIn, newInstaller, newSite } from '../accounts.mjs';
import { check, eq, sql, uniq, uniqEmail, until } from '../lib.mjs';
import { test } from '../suite.mjs';
import { button, expectPage, field, goNav, link, path, shoot, signInHome } from '../ui.mjs';

// card is the number shown by the dashboard card named `name`.
async function card(page, name) {
	const region = page.getByRole('region', { name, exact: true });
	await region.waitFor({ state: 'visible' });
	const text = (await region.locator('.stat-value').textContent()) || '';
	return Number(text.replace(/[^0-9]/g, ''));
}

// chartLabel is the accessible name of the app-accounts chart (role="img").
async function chartLabel(page) {
	const img = page.getByRole('img', { name: /App accounts by status/ });
	await img.waitFor({ state: 'visible' });
	return img.getAttribute('aria-label');
}

test('dashboard: the counts change after creating a site; quick create', async (t) => {
	const inst = await newInstaller();
	const page = await t.page();
	await signInHome(page, inst);
	await expectPage(page, '/dashboard', 'Dashboard');
	eq(await card(page, 'Sites'), 0, 'Sites on a new installer\'s dashboard');
	eq(await card(page, 'App accounts'), 0, 'App accounts on a new installer\'s dashboard');
	eq(await card(page, 'Devices'), 0, 'Devices (none until the devices issue)');
	eq(await chartLabel(page), 'App accounts by status: 0 in all, 0 normal, 0 inactivated, 0 expired.', 'the chart\'s label');
	await shoot(page, 'dashboard-counts-empty');

	// Property managers come later: the button is there, disabled, and says why.
	const pm = await button(page, '+ Add Property Manager');
	check(await pm.isDisabled(), '"+ Add Property Manager" is disabled');
	const why = await pm.getAttribute('aria-describedby');
	check(why && (await page.locator(`[id="${why}"]`).textContent()).includes('upcoming release'),
		'the disabled property-manager button is explained');

	// Quick create: the site form, submitted from its first step.
	await (await link(page, '+ Add Single-Family Site')).click();
	await expectPage(page, '/sites/new', 'New single-family site');
	const name = `Dash ${uniq('d')}`;
	await (await field(page, 'Name', { exact: true })).fill(name);
	await (await field(page, 'Email', { exact: true })).fill(uniqEmail('e2e-dash'));
	await (await button(page, 'Submit')).click();
	await until(() => /^\/sites\/\d+$/.test(path(page)), `the new site's page (at ${page.url()})`);
	await expectPage(page, path(page), name);
	const id = Number(path(page).split('/')[2]);

	// A family member is an app account too, counted under its site's status.
	const c = await apiSignIn(inst);
	await c.call('POST', `/api/sites/${id}/family`, { name: 'Kim', email: uniqEmail('e2e-kim') }, 201);
	await c.dispose();
	const other = await newSite(inst);

	await goNav(page, 'Dashboard');
	await expectPage(page, '/dashboard', 'Dashboard');
	eq(await card(page, 'Sites'), 2, 'Sites after creating two');
	eq(await card(page, 'App accounts'), 3, 'App accounts: two masters and one family member');
	eq(await chartLabel(page), 'App accounts by status: 3 in all, 3 normal, 0 inactivated, 0 expired.', 'the chart\'s label');
	let legend = (await page.locator('.chart-legend').innerText()).replace(/\s+/g, ' ');
	check(/Normal 3/.test(legend) && /Expired 0/.test(legend), `the visible legend gives the numbers: ${legend}`);

	// Statuses other than normal: the worker and (later) billing set them.
	sql(`UPDATE sites SET status = 'expired' WHERE id = ${other.id}`);
	await page.reload();
	await expectPage(page, '/dashboard', 'Dashboard');
	eq(await chartLabel(page), 'App accounts by status: 3 in all, 2 normal, 0 inactivated, 1 expired.', 'the chart\'s label with an expired site');
	legend = (await page.locator('.chart-legend').innerText()).replace(/\s+/g, ' ');
	check(/Normal 2/.test(legend) && /Expired 1/.test(legend), `the visible legend after the expiry: ${legend}`);
	await shoot(page, 'dashboard-counts');
});
