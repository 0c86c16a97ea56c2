import { GatewayError } from '../../errors/gateway-error.js';
import { audioSeconds } from '../../tokenization/audio-seconds.js';
import { parseSpeechRequest, speechMediaTypes } from '../../wire/media/parse-speech-request.js';
import { parseTranscriptionRequest } from '../../wire/media/parse-transcription-request.js';
import { renderTranscriptionResponse } from '../../wire/media/render-media-responses.js';
import type { GatewayServices } from '../gateway-services.js';
import { lacksMedia, runMedia } from '../generation/run-media.js';
import type { Route } from '../http/route-table.js';
import { mediaModelOf } from './media-model.js';

/** Whole seconds of audio, billed as OpenAI bills Whisper (per second, rounded up). */
const billedSeconds = (seconds: number) => Math.max(1, Math.ceil(seconds - 1e-9));

/** POST /api/v1/audio/speech (text → audio, billed by character) and /audio/transcriptions (audio → text, billed by second). */
export function audioRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/audio/speech',
      access: 'inference',
      body: 'json',
      handler: async (exchange) => {
        const request = parseSpeechRequest(exchange.json);
        const { model, app } = mediaModelOf(exchange, services, 'speech', request.model);
        const media = model.switchboard.media!;
        if (media.formats && !media.formats.includes(request.format)) throw new GatewayError('invalid_request', `${model.id} speaks ${media.formats.join(', ')}, not ${request.format}`);
        const voices = model.supported_voices ?? [];
        if (voices.length > 0 && !voices.includes(request.voice)) throw new GatewayError('invalid_request', `${model.id} has the voices ${voices.join(', ')}, not ${request.voice.slice(0, 100)}`);
        // Characters as the vendors count them: code points of the input.
        const characters = [...request.input].length;
        await runMedia(
          { exchange, services, auth: exchange.principal, app },
          {
            apiType: 'tts',
            model,
            request,
            text: request.input,
            parameters: { voice: request.voice, response_format: request.format, ...(request.speed !== undefined ? { speed: request.speed } : {}) },
            maxUnits: characters,
            invoke: (provider, endpoint, signal) => {
              if (!provider.speak) throw lacksMedia(provider, 'speech');
              return provider.speak({ endpoint, signal, input: request.input, voice: request.voice, format: request.format, ...(request.speed !== undefined ? { speed: request.speed } : {}) });
            },
            reported: () => ({ promptTokens: 0, mediaUnits: characters }),
            ownUnits: () => characters,
            ownPromptTokens: () => 0,
            render: (value) => ({ bytes: value.audio, contentType: value.mediaType === 'application/octet-stream' ? speechMediaTypes[request.format] : value.mediaType }),
          },
        );
      },
    },
    {
      method: 'POST',
      path: '/api/v1/audio/transcriptions',
      access: 'inference',
      body: 'json-or-form',
      handler: async (exchange) => {
        const request = parseTranscriptionRequest(exchange.json);
        const { model, app } = mediaModelOf(exchange, services, 'transcription', request.model);
        const media = model.switchboard.media!;
        if (media.formats && !media.formats.includes(request.format) && request.format !== 'pcm')
          throw new GatewayError('invalid_request', `${model.id} reads ${media.formats.join(', ')} audio, not ${request.format}`);
        // The gateway's own measure: exact for WAV and PCM; for compressed audio its size at 128 kbit/s.
        const measured = audioSeconds(request.audio, request.format);
        // The reservation: the measure, or for compressed audio its size at 6 kbit/s (the lowest bit rate speech is sent at).
        const longest = request.format === 'wav' || request.format === 'pcm' ? measured : request.audio.length / 750;
        await runMedia(
          { exchange, services, auth: exchange.principal, app },
          {
            apiType: 'stt',
            model,
            request,
            text: '',
            parameters: {
              ...(request.language !== undefined ? { language: request.language } : {}),
              ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
              ...(request.timestamps.length > 0 ? { timestamp_granularities: request.timestamps } : {}),
            },
            maxUnits: billedSeconds(longest),
            invoke: (provider, endpoint, signal) => {
              if (!provider.transcribe) throw lacksMedia(provider, 'transcription');
              const { audio, format, filename, language, temperature, timestamps } = request;
              return provider.transcribe({
                endpoint,
                signal,
                audio,
                format,
                filename,
                timestamps,
                ...(language !== undefined ? { language } : {}),
                ...(temperature !== undefined ? { temperature } : {}),
              });
            },
            // Seconds the provider measured (rounded up to whole ones), or the gateway's own.
            reported: (value) => {
              const seconds = value.durationSeconds;
              if (seconds === undefined || seconds === null) return { promptTokens: 0, mediaUnits: billedSeconds(measured) };
              return { promptTokens: 0, mediaUnits: typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? billedSeconds(seconds) : seconds };
            },
            ownUnits: () => billedSeconds(measured),
            ownPromptTokens: () => 0,
            render: (value, charge, facts) =>
              renderTranscriptionResponse(value, { format: request.responseFormat, seconds: charge.usage.mediaUnits ?? billedSeconds(measured), cost: charge.cost.total, isByok: facts.isByok }),
          },
        );
      },
    },
  ];
}
