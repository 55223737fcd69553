/**
 * Icons from Lucide (https://lucide.dev, ISC), tree-shaken: only the icons imported here are
 * bundled. Every ChatKit icon name (`ChatKitIcon`, `WidgetIcon`, `HeaderIcon`) maps to one of
 * them, and `lucide:<name>` works for every bundled Lucide icon. Unknown names (other `lucide:*`,
 * `vendor:*`) render a neutral dot rather than fetching anything.
 */
import { html, type TemplateResult } from "lit";
import { unsafeSVG } from "lit/directives/unsafe-svg.js";
import {
  ArrowLeft,
  ArrowLeftToLine,
  ArrowRightToLine,
  ArrowUp,
  Atom,
  AtSign,
  Award,
  Book,
  BookOpen,
  BookOpenCheck,
  Bot,
  Box,
  BriefcaseBusiness,
  Bug,
  Calendar,
  ChartColumn,
  ChartLine,
  Check,
  ChevronDown,
  ChevronLeft,
  ChevronRight,
  ChevronsLeft,
  ChevronsRight,
  Circle,
  CircleCheck,
  CircleEllipsis,
  CircleQuestionMark,
  CircleUser,
  Clock,
  Compass,
  Contact,
  Copy,
  Cpu,
  Dot,
  Ellipsis,
  EllipsisVertical,
  ExternalLink,
  File,
  FileText,
  FlaskConical,
  Globe,
  History,
  House,
  IdCard,
  Image,
  Images,
  Info,
  KeyRound,
  Layers,
  LayoutGrid,
  LifeBuoy,
  Lightbulb,
  Lock,
  Mail,
  Map as MapIcon,
  MapPin,
  Maximize2,
  Menu,
  MessageCircleDashed,
  Minimize2,
  Monitor,
  Moon,
  Notebook,
  NotebookPen,
  PanelLeft,
  PanelLeftClose,
  PanelLeftDashed,
  PanelLeftOpen,
  PanelRight,
  PanelRightClose,
  PanelRightDashed,
  PanelRightOpen,
  Paperclip,
  PartyPopper,
  Pencil,
  PenLine,
  Phone,
  Play,
  Plus,
  RotateCcw,
  Search,
  Settings,
  Share2,
  SlidersHorizontal,
  Smartphone,
  Sparkle,
  Sparkles,
  Square,
  SquareCode,
  SquarePen,
  Star,
  Sun,
  TextAlignEnd,
  ThumbsDown,
  ThumbsUp,
  Trash2,
  User,
  Wrench,
  X,
  Zap,
} from "lucide";

type IconNode = [tag: string, attrs: Record<string, string | number | undefined>][];

/** Every bundled Lucide icon by its Lucide name (the `lucide:<name>` namespace). */
const LUCIDE: Record<string, IconNode> = {
  "arrow-left": ArrowLeft,
  "arrow-left-to-line": ArrowLeftToLine,
  "arrow-right-to-line": ArrowRightToLine,
  "arrow-up": ArrowUp,
  "at-sign": AtSign,
  atom: Atom,
  award: Award,
  book: Book,
  "book-open": BookOpen,
  "book-open-check": BookOpenCheck,
  bot: Bot,
  box: Box,
  "briefcase-business": BriefcaseBusiness,
  bug: Bug,
  calendar: Calendar,
  "chart-column": ChartColumn,
  "chart-line": ChartLine,
  check: Check,
  "chevron-down": ChevronDown,
  "chevron-left": ChevronLeft,
  "chevron-right": ChevronRight,
  "chevrons-left": ChevronsLeft,
  "chevrons-right": ChevronsRight,
  circle: Circle,
  "circle-ellipsis": CircleEllipsis,
  "circle-check": CircleCheck,
  "circle-question-mark": CircleQuestionMark,
  "circle-user": CircleUser,
  clock: Clock,
  compass: Compass,
  contact: Contact,
  copy: Copy,
  cpu: Cpu,
  dot: Dot,
  ellipsis: Ellipsis,
  "ellipsis-vertical": EllipsisVertical,
  "external-link": ExternalLink,
  file: File,
  "file-text": FileText,
  "flask-conical": FlaskConical,
  globe: Globe,
  history: History,
  house: House,
  "id-card": IdCard,
  image: Image,
  images: Images,
  info: Info,
  "key-round": KeyRound,
  layers: Layers,
  "layout-grid": LayoutGrid,
  "life-buoy": LifeBuoy,
  lightbulb: Lightbulb,
  lock: Lock,
  mail: Mail,
  map: MapIcon,
  "map-pin": MapPin,
  "maximize-2": Maximize2,
  menu: Menu,
  "message-circle-dashed": MessageCircleDashed,
  "minimize-2": Minimize2,
  monitor: Monitor,
  moon: Moon,
  notebook: Notebook,
  "notebook-pen": NotebookPen,
  "panel-left": PanelLeft,
  "panel-left-close": PanelLeftClose,
  "panel-left-dashed": PanelLeftDashed,
  "panel-left-open": PanelLeftOpen,
  "panel-right": PanelRight,
  "panel-right-close": PanelRightClose,
  "panel-right-dashed": PanelRightDashed,
  "panel-right-open": PanelRightOpen,
  paperclip: Paperclip,
  "party-popper": PartyPopper,
  pencil: Pencil,
  "pen-line": PenLine,
  phone: Phone,
  play: Play,
  plus: Plus,
  "rotate-ccw": RotateCcw,
  search: Search,
  settings: Settings,
  "share-2": Share2,
  "sliders-horizontal": SlidersHorizontal,
  smartphone: Smartphone,
  sparkle: Sparkle,
  sparkles: Sparkles,
  square: Square,
  "square-code": SquareCode,
  "square-pen": SquarePen,
  star: Star,
  sun: Sun,
  "text-align-end": TextAlignEnd,
  "thumbs-down": ThumbsDown,
  "thumbs-up": ThumbsUp,
  "trash-2": Trash2,
  user: User,
  wrench: Wrench,
  x: X,
  zap: Zap,
};

/** ChatKit icon names (ChatKitIcon, WidgetIcon, HeaderIcon) and our own UI names → Lucide. */
const ALIASES: Record<string, string> = {
  // ChatKitIcon / WidgetIcon
  agent: "bot",
  analytics: "chart-line",
  atom: "atom",
  batch: "layers",
  bolt: "zap",
  "book-open": "book-open",
  "book-closed": "book",
  "book-clock": "book-open-check",
  bug: "bug",
  calendar: "calendar",
  chart: "chart-column",
  check: "check",
  "check-circle": "circle-check",
  "check-circle-filled": "circle-check",
  "chevron-left": "chevron-left",
  "chevron-right": "chevron-right",
  "circle-question": "circle-question-mark",
  clock: "clock",
  compass: "compass",
  confetti: "party-popper",
  cube: "box",
  desktop: "monitor",
  document: "file-text",
  dot: "dot",
  "dots-horizontal": "ellipsis",
  "dots-vertical": "ellipsis-vertical",
  "empty-circle": "circle",
  "external-link": "external-link",
  globe: "globe",
  keys: "key-round",
  lab: "flask-conical",
  images: "images",
  info: "info",
  lifesaver: "life-buoy",
  lightbulb: "lightbulb",
  mail: "mail",
  "map-pin": "map-pin",
  maps: "map",
  mobile: "smartphone",
  name: "id-card",
  notebook: "notebook",
  "notebook-pencil": "notebook-pen",
  "page-blank": "file",
  phone: "phone",
  play: "play",
  plus: "plus",
  profile: "circle-user",
  "profile-card": "contact",
  reload: "rotate-ccw",
  star: "star",
  "star-filled": "star",
  search: "search",
  sparkle: "sparkle",
  "sparkle-double": "sparkles",
  "square-code": "square-code",
  "square-image": "image",
  "square-text": "file-text",
  suitcase: "briefcase-business",
  "settings-slider": "sliders-horizontal",
  user: "user",
  wreath: "award",
  write: "square-pen",
  "write-alt": "pen-line",
  "write-alt2": "pencil",
  // HeaderIcon
  "sidebar-left": "panel-left",
  "sidebar-right": "panel-right",
  "sidebar-open-left": "panel-left-open",
  "sidebar-open-right": "panel-right-open",
  "sidebar-open-left-alt": "panel-left-open",
  "sidebar-open-right-alt": "panel-right-open",
  "sidebar-floating-left": "panel-left-dashed",
  "sidebar-floating-right": "panel-right-dashed",
  "sidebar-floating-open-left": "panel-left-open",
  "sidebar-floating-open-right": "panel-right-open",
  "sidebar-collapse-left": "panel-left-close",
  "sidebar-collapse-right": "panel-right-close",
  "collapse-left": "chevrons-left",
  "collapse-right": "chevrons-right",
  "open-left": "arrow-left-to-line",
  "open-right": "arrow-right-to-line",
  "double-chevron-left": "chevrons-left",
  "double-chevron-right": "chevrons-right",
  home: "house",
  "home-alt": "house",
  "back-small": "chevron-left",
  "back-large": "arrow-left",
  "expand-large": "maximize-2",
  "collapse-large": "minimize-2",
  "expand-small": "maximize-2",
  "collapse-small": "minimize-2",
  "chat-temporary": "message-circle-dashed",
  "settings-cog": "settings",
  grid: "layout-grid",
  "dots-horizontal-circle": "circle-ellipsis",
  "dots-vertical-circle": "circle-ellipsis",
  menu: "menu",
  "menu-inverted": "text-align-end",
  hamburger: "menu",
  share: "share-2",
  "light-mode": "sun",
  "dark-mode": "moon",
  // the renderer's own controls
  "arrow-up": "arrow-up",
  "at-sign": "at-sign",
  "chevron-down": "chevron-down",
  close: "x",
  compose: "square-pen",
  copy: "copy",
  history: "history",
  lock: "lock",
  model: "cpu",
  paperclip: "paperclip",
  settings: "settings",
  stop: "square",
  "thumbs-down": "thumbs-down",
  "thumbs-up": "thumbs-up",
  tool: "wrench",
  trash: "trash-2",
};

/** Drawn solid: the first shape is filled, later shapes (a check mark) cut out in the background. */
const FILLED = new Set(["check-circle-filled", "star-filled", "stop"]);

function resolve(name: string): IconNode | undefined {
  if (name.startsWith("lucide:")) return LUCIDE[name.slice("lucide:".length)];
  const target = ALIASES[name];
  return target ? LUCIDE[target] : undefined;
}

export function hasIcon(name: string): boolean {
  return resolve(name) !== undefined;
}

/** Every name `icon()` knows without the `lucide:` prefix (for tests and docs). */
export function iconNames(): string[] {
  return Object.keys(ALIASES);
}

function escapeAttr(value: string | number): string {
  return String(value).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const markup = new Map<string, string>();

/** The SVG children of an icon, built once per name from the bundled (trusted) Lucide nodes. */
function innerMarkup(name: string, node: IconNode): string {
  let cached = markup.get(name);
  if (cached === undefined) {
    const filled = FILLED.has(name);
    cached = node
      .map(([tag, attrs], index) => {
        const extra = filled
          ? index === 0
            ? ' fill="currentColor"'
            : ' stroke="var(--ck-bg, #fff)"'
          : "";
        const attributes = Object.entries(attrs)
          .filter(([key, value]) => value !== undefined && key !== "key")
          .map(([key, value]) => ` ${key}="${escapeAttr(value as string | number)}"`)
          .join("");
        return `<${tag}${attributes}${extra}></${tag}>`;
      })
      .join("");
    markup.set(name, cached);
  }
  return cached;
}

/** An inline SVG icon; `size` is a CSS length. */
export function icon(name: string | undefined, size = "1em"): TemplateResult {
  const node = name ? resolve(name) : undefined;
  if (!name || !node) {
    return html`<svg class="icon icon-dot" width=${size} height=${size} viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="4" fill="currentColor"></circle></svg>`;
  }
  return html`<svg class="icon" data-icon=${name} width=${size} height=${size} viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${unsafeSVG(innerMarkup(name, node))}</svg>`;
}
