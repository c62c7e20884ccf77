// Two-step verification at sign-in: the mailed code, an expired code, and
// TOTP (enrolment in Settings with the secret read off the page, then a
// sign-in with the authenticator's code).

import { newInstaller, patchInstaller } from '../accounts.mjs';
import {
	check, eq, fail, mailMark, sql, sqlOne, totp, totpFreshStep, until, waitCode,
} from '../lib.mjs';
import { test } from '../suite.mjs';
import {
	CODE_LABEL, button, errorText, expectPage, field, me, signIn, toastText, url,
} from '../ui.mjs';

async function twofaInstaller() {
	const inst = await newInstaller();
	await patchInstaller(inst, { twofa_enabled: true });
	return inst;
}

test('2fa: the code mailed at sign-in lets the installer in', async (t) => {
	const inst = await twofaInstaller();
	const page = await t.page();
	const mark = mailMark();
	await signIn(page, inst);
	await expectPage(page, '/sign-in/2fa', 'Two-step verification');
	// Not signed in yet: the portal's pages stay closed.
	const [, body] = await me(page);
	eq(body && body.stage, '2fa', 'stage in GET /api/auth/me on the 2FA page');
	const code = await waitCode(inst.email, mark);
	await (await field(page, CODE_LABEL)).fill(code);
	await (await button(page, /^(Verify|Continue|Sign in)$/)).click();
	await expectPage(page, '/dashboard', 'Dashboard');
});

test('2fa: a wrong and an expired code are refused, a new one works', async (t) => {
	const inst = await twofaInstaller();
	const page = await t.page();
	let mark = mailMark();
	await signIn(page, inst);
	await expectPage(page, '/sign-in/2fa', 'Two-step verification');
	const code = await waitCode(inst.email, mark);
	// A mistyped code: said on the field, with the tries left.
	const input = await field(page, CODE_LABEL);
	await input.fill(code === '000000' ? '111111' : '000000');
	await (await button(page, /^(Verify|Continue|Sign in)$/)).click();
	const wrong = await errorText(page, input, 'the error for a wrong code');
	check(/tr(y|ies)|attempt/i.test(wrong), `the error for a wrong code does not say the tries left: "${wrong}"`);
	// Eleven minutes later: expired, and old enough to ask for another.
	sql(`UPDATE twofa_codes SET expires_at = UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE,
		created_at = UTC_TIMESTAMP(3) - INTERVAL 11 MINUTE WHERE account_id = ${inst.id}`);
	await input.fill(code);
	await (await button(page, /^(Verify|Continue|Sign in)$/)).click();
	// (The wrong code's error may still be up until the answer comes.)
	let msg = '';
	await until(async () => /expired/i.test(msg = await errorText(page, input, 'the error for an expired code')),
		'an error saying the code expired').catch(() => fail(`the error for an expired code does not say it expired: "${msg}"`));
	await expectPage(page, '/sign-in/2fa', 'Two-step verification');
	eq((await me(page))[1]?.stage, '2fa', 'stage after an expired code');

	mark = mailMark();
	await (await button(page, /send (a )?new code|resend/i)).click();
	await toastText(page, /./, 'word that a new code was sent (role="status")').catch(() => {
		t.log('no toast (role="status") after "Send a new code"');
	});
	const fresh = await waitCode(inst.email, mark);
	await input.fill(fresh);
	await (await button(page, /^(Verify|Continue|Sign in)$/)).click();
	await expectPage(page, '/dashboard', 'Dashboard');
});

// readSecret finds the base32 secret the enrolment page shows as text (for
// people who cannot scan the QR code), grouped or not.
async function readSecret(page) {
	return until(async () => {
		const text = (await page.locator('main').innerText()).replace(/\u00a0/g, ' ');
		const m = text.match(/\b((?:[A-Z2-7]{4}[ -]?){4,}[A-Z2-7]*)\b/);
		return m ? m[1].replace(/[ -]/g, '') : null;
	}, 'the TOTP secret shown as text on the enrolment page');
}

test('2fa: TOTP enrolment in Settings, then sign-in with the authenticator', async (t) => {
	const inst = await twofaInstaller();
	const page = await t.page();
	let mark = mailMark();
	await signIn(page, inst);
	await expectPage(page, '/sign-in/2fa', 'Two-step verification');
	await (await field(page, CODE_LABEL)).fill(await waitCode(inst.email, mark));
	await (await button(page, /^(Verify|Continue|Sign in)$/)).click();
	await expectPage(page, '/dashboard', 'Dashboard');

	await page.goto(url('/settings/security'));
	await expectPage(page, '/settings/security', /./);
	await (await button(page, /set up|enrol|enroll|start|add/i)).click();
	// A QR code for phones...
	await until(async () => (await page.locator('main img, main canvas, main svg[role="img"]').count()) > 0,
		'a QR code (img, canvas or svg role=img) on the enrolment page');
	// ...and the secret as text, which the test types into its own authenticator.
	const secret = await readSecret(page);
	const activateAt = Date.now();
	await (await field(page, CODE_LABEL)).fill(totp(secret));
	await (await button(page, /activate|verify|confirm|turn on|enable/i)).click();
	await until(() => sqlOne(`SELECT active FROM totp_secrets WHERE account_id = ${inst.id}`) === '1',
		'totp_secrets.active = 1 after activation');
	await until(async () => (await me(page))[1]?.totp_enrolled === true, 'totp_enrolled in GET /api/auth/me');

	// Sign out and in again, this time with the authenticator.
	await page.context().clearCookies();
	mark = mailMark();
	await signIn(page, inst);
	await expectPage(page, '/sign-in/2fa', 'Two-step verification');
	const method = page.getByLabel(/authenticator/i).or(page.getByRole('button', { name: /authenticator/i }))
		.or(page.getByRole('tab', { name: /authenticator/i }));
	await method.first().waitFor({ state: 'visible' });
	await method.first().click();
	// The step used to activate is spent (replays are refused): next step.
	await totpFreshStep(activateAt);
	await (await field(page, CODE_LABEL)).fill(totp(secret));
	await (await button(page, /^(Verify|Continue|Sign in)$/)).click();
	await expectPage(page, '/dashboard', 'Dashboard');
}, { timeout: 150000 });

test('2fa: "Sign in with another account" ends the half-done sign-in', async (t) => {
	const inst = await twofaInstaller();
	const page = await t.page();
	await signIn(page, inst);
	await expectPage(page, '/sign-in/2fa', 'Two-step verification');
	await page.getByRole('link', { name: 'Sign in with another account' }).click();
	await expectPage(page, '/sign-in', 'Sign in');
	const [status] = await me(page);
	eq(status, 401, 'GET /api/auth/me after leaving the 2FA step');
});
