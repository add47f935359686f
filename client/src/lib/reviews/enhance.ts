import type { SubmitFunction } from '$app/forms';

/** use:enhance that refreshes the page's data but keeps the form's fields as they are (no reset). */
export const keep: SubmitFunction = () => async ({ update }) => update({ reset: false });
