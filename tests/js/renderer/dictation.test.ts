/**
 * Dictation in the composer with a scripted microphone: the recording goes to `input.transcribe`
 * (base64 + MIME type) and the text into the composer; refusals become messages. The real
 * microphone path runs in Chromium (tests/e2e/test_dictation.py).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { baseOptions, fakeFetch, jsonResponse, mountChat, waitFor } from "./helpers";

class FakeRecorder {
  static isTypeSupported = (type: string) => type === "audio/webm;codecs=opus";
  static last: FakeRecorder | null = null;
  mimeType: string;
  ondataavailable: ((event: { data: Blob }) => void) | null = null;
  onstop: (() => void) | null = null;
  constructor(
    readonly stream: unknown,
    options?: { mimeType?: string },
  ) {
    this.mimeType = options?.mimeType ?? "";
    FakeRecorder.last = this;
  }
  start() {}
  stop() {
    this.ondataavailable?.({ data: new Blob([new Uint8Array([1, 2, 3, 250])]) });
    this.onstop?.();
  }
}

const stopped: string[] = [];
function microphone(result: "ok" | string) {
  return {
    getUserMedia: async () => {
      if (result !== "ok") throw new DOMException("refused", result);
      return { getTracks: () => [{ stop: () => stopped.push("track") }] };
    },
  };
}

function setup(mic: "ok" | string, transcribe = () => jsonResponse({ text: "spoken words" })) {
  vi.stubGlobal("navigator", { ...navigator, mediaDevices: microphone(mic) });
  const { fetch, calls } = fakeFetch({ "input.transcribe": transcribe });
  const chat = mountChat();
  chat.el.setOptions(baseOptions(fetch, { composer: { dictation: { enabled: true } } }));
  return { ...chat, calls };
}

beforeEach(() => {
  vi.stubGlobal("MediaRecorder", FakeRecorder);
  stopped.length = 0;
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = "";
});

describe("dictation", () => {
  it("shows no microphone unless composer.dictation is enabled", async () => {
    const { fetch } = fakeFetch({});
    const { el, $ } = mountChat();
    el.setOptions(baseOptions(fetch));
    await el.updateComplete;
    expect($("[data-testid=composer-dictation]")).toBeNull();
  });

  it("records, sends base64 audio with its MIME type, and appends the text to the composer", async () => {
    const { el, $, calls } = setup("ok");
    await el.setComposerValue({ text: "Note:" });
    await el.updateComplete;
    $("[data-testid=composer-dictation]")?.click();
    await waitFor(() => $("[data-testid=composer-dictation]")?.dataset.state === "recording");
    $("[data-testid=composer-dictation]")?.click(); // stop
    await waitFor(() => $<HTMLTextAreaElement>("textarea")?.value === "Note: spoken words");
    const [request] = calls;
    expect(request?.params).toEqual({
      audio_base64: "AQID+g==",
      mime_type: "audio/webm;codecs=opus",
    });
    expect(stopped).toEqual(["track"]); // the microphone is released
    expect($("[data-testid=composer-dictation]")?.dataset.state).toBe("idle");
  });

  const REFUSALS: [string, string][] = [
    ["NotAllowedError", "Microphone access was denied"],
    ["NotFoundError", "No microphone was found"],
    ["NotReadableError", "in use by another application"],
  ];
  for (const [name, message] of REFUSALS) {
    it(`explains ${name}`, async () => {
      const { el, $, calls } = setup(name);
      await el.updateComplete;
      $("[data-testid=composer-dictation]")?.click();
      await waitFor(() => $("[data-testid=dictation-error]"));
      expect($("[data-testid=dictation-error]")?.textContent).toContain(message);
      expect(calls).toEqual([]);
    });
  }

  it("explains a browser that cannot record", async () => {
    vi.stubGlobal("MediaRecorder", undefined);
    const { el, $ } = setup("ok");
    await el.updateComplete;
    $("[data-testid=composer-dictation]")?.click();
    await waitFor(() => $("[data-testid=dictation-error]"));
    expect($("[data-testid=dictation-error]")?.textContent).toContain("cannot record audio");
  });

  it("shows the server's refusal (no transcriber) and keeps the composer text", async () => {
    const { el, $, errors } = setup("ok", () =>
      jsonResponse(
        { error: { type: "NotImplementedError", message: "add @chat.transcribe" } },
        501,
      ),
    );
    await el.setComposerValue({ text: "kept" });
    await el.updateComplete;
    $("[data-testid=composer-dictation]")?.click();
    await waitFor(
      () =>
        FakeRecorder.last && $("[data-testid=composer-dictation]")?.dataset.state === "recording",
    );
    $("[data-testid=composer-dictation]")?.click();
    await waitFor(() => $("[data-testid=dictation-error]"));
    expect($("[data-testid=dictation-error]")?.textContent).toContain("add @chat.transcribe");
    expect($<HTMLTextAreaElement>("textarea")?.value).toBe("kept");
    expect(errors).toHaveLength(1);
  });
});
