// The password rules the API enforces (8..128 bytes), checked before
// sending so the person sees the problem at once.

import { t } from '../strings/index.js';

/** {field: message} for a new password and its confirmation. */
export function passwordProblems(password, confirm, name, confirmName) {
  const problems = {};
  const bytes = new TextEncoder().encode(password || '').length;
  if (bytes < 8 || bytes > 128) problems[name] = t('errors.passwordLength');
  else if (password !== confirm) problems[confirmName] = t('errors.passwordMismatch');
  return problems;
}
