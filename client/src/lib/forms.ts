import type { SubmitFunction } from '$app/forms';

/**
 * use:enhance for our forms: marks the form busy while it submits and keeps what was typed
 * (a refused submission must not lose it). onSuccess runs after a successful one.
 */
export function submitting(setBusy: (busy: boolean) => void, opts: { reset?: boolean; onSuccess?: () => void } = {}): SubmitFunction {
  return () => {
    setBusy(true);
    return async ({ result, update }) => {
      await update({ reset: opts.reset ?? false });
      setBusy(false);
      if (result.type === 'success') opts.onSuccess?.();
    };
  };
}
