import { createHash } from 'node:crypto';

export interface AppAttribution {
  /** Stable numeric id of the app (48 bits of the SHA-256 of its normalised URL or title). */
  appId: number;
  appName: string;
  httpReferer: string | null;
}

function normaliseReferer(referer: string): string {
  try {
    const url = new URL(referer);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return referer.trim().toLowerCase();
  }
}

/**
 * App attribution from OpenRouter's headers: HTTP-Referer (the app's URL) and X-Title /
 * X-OpenRouter-Title (its name). Requests with neither are not attributed. The id is derived from
 * the app's URL (or its title when no URL is sent), so every gateway node computes the same id
 * without a lookup.
 */
export function attributeApp(headers: { referer?: string | undefined; title?: string | undefined }): AppAttribution | null {
  const referer = headers.referer?.trim() || null;
  const title = headers.title?.trim() || null;
  if (!referer && !title) return null;
  const identity = referer ? normaliseReferer(referer) : `title:${title!.toLowerCase()}`;
  const digest = createHash('sha256').update(identity).digest();
  let name = title;
  if (!name && referer) {
    try {
      name = new URL(referer).host;
    } catch {
      name = referer;
    }
  }
  return { appId: digest.readUIntBE(0, 6), appName: name!.slice(0, 200), httpReferer: referer };
}
