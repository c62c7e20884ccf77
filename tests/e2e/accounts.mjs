// accounts.mjs - fresh accounts for each test, made the way the product makes
// them: distributors and installers with vestibule-admin (e-mail confirmed),
// installers created by a distributor over its API, and API sign-ins (a
// cookie jar of their own, outside the browser) to walk an account past
// the privacy step or to switch features on for it.

import { randomBytes } from 'node:crypto';
import { request } from 'playwright-core';
import {
	BASE_URL, accountId, admin, check, fail, mailMark, uniq, uniqEmail, uniqPassword, waitCode,
} from './lib.mjs';

// api is a cookie jar of its own that talks JSON to the stack with the CSRF
// header; call(method, path, body, want) checks the status and returns the
// decoded answer.
export async function api() {
	const ctx = await request.newContext({
		baseURL: BASE_URL,
		extraHTTPHeaders: { 'X-Vestibule-Csrf': '1' },
	});
	ctx.call = async (method, path, body, want = 200) => {
		const r = await ctx.fetch(path, { method, data: body === undefined ? undefined : body });
		const text = await r.text();
		if (r.status() !== want) fail(`${method} ${path}: expected ${want}, got ${r.status()} ${text.slice(0, 300)}`);
		return text ? JSON.parse(text) : null;
	};
	return ctx;
}

// apiSignIn signs `acct` in over the API and walks the pending steps a
// browser would (2FA by the mailed code, privacy agreed) up to stage done.
// Returns the signed-in api().
export async function apiSignIn(acct) {
	const c = await api();
	const mark = mailMark();
	let stage = (await c.call('POST', '/api/auth/login', { login: acct.login, password: acct.password })).stage;
	for (let i = 0; i < 5 && stage !== 'done'; i++) {
		if (stage === '2fa') {
			const code = await waitCode(acct.email, mark);
			stage = (await c.call('POST', '/api/auth/2fa/verify', { method: 'email', code })).stage;
		} else if (stage === 'privacy') {
			const { version } = await c.call('GET', '/api/auth/privacy');
			stage = (await c.call('POST', '/api/auth/privacy', { version, agree: true })).stage;
		} else {
			fail(`apiSignIn(${acct.login}): cannot walk stage ${stage}`);
		}
	}
	check(stage === 'done', `apiSignIn(${acct.login}) ended at stage ${stage}`);
	return c;
}

// newDistributor: a distributor made by vestibule-admin.  With ready, it has
// agreed to the privacy policy, so its next sign-in goes straight home.
export async function newDistributor({ ready = true } = {}) {
	const email = uniqEmail('e2e-dist');
	const password = uniqPassword();
	admin(['create-distributor', '--email', email], `${password}\n`);
	const acct = { id: accountId(email), role: 'distributor', email, login: email, password };
	if (ready) await (await apiSignIn(acct)).call('POST', '/api/auth/logout', {}, 204);
	return acct;
}

// newInstaller: an installer made by vestibule-admin under `dist` (a new
// distributor when not given), e-mail confirmed; ready as for newDistributor.
export async function newInstaller({ dist, ready = true, name } = {}) {
	dist = dist || (await newDistributor());
	const email = uniqEmail('e2e-inst');
	const password = uniqPassword();
	const args = ['create-installer', '--distributor', dist.email, '--email', email];
	if (name) args.push('--name', name);
	admin(args, `${password}\n`);
	const acct = { id: accountId(email), role: 'installer', email, login: email, password, dist, name };
	if (ready) await (await apiSignIn(acct)).call('POST', '/api/auth/logout', {}, 204);
	return acct;
}

// patchInstaller changes what the distributor sets on an installer
// (twofa_enabled, account_access_enabled, ...) through the distributor's API.
export async function patchInstaller(inst, fields) {
	const c = await apiSignIn(inst.dist);
	try {
		return await c.call('PATCH', `/api/distributor/installers/${inst.id}`, fields);
	} finally {
		await c.dispose();
	}
}

// newSite creates a single-family site of installer `inst` over its API
// (POST /api/sites): a fresh name and e-mail unless `fields` give them.
// Returns the SITE object the API answered.
export async function newSite(inst, fields = {}) {
	const c = await apiSignIn(inst);
	try {
		return await c.call('POST', '/api/sites', { name: `Resident ${uniq('r')}`, email: uniqEmail('e2e-res'), ...fields }, 201);
	} finally {
		await c.dispose();
	}
}

// randomMac is a MAC address (12 upper-case hex digits, the stored form)
// that no other test uses: a fixed Akuvox-like prefix and random digits.
export function randomMac() {
	return `0C11${randomBytes(4).toString('hex').toUpperCase()}`;
}

// addMacs registers `macs` in the library of distributor `dist` over its API
// (POST /api/maclib/macs), assigned to installer `inst` when given.  Returns
// the MACROWs the API answered.
export async function addMacs(dist, macs, inst) {
	const c = await apiSignIn(dist);
	try {
		const out = [];
		for (const mac of macs) {
			const body = { mac };
			if (inst) body.installer_id = inst.id;
			out.push(await c.call('POST', '/api/maclib/macs', body, 201));
		}
		return out;
	} finally {
		await c.dispose();
	}
}

// addDevice adds an intercom device for installer `inst` over its API
// (POST /api/devices); `body` holds site_id, type, model, mac, name and any
// settings.  Returns the DEVICE the API answered.
export async function addDevice(inst, body) {
	const c = await apiSignIn(inst);
	try {
		return await c.call('POST', '/api/devices', body, 201);
	} finally {
		await c.dispose();
	}
}
