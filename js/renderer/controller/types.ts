/** Parameter types of the element methods the controller implements. */
import type { OpenAIChatKit } from "@openai/chatkit";

export type SendUserMessageParams = Parameters<OpenAIChatKit["sendUserMessage"]>[0];
export type ComposerValueParams = Parameters<OpenAIChatKit["setComposerValue"]>[0];
