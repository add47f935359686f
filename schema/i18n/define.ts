/** The same keys with any text: what the English messages must match. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/**
 * A domain module's messages in both interface languages; English is checked against zh-CN, key
 * for key. Register the result in modules.ts under the module's namespace (t('standards.…')).
 */
export function defineMessages<Z extends object>(m: { 'zh-CN': Z; en: NoInfer<Shape<Z>> }) {
  return m;
}
