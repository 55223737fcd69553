/** Shadow-DOM styles. Colours, radius, density and fonts come from theme variables (theme.ts). */
import { css } from "lit";

export const baseStyles = css`
  :host {
    display: block;
    position: relative;
    height: 100%;
    min-height: 240px;
    box-sizing: border-box;
    overflow: hidden;
    font-family: var(--ck-font, system-ui, sans-serif);
    font-size: var(--ck-font-size, 16px);
    line-height: 1.5;
    color: var(--ck-fg, #0d0d0d);
    background: var(--ck-bg, #fff);
    border: 1px solid var(--ck-border, #ddd);
    border-radius: var(--ck-radius-surface, 12px);
    --gap: calc(0.75rem * var(--ck-density, 1));
  }
  *, *::before, *::after { box-sizing: border-box; }
  button { font: inherit; color: inherit; cursor: pointer; }
  button:disabled { cursor: default; opacity: 0.5; }
  .root { display: flex; flex-direction: column; height: 100%; }
  .icon { flex: none; vertical-align: middle; }
  .icon-btn {
    display: inline-flex; align-items: center; justify-content: center;
    width: 2rem; height: 2rem; border: none; background: transparent;
    border-radius: var(--ck-radius-control); color: var(--ck-muted);
  }
  .icon-btn:hover:not(:disabled), .icon-btn.active { background: var(--ck-surface-2); color: var(--ck-fg); }

  header {
    display: flex; align-items: center; gap: 0.25rem; flex: none;
    padding: calc(0.5rem * var(--ck-density)) 0.75rem;
    border-bottom: 1px solid var(--ck-border);
  }
  header .title { flex: 1; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }

  .main { position: relative; flex: 1; min-height: 0; display: flex; flex-direction: column; }
  .messages { flex: 1; overflow-y: auto; padding: var(--gap) 1rem; display: flex; flex-direction: column; gap: var(--gap); }
  .start { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 1rem; padding: 1rem; text-align: center; }
  .start h2 { margin: 0; font-size: 1.4em; font-weight: 600; }
  .prompts { display: flex; flex-wrap: wrap; gap: 0.5rem; justify-content: center; }
  .prompt {
    display: inline-flex; align-items: center; gap: 0.4rem;
    border: 1px solid var(--ck-border); background: var(--ck-bg);
    border-radius: var(--ck-radius-control); padding: 0.4rem 0.8rem;
  }
  .prompt:hover { background: var(--ck-surface); }

  .user { align-self: flex-end; max-width: 80%; }
  .user .bubble {
    background: var(--ck-surface-2); border-radius: var(--ck-radius-surface);
    padding: 0.5rem 0.9rem; white-space: pre-wrap; overflow-wrap: anywhere;
  }
  .user.pending .bubble { opacity: 0.7; }
  .user .quote { border-left: 3px solid var(--ck-border); padding-left: 0.5rem; color: var(--ck-muted); font-size: 0.9em; margin-bottom: 0.25rem; }
  .tag { background: var(--ck-accent-soft); border-radius: 4px; padding: 0 0.25rem; }
  .attachments { display: flex; gap: 0.25rem; flex-wrap: wrap; justify-content: flex-end; font-size: 0.85em; color: var(--ck-muted); }
  .assistant { max-width: 100%; overflow-wrap: anywhere; }
  .sources { margin-top: 0.5rem; font-size: 0.85em; }
  .sources ol { margin: 0.25rem 0 0; padding-left: 1.25rem; }
  .sources a { color: var(--ck-info); }
  .item-actions { display: flex; gap: 0.125rem; margin-top: 0.25rem; }
  .item-actions .icon-btn { width: 1.75rem; height: 1.75rem; }

  .tool, .progress, .status-line { display: flex; align-items: center; gap: 0.4rem; color: var(--ck-muted); font-size: 0.9em; }
  .tool.failed { color: var(--ck-danger); }
  .progress .text, .shimmer { animation: pulse 1.4s ease-in-out infinite; }
  @keyframes pulse { 50% { opacity: 0.45; } }
  @media (prefers-reduced-motion: reduce) { .progress .text, .shimmer, .spinner { animation: none; } }
  .spinner { width: 0.8em; height: 0.8em; border: 2px solid currentColor; border-right-color: transparent; border-radius: 50%; animation: spin 0.8s linear infinite; display: inline-block; }
  @keyframes spin { to { transform: rotate(360deg); } }

  details.workflow { border: 1px solid var(--ck-border); border-radius: var(--ck-radius-surface); padding: 0.4rem 0.75rem; font-size: 0.92em; }
  details.workflow summary { cursor: pointer; color: var(--ck-muted); display: flex; gap: 0.4rem; align-items: center; }
  .tasks { list-style: none; margin: 0.5rem 0 0; padding: 0; display: flex; flex-direction: column; gap: 0.4rem; }
  .task { display: flex; gap: 0.5rem; align-items: flex-start; }
  .task .indicator { flex: none; width: 1em; height: 1.5em; display: inline-flex; align-items: center; justify-content: center; color: var(--ck-muted); }
  .task .indicator.complete { color: var(--ck-success); }
  .task .body { min-width: 0; }
  .task .task-title { font-weight: 500; }
  .task .task-content { color: var(--ck-muted); white-space: pre-wrap; }

  .notice { border-radius: var(--ck-radius-surface); padding: 0.5rem 0.75rem; border: 1px solid var(--ck-border); }
  .notice.info { border-color: var(--ck-info); }
  .notice.warning { border-color: var(--ck-warning); }
  .notice.danger, .error { border-color: var(--ck-danger); }
  .error { display: flex; align-items: center; gap: 0.5rem; border: 1px solid var(--ck-danger); color: var(--ck-danger); border-radius: var(--ck-radius-surface); padding: 0.5rem 0.75rem; }
  .icon-btn.dictation.recording { color: var(--ck-danger); animation: pulse 1.2s infinite; }
  .dictation-error { display: flex; align-items: center; gap: 0.4rem; color: var(--ck-danger); font-size: 0.85em; padding: 0.25rem 0.25rem 0; }
  .dictation-error span { flex: 1; }
  .item-error, .w-error { display: flex; align-items: center; gap: 0.5rem; color: var(--ck-danger); font-size: 0.875em; border: 1px dashed var(--ck-danger); border-radius: var(--ck-radius-surface); padding: 0.35rem 0.6rem; }
  .markdown-fallback { white-space: pre-wrap; overflow-wrap: anywhere; }
  .error .message { flex: 1; }
  .pill-btn { border: 1px solid var(--ck-border); background: var(--ck-bg); border-radius: var(--ck-radius-control); padding: 0.25rem 0.75rem; }
  .load-older { align-self: center; }
  .generated-image img { max-width: 100%; border-radius: var(--ck-radius-surface); }

  .composer { flex: none; padding: 0.5rem 0.75rem 0.75rem; }
  .composer .box {
    display: flex; align-items: flex-end; gap: 0.5rem;
    border: 1px solid var(--ck-border); border-radius: var(--ck-radius-surface);
    padding: 0.4rem 0.4rem 0.4rem 0.9rem; background: var(--ck-bg);
  }
  .composer .box:focus-within { border-color: var(--ck-muted); }
  .composer textarea {
    flex: 1; resize: none; border: none; outline: none; background: transparent; color: inherit;
    font: inherit; max-height: 10em; min-height: 1.5em; padding: 0.25rem 0; field-sizing: content;
  }
  .composer select { font: inherit; font-size: 0.85em; border: none; background: var(--ck-surface); color: inherit; border-radius: var(--ck-radius-control); }
  .send, .stop {
    flex: none; width: 2rem; height: 2rem; border-radius: var(--ck-radius-control); border: none;
    display: inline-flex; align-items: center; justify-content: center;
    background: var(--ck-accent); color: var(--ck-accent-fg);
  }
  .composer-locked { display: flex; align-items: center; gap: 0.4rem; justify-content: center; color: var(--ck-muted); font-size: 0.88em; padding: 0 0 0.4rem; }
  .composer .box.locked { opacity: 0.6; }
  .composer { position: relative; }
  .mention-menu {
    position: absolute; bottom: calc(100% - 0.25rem); left: 0.75rem; right: 0.75rem; z-index: 3; max-height: 14rem; overflow-y: auto;
    background: var(--ck-bg); border: 1px solid var(--ck-border); border-radius: var(--ck-radius-surface);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.12); padding: 0.25rem;
  }
  .mention-menu .empty { color: var(--ck-muted); padding: 0.4rem 0.6rem; font-size: 0.9em; }
  .mention-group { color: var(--ck-muted); font-size: 0.75em; font-weight: 600; padding: 0.35rem 0.6rem 0.1rem; text-transform: uppercase; }
  .mention-option { display: flex; width: 100%; align-items: center; gap: 0.45rem; border: none; background: transparent; text-align: left; padding: 0.35rem 0.6rem; border-radius: var(--ck-radius-control); }
  .mention-option.active, .mention-option:hover { background: var(--ck-surface-2); }
  .command-option .description { margin-left: auto; color: var(--ck-muted); font-size: 0.85em; }
  .entity-sources { display: flex; flex-wrap: wrap; gap: 0.35rem; margin-top: 0.5rem; }
  .entity-chip { display: inline-flex; align-items: center; gap: 0.3rem; font: inherit; font-size: 0.85em; color: inherit; background: var(--ck-accent-soft); border: none; border-radius: 999px; padding: 0.15rem 0.6rem; }
  button.entity-chip { cursor: pointer; }
  button.entity-chip:hover { text-decoration: underline; }
  .image-blocked { display: inline-block; max-width: 100%; border: 1px dashed var(--ck-border); border-radius: var(--ck-radius-control); color: var(--ck-muted); font-size: 0.85em; padding: 0.25rem 0.5rem; overflow-wrap: anywhere; }
  .w-image.blocked .url { display: block; font-size: 0.85em; overflow-wrap: anywhere; }
  .pinned-tool { display: inline-flex; align-items: center; gap: 0.3rem; font-size: 0.85em; padding: 0.2rem 0.6rem; }
  .pinned-tool.active { background: var(--ck-accent-soft); border-color: var(--ck-accent); }
  .composer-attachments { list-style: none; margin: 0 0 0.4rem; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem; }
  .composer-attachment { display: inline-flex; align-items: center; gap: 0.35rem; border: 1px solid var(--ck-border); border-radius: var(--ck-radius-control); padding: 0.15rem 0.2rem 0.15rem 0.5rem; font-size: 0.85em; max-width: 14rem; }
  .composer-attachment img { width: 1.75rem; height: 1.75rem; object-fit: cover; border-radius: 4px; }
  .composer-attachment .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .composer-attachment.error { border-color: var(--ck-danger); color: var(--ck-danger); }
  .composer-attachment .remove { width: 1.4rem; height: 1.4rem; }
  .attachments img { max-width: 8rem; max-height: 8rem; border-radius: var(--ck-radius-control); display: block; }
  .tag-wrap { position: relative; display: inline-block; }
  button.tag { border: none; font: inherit; color: inherit; padding: 0 0.25rem; cursor: pointer; }
  button.tag:hover { text-decoration: underline; }
  .entity-preview {
    position: absolute; top: calc(100% + 0.25rem); right: 0; z-index: 3; min-width: 14rem; max-width: 22rem; text-align: left; white-space: normal;
    background: var(--ck-bg); color: var(--ck-fg); border: 1px solid var(--ck-border); border-radius: var(--ck-radius-surface);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.14); padding: 0.6rem;
  }
  .structured-input { display: flex; flex-direction: column; gap: 0.6rem; border: 1px solid var(--ck-border); border-radius: var(--ck-radius-surface); padding: 0.75rem 0.9rem; }
  .structured-input fieldset { border: none; margin: 0; padding: 0; }
  .si-question { display: flex; flex-direction: column; gap: 0.3rem; }
  .si-label { font-weight: 500; padding: 0; }
  .si-description { color: var(--ck-muted); font-size: 0.88em; }
  .si-choices { display: flex; flex-wrap: wrap; gap: 0.3rem 0.9rem; }
  .si-choice { display: inline-flex; align-items: center; gap: 0.35rem; }
  .structured-input textarea, .si-other { font: inherit; color: inherit; background: var(--ck-bg); border: 1px solid var(--ck-border); border-radius: var(--ck-radius-control); padding: 0.3rem 0.55rem; }
  .structured-input textarea { border-radius: var(--ck-radius-surface); resize: vertical; }
  .si-actions { display: flex; justify-content: flex-end; gap: 0.5rem; }
  .structured-input.done .si-answer { color: var(--ck-muted); }
  .disclaimer { font-size: 0.78em; color: var(--ck-muted); text-align: center; margin-top: 0.35rem; }
  .disclaimer p { margin: 0; }

  .history {
    position: absolute; inset: 0; z-index: 2; background: var(--ck-bg);
    display: flex; flex-direction: column; overflow-y: auto; padding: 0.5rem;
  }
  .history ul { list-style: none; margin: 0; padding: 0; }
  .history li { display: flex; align-items: center; gap: 0.25rem; border-radius: var(--ck-radius-control); }
  .history li:hover, .history li.current { background: var(--ck-surface); }
  .history .open-thread { flex: 1; text-align: left; border: none; background: transparent; padding: 0.5rem 0.75rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .history input { flex: 1; font: inherit; padding: 0.35rem 0.5rem; }
  .history .empty { color: var(--ck-muted); padding: 1rem; text-align: center; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;

export const markdownStyles = css`
  .markdown > :first-child { margin-top: 0; }
  .markdown > :last-child { margin-bottom: 0; }
  .markdown p, .markdown ul, .markdown ol, .markdown blockquote, .markdown table { margin: 0.5em 0; }
  .markdown a { color: var(--ck-info); }
  .markdown img { max-width: 100%; }
  .markdown img[data-blocked] { display: none; }
  .markdown blockquote { border-left: 3px solid var(--ck-border); margin-left: 0; padding-left: 0.75em; color: var(--ck-muted); }
  .markdown table { border-collapse: collapse; display: block; overflow-x: auto; }
  .markdown th, .markdown td { border: 1px solid var(--ck-border); padding: 0.3em 0.6em; }
  .markdown code { font-family: var(--ck-font-mono); font-size: 0.9em; background: var(--ck-surface-2); border-radius: 4px; padding: 0.1em 0.3em; }
  .markdown pre { margin: 0; overflow-x: auto; padding: 0.75em; }
  .markdown pre code { background: none; padding: 0; font-size: 0.85em; }
  .code-block { border: 1px solid var(--ck-border); border-radius: var(--ck-radius-surface); background: var(--ck-surface); margin: 0.5em 0; overflow: hidden; }
  .code-bar { display: flex; justify-content: space-between; align-items: center; font-size: 0.78em; color: var(--ck-muted); padding: 0.25em 0.5em 0.25em 0.75em; border-bottom: 1px solid var(--ck-border); }
  .code-bar .copy { border: none; background: transparent; color: inherit; font-size: 1em; padding: 0.1em 0.4em; border-radius: 4px; }
  .code-bar .copy:hover { background: var(--ck-surface-2); }
  .hljs-keyword, .hljs-selector-tag, .hljs-built_in, .hljs-literal { color: #a626a4; }
  .hljs-string, .hljs-attr, .hljs-template-tag { color: #50a14f; }
  .hljs-number, .hljs-symbol { color: #986801; }
  .hljs-comment, .hljs-quote { color: var(--ck-muted); font-style: italic; }
  .hljs-title, .hljs-function, .hljs-section { color: #4078f2; }
  .hljs-type, .hljs-class, .hljs-meta { color: #c18401; }
  .hljs-variable, .hljs-template-variable, .hljs-params, .hljs-property { color: #e45649; }
  .hljs-name, .hljs-tag, .hljs-selector-id, .hljs-selector-class, .hljs-selector-attr { color: #e45649; }
  .hljs-regexp, .hljs-link, .hljs-addition { color: #50a14f; } .hljs-deletion { color: #e45649; }
  .hljs-emphasis { font-style: italic; } .hljs-strong { font-weight: 600; }
  :host([data-color-scheme="dark"]) :is(.hljs-variable, .hljs-template-variable, .hljs-params, .hljs-property, .hljs-name, .hljs-tag, .hljs-selector-id, .hljs-selector-class, .hljs-deletion) { color: #e06c75; }
  :host([data-color-scheme="dark"]) :is(.hljs-regexp, .hljs-link, .hljs-addition) { color: #98c379; }
  .math-display { overflow-x: auto; overflow-y: hidden; margin: 0.5em 0; }
  .math-pending { font-family: var(--ck-font-mono); font-size: 0.9em; color: var(--ck-muted); }
  .math-error { color: var(--ck-danger); }
  .katex-display { margin: 0; }
  :host([data-color-scheme="dark"]) .hljs-keyword, :host([data-color-scheme="dark"]) .hljs-built_in, :host([data-color-scheme="dark"]) .hljs-literal { color: #c678dd; }
  :host([data-color-scheme="dark"]) .hljs-string, :host([data-color-scheme="dark"]) .hljs-attr { color: #98c379; }
  :host([data-color-scheme="dark"]) .hljs-number { color: #d19a66; }
  :host([data-color-scheme="dark"]) .hljs-title, :host([data-color-scheme="dark"]) .hljs-function { color: #61afef; }
  :host([data-color-scheme="dark"]) .hljs-type, :host([data-color-scheme="dark"]) .hljs-class { color: #e5c07b; }
`;

export const widgetStyles = css`
  .widget { max-width: 100%; }
  .w-status { display: flex; align-items: center; gap: 0.4rem; color: var(--ck-muted); font-size: 0.9em; margin-bottom: 0.35rem; }
  .w-status .favicon { width: 16px; height: 16px; }
  .w-card { border: 1px solid var(--ck-border); border-radius: var(--ck-radius-surface); background: var(--ck-bg); display: flex; flex-direction: column; gap: var(--gap); }
  .w-card.size-sm { max-width: 300px; } .w-card.size-md { max-width: 440px; } .w-card.size-lg { max-width: 640px; }
  .w-card.busy { opacity: 0.7; }
  .w-card-body { display: flex; flex-direction: column; gap: var(--gap); }
  .w-card-actions { display: flex; gap: 0.5rem; justify-content: flex-end; }
  .w-box { display: flex; min-width: 0; }
  .w-box.dir-row { flex-direction: row; align-items: center; }
  .w-box.dir-col { flex-direction: column; }
  .w-box:not([style*="gap"]) { gap: calc(var(--gap) * 0.66); }
  .w-spacer { flex: 1 1 auto; }
  .w-divider { border: none; border-top: 1px solid var(--ck-border); margin: 0; width: 100%; }
  .w-text, .w-caption, .w-title { margin: 0; }
  .w-title { font-size: 1.1em; font-weight: 600; }
  .w-caption { color: var(--ck-muted); font-size: 0.82em; }
  .w-label { font-size: 0.9em; font-weight: 500; }
  .streaming::after { content: "▍"; animation: pulse 1s infinite; }
  .w-badge { display: inline-flex; align-items: center; border-radius: 6px; padding: 0 0.45em; font-size: 0.8em; font-weight: 500; background: var(--ck-surface-2); width: fit-content; }
  .w-badge.pill { border-radius: 999px; }
  .w-badge.tone-success { color: var(--ck-success); } .w-badge.tone-danger { color: var(--ck-danger); }
  .w-badge.tone-warning { color: var(--ck-warning); } .w-badge.tone-info { color: var(--ck-info); }
  .w-badge.tone-discovery { color: var(--ck-discovery); }
  .w-badge.variant-solid { background: currentColor; } .w-badge.variant-solid { color: var(--ck-bg); }
  .w-badge.variant-outline { background: transparent; border: 1px solid currentColor; }
  .w-icon { display: inline-flex; }
  .w-image { max-width: 100%; display: block; object-fit: cover; }
  .w-image.frame { border: 1px solid var(--ck-border); border-radius: var(--ck-radius-surface); }
  .w-image.blocked { display: flex; align-items: center; justify-content: center; min-height: 3rem; background: var(--ck-surface); color: var(--ck-muted); font-size: 0.8em; }
  .w-button { display: inline-flex; align-items: center; justify-content: center; gap: 0.35rem; border-radius: var(--ck-radius-control); padding: 0.35em 0.9em; border: 1px solid transparent; font-weight: 500; width: fit-content; }
  .w-button.block { width: 100%; }
  /* Every variant x colour: a colour sets --tone (and the text on it), a variant paints with it. */
  .w-button { --tone: var(--ck-accent); --on-tone: var(--ck-accent-fg); --tone-text: var(--ck-fg); }
  .w-button.color-secondary { --tone: var(--ck-surface-2); --on-tone: var(--ck-fg); --tone-text: var(--ck-fg); }
  .w-button.color-info { --tone: var(--ck-info); --on-tone: #fff; --tone-text: var(--ck-info); }
  .w-button.color-discovery { --tone: var(--ck-discovery); --on-tone: #fff; --tone-text: var(--ck-discovery); }
  .w-button.color-success { --tone: var(--ck-success); --on-tone: #fff; --tone-text: var(--ck-success); }
  .w-button.color-caution { --tone: var(--ck-caution); --on-tone: #fff; --tone-text: var(--ck-caution); }
  .w-button.color-warning { --tone: var(--ck-warning); --on-tone: #fff; --tone-text: var(--ck-warning); }
  .w-button.color-danger { --tone: var(--ck-danger); --on-tone: #fff; --tone-text: var(--ck-danger); }
  :host([data-color-scheme="dark"]) .w-button:is(.color-info, .color-discovery, .color-success, .color-caution, .color-warning, .color-danger) { --on-tone: #111; }
  .w-button.variant-solid { background: var(--tone); color: var(--on-tone); }
  .w-button.variant-soft { background: color-mix(in srgb, var(--tone) 16%, transparent); color: var(--tone-text); }
  .w-button.variant-soft.color-primary { background: var(--ck-accent-soft); }
  .w-button.variant-soft.color-secondary { background: var(--ck-surface); }
  .w-button.variant-outline { background: transparent; color: var(--tone-text); border-color: color-mix(in srgb, var(--tone-text) 45%, transparent); }
  .w-button.variant-outline.color-secondary { border-color: var(--ck-border); }
  .w-button.variant-ghost { background: transparent; color: var(--tone-text); }
  .w-button:is(.variant-ghost, .variant-outline):not(:disabled):hover { background: color-mix(in srgb, var(--tone-text) 8%, transparent); }
  .w-button.uniform { padding: 0.35em; aspect-ratio: 1; }
  .w-button.pill { border-radius: 999px; }
  .w-control-wrap { display: inline-flex; align-items: center; gap: 0.25rem; min-width: 0; }
  .w-control-wrap.block, .w-select.block { width: 100%; }
  .w-control-wrap.block .w-select { flex: 1; }
  .w-select-search { width: 8em; }
  .w-textarea.auto-resize { resize: none; line-height: 1.5; }
  .w-button.size-sm, .w-button.size-xs, .w-button.size-2xs, .w-button.size-3xs { font-size: 0.85em; }
  .w-button.size-lg, .w-button.size-xl { font-size: 1.1em; }
  .w-input, .w-select, .w-textarea { font: inherit; color: inherit; background: var(--ck-bg); border: 1px solid var(--ck-border); border-radius: var(--ck-radius-control); padding: 0.35em 0.65em; min-width: 0; }
  .w-input.pill { border-radius: 999px; }
  .w-textarea { border-radius: var(--ck-radius-surface); width: 100%; }
  .w-input:invalid:not(:placeholder-shown) { border-color: var(--ck-danger); }
  .w-check { display: inline-flex; align-items: center; gap: 0.4rem; }
  .w-radios { display: flex; gap: 0.35rem 0.9rem; } .w-radios.dir-col { flex-direction: column; }
  .w-list { display: flex; flex-direction: column; border: 1px solid var(--ck-border); border-radius: var(--ck-radius-surface); overflow: hidden; }
  .w-list.busy { opacity: 0.7; }
  .w-list-item { display: flex; align-items: center; gap: var(--gap); padding: 0.6rem 0.9rem; }
  .w-list-item + .w-list-item { border-top: 1px solid var(--ck-border); }
  .w-list-item.interactive { cursor: pointer; }
  .w-list-item.interactive:hover { background: var(--ck-surface); }
  .w-list-item.disabled { cursor: default; opacity: 0.6; }
  .w-table-wrap { overflow-x: auto; }
  .w-table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
  .w-table th, .w-table td { border-bottom: 1px solid var(--ck-border); padding: 0.35em 0.6em; text-align: left; }
  .w-table th { font-weight: 600; }
  .w-chart { margin: 0; width: 100%; }
  .w-chart svg { width: 100%; height: 180px; display: block; overflow: visible; }
  .w-chart .axis { font-size: 10px; fill: var(--ck-muted); }
  .w-chart .baseline { stroke: var(--ck-border); }
  .w-chart-legend { display: flex; gap: 0.75rem; font-size: 0.8em; color: var(--ck-muted); justify-content: center; }
  .w-chart-legend i { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 2px; margin-right: 0.3em; }
`;
