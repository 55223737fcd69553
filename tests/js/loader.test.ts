/**
 * The loader each widget saves instead of the bundle: it asks the kernel for the renderer once
 * per page and version, hands initialize/render over to it, and says "run the cell" when no
 * kernel answers. The kernel is played by the test through a fake model.
 */
import type { AnyWidget } from "@anywidget/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BUNDLE_NS } from "../../js/loader/assets";
import {
  createLoader,
  type LoaderConfig,
  NO_KERNEL_AFTER_MS,
  pageModules,
  STALLED_AFTER_MS,
} from "../../js/loader/loader";
import { FakeModel } from "./fake-model";
import { expectConsole } from "./setup";

type Frame = { ns: string; type: string; id: string; name: string };

const CONFIG = { entry: "default", version: "v1", bundle: "widget.js" } as const;

/** What the fake bundle exports: a chat that records its calls. */
function fakeBundle(calls: string[]) {
  const chat: AnyWidget<Record<string, unknown>> = () => ({
    initialize() {
      calls.push("initialize");
      return () => {
        calls.push("cleanup");
      };
    },
    render({ el }) {
      calls.push("render");
      el.textContent = "the chat";
    },
  });
  return {
    default: chat,
    preview: {
      render({ el }: { el: HTMLElement }) {
        el.textContent = "preview";
      },
    },
    playground: {
      render({ el }: { el: HTMLElement }) {
        el.textContent = "controls";
      },
    },
  };
}

function setup(config: LoaderConfig = CONFIG) {
  const calls: string[] = [];
  const imported: Uint8Array[][] = [];
  const loader = createLoader(config, async (parts) => {
    imported.push(parts);
    return fakeBundle(calls);
  });
  const model = new FakeModel<Record<string, unknown>>({});
  const widget = (
    loader as unknown as () => {
      initialize(props: unknown): unknown;
      render(props: unknown): Promise<unknown>;
    }
  )();
  const el = document.createElement("div");
  document.body.append(el);
  const requests = () => model.sent.filter((f) => (f as Frame).ns === BUNDLE_NS) as Frame[];
  /** The kernel answers a request with the bundle in `count` parts. */
  const answer = (frame: Frame, count = 2) => {
    for (let index = 0; index < count; index++) {
      model.emit("msg:custom", { ns: BUNDLE_NS, type: "part", id: frame.id, index, count }, [
        new DataView(new TextEncoder().encode(`part ${index};`).buffer),
      ]);
    }
  };
  return { calls, imported, model, widget, el, requests, answer };
}

beforeEach(() => pageModules().clear());
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = "";
});

describe("the loader", () => {
  it("asks for the bundle in initialize without waiting, then renders the real chat", async () => {
    const { calls, imported, model, widget, el, requests, answer } = setup();
    const cleanup = widget.initialize({ model: model.asModel() });
    expect(typeof cleanup).toBe("function"); // returned at once: anywidget waits for it
    expect(requests()).toEqual([
      { ns: BUNDLE_NS, type: "get", id: expect.any(String), name: "widget.js" },
    ]);
    const rendering = widget.render({ model: model.asModel(), el });
    expect(el.querySelector("[data-testid=chatkit-loader]")?.textContent).toContain("Loading");
    answer(requests()[0] as Frame);
    await rendering;
    expect(el.textContent).toBe("the chat");
    expect(calls).toEqual(["initialize", "render"]);
    const text = new TextDecoder().decode(
      new Uint8Array(imported[0]?.flatMap((part) => [...part]) ?? []),
    );
    expect(text).toBe("part 0;part 1;"); // the parts, in order
    await (cleanup as () => Promise<void>)();
    expect(calls).toContain("cleanup");
  });

  it("loads the bundle once per page and version: a second chat reuses it", async () => {
    const first = setup();
    first.widget.initialize({ model: first.model.asModel() });
    const second = setup();
    second.widget.initialize({ model: second.model.asModel() });
    expect(second.requests()).toEqual([]);
    first.answer(first.requests()[0] as Frame);
    await second.widget.render({ model: second.model.asModel(), el: second.el });
    expect(second.el.textContent).toBe("the chat");
    expect(first.imported.length + second.imported.length).toBe(1);

    const upgraded = setup({ ...CONFIG, version: "v2" });
    upgraded.widget.initialize({ model: upgraded.model.asModel() });
    expect(upgraded.requests()).toHaveLength(1); // another version is another module
  });

  it("does not wait on a saved widget's unanswered load once its view left the page", async () => {
    const saved = setup(); // restored from a notebook: its comm leads nowhere
    saved.widget.initialize({ model: saved.model.asModel() });
    void saved.widget.render({ model: saved.model.asModel(), el: saved.el });
    saved.el.remove(); // the cell runs again: its old output goes away
    const fresh = setup();
    fresh.widget.initialize({ model: fresh.model.asModel() });
    expect(fresh.requests()).toHaveLength(1); // asked its own kernel at once
    fresh.answer(fresh.requests()[0] as Frame);
    await fresh.widget.render({ model: fresh.model.asModel(), el: fresh.el });
    expect(fresh.el.textContent).toBe("the chat");
  });

  it("asks its own kernel when a shared load stays silent", async () => {
    vi.useFakeTimers();
    const silent = setup();
    silent.widget.initialize({ model: silent.model.asModel() });
    void silent.widget.render({ model: silent.model.asModel(), el: silent.el }); // still shown
    const patient = setup();
    patient.widget.initialize({ model: patient.model.asModel() });
    expect(patient.requests()).toHaveLength(0); // waits for the page's load first
    vi.advanceTimersByTime(STALLED_AFTER_MS);
    expect(patient.requests()).toHaveLength(1);
    vi.useRealTimers();
    patient.answer(patient.requests()[0] as Frame);
    await patient.widget.render({ model: patient.model.asModel(), el: patient.el });
    expect(patient.el.textContent).toBe("the chat");
  });

  it("takes the renderer the kernel pushed with the widget, without waiting for its answer", async () => {
    const { model, widget, el, requests } = setup();
    widget.initialize({ model: model.asModel() });
    const [request] = requests() as [Frame];
    const part = (id: string, index: number) =>
      model.emit(
        "msg:custom",
        { ns: BUNDLE_NS, type: "part", id, name: "widget.js", index, count: 2 },
        [new TextEncoder().encode(`part ${index};`)],
      );
    part("push", 0);
    part("push", 1);
    model.emit("msg:custom", { ns: BUNDLE_NS, type: "pushed", id: request.id });
    await widget.render({ model: model.asModel(), el });
    expect(el.textContent).toBe("the chat");
    expect(requests()).toHaveLength(1); // no second request: the push was complete
  });

  it("asks again, insisting, when the kernel says it pushed but the push was missed", async () => {
    const { model, widget, el, requests, answer } = setup();
    widget.initialize({ model: model.asModel() });
    const [request] = requests() as [Frame];
    model.emit("msg:custom", { ns: BUNDLE_NS, type: "pushed", id: request.id });
    expect(requests()).toHaveLength(2);
    expect(requests()[1]).toEqual({ ...request, force: true });
    answer(request);
    await widget.render({ model: model.asModel(), el });
    expect(el.textContent).toBe("the chat");
  });

  it("runs the preview export for a show() widget", async () => {
    const { model, widget, el, requests, answer } = setup({ ...CONFIG, entry: "preview" });
    widget.initialize({ model: model.asModel() });
    answer(requests()[0] as Frame, 1);
    await widget.render({ model: model.asModel(), el });
    expect(el.textContent).toBe("preview");
  });

  it("runs the playground's panel from its own bundle, and names it while waiting", async () => {
    vi.useFakeTimers();
    const config = { entry: "playground", version: "p1", bundle: "playground.js" } as const;
    const { model, widget, el, requests, answer } = setup(config);
    widget.initialize({ model: model.asModel() });
    expect(requests()[0]).toMatchObject({ type: "get", name: "playground.js" });
    const rendering = widget.render({ model: model.asModel(), el });
    vi.advanceTimersByTime(NO_KERNEL_AFTER_MS);
    expect(el.textContent).toContain("Run the cell to start this playground");
    vi.useRealTimers();
    answer(requests()[0] as Frame, 1);
    await rendering;
    expect(el.textContent).toBe("controls");
  });

  it("says to run the cell when no kernel answers (a saved notebook opened without one)", async () => {
    vi.useFakeTimers();
    const { model, widget, el, requests, answer } = setup();
    widget.initialize({ model: model.asModel() });
    const rendering = widget.render({ model: model.asModel(), el });
    const status = () => el.querySelector<HTMLElement>("[data-testid=chatkit-loader]");
    vi.advanceTimersByTime(NO_KERNEL_AFTER_MS - 1);
    expect(status()?.dataset.state).toBe("loading");
    vi.advanceTimersByTime(1);
    expect(status()?.dataset.state).toBe("no-kernel");
    expect(status()?.textContent).toContain("Run the cell to start this chat");
    vi.useRealTimers();
    answer(requests()[0] as Frame); // the kernel was only busy: the chat still comes
    await rendering;
    expect(el.textContent).toBe("the chat");
  });

  it("shows the kernel's error, and a later chat may try again", async () => {
    expectConsole(/the kernel could not send widget\.js: no file/);
    const { model, widget, el, requests } = setup();
    widget.initialize({ model: model.asModel() });
    const rendering = widget.render({ model: model.asModel(), el });
    const frame = requests()[0] as Frame;
    model.emit("msg:custom", { ns: BUNDLE_NS, type: "error", id: frame.id, message: "no file" });
    await rendering;
    expect(el.querySelector("[data-testid=chatkit-loader]")?.textContent).toContain(
      "could not load: the kernel could not send widget.js: no file",
    );
    const retry = setup();
    retry.widget.initialize({ model: retry.model.asModel() });
    expect(retry.requests()).toHaveLength(1);
  });

  it("ignores frames of other requests and other protocols", async () => {
    const { model, widget, el, requests, answer } = setup();
    widget.initialize({ model: model.asModel() });
    const rendering = widget.render({ model: model.asModel(), el });
    model.emit("msg:custom", { ns: "chatkit", type: "response", id: "x", body: "{}" });
    model.emit("msg:custom", { ns: BUNDLE_NS, type: "part", id: "other", index: 0, count: 1 }, []);
    answer(requests()[0] as Frame);
    await rendering;
    expect(el.textContent).toBe("the chat");
    expect(model.listeners("msg:custom")).toBe(0); // the request's listener is gone
  });
});
