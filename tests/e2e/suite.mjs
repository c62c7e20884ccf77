// suite.mjs - the test registry: each tests/*.test.mjs calls test(name, fn)
// at import; run.mjs runs them in order.  fn gets a T (see run.mjs) with
// T.page() for a fresh browser context and page.

export const tests = [];

// test registers fn under name (unique, used for the failure screenshot's
// file name); opts.timeout in ms (default 120 s).
export function test(name, fn, opts = {}) {
	if (tests.some((t) => t.name === name)) throw new Error(`duplicate test name: ${name}`);
	tests.push({ name, fn, timeout: opts.timeout ?? 120000 });
}
