import simplifiedToTraditional from 'opencc-js/dict/STCharacters';
import traditionalToSimplified from 'opencc-js/dict/TSCharacters';

/** Characters of one form only: the keys of OpenCC's character tables that the other table lacks. */
function keysOf(table: string): Set<string> {
  const keys = new Set<string>();
  for (const entry of table.split('|')) {
    const key = entry.split(' ')[0];
    if (key) keys.add(key);
  }
  return keys;
}

let tables: { simplified: Set<string>; traditional: Set<string> } | null = null;

function characterTables() {
  if (!tables) {
    const simplified = keysOf(simplifiedToTraditional);
    const traditional = keysOf(traditionalToSimplified);
    for (const character of [...simplified]) {
      if (traditional.has(character)) {
        simplified.delete(character);
        traditional.delete(character);
      }
    }
    tables = { simplified, traditional };
  }
  return tables;
}

/**
 * zh-Hant when the text has more characters found only in Traditional Chinese than characters
 * found only in Simplified Chinese (OpenCC's character tables), else zh-Hans.
 */
export function chineseScript(text: string): 'zh-Hans' | 'zh-Hant' {
  const { simplified, traditional } = characterTables();
  let simplifiedCount = 0;
  let traditionalCount = 0;
  for (const character of text) {
    if (simplified.has(character)) simplifiedCount++;
    else if (traditional.has(character)) traditionalCount++;
  }
  return traditionalCount > simplifiedCount ? 'zh-Hant' : 'zh-Hans';
}
