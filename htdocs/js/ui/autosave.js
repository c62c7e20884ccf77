// A switch that saves itself: on change it sends the new value, shows a
// toast, and flips back with an inline error if the server says no.

import { toggle, setFieldError, clearErrors } from './form.js';
import { toast } from './toast.js';

/**
 * autoToggle({id, name, label, hint, checked, disabled, save(checked),
 * onText, offText}) -> the toggle row. save() is async and may throw an
 * ApiError.
 */
export function autoToggle({ save, onText, offText, ...opts }) {
  const row = toggle({
    ...opts,
    onChange: async (checked, input) => {
      clearErrors(row);
      input.disabled = true;
      try {
        await save(checked);
        toast(checked ? onText : offText);
      } catch (error) {
        input.checked = !checked;
        if (!error.handled) setFieldError(input, error.message);
      } finally {
        input.disabled = !!opts.disabled;
      }
    },
  });
  return row;
}
