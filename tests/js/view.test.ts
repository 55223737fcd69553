import "./renderer/happy-dom-shims";
import type { OpenAIChatKit } from "@openai/chatkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CallbackWrappers } from "../../js/callbacks";
import { NS } from "../../js/frames";
import type { ChatKitModel } from "../../js/model";
import { buildOptions } from "../../js/options";
import { BUILTIN_TAG } from "../../js/renderer/index";
import { RpcClient } from "../../js/rpc";
import { ChatView } from "../../js/view";
import { FakeModel } from "./fake-model";

type Frame = Record<string, unknown>;
type Callback = (...args: unknown[]) => Promise<unknown>;

/** The function installed at a dotted slot path. */
function at(options: Record<string, unknown>, path: string): Callback {
  return path
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], options) as Callback;
}

function state(overrides: Partial<ChatKitModel> = {}): ChatKitModel {
  return {
    options: { composer: { placeholder: "Ask" } },
    theme: "light",
    height: 400,
    thread_id: null,
    is_responding: false,
    ready: false,
    domain_key: "domain_pk_localhost_dev",
    renderer: "builtin",
    active_renderer: null,
    renderer_notice: "",
    script_url: "https://cdn.invalid/chatkit.js",
    script_timeout: 1,
    follow_jupyter_theme: false,
    _callback_slots: [],
    _forwarded_events: [],
    ...overrides,
  };
}

async function mount(overrides: Partial<ChatKitModel> = {}) {
  const model = new FakeModel<ChatKitModel>(state(overrides));
  const rpc = new RpcClient(model.asModel());
  const el = document.createElement("div");
  document.body.appendChild(el);
  const view = new ChatView({ model: model.asModel(), el, rpc });
  await view.mount();
  const element = el.querySelector(BUILTIN_TAG) as unknown as OpenAIChatKit;
  const frames = () => model.sent as Frame[];
  const viewId = frames().find((f) => f.type === "view")?.view as string;
  return { model, rpc, el, view, element, frames, viewId };
}

afterEach(() => {
  document.body.replaceChildren();
  delete document.body.dataset.jpThemeLight;
});

describe("CallbackWrappers", () => {
  it("puts one stable wrapper at every slot and leaves the JSON alone", async () => {
    const calls: Array<[string, unknown[]]> = [];
    const wrappers = new CallbackWrappers(async (slot, args) => {
      calls.push([slot, args]);
      return { ok: slot };
    });
    const options = {
      header: {
        rightAction: { icon: "dark-mode", onClick: { $callback: "header.rightAction.onClick" } },
      },
    };
    const slots = ["header.rightAction.onClick", "onClientTool", "entities.onTagSearch"];
    const first = wrappers.install(options, slots);
    const second = wrappers.install(options, slots);
    expect(at(first, "onClientTool")).toBe(at(second, "onClientTool"));
    expect(options.header.rightAction.onClick).toEqual({ $callback: "header.rightAction.onClick" });
    expect(await at(first, "onClientTool")({ name: "t", params: { a: 1 } })).toEqual({
      ok: "onClientTool",
    });
    expect(await at(first, "entities.onTagSearch")("ad")).toEqual({ ok: "entities.onTagSearch" });
    expect(calls).toEqual([
      ["onClientTool", [{ name: "t", params: { a: 1 } }]],
      ["entities.onTagSearch", ["ad"]],
    ]);
  });

  it("reports every failure and rethrows it, except for void onClick slots", async () => {
    const failures: string[] = [];
    const failing = new CallbackWrappers(
      async () => {
        throw new Error("boom");
      },
      (slot) => failures.push(slot),
    );
    const options = failing.install({}, ["onClientTool", "header.leftAction.onClick"]);
    await expect(at(options, "onClientTool")({ name: "x", params: {} })).rejects.toThrow("boom");
    await expect(at(options, "header.leftAction.onClick")()).resolves.toBeUndefined();
    expect(failures).toEqual(["onClientTool", "header.leftAction.onClick"]);
  });
});

describe("buildOptions", () => {
  const env = (scheme: "light" | "dark" | null) => ({
    fetch: globalThis.fetch,
    callbacks: new CallbackWrappers(async () => null),
    jupyterScheme: scheme,
  });

  it("adds the api, theme and open thread to the user's options", () => {
    const options = buildOptions(
      { ...state({ thread_id: "thr_1", theme: { colorScheme: "dark", radius: "soft" } }) },
      env(null),
    );
    expect(options.api).toMatchObject({ url: "/chatkit", domainKey: "domain_pk_localhost_dev" });
    expect(options.initialThread).toBe("thr_1");
    expect(options.theme).toEqual({ colorScheme: "dark", radius: "soft" });
  });

  it("follows JupyterLab's colour scheme when asked", () => {
    expect(buildOptions(state({ theme: "light" }), env("dark")).theme).toBe("dark");
    expect(buildOptions(state({ theme: { radius: "sharp" } }), env("dark")).theme).toEqual({
      radius: "sharp",
      colorScheme: "dark",
    });
  });
});

describe("ChatView", () => {
  it("mounts the builtin renderer, announces itself and reports it", async () => {
    const { model, element, frames } = await mount();
    expect(element).toBeTruthy();
    expect(model.get("active_renderer")).toBe("builtin");
    expect(frames().filter((f) => f.type === "view")).toEqual([
      { ns: NS, type: "view", view: expect.any(String), open: true },
    ]);
  });

  it("carries out Python's UI calls on the element and answers them", async () => {
    const { model, element, frames, viewId } = await mount();
    const focus = vi.spyOn(element, "focusComposer").mockResolvedValue(undefined);
    model.emit("msg:custom", {
      ns: NS,
      type: "call",
      id: "c1",
      view: viewId,
      method: "focusComposer",
      args: [],
    });
    model.emit("msg:custom", {
      ns: NS,
      type: "call",
      id: "c2",
      view: "another-tab",
      method: "focusComposer",
      args: [],
    });
    model.emit("msg:custom", {
      ns: NS,
      type: "call",
      id: "c3",
      view: viewId,
      method: "remove",
      args: [],
    });
    vi.spyOn(element, "setThreadId").mockRejectedValue(new Error("busy"));
    model.emit("msg:custom", {
      ns: NS,
      type: "call",
      id: "c4",
      view: viewId,
      method: "setThreadId",
      args: ["thr_9"],
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(focus).toHaveBeenCalledOnce();
    const results = frames().filter((f) => f.type === "result");
    expect(results).toEqual([
      { ns: NS, type: "result", id: "c3", ok: false, error: "unknown UI method remove" },
      { ns: NS, type: "result", id: "c1", ok: true, value: null },
      { ns: NS, type: "result", id: "c4", ok: false, error: "busy" },
    ]);
  });

  it("forwards only the events Python listens to, and mirrors state into traits", async () => {
    const { model, element, frames } = await mount({
      _forwarded_events: ["chatkit.thread.change"],
    });
    element.dispatchEvent(
      new CustomEvent("chatkit.thread.change", { detail: { threadId: "thr_2" } }),
    );
    element.dispatchEvent(new CustomEvent("chatkit.response.start"));
    element.dispatchEvent(
      new CustomEvent("chatkit.error", { detail: { error: new Error("bad") } }),
    );
    const events = frames().filter((f) => f.type === "event");
    expect(events).toEqual([
      {
        ns: NS,
        type: "event",
        name: "chatkit.thread.change",
        detail: { threadId: "thr_2" },
        view: expect.any(String),
      },
    ]);
    expect(model.get("thread_id")).toBe("thr_2");
    expect(model.get("is_responding")).toBe(false); // the kernel owns it: a view may vanish
    expect(model.get("last_error")).toBeUndefined(); // error text never enters a synced trait
  });

  it("reports its state in frames too, since trait updates can stop reaching the kernel", async () => {
    const { model, element, frames, viewId } = await mount();
    element.dispatchEvent(new CustomEvent("chatkit.ready"));
    element.dispatchEvent(
      new CustomEvent("chatkit.thread.change", { detail: { threadId: "thr_7" } }),
    );
    element.dispatchEvent(
      new CustomEvent("chatkit.error", { detail: { error: new Error("401 for ?api_key=sk-x") } }),
    );
    const states = frames()
      .filter((f) => f.type === "state")
      .map((f) => {
        expect(f.view).toBe(viewId);
        return f.values;
      });
    expect(states[0]).toEqual({ active_renderer: "builtin" });
    expect(states).toContainEqual({ ready: true });
    expect(states.slice(-2)).toEqual([{ thread_id: "thr_7" }, { error: "401 for ?api_key=sk-x" }]);
    expect(model.get("ready")).toBe(true);
    expect(model.get("thread_id")).toBe("thr_7");
    const traits = (model as unknown as { state: ChatKitModel }).state;
    expect(JSON.stringify(traits)).not.toContain("api_key");
  });

  it("re-applies the full options on trait changes and on JupyterLab theme switches", async () => {
    document.body.dataset.jpThemeLight = "true";
    const { model, element } = await mount({ follow_jupyter_theme: true });
    const setOptions = vi.spyOn(element, "setOptions");
    model.set("_callback_slots", ["onClientTool"]);
    await Promise.resolve();
    expect(typeof setOptions.mock.lastCall?.[0].onClientTool).toBe("function");
    document.body.dataset.jpThemeLight = "false";
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(setOptions.mock.lastCall?.[0].theme).toBe("dark");
    expect(setOptions.mock.lastCall?.[0].composer).toEqual({ placeholder: "Ask" });
  });

  it("refreshes its thread when a stream it did not ask for wrote to it", async () => {
    const { model, element } = await mount({ thread_id: "thr_open" });
    const fetchUpdates = vi.spyOn(element, "fetchUpdates").mockResolvedValue(undefined);
    const end = (id: string, threadId: string) =>
      model.emit("msg:custom", { ns: NS, type: "end", id, cancelled: false, thread_id: threadId });
    end("someone-elses-request", "thr_other");
    end("someone-elses-request", "thr_open");
    expect(fetchUpdates).toHaveBeenCalledOnce();
  });

  it("says goodbye to Python when disposed", async () => {
    const { view, frames, el } = await mount();
    view.dispose();
    expect(
      frames()
        .filter((f) => f.type === "view")
        .map((f) => f.open),
    ).toEqual([true, false]);
    expect(el.querySelector(BUILTIN_TAG)).toBeNull();
  });
});
