/** UI strings in English and German; unknown locales fall back to English. */
import { own } from "./own";

const en = {
  greeting: "What can I help with today?",
  placeholder: "Message the AI",
  send: "Send",
  stop: "Stop",
  newThread: "New chat",
  history: "History",
  closeHistory: "Close history",
  noThreads: "No conversations yet",
  loadMore: "Load more",
  loadOlder: "Load earlier messages",
  untitled: "New chat",
  rename: "Rename",
  delete: "Delete",
  renamePrompt: "New title",
  retry: "Retry",
  copy: "Copy",
  copied: "Copied",
  feedbackPositive: "Good response",
  feedbackNegative: "Bad response",
  sources: "Sources",
  errorGeneric: "Something went wrong.",
  clear: "Clear",
  search: "Search",
  dismiss: "Dismiss",
  dictate: "Dictate",
  stopDictation: "Stop and transcribe",
  transcribing: "Transcribing…",
  micDenied: "Microphone access was denied. Allow it for this page in the browser to dictate.",
  micMissing: "No microphone was found.",
  micBusy: "The microphone is in use by another application.",
  micUnsupported: "This browser cannot record audio here (dictation needs a secure page).",
  micSilent: "Nothing was recorded.",
  itemError: "This part of the conversation could not be shown: {error}",
  toolRunning: "Running {name}…",
  toolDone: "Ran {name}",
  toolFailed: "{name} failed: {error}",
  thinking: "Thinking",
  thoughtFor: "Thought for {seconds}s",
  workflow: "Workflow",
  loading: "Loading…",
  imageBlocked: "Image blocked",
  generatingImage: "Generating image…",
  confirm: "Confirm",
  cancel: "Cancel",
  model: "Model",
  tool: "Tool",
  mention: "Mention",
  commands: "Commands",
  noMatches: "No matches",
  threadLocked: "This conversation is locked.",
  threadClosed: "This conversation is closed.",
  submit: "Submit",
  skip: "Skip",
  skipped: "Skipped",
  otherAnswer: "Other answer",
  attach: "Add files",
  removeAttachment: "Remove {name}",
  uploading: "Uploading…",
  tooManyFiles: "At most {count} files per message.",
  fileTooLarge: "{name} is too large.",
};

export type MessageKey = keyof typeof en;

const de: Record<MessageKey, string> = {
  greeting: "Wobei kann ich heute helfen?",
  placeholder: "Nachricht an die KI",
  send: "Senden",
  stop: "Stopp",
  newThread: "Neuer Chat",
  history: "Verlauf",
  closeHistory: "Verlauf schließen",
  noThreads: "Noch keine Unterhaltungen",
  loadMore: "Mehr laden",
  loadOlder: "Frühere Nachrichten laden",
  untitled: "Neuer Chat",
  rename: "Umbenennen",
  delete: "Löschen",
  renamePrompt: "Neuer Titel",
  retry: "Erneut versuchen",
  copy: "Kopieren",
  copied: "Kopiert",
  feedbackPositive: "Gute Antwort",
  feedbackNegative: "Schlechte Antwort",
  sources: "Quellen",
  errorGeneric: "Etwas ist schiefgelaufen.",
  clear: "Leeren",
  search: "Suchen",
  dismiss: "Schließen",
  dictate: "Diktieren",
  stopDictation: "Beenden und transkribieren",
  transcribing: "Wird transkribiert…",
  micDenied:
    "Der Zugriff auf das Mikrofon wurde verweigert. Erlaube ihn im Browser für diese Seite.",
  micMissing: "Es wurde kein Mikrofon gefunden.",
  micBusy: "Das Mikrofon wird von einer anderen Anwendung verwendet.",
  micUnsupported:
    "Dieser Browser kann hier kein Audio aufnehmen (Diktieren braucht eine sichere Seite).",
  micSilent: "Es wurde nichts aufgenommen.",
  itemError: "Dieser Teil der Unterhaltung kann nicht angezeigt werden: {error}",
  toolRunning: "{name} wird ausgeführt…",
  toolDone: "{name} ausgeführt",
  toolFailed: "{name} fehlgeschlagen: {error}",
  thinking: "Denkt nach",
  thoughtFor: "{seconds} s nachgedacht",
  workflow: "Ablauf",
  loading: "Wird geladen…",
  imageBlocked: "Bild blockiert",
  generatingImage: "Bild wird erzeugt…",
  confirm: "Bestätigen",
  cancel: "Abbrechen",
  model: "Modell",
  tool: "Werkzeug",
  mention: "Erwähnen",
  commands: "Befehle",
  noMatches: "Keine Treffer",
  threadLocked: "Diese Unterhaltung ist gesperrt.",
  threadClosed: "Diese Unterhaltung ist geschlossen.",
  submit: "Absenden",
  skip: "Überspringen",
  skipped: "Übersprungen",
  otherAnswer: "Andere Antwort",
  attach: "Dateien hinzufügen",
  removeAttachment: "{name} entfernen",
  uploading: "Wird hochgeladen…",
  tooManyFiles: "Höchstens {count} Dateien pro Nachricht.",
  fileTooLarge: "{name} ist zu groß.",
};

const dictionaries: Record<string, Record<MessageKey, string>> = { en, de };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Primary language subtag of the requested locale if we have it, else "en". */
export function resolveLanguage(locale: string | undefined): string {
  const requested = locale ?? (typeof navigator !== "undefined" ? navigator.language : "en");
  const language = (requested || "en").toLowerCase().split(/[-_]/)[0] ?? "en";
  return own(dictionaries, language) ? language : "en";
}

export function translator(language: string): Translate {
  const dictionary = own(dictionaries, language) ?? en;
  return (key, vars) =>
    dictionary[key].replace(/\{(\w+)\}/g, (match, name: string) =>
      vars && Object.hasOwn(vars, name) ? String(vars[name]) : match,
    );
}
