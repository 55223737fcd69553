// Stand-in for OpenAI's CDN script, which cannot be reached from the test machines. It defines
// <openai-chatkit> with the element interface the bridge uses, records every setOptions call, and
// drives `api.fetch` with a real `threads.create` body, recording the SSE events it reads back.
(() => {
  const record = (window.__chatkitStandin ??= { options: [], events: [], threadIds: [], done: false });
  const serialisable = (options) =>
    JSON.parse(JSON.stringify(options, (_key, value) => (typeof value === "function" ? "[function]" : value)));

  class ChatKitStandIn extends HTMLElement {
    setOptions(options) {
      record.options.push(serialisable(options));
      this.options = options;
      if (!this.started) {
        this.started = true;
        queueMicrotask(() => this.dispatchEvent(new CustomEvent("chatkit.ready")));
        this.run().catch((error) => {
          record.error = String(error);
        });
      }
    }

    async run() {
      const body = {
        type: "threads.create",
        params: {
          input: {
            content: [{ type: "input_text", text: "hello from the stand-in" }],
            attachments: [],
            inference_options: {},
          },
        },
      };
      const response = await this.options.api.fetch(this.options.api.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      record.status = response.status;
      record.contentType = response.headers.get("content-type");
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          record.events.push(JSON.parse(block.slice("data: ".length)));
        }
      }
      const created = record.events.find((event) => event.type === "thread.created");
      this.dispatchEvent(new CustomEvent("chatkit.thread.change", { detail: { threadId: created.thread.id } }));
      this.textContent = record.events.map((event) => event.type).join(" ");
      record.done = true;
    }

    async setThreadId(threadId) {
      record.threadIds.push(threadId);
    }
  }

  customElements.define("openai-chatkit", ChatKitStandIn);
})();
