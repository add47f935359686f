/** Only web images (http, https, or a path on this site) are shown in drafts. */
export const safeImageSrc = (src: unknown) => (typeof src === 'string' && /^(https?:\/\/|\/(?!\/))/i.test(src) ? src : '');
