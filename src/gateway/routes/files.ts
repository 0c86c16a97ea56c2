import { randomBytes } from 'node:crypto';
import { GatewayError } from '../../errors/gateway-error.js';
import type { StoredFile } from '../../storage/control-plane/file-store.js';
import { detectFileType } from '../../wire/media/detect-file-type.js';
import { FormFile } from '../../wire/form-file.js';
import { expectEnum, invalid, isObject } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';
import type { HttpExchange } from '../http/http-exchange.js';
import type { Route } from '../http/route-table.js';

type Shape = 'openrouter' | 'openai' | 'anthropic';

/** The answer's shape: OpenRouter's own, or OpenAI's or Anthropic's Files API's (`?provider=`). */
function shapeOf(exchange: HttpExchange): Shape {
  const provider = exchange.query.get('provider');
  return provider === null ? 'openrouter' : expectEnum(provider, 'provider', ['openai', 'anthropic'] as const);
}

/** The files' owner: the key's account and workspace (`workspace_id` may name it, no other). */
function ownerOf(exchange: HttpExchange): { accountId: string; workspaceId: string } {
  const { account, key } = exchange.principal;
  const workspaceId = key?.workspaceId ?? 'default';
  const asked = exchange.query.get('workspace_id');
  if (asked !== null && asked !== workspaceId) throw new GatewayError('forbidden', `This key belongs to workspace ${workspaceId}; it cannot reach the files of another`);
  return { accountId: account.id, workspaceId };
}

function renderFile(file: StoredFile, shape: Shape, purpose = 'user_data') {
  if (shape === 'openai')
    return { _shape: shape, id: file.id, object: 'file', bytes: file.sizeBytes, created_at: Math.floor(Date.parse(file.createdAt) / 1000), filename: file.filename, purpose, status: 'processed' };
  return { _shape: shape, id: file.id, type: 'file', filename: file.filename, mime_type: file.mimeType, size_bytes: file.sizeBytes, created_at: file.createdAt, downloadable: true };
}

async function fileOf(exchange: HttpExchange, services: GatewayServices, id: string): Promise<StoredFile> {
  const { accountId, workspaceId } = ownerOf(exchange);
  const file = await services.controlPlane.files.get(accountId, workspaceId, id);
  if (!file) throw new GatewayError('not_found', `No file ${id.slice(0, 100)} in this workspace`);
  return file;
}

/**
 * OpenRouter's Files API: upload (multipart `file`; the type is read from the content), list
 * (newest first, `limit`, `after_id`/`before_id`, `order`), metadata, download and delete — each
 * file kept in the control plane under the key's account and workspace, in OpenRouter's shape or,
 * with `?provider=openai|anthropic`, in that vendor's.
 */
export function fileRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/files',
      access: 'inference',
      body: 'json-or-form',
      handler: async (exchange) => {
        const shape = shapeOf(exchange);
        const owner = ownerOf(exchange);
        const form = isObject(exchange.json) ? exchange.json : {};
        if (!(form.file instanceof FormFile)) throw invalid('file', 'upload the file as multipart/form-data with a "file" field');
        const upload = form.file;
        if (upload.bytes.length === 0) throw invalid('file', 'the file is empty');
        const mimeType = detectFileType(upload.bytes);
        if (!mimeType) throw new GatewayError('unsupported_media_type', 'The file must be a PDF, a PNG/JPEG/GIF/WebP image, a DOCX/XLSX/PPTX document, MP3/WAV/FLAC/OGG audio, or UTF-8 text');
        const purpose = typeof form.purpose === 'string' ? form.purpose.slice(0, 40) : 'user_data';
        const file: StoredFile = {
          id: `file-${randomBytes(12).toString('hex')}`,
          ...owner,
          filename: upload.filename.slice(0, 255),
          mimeType,
          sizeBytes: upload.bytes.length,
          createdAt: new Date(services.now()).toISOString(),
        };
        await services.controlPlane.files.add(file, upload.bytes);
        exchange.sendJson(200, renderFile(file, shape, purpose));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/files',
      access: 'inference',
      handler: async (exchange) => {
        const shape = shapeOf(exchange);
        const { accountId, workspaceId } = ownerOf(exchange);
        const limitText = exchange.query.get('limit');
        const limit = limitText === null ? 100 : Number(limitText);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalid('limit', 'expected an integer from 1 to 1000');
        const order = exchange.query.get('order') === null ? 'desc' : expectEnum(exchange.query.get('order'), 'order', ['asc', 'desc'] as const);
        const afterId = exchange.query.get('after_id') ?? exchange.query.get('after') ?? exchange.query.get('cursor') ?? undefined;
        const beforeId = exchange.query.get('before_id') ?? undefined;
        const page = await services.controlPlane.files.list(accountId, workspaceId, { limit, order, ...(afterId ? { afterId } : {}), ...(beforeId ? { beforeId } : {}) });
        const firstId = page.files[0]?.id ?? null;
        const lastId = page.files.at(-1)?.id ?? null;
        const listed = { data: page.files.map((file) => renderFile(file, shape)), first_id: firstId, last_id: lastId, has_more: page.hasMore };
        if (shape === 'openai') exchange.sendJson(200, { _shape: shape, object: 'list', ...listed });
        else if (shape === 'anthropic') exchange.sendJson(200, { _shape: shape, ...listed });
        else exchange.sendJson(200, { _shape: shape, ...listed, cursor: page.hasMore ? lastId : null });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/files/:id',
      access: 'inference',
      handler: async (exchange, parameters) => exchange.sendJson(200, renderFile(await fileOf(exchange, services, parameters.id!), shapeOf(exchange))),
    },
    {
      method: 'GET',
      path: '/api/v1/files/:id/content',
      access: 'inference',
      handler: async (exchange, parameters) => {
        const file = await fileOf(exchange, services, parameters.id!);
        const content = await services.controlPlane.files.content(file.accountId, file.workspaceId, file.id);
        if (!content) throw new GatewayError('not_found', `No file ${file.id} in this workspace`);
        const asciiName = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
        // Bytes as OpenRouter sends them (its SDK reads application/octet-stream); the type is in the file's metadata.
        exchange.sendBody(200, content, {
          'content-type': 'application/octet-stream',
          'content-disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        });
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/files/:id',
      access: 'inference',
      handler: async (exchange, parameters) => {
        const shape = shapeOf(exchange);
        const file = await fileOf(exchange, services, parameters.id!);
        await services.controlPlane.files.delete(file.accountId, file.workspaceId, file.id);
        exchange.sendJson(200, shape === 'openai' ? { _shape: shape, id: file.id, object: 'file', deleted: true } : { _shape: shape, id: file.id, type: 'file_deleted' });
      },
    },
  ];
}
