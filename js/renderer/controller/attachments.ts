/**
 * Files in the composer. `two_phase` uploads (default) register each file with
 * `attachments.create`, then send its bytes to the returned `upload_descriptor`; `direct` posts
 * the file to `uploadStrategy.uploadUrl`, which answers with the Attachment.
 */
import type { CustomApiConfig } from "@openai/chatkit";
import { requests } from "../protocol/client";
import type { AttachmentWire } from "../protocol/types";
import { maxSizeFor } from "./composer-content";
import { asError, type ChatSession, errorMessage } from "./session";

/** A file in the composer: uploading, ready (server `Attachment`) or failed. */
export interface ComposerAttachment {
  localId: string;
  name: string;
  mimeType: string;
  size: number;
  /** Object URL for a local image preview (revoked on remove/send). */
  previewUrl?: string;
  status: "uploading" | "ready" | "error";
  attachment?: AttachmentWire;
  error?: string;
}

export class Attachments {
  items: ComposerAttachment[] = [];
  private seq = 0;

  constructor(private readonly session: ChatSession) {}

  uploading(): boolean {
    return this.items.some((a) => a.status === "uploading");
  }

  /** The uploaded files, to send with the message. */
  ready(): AttachmentWire[] {
    return this.items.flatMap((a) => (a.status === "ready" && a.attachment ? [a.attachment] : []));
  }

  async add(files: readonly File[]): Promise<void> {
    const { host } = this.session;
    const config = host.options()?.composer?.attachments;
    if (!config?.enabled) return;
    const room = (config.maxCount ?? 10) - this.items.length;
    const accepted: ComposerAttachment[] = [];
    for (const file of files.slice(0, Math.max(0, room))) {
      const limit = maxSizeFor(config.maxSize, file.type);
      const entry: ComposerAttachment = {
        localId: `local_${++this.seq}`,
        name: file.name,
        mimeType: file.type || "application/octet-stream",
        size: file.size,
        status: file.size > limit ? "error" : "uploading",
        ...(file.size > limit ? { error: "too-large" } : {}),
        ...(file.type.startsWith("image/") && typeof URL.createObjectURL === "function"
          ? { previewUrl: URL.createObjectURL(file) }
          : {}),
      };
      accepted.push(entry);
    }
    if (files.length > room) {
      host.emit("chatkit.error", {
        error: new Error(`At most ${config.maxCount ?? 10} attachments per message.`),
      });
    }
    this.items = [...this.items, ...accepted];
    host.requestRender();
    await Promise.all(
      accepted.map((entry, index) =>
        entry.status === "uploading" ? this.upload(entry.localId, files[index] as File) : null,
      ),
    );
  }

  remove(localId: string): void {
    const entry = this.items.find((a) => a.localId === localId);
    if (!entry) return;
    if (entry.previewUrl) URL.revokeObjectURL?.(entry.previewUrl);
    this.items = this.items.filter((a) => a.localId !== localId);
    if (entry.attachment) {
      this.session
        .client()
        .json(requests.deleteAttachment(entry.attachment.id))
        .catch(() => undefined);
    }
    this.session.host.requestRender();
  }

  clear(): void {
    for (const entry of this.items) if (entry.previewUrl) URL.revokeObjectURL?.(entry.previewUrl);
    this.items = [];
  }

  private async upload(localId: string, file: File): Promise<void> {
    const { session } = this;
    const update = (patch: Partial<ComposerAttachment>) => {
      this.items = this.items.map((a) => (a.localId === localId ? { ...a, ...patch } : a));
      session.host.requestRender();
    };
    try {
      const api = session.host.options()?.api as CustomApiConfig | undefined;
      const form = new FormData();
      form.append("file", file, file.name);
      let attachment: AttachmentWire;
      if (api?.uploadStrategy?.type === "direct") {
        const response = await this.rawFetch(api.uploadStrategy.uploadUrl, {
          method: "POST",
          body: form,
        });
        attachment = (await response.json()) as AttachmentWire;
      } else {
        attachment = await session
          .client()
          .json<AttachmentWire>(
            requests.createAttachment(
              file.name,
              file.size,
              file.type || "application/octet-stream",
            ),
          );
        const descriptor = attachment.upload_descriptor;
        if (descriptor) {
          const response = await this.rawFetch(descriptor.url, {
            method: descriptor.method,
            headers: descriptor.headers ?? {},
            body: form,
          });
          const { upload_descriptor: _done, ...uploaded } = attachment;
          // The kernel answers with the stored attachment (e.g. with its preview); else keep ours.
          const stored = (await response.json().catch(() => null)) as AttachmentWire | null;
          attachment = stored?.id === attachment.id ? stored : uploaded;
        }
      }
      if (!this.items.some((a) => a.localId === localId)) return; // removed meanwhile
      update({ status: "ready", attachment });
    } catch (error) {
      update({ status: "error", error: errorMessage(error) });
      session.host.emit("chatkit.error", { error: asError(error) });
    }
  }

  /** A non-protocol request (file bytes) through the same `api.fetch`. */
  private async rawFetch(url: string, init: RequestInit): Promise<Response> {
    const api = this.session.host.options()?.api as CustomApiConfig | undefined;
    const fetchFn = api?.fetch ?? fetch;
    const response = await fetchFn(url, init);
    if (!response.ok) throw new Error(`Upload failed with status ${response.status}`);
    return response;
  }
}
