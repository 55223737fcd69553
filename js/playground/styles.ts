// The panel's look: ChatKit playground's quiet column (sections, segmented controls, switches),
// in JupyterLab's colours when it is there, so it fits light and dark notebooks.

import { css } from "lit";

export const panelStyles = css`
  :host {
    --pg-bg: var(--jp-layout-color1, #ffffff);
    --pg-fg: var(--jp-ui-font-color1, #1f2328);
    --pg-muted: var(--jp-ui-font-color2, #6b7280);
    --pg-border: var(--jp-border-color2, #e5e7eb);
    --pg-soft: var(--jp-layout-color2, #f3f4f6);
    --pg-accent: var(--jp-brand-color1, #2563eb);
    --pg-danger: var(--jp-error-color1, #b42318);
    --pg-warn: var(--jp-warn-color1, #a15c00);
    display: block;
    font: 13px/1.4 var(--jp-ui-font-family, system-ui, -apple-system, "Segoe UI", sans-serif);
    color: var(--pg-fg);
  }
  .panel {
    max-height: 85vh;
    overflow: auto;
    box-sizing: border-box;
    background: var(--pg-bg);
    border: 1px solid var(--pg-border);
    border-radius: 12px;
    padding: 12px;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .toolbar {
    display: flex; flex-wrap: wrap; gap: 6px; align-items: center;
    position: sticky; top: -12px; z-index: 1; background: var(--pg-bg); padding: 4px 0;
  }
  .presets { display: flex; flex-wrap: wrap; gap: 4px; flex: 1 1 auto; }
  .preset {
    display: inline-flex; align-items: center; gap: 5px;
    border: 1px solid var(--pg-border); border-radius: 999px; padding: 2px 9px 2px 4px;
    background: var(--pg-bg); color: inherit; font: inherit; font-size: 12px; cursor: pointer;
  }
  .preset.on { border-color: var(--pg-accent); box-shadow: 0 0 0 1px var(--pg-accent); }
  .swatch {
    width: 14px; height: 14px; border-radius: 50%;
    border: 1px solid rgba(0, 0, 0, 0.15); display: inline-block;
  }
  .actions { display: flex; gap: 4px; margin-left: auto; }
  button {
    font: inherit; color: inherit; cursor: pointer;
    background: var(--pg-soft); border: 1px solid var(--pg-border); border-radius: 6px;
    padding: 3px 8px;
  }
  button:disabled { opacity: 0.45; cursor: default; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible {
    outline: 2px solid var(--pg-accent); outline-offset: 1px;
  }
  details { border-top: 1px solid var(--pg-border); padding-top: 6px; }
  summary {
    cursor: pointer; font-size: 11px; font-weight: 600; letter-spacing: 0.06em;
    text-transform: uppercase; color: var(--pg-muted); padding: 2px 0 6px;
  }
  .controls { display: flex; flex-direction: column; gap: 8px; }
  .control {
    display: grid; grid-template-columns: minmax(90px, 38%) 1fr; gap: 2px 8px; align-items: center;
  }
  .control.wide { grid-template-columns: 1fr; }
  .control.wide .label { font-weight: 600; }
  .control .help, .control .error { grid-column: 1 / -1; }
  .label { color: var(--pg-fg); }
  .help { color: var(--pg-muted); font-size: 11.5px; }
  .error {
    color: var(--pg-danger); font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere;
  }
  .invalid input, .invalid textarea, .invalid select { border-color: var(--pg-danger); }
  input[type="text"], input[type="number"], select, textarea {
    width: 100%; box-sizing: border-box; font: inherit; color: inherit;
    background: var(--pg-bg); border: 1px solid var(--pg-border); border-radius: 6px;
    padding: 3px 6px; min-width: 0;
  }
  textarea { resize: vertical; font-family: var(--jp-code-font-family, ui-monospace, monospace); }
  .code { font-family: var(--jp-code-font-family, ui-monospace, monospace); }
  .segmented {
    display: flex; background: var(--pg-soft); border-radius: 8px; padding: 2px; gap: 2px;
  }
  .segmented button {
    flex: 1 1 0; border: none; background: transparent; border-radius: 6px; padding: 3px 4px;
    text-transform: capitalize; min-width: 0;
  }
  .segmented button.on { background: var(--pg-bg); box-shadow: 0 1px 2px rgba(0, 0, 0, 0.15); }
  .switch { position: relative; display: inline-block; width: 32px; height: 18px; }
  .switch input { position: absolute; inset: 0; opacity: 0; margin: 0; cursor: pointer; z-index: 1; }
  .track {
    position: absolute; inset: 0; border-radius: 999px; background: var(--pg-border);
    transition: background 0.15s;
  }
  .track::after {
    content: ""; position: absolute; top: 2px; left: 2px; width: 14px; height: 14px;
    border-radius: 50%; background: #fff; box-shadow: 0 1px 2px rgba(0, 0, 0, 0.3);
    transition: transform 0.15s;
  }
  .switch input:checked + .track { background: var(--pg-accent); }
  .switch input:checked + .track::after { transform: translateX(14px); }
  .switch input:focus-visible + .track { outline: 2px solid var(--pg-accent); outline-offset: 1px; }
  .color { display: flex; gap: 6px; align-items: center; }
  input[type="color"] {
    width: 30px; height: 24px; padding: 0; border: 1px solid var(--pg-border);
    border-radius: 6px; background: none; flex: none;
  }
  .slider { display: flex; gap: 8px; align-items: center; }
  .slider input { flex: 1 1 auto; accent-color: var(--pg-accent); min-width: 0; }
  .slider output { width: 2.5em; text-align: right; font-variant-numeric: tabular-nums; }
  .list { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
  .item { border: 1px solid var(--pg-border); border-radius: 8px; padding: 6px; }
  .item.invalid { border-color: var(--pg-danger); }
  .item-bar { display: flex; align-items: center; gap: 4px; }
  .grip { cursor: grab; color: var(--pg-muted); padding: 0 2px; user-select: none; }
  .item-title { flex: 1 1 auto; font-weight: 600; overflow: hidden; text-overflow: ellipsis; }
  button.icon { padding: 0 6px; background: transparent; border-color: transparent; }
  .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 8px; margin-top: 4px; }
  .field { display: flex; flex-direction: column; gap: 1px; font-size: 11.5px; }
  .field > span { color: var(--pg-muted); }
  .field.toggle { flex-direction: row; align-items: center; gap: 6px; }
  .mapping .row { display: flex; gap: 4px; margin-bottom: 4px; }
  .add { align-self: flex-start; margin-top: 4px; }
  .note { color: var(--pg-muted); font-style: italic; }
  .warnings {
    border: 1px solid var(--pg-warn); border-radius: 8px; padding: 6px 8px;
    color: var(--pg-warn); font-size: 12px;
  }
  .warnings p { margin: 0; }
  .exports { border-top: 1px solid var(--pg-border); padding-top: 8px; }
  .tabs { display: flex; gap: 2px; align-items: center; margin-bottom: 6px; }
  .tabs [role="tab"] { border: none; background: transparent; color: var(--pg-muted); }
  .tabs [role="tab"].on { color: var(--pg-fg); background: var(--pg-soft); }
  .tabs .copy { margin-left: auto; }
  .snippet {
    margin: 0; max-height: 240px; overflow: auto; padding: 8px; border-radius: 8px;
    background: #0d1117; color: #e6edf3; font: 11.5px/1.45 var(--jp-code-font-family, ui-monospace, monospace);
  }
  :host([compact]) .panel { padding: 10px; }
`;
