/**
 * The Content-Security-Policy of the renderer, sent as a header by `sieve serve` and by the
 * Electron session; the same text sits in a meta tag of src/renderer/index.html (a test keeps
 * the two equal). No inline or remote scripts; connections only back to the app itself.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'"
].join('; ')
