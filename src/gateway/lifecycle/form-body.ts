import { GatewayError } from '../../errors/gateway-error.js';
import { FormFile } from '../../wire/form-file.js';

/** Most fields one form may carry (a form is a handful of fields and a file). */
const maxFields = 64;

export function isMultipartForm(contentType: string): boolean {
  return /^multipart\/form-data\b/i.test(contentType);
}

/**
 * A multipart/form-data body as a plain object, the way a JSON body reads: each text field a
 * string, each file a FormFile, a field given more than once (`timestamp_granularities[]`) an
 * array; a `[]` suffix is dropped from names. Parsed by the runtime's own multipart reader (the
 * Fetch API's); a body it cannot read is a 400 naming the problem.
 */
export async function parseFormBody(bytes: Buffer, contentType: string): Promise<Record<string, unknown>> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
  } catch (error) {
    throw new GatewayError('invalid_request', `The multipart/form-data body could not be read: ${String((error as Error)?.message ?? error).slice(0, 200)}`);
  }
  const fields: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let count = 0;
  for (const [rawName, value] of form.entries()) {
    if (++count > maxFields) throw new GatewayError('invalid_request', `The form has more than ${maxFields} fields`);
    const name = rawName.endsWith('[]') ? rawName.slice(0, -2) : rawName;
    const item = typeof value === 'string' ? value : new FormFile(value.name || 'file', value.type || 'application/octet-stream', Buffer.from(await value.arrayBuffer()));
    const existing = fields[name];
    if (existing === undefined) fields[name] = rawName.endsWith('[]') ? [item] : item;
    else fields[name] = Array.isArray(existing) ? [...existing, item] : [existing, item];
  }
  return fields;
}
