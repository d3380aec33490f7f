/** Showing a URL the user gave without what must not be shown. */

/**
 * A URL as it may be shown in a message: credentials (`user:pass@`)
 * replaced by `***@`. Works on any string, so a URL too malformed to parse
 * is redacted as well, and leaves anything that is not a URL as it is.
 */
export function redactUrl(spec: string): string {
  return spec.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, '$1***@');
}
