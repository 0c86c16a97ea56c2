/** At most this much of a prompt is looked at to tell its language. */
export const languageSampleCharacters = 2000;

const codeStart =
  /^\s*(import|from|def|class|return|if|else|elif|for|while|const|let|var|function|public|private|protected|static|#include|#define|using|package|print|console\.|SELECT|INSERT|UPDATE|CREATE)\b/;

/**
 * The human prose of a prompt: fenced and inline code, URLs, markup and LaTeX commands removed, and
 * lines that look like code dropped (symbol-dense lines, lines opening with a keyword), unless they
 * carry non-ASCII words, which code rarely does but comments and mixed prompts do. Identifiers with
 * dots or underscores go too. What remains is what the user wrote in their own language.
 */
export function extractProse(text: string): string {
  const cleaned = text
    .slice(0, languageSampleCharacters)
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\b(https?|ftp):\/\/\S+/g, ' ')
    .replace(/<[^>\n]{1,200}>/g, ' ')
    .replace(/\\[a-zA-Z]+/g, ' ');
  const kept = cleaned.split('\n').filter((line) => {
    const trimmed = line.trim();
    if (!trimmed) return false;
    if (/\p{L}{2,}/u.test(trimmed.replace(/\p{ASCII}/gu, ''))) return true;
    const letters = (trimmed.match(/\p{L}/gu) ?? []).length;
    const symbols = (trimmed.match(/[{}()[\];=<>_#$\\|&*+/^%@]/g) ?? []).length;
    return letters > 0 && symbols / trimmed.length < 0.08 && !codeStart.test(trimmed);
  });
  return kept
    .join(' ')
    .replace(/[A-Za-z_][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
