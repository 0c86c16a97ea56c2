import { z } from 'zod';
import { count, optionalText } from '../http/upstream-schema.js';

/**
 * The parts of Google's Gemini API (v1beta generateContent) that Switchboard writes (TypeScript
 * types) and reads (zod schemas, checked where the answer enters).
 */
export interface GeminiPart {
  text?: string;
  /** True on a thought summary part (thinkingConfig.includeThoughts). */
  thought?: boolean;
  /** Opaque signature of the model's reasoning, to be sent back with the part it came on. */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: { id?: string; name: string; args?: Record<string, unknown> };
  functionResponse?: { id?: string; name: string; response: Record<string, unknown> };
}

export interface GeminiContent {
  role?: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: GeminiPart[] };
  tools?: { functionDeclarations: { name: string; description?: string; parameters?: Record<string, unknown> }[] }[];
  toolConfig?: { functionCallingConfig: { mode: 'AUTO' | 'ANY' | 'NONE'; allowedFunctionNames?: string[] } };
  generationConfig?: {
    temperature?: number;
    topP?: number;
    topK?: number;
    maxOutputTokens?: number;
    stopSequences?: string[];
    seed?: number;
    presencePenalty?: number;
    frequencyPenalty?: number;
    responseMimeType?: string;
    responseJsonSchema?: Record<string, unknown>;
    thinkingConfig?: { thinkingBudget?: number; includeThoughts?: boolean };
  };
}

/** The reasoning-detail format OpenRouter uses for Gemini's thoughts and thought signatures. */
export const geminiReasoningFormat = 'google-gemini-v1';

export const geminiUsageSchema = z.looseObject({
  promptTokenCount: count,
  candidatesTokenCount: count,
  totalTokenCount: count,
  cachedContentTokenCount: count,
  thoughtsTokenCount: count,
  toolUsePromptTokenCount: count,
});
export type GeminiUsageMetadata = z.infer<typeof geminiUsageSchema>;

export const geminiAnswerPartSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().nullish(),
  thoughtSignature: optionalText,
  functionCall: z.looseObject({ id: optionalText, name: z.string(), args: z.record(z.string(), z.unknown()).nullish() }).nullish(),
});
export type GeminiAnswerPart = z.infer<typeof geminiAnswerPartSchema>;

export const geminiResponseSchema = z.looseObject({
  candidates: z
    .array(z.looseObject({ content: z.looseObject({ role: optionalText, parts: z.array(geminiAnswerPartSchema).nullish() }).nullish(), finishReason: optionalText, index: z.number().nullish() }))
    .nullish(),
  promptFeedback: z.looseObject({ blockReason: optionalText }).nullish(),
  usageMetadata: geminiUsageSchema.nullish(),
  modelVersion: optionalText,
  responseId: optionalText,
});

/** A stream event: a partial response, or an error. */
export const geminiStreamEventSchema = geminiResponseSchema.extend({ error: z.looseObject({ message: optionalText, status: optionalText }).nullish() });

export const geminiEmbeddingsSchema = z.looseObject({ embeddings: z.array(z.looseObject({ values: z.array(z.number()) })) });
