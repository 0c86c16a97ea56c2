/**
 * A file's type from its content, as OpenRouter's Files API decides it (never from its name or
 * declared type): PDF, PNG, JPEG, GIF, WebP, DOCX/XLSX/PPTX (ZIP packages, told apart by the part
 * they hold), MP3, WAV, FLAC, OGG, or UTF-8 text reported by its structure (JSON, JSON lines, CSV,
 * Markdown, plain text). Null for anything else.
 */
export function detectFileType(bytes: Buffer): string | null {
  const starts = (text: string, at = 0) => bytes.toString('latin1', at, at + text.length) === text;
  if (starts('%PDF-')) return 'application/pdf';
  if (starts('\x89PNG\r\n\x1a\n')) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (starts('GIF87a') || starts('GIF89a')) return 'image/gif';
  if (starts('RIFF') && starts('WEBP', 8)) return 'image/webp';
  if (starts('RIFF') && starts('WAVE', 8)) return 'audio/wav';
  if (starts('fLaC')) return 'audio/flac';
  if (starts('OggS')) return 'audio/ogg';
  if (starts('ID3') || (bytes[0] === 0xff && bytes.length > 1 && (bytes[1]! & 0xe0) === 0xe0)) return 'audio/mpeg';
  if (starts('PK\x03\x04')) {
    // An Office package names its main part near the start of the archive.
    const head = bytes.toString('latin1', 0, Math.min(bytes.length, 64 * 1024));
    if (head.includes('word/')) return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (head.includes('xl/')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (head.includes('ppt/')) return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
    return null;
  }
  return textType(bytes);
}

function textType(bytes: Buffer): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // Control characters other than tab, line feed, carriage return and form feed mark binary data.
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) return null;
  }
  const trimmed = text.trim();
  if (trimmed.length === 0) return 'text/plain';
  if (parses(trimmed)) return 'application/json';
  const lines = trimmed.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length > 1 && lines.every((line) => /^[[{]/.test(line.trim()) && parses(line))) return 'application/x-ndjson';
  if (lines.length > 1) {
    const columns = (line: string) => line.split(',').length;
    const first = columns(lines[0]!);
    if (first > 1 && lines.every((line) => columns(line) === first)) return 'text/csv';
  }
  if (/^(#{1,6} |\s*[-*] |\s*\d+\. |```)/m.test(trimmed) || /\[[^\]]+\]\([^)]+\)/.test(trimmed)) return 'text/markdown';
  return 'text/plain';
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
