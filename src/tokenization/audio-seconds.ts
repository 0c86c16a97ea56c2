/** 24 kHz, 16-bit, mono: the raw `pcm` format of OpenAI's and OpenRouter's speech. */
const pcmBytesPerSecond = 48_000;

/** Seconds of a WAV file, from its `fmt ` byte rate and `data` size; null when it is not one. */
export function wavSeconds(audio: Buffer): number | null {
  if (audio.length < 12 || audio.toString('latin1', 0, 4) !== 'RIFF' || audio.toString('latin1', 8, 12) !== 'WAVE') return null;
  let byteRate: number | null = null;
  for (let at = 12; at + 8 <= audio.length; ) {
    const id = audio.toString('latin1', at, at + 4);
    const size = audio.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 16 <= audio.length) byteRate = audio.readUInt32LE(at + 16);
    if (id === 'data') return byteRate ? Math.min(size, audio.length - at - 8) / byteRate : null;
    at += 8 + size + (size % 2);
  }
  return null;
}

/**
 * Seconds of an audio file as well as the gateway can tell without decoding it: exact for WAV and
 * for raw PCM (24 kHz 16-bit mono); for compressed formats, its size at 128 kbit/s.
 */
export function audioSeconds(audio: Buffer, format: string): number {
  const wav = wavSeconds(audio);
  if (wav !== null) return wav;
  if (format === 'pcm') return audio.length / pcmBytesPerSecond;
  return audio.length / 16_000;
}
