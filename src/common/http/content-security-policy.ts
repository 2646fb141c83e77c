/** The directives every page Panier serves starts from: this origin alone, no plugins, no framing. */
const SAME_ORIGIN = {
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'font-src': "'self'",
  'img-src': "'self' data:",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'self'",
  'frame-ancestors': "'none'",
} as const;

type Directive = keyof typeof SAME_ORIGIN;

/** The same-origin Content-Security-Policy, with the directives a page needs widened (and said why where it is used). */
export function sameOriginPolicy(widened: Partial<Record<Directive, string>> = {}): string {
  return Object.entries({ ...SAME_ORIGIN, ...widened })
    .map(([directive, sources]) => `${directive} ${sources}`)
    .join('; ');
}
