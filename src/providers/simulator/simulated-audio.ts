import { hashText } from '../../spec/text-hash.js';

/** The simulator's audio: 24 kHz, 16-bit, mono PCM (OpenAI's `pcm` speech format). */
export const simulatedSampleRate = 24_000;
const bytesPerSecond = simulatedSampleRate * 2;

/** Characters a voice speaks per second at speed 1 (about 150 words a minute). */
const charactersPerSecond = 15;

/**
 * Speech for a text as 16-bit PCM: a tone per voice, one syllable-like swell per word, as long as
 * the text takes to say at `speed` — so that its length, and a transcription of it, are those of
 * real speech of that text.
 */
export function simulatedSpeechPcm(text: string, voice: string, speed: number): Buffer {
  const seconds = Math.max(0.2, text.length / charactersPerSecond / speed);
  const samples = Math.round(seconds * simulatedSampleRate);
  const pcm = Buffer.alloc(samples * 2);
  const frequency = 110 + (hashText(voice) % 180);
  const words = Math.max(1, text.split(/\s+/).filter(Boolean).length);
  for (let sample = 0; sample < samples; sample++) {
    const time = sample / simulatedSampleRate;
    const swell = Math.abs(Math.sin((Math.PI * words * sample) / samples));
    pcm.writeInt16LE(Math.round(9_000 * swell * Math.sin(2 * Math.PI * frequency * time)), sample * 2);
  }
  return pcm;
}

/** PCM wrapped in a WAV (RIFF) header. */
export function wavFromPcm(pcm: Buffer): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(simulatedSampleRate, 24);
  header.writeUInt32LE(bytesPerSecond, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}
