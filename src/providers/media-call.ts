import type { ProviderEndpoint } from './provider-endpoint.js';

/** What every media call carries: the endpoint chosen and the signal that aborts it. */
interface MediaCallBase {
  endpoint: ProviderEndpoint;
  /** Aborted when the client goes away or a time limit passes. */
  signal: AbortSignal;
}

/** Orders documents by their relevance to a query (POST /api/v1/rerank). */
export interface RerankCall extends MediaCallBase {
  query: string;
  documents: string[];
  topN?: number;
}

export interface RerankResult {
  /** Documents by index, most relevant first, as many as asked for (top_n). */
  results: { index: number; relevanceScore: number }[];
  /** Search units the provider billed (checked when billed); undefined when it reported none. */
  searchUnits: unknown;
  /** Tokens of the query and documents, when the provider counted them. */
  totalTokens: unknown;
  upstreamId: string | null;
}

/** Makes images from a prompt (POST /api/v1/images). */
export interface ImageCall extends MediaCallBase {
  prompt: string;
  n: number;
  size?: string;
  quality?: string;
  aspectRatio?: string;
  background?: string;
  outputFormat?: string;
  outputCompression?: number;
  seed?: number;
}

export interface ImageResult {
  images: { base64: string; mediaType: string | null }[];
  /** Prompt tokens the provider billed, for models that bill them (checked when billed). */
  promptTokens: unknown;
  upstreamId: string | null;
}

/** Speaks a text (POST /api/v1/audio/speech). */
export interface SpeechCall extends MediaCallBase {
  input: string;
  voice: string;
  /** mp3, opus, aac, flac, wav or pcm. */
  format: string;
  speed?: number;
}

export interface SpeechResult {
  audio: Buffer;
  mediaType: string;
  upstreamId: string | null;
}

/** Writes down what an audio file says (POST /api/v1/audio/transcriptions). */
export interface TranscriptionCall extends MediaCallBase {
  audio: Buffer;
  /** The audio's format (wav, mp3, …), from the request or the file's name. */
  format: string;
  filename: string;
  language?: string;
  temperature?: number;
  /** Segment and word timings asked for. */
  timestamps: readonly ('segment' | 'word')[];
}

export interface TranscriptionSegment {
  id: number;
  start: number;
  end: number;
  text: string;
}

export interface TranscriptionResult {
  text: string;
  language: string | null;
  /** Seconds of audio, as the provider measured them (checked when billed); undefined when it said nothing. */
  durationSeconds: unknown;
  segments: TranscriptionSegment[] | null;
  words: { word: string; start: number; end: number }[] | null;
  upstreamId: string | null;
}

/** The media operations a provider may offer, each over the endpoints it lists in `mediaEndpoints`. */
export interface MediaProvider {
  /** Media models this provider serves (each endpoint's model says its kind). */
  readonly mediaEndpoints?: readonly ProviderEndpoint[];
  rerank?(call: RerankCall): Promise<RerankResult>;
  generateImages?(call: ImageCall): Promise<ImageResult>;
  speak?(call: SpeechCall): Promise<SpeechResult>;
  transcribe?(call: TranscriptionCall): Promise<TranscriptionResult>;
}
