"""Untrusted content executes nothing in the builtin renderer (<chatkit-notebook-chat>).

A corpus of injection payloads (script tags, event handlers, javascript:/vbscript:/data: URLs with
obfuscations, SVG, CSS, frames and plugins, forms, meta/base, mXSS, Markdown link tricks and KaTeX
commands: `\\href`, `\\url`, `\\html*`, `\\includegraphics`), each
trying to set a sentinel (`window.__pwned = "<payload id>"`, or through `parent` / `top`), reaches
the renderer through every surface a server, an agent or a user controls: assistant Markdown,
links and images, annotations, widget components, workflow tasks, notices, errors, thread titles
(header and history), user messages, entity titles in the mention menu, tags and entity previews.
Then every link and image is hovered and clicked, handlers are given every event they could
listen for, and the test asserts that the sentinel was never set (a setter installed before the
page loads records every attempt, in every frame), that the renderer's shadow root holds no
script, frame, plugin, form, meta, base or style element, no `on*` attribute and no
javascript:/vbscript:/data:text/html URL, and that the payloads are shown as inert text.
"""

from __future__ import annotations

import base64
import html
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, Request, Route, expect

from .notebook import (
    cell_output,
    chat_element,
    execute,
    run_notebook,
)
from .servers import Server

# -- the corpus -----------------------------------------------------------------------------------
#
# Tokens: %JS% sets the sentinel through window, parent or top (rotating), with no quote and no
# space (`window.__pwned=/p001/.source` evaluates to "p001"), so it fits any attribute or URL
# context; %PJS% always goes through `parent` (for code that would run inside a frame); %JSENT%
# is %JS% written as decimal HTML entities; %B64% is `<script>%PJS%</script>` in base64;
# %SVGB64% is an SVG document with a script and an onload handler, in base64; %ID% is the id.

TEMPLATES: list[str] = [
    # script elements
    "<script>%JS%</script>",
    "<SCRIPT>%JS%</SCRIPT>",
    '<script src="data:text/javascript,%JS%"></script>',
    '<script type="module">%JS%</script>',
    "<scr<script>ipt>%JS%</scr</script>ipt>",
    "<script/x>%JS%</script>",
    "</p><script>%JS%</script><p>",
    '"><script>%JS%</script>',
    "'><script>%JS%</script>",
    "<script>%JS%//",
    "<<script>%JS%//<</script>",
    "<template><script>%JS%</script></template>",
    # event-handler attributes
    "<img src=x onerror=%JS%>",
    '<img src="x" onerror="%JS%">',
    "<IMG SRC=x OnErRoR=%JS%>",
    '<img src=x onerror="%JSENT%">',
    "<img/src=x/onerror=%JS%>",
    "<img src=x onerror\n=%JS%>",
    "<img src=x:x onerror=%JS% alt=x>",
    "<image src=x onerror=%JS%>",
    "<img src=x onerror=%JS%//",
    "<body onload=%JS%>",
    "<body onpageshow=%JS%>",
    "<svg onload=%JS%>",
    "<svg/onload=%JS%>",
    '<div onmouseover="%JS%">hover %ID%</div>',
    '<a onmouseover="%JS%">hover link %ID%</a>',
    '<div onpointerenter="%JS%">pointer %ID%</div>',
    '<input onfocus="%JS%" autofocus>',
    '<select autofocus onfocus="%JS%"></select>',
    '<textarea autofocus onfocus="%JS%"></textarea>',
    "<x contenteditable onfocus=%JS% autofocus>edit %ID%</x>",
    '<details open ontoggle="%JS%"><summary>details %ID%</summary></details>',
    '<video src=x onerror="%JS%"></video>',
    '<audio src=x onerror="%JS%"></audio>',
    '<video><source onerror="%JS%"></video>',
    '<marquee onstart="%JS%">marquee %ID%</marquee>',
    '<button onclick="%JS%">click %ID%</button>',
    '<a href="#" onclick="%JS%">hash link %ID%</a>',
    '<style>@keyframes x{}</style><div style="animation-name:x" onanimationstart="%JS%">a</div>',
    "<object onerror=%JS%></object>",
    '<iframe onload="%JS%"></iframe>',
    "<isindex type=image src=1 onerror=%JS%>",
    # javascript: / vbscript: / data: URLs in HTML, obfuscated
    '<a href="javascript:%JS%">js link %ID%</a>',
    '<a href="JaVaScRiPt:%JS%">case link %ID%</a>',
    '<a href="  javascript:%JS%">space link %ID%</a>',
    '<a href="java\tscript:%JS%">tab link %ID%</a>',
    '<a href="java\nscript:%JS%">newline link %ID%</a>',
    '<a href="&#106;avascript:%JS%">decimal entity link %ID%</a>',
    '<a href="&#x6A;avascript:%JS%">hex entity link %ID%</a>',
    '<a href="&#0000106&#0000097vascript:%JS%">padded entity link %ID%</a>',
    '<a href="javascript&colon;%JS%">named entity link %ID%</a>',
    '<a href="jav&#x09;ascript:%JS%">entity tab link %ID%</a>',
    '<a href="\x01javascript:%JS%">control char link %ID%</a>',
    '<a href="vbscript:%JS%">vbscript link %ID%</a>',
    '<a href="data:text/html,<script>%PJS%</script>">data link %ID%</a>',
    '<a href="data:text/html;base64,%B64%">base64 link %ID%</a>',
    '<iframe src="javascript:%PJS%"></iframe>',
    '<iframe src="data:text/html;base64,%B64%"></iframe>',
    '<iframe srcdoc="<script>%PJS%</script>"></iframe>',
    '<iframe srcdoc="&lt;img src=x onerror=%PJS%&gt;"></iframe>',
    '<form action="javascript:%JS%"><input type=submit value="submit %ID%"></form>',
    '<form><button formaction="javascript:%JS%">formaction %ID%</button></form>',
    '<math href="javascript:%JS%">math link %ID%</math>',
    '<embed src="javascript:%JS%">',
    '<object data="javascript:%JS%"></object>',
    '<object data="data:text/html;base64,%B64%"></object>',
    '<embed src="data:text/html;base64,%B64%">',
    '<meta http-equiv="refresh" content="0;url=javascript:%JS%">',
    '<meta http-equiv="refresh" content="0;url=data:text/html;base64,%B64%">',
    '<base href="javascript:%JS%//"><a href="/x">base link %ID%</a>',
    '<link rel="import" href="data:text/html,<script>%PJS%</script>">',
    '<link rel="stylesheet" href="javascript:%JS%">',
    # SVG
    "<svg><script>%JS%</script></svg>",
    '<svg><script href="data:text/javascript,%JS%"/></svg>',
    '<svg><a xlink:href="javascript:%JS%"><text x="0" y="15">svg xlink %ID%</text></a></svg>',
    '<svg><a href="javascript:%JS%"><text y="15">svg href %ID%</text></a></svg>',
    '<svg><animate onbegin="%JS%" attributeName="x" dur="1s"/></svg>',
    '<svg><a><animate attributeName="href" values="javascript:%JS%"/><text y="15">anim %ID%</text></a></svg>',
    '<svg><set attributeName="onmouseover" to="%JS%"/></svg>',
    '<svg><image href="x" onerror="%JS%"/></svg>',
    '<svg><foreignObject><iframe srcdoc="<script>%PJS%</script>"></iframe></foreignObject></svg>',
    '<svg><use href="data:image/svg+xml;base64,%SVGB64%#x"/></svg>',
    "<svg><style>@import url(javascript:%JS%);</style></svg>",
    '<img src="data:image/svg+xml;base64,%SVGB64%">',
    # CSS
    "<style>@import 'javascript:%JS%';</style>",
    '<style>*{background:url("javascript:%JS%")}</style>',
    "<style>li{list-style-image:url(javascript:%JS%)}</style><ul><li>list %ID%</li></ul>",
    '<div style="width:expression(%JS%)">expression %ID%</div>',
    '<div style="background:url(javascript:%JS%)">css url %ID%</div>',
    '<div style="-moz-binding:url(javascript:%JS%)">binding %ID%</div>',
    '<link rel="stylesheet" href="data:text/css,body{x:expression(%JS%)}">',
    # mXSS and parser-confusion tricks
    '<noscript><p title="</noscript><img src=x onerror=%JS%>"></noscript>',
    "<math><mtext><table><mglyph><style><img src=x onerror=%JS%>",
    '<svg></p><style><a id="</style><img src=1 onerror=%JS%>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=%JS%>",
    '<xmp><p title="</xmp><img src=x onerror=%JS%>"></xmp>',
    '<textarea><img title="</textarea><img src=x onerror=%JS%>">',
    '<title><img title="</title><img src=x onerror=%JS%>">',
    '<!--<img src="--><img src=x onerror=%JS%//">',
    '<iframe><img title="</iframe><img src=x onerror=%JS%>"></iframe>',
    '<noembed><img title="</noembed><img src=x onerror=%JS%>"></noembed>',
    '<a href="https://example.com" title="&quot;onmouseover=%JS% x=&quot;">quoted %ID%</a>',
    "<![CDATA[<img src=x onerror=%JS%>]]>",
    "<img src=x onerror=%JS% <!--",
    # Markdown links, images, reference links and autolinks
    "[md link %ID%](javascript:%JS%)",
    "[md case %ID%](JaVaScRiPt:%JS%)",
    "[md space %ID%]( javascript:%JS% )",
    "[md entity %ID%](&#106;avascript:%JS%)",
    "[md hex %ID%](&#x6A;avascript&#x3A;%JS%)",
    "[md angle %ID%](<javascript:%JS%>)",
    "[md vbscript %ID%](vbscript:%JS%)",
    "[md data %ID%](data:text/html;base64,%B64%)",
    '[md title %ID%](https://example.com "x\\" onmouseover=\\"%JS%")',
    "[md tab %ID%](java\tscript:%JS%)",
    "[md encoded %ID%](javascript%3A%JS%)",
    "![md image %ID%](javascript:%JS%)",
    '![md image attr %ID%](x" onerror="%JS%)',
    "![md data image %ID%](data:text/html;base64,%B64%)",
    "![md svg image %ID%](data:image/svg+xml;base64,%SVGB64%)",
    "[md ref %ID%][r%ID%]\n\n[r%ID%]: javascript:%JS%",
    "![md ref image %ID%][i%ID%]\n\n[i%ID%]: javascript:%JS%",
    '[md ref title %ID%][t%ID%]\n\n[t%ID%]: javascript:%JS% "title"',
    "<javascript:%JS%>",
    "<JAVASCRIPT:%JS%>",
    "<vbscript:%JS%>",
    "[md nested %ID% [x](javascript:%JS%)](https://example.com)",
    "[![md image link %ID%](x)](javascript:%JS%)",
    '<a href="javascript:%JS%">[md in html %ID%](javascript:%JS%)</a>',
    "```html\n<script>%JS%</script>\n```",
    "`<img src=x onerror=%JS%>` inline code %ID%",
    # math, drawn by KaTeX (trust off: links, URLs, images and \\html* are error text)
    "$\\href{javascript:%JS%}{math link %ID%}$",
    "$$\\url{javascript:%JS%}$$",
    "\\(\\htmlData{onclick=%JS%}{math data %ID%}\\)",
    "\\[\\htmlStyle{background:url(javascript:%JS%)}{math style %ID%}\\]",
    '$\\htmlClass{x" onmouseover="%JS%}{math class %ID%}$',
    "$\\includegraphics{javascript:%JS%}$ math image %ID%",
    "$\\text{<img src=x onerror=%JS%>}$ math text %ID%",
]

SENTINEL_TARGETS = ("window", "parent", "top")


def _payload(index: int, template: str) -> tuple[str, str]:
    pid = f"p{index + 1:03d}"
    js = f"{SENTINEL_TARGETS[index % 3]}.__pwned=/{pid}/.source"
    parent_js = f"parent.__pwned=/{pid}/.source"
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' id='x' onload='" + parent_js + "'>"
        "<script>" + parent_js + "</script></svg>"
    )
    values = {
        "%JSENT%": "".join(f"&#{ord(c)};" for c in js),
        "%PJS%": parent_js,
        "%JS%": js,
        "%B64%": base64.b64encode(f"<script>{parent_js}</script>".encode()).decode(),
        "%SVGB64%": base64.b64encode(svg.encode()).decode(),
        "%ID%": pid,
    }
    text = template
    for token, value in values.items():
        text = text.replace(token, value)
    return pid, text


PAYLOADS: list[tuple[str, str]] = [_payload(n, t) for n, t in enumerate(TEMPLATES)]
BY_ID = dict(PAYLOADS)
# A sample spread over the categories, for the checks that the text is shown (inertly).
SAMPLE = [pid for pid, _ in PAYLOADS[::9]]
# Payloads shown verbatim where Markdown renders raw HTML as text (no Markdown syntax in them).
HTML_SAMPLE = [
    pid
    for pid, payload in PAYLOADS[::5]
    if payload.startswith("<") and not set(payload) & set("\n\t&[`*\x01\\")
][:8]


def _corpus_literal() -> str:
    """The corpus as a Python expression for a notebook cell (pure ASCII JSON)."""
    return f"json.loads({json.dumps(PAYLOADS)!r})"


def _plain(text: str) -> str:
    """What a text node shows of `text` once Playwright normalises whitespace."""
    return " ".join(text.split())


# -- traps, sweeps and the audit ------------------------------------------------------------------

# Installed in every frame before any page script: a non-configurable `__pwned` whose setter
# records every value, and dialogs that record instead of blocking.
TRAP = """(() => {
    const log = [];
    Object.defineProperty(window, "__pwnLog", { value: log });
    let value;
    Object.defineProperty(window, "__pwned", {
        configurable: false,
        get() { return value; },
        set(v) { value = v; log.push(String(v)); },
    });
    for (const name of ["alert", "confirm", "prompt", "print"]) {
        window[name] = (...args) => { log.push(name + "(" + args.join(",") + ")"); };
    }
})();"""

# Every element of the renderer (and of shadow roots inside it) receives the events inline
# handlers could listen for, and every link and image is clicked (an anchor's click follows its
# href, javascript: included).
SWEEP = r"""el => {
    const nodes = [];
    const walk = (root) => {
        for (const node of root.querySelectorAll("*")) {
            nodes.push(node);
            if (node.shadowRoot) walk(node.shadowRoot);
        }
    };
    walk(el.shadowRoot);
    const events = ["mouseover", "mouseenter", "pointerover", "pointerenter", "mousemove",
                    "focus", "focusin", "load", "error", "toggle", "animationstart", "begin",
                    "beginEvent", "start"];
    for (const node of nodes) {
        for (const type of events) node.dispatchEvent(new Event(type));
    }
    let clicked = 0;
    for (const node of nodes) {
        if (!["a", "img", "area", "image"].includes(node.localName)) continue;
        if (/^https?:\/\//.test(node.getAttribute("href") || "")) continue;  // audited: inert
        if (typeof node.click === "function") node.click();
        else node.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
        clicked += 1;
    }
    return clicked;
}"""

# The checks on one element of the renderer: forbidden elements, `on*` attributes, script URLs.
CHECK = r"""(node, problems) => {
    const forbidden = new Set(["script", "iframe", "frame", "frameset", "object", "embed",
        "applet", "meta", "base", "link", "style", "portal", "noscript", "template", "xmp",
        "noembed", "animate", "set", "animatemotion", "animatetransform", "foreignobject",
        "handler", "listener", "use", "isindex", "marquee"]);
    const urlAttrs = new Set(["href", "xlink:href", "src", "action", "formaction", "data",
        "poster", "background", "srcset", "lowsrc", "dynsrc", "cite", "ping", "codebase",
        "archive", "manifest", "longdesc", "usemap", "to", "values", "from", "by"]);
    const badUrl = /^(javascript:|vbscript:|livescript:|data:text\/html|data:text\/javascript|data:application\/)/;
    const linkAttrs = new Set(["href", "xlink:href", "action", "formaction"]);
    const badStyle = /(javascript:|vbscript:|expression\(|-moz-binding|behavior:)/;
    const tag = node.localName.toLowerCase();
    if (forbidden.has(tag)) problems.push(`<${tag}>`);
    if (tag === "form") {
        const composer = node.classList.contains("box")
            && node.parentElement?.classList.contains("composer");
        // the composer, a structured input and a widget Form (Card asForm) submit through
        // their own handlers; their action attributes are audited below like any URL
        const ours = ["structured-input", "w-form", "w-card"].some((c) => node.classList.contains(c));
        if (!composer && !ours) {
            problems.push("<form> outside the composer");
        }
    }
    for (const attr of node.attributes) {
        const name = attr.name.toLowerCase();
        const value = attr.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
        const shown = `${tag}[${name}=${attr.value.slice(0, 60)}]`;
        if (name.startsWith("on")) problems.push(`${tag}[${name}]`);
        if (name === "srcdoc" || name === "http-equiv") problems.push(`${tag}[${name}]`);
        if (urlAttrs.has(name) && badUrl.test(value)) problems.push(shown);
        if (linkAttrs.has(name) && !/^(https?:\/\/|mailto:)/.test(value)) {
            problems.push(`${shown} not http(s)/mailto`);
        }
        if (name === "style" && badStyle.test(value)) problems.push(shown);
    }
}"""

# Every element now in the renderer's shadow root (and in shadow roots inside it).
AUDIT = (
    """el => {
    const check = """
    + CHECK
    + """;
    const problems = [];
    const visit = (root) => {
        for (const node of root.querySelectorAll("*")) {
            check(node, problems);
            if (node.shadowRoot) visit(node.shadowRoot);
        }
    };
    visit(el.shadowRoot);
    return [...new Set(problems)];
}"""
)

# Every element ever inserted into the renderer, and every attribute ever set, while a reply
# streams: intermediate states of a growing message must be as inert as the final one.
WATCH = (
    """el => {
    const check = """
    + CHECK
    + """;
    const problems = [];
    Object.defineProperty(el, "__insertedProblems", { value: problems });
    const inserted = (node) => {
        if (node.nodeType !== 1) return;
        check(node, problems);
        for (const inner of node.querySelectorAll("*")) check(inner, problems);
    };
    new MutationObserver((records) => {
        for (const record of records) {
            if (record.type === "attributes") check(record.target, problems);
            else record.addedNodes.forEach(inserted);
        }
    }).observe(el.shadowRoot, { subtree: true, childList: true, attributes: true });
}"""
)

WATCHED = """el => el.__insertedProblems ? [...new Set(el.__insertedProblems)] : ["no watcher"]"""

IMAGES_SETTLED = """el => [...el.shadowRoot.querySelectorAll("img")].every((img) => img.complete)"""

SENTINEL = """() => {
    const seen = [];
    for (const w of [window, window.parent, window.top]) {
        if (w.__pwned !== undefined) seen.push(String(w.__pwned));
        seen.push(...(w.__pwnLog || []));
    }
    return seen;
}"""


def _arm(page: Page, lab: Server) -> list[str]:
    """Traps the sentinel in every frame; pages opened by clicked links are closed. Returns the
    URLs those pages and any frame navigated to (filled in as they happen)."""
    page.context.add_init_script(TRAP)
    navigations: list[str] = []

    def navigated(request: Request) -> None:
        if request.is_navigation_request() and not request.url.startswith(lab.url):
            navigations.append(request.url)

    page.context.on("request", navigated)
    page.context.on("page", lambda popup: popup.close())
    return navigations


def _watch(page: Page) -> Locator:
    """The renderer, once shown, with the watcher of everything inserted into it."""
    chat = chat_element(page)
    expect(chat.get_by_test_id("composer-input")).to_be_visible()
    chat.evaluate(WATCH)
    return chat


def _interact(page: Page, chat: Locator, scope: Locator, sample: int = 12) -> int:
    """Real hovers and clicks on a sample of the visible links and images in `scope`, then the
    synthetic sweep over the whole renderer; waits until every image settled. Links to http(s)
    URLs (the only ones the audit allows) are not followed: they would only open offline pages."""
    for kind in ("a:not([href^='http'])", "img"):
        visible = scope.locator(kind).filter(visible=True)
        count = visible.count()
        step = max(1, count // sample)
        for index in range(0, count, step):
            target = visible.nth(index)
            target.hover()
            target.click()
    clicked = chat.evaluate(SWEEP)
    page.wait_for_function(IMAGES_SETTLED, arg=chat.element_handle())
    # One more round trip through the page's event loop for late handlers.
    page.evaluate(
        "() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))"
    )
    return clicked


def _assert_inert(page: Page, chat: Locator, navigations: list[str]) -> None:
    assert chat.evaluate(AUDIT) == []
    assert chat.evaluate(WATCHED) == [], "inserted at some point, removed since"
    executed = []
    for frame in page.frames:
        try:
            executed += frame.evaluate(SENTINEL)
        except PlaywrightError as error:  # a frame that went away, or a cross-origin one
            executed.append(f"{frame.url}: {error}")
    assert executed == [], f"payloads executed: {executed}"
    frames = [
        f.url for f in page.frames if f.url.startswith(("about:srcdoc", "data:", "javascript:"))
    ]
    assert frames == []
    # Nothing navigated anywhere (no frame, no popup, no form submission).
    assert navigations == []


COVERED: set[str] = set()


def _figure(surfaces: list[str]) -> None:
    """The figure of one test; the module's total is printed when the module's tests are done."""
    COVERED.update(surfaces)
    print(f"injection: {len(PAYLOADS)} payloads x {len(surfaces)} surfaces, 0 executed")


@pytest.fixture(scope="module", autouse=True)
def _total_figure() -> Iterator[None]:
    yield
    if COVERED:
        print(f"\ninjection: {len(PAYLOADS)} payloads x {len(COVERED)} surfaces, 0 executed")


def test_the_corpus_is_large_and_every_payload_aims_at_the_sentinel() -> None:
    assert len(PAYLOADS) >= 100
    assert len(set(BY_ID.values())) == len(PAYLOADS)
    for pid, payload in PAYLOADS:
        decoded = [html.unescape(payload)] + [
            base64.b64decode(chunk).decode() for chunk in re.findall(r"base64,([\w+/=]+)", payload)
        ]
        assert any(f"__pwned=/{pid}/.source" in text for text in decoded), pid
    assert len(SAMPLE) >= 10
    assert len(HTML_SAMPLE) >= 5


# -- 1. everything a server can send --------------------------------------------------------------

HOSTILE_SERVER = """
import asyncio
import json
from datetime import datetime
from chatkit.server import ChatKitServer, stream_widget
from chatkit.types import (
    Annotation, AssistantMessageContent, AssistantMessageContentPartAdded,
    AssistantMessageContentPartTextDelta, AssistantMessageItem, ClientToolCallItem, CustomSummary,
    CustomTask, EntitySource, ErrorEvent, GeneratedImage, GeneratedImageItem, NoticeEvent,
    ThoughtTask, ThreadItemAddedEvent, ThreadItemDoneEvent, ThreadItemUpdatedEvent, URLSource,
    Workflow, WorkflowItem,
)
from chatkit.widgets import Badge, Caption, Card, Col, Image, Markdown, Text, Title
from chatkit_notebook import ChatKit, MemoryStore

PAYLOADS = %CORPUS%

class HostileServer(ChatKitServer):
    async def respond(self, thread, input_user_message, context):
        new_id = lambda kind: self.store.generate_item_id(kind, thread, context)

        def message(parts):
            return ThreadItemDoneEvent(item=AssistantMessageItem(
                id=new_id("message"), thread_id=thread.id, created_at=datetime.now(),
                content=parts))

        said = "".join(c.text for c in input_user_message.content if c.type == "input_text")
        # The user's message, echoed back as Markdown streamed in 7-character deltas (a payload
        # arrives in pieces: every intermediate state of the message is rendered too).
        echo = "You said:\\n\\n" + said
        item = AssistantMessageItem(id=new_id("message"), thread_id=thread.id,
                                    created_at=datetime.now(), content=[])
        yield ThreadItemAddedEvent(item=item)
        yield ThreadItemUpdatedEvent(item_id=item.id, update=AssistantMessageContentPartAdded(
            content_index=0, content=AssistantMessageContent(text="")))
        for n, start in enumerate(range(0, len(echo), 7)):
            yield ThreadItemUpdatedEvent(item_id=item.id,
                update=AssistantMessageContentPartTextDelta(content_index=0,
                                                            delta=echo[start:start + 7]))
            if n % 8 == 0:
                await asyncio.sleep(0.002)  # a few deltas per frame sent to the browser
        yield ThreadItemDoneEvent(item=item.model_copy(
            update={"content": [AssistantMessageContent(text=echo)]}))
        # Every payload as assistant Markdown, one content part each.
        yield message([AssistantMessageContent(text=f"{pid}: {p}") for pid, p in PAYLOADS])
        # Every payload as a Markdown link href and image src.
        yield message([
            AssistantMessageContent(
                text=f"[link {pid}](<{p}>) [bare {pid}]({p}) ![image {pid}](<{p}>) ![bare {pid}]({p})")
            for pid, p in PAYLOADS
        ])
        # Every payload as a URL source (url and title) and an entity source (title).
        yield message([AssistantMessageContent(text="annotated", annotations=[
            Annotation(source=source)
            for pid, p in PAYLOADS
            for source in (URLSource(url=p, title=p, attribution=p),
                           EntitySource(id=pid, title=p, label=p, inline_label=p))
        ])])
        # Every payload in every text-bearing widget component, and as an image src.
        card = Card(children=[
            Col(id=pid, children=[Text(value=p), Title(value=p), Markdown(value=p),
                                  Caption(value=p), Badge(label=p), Image(src=p, alt=p)])
            for pid, p in PAYLOADS
        ])
        async for event in stream_widget(thread, card, generate_id=new_id):
            yield event
        # Every payload as a client tool call's name and error, and a generated image's url.
        for pid, p in PAYLOADS:
            yield ThreadItemDoneEvent(item=ClientToolCallItem(
                id=new_id("tool_call"), thread_id=thread.id, created_at=datetime.now(),
                status="completed", call_id=pid, name=p, arguments={}, output={"error": p}))
            yield ThreadItemDoneEvent(item=GeneratedImageItem(
                id=new_id("message"), thread_id=thread.id, created_at=datetime.now(),
                image=GeneratedImage(id=pid, url=p)))
        # Every payload as a workflow task title and content (text), and a thought (Markdown).
        tasks = []
        for pid, p in PAYLOADS:
            tasks += [CustomTask(title=p, content=p), ThoughtTask(title=p, content=p)]
        yield ThreadItemDoneEvent(item=WorkflowItem(
            id=new_id("workflow"), thread_id=thread.id, created_at=datetime.now(),
            workflow=Workflow(type="custom", tasks=tasks, expanded=True,
                              summary=CustomSummary(title=PAYLOADS[0][1]))))
        # Every payload as a notice title and message (Markdown).
        for pid, p in PAYLOADS:
            yield NoticeEvent(level="warning", title=p, message=p)
        # Every payload in the thread title (header and history).
        thread.title = " | ".join(p for _, p in PAYLOADS)
        yield message([AssistantMessageContent(text="end-of-corpus")])
        # Every payload in the error message.
        yield ErrorEvent(message="\\n".join(p for _, p in PAYLOADS), allow_retry=False)

chat = ChatKit(server=HostileServer(MemoryStore()), renderer="builtin", height=700)
chat
"""

SERVER_SURFACES = [
    "user message",
    "user message echoed as assistant Markdown, streamed in 7-character deltas",
    "assistant Markdown",
    "Markdown link href",
    "Markdown image src",
    "URL source url and title",
    "entity source title",
    "widget Text",
    "widget Title",
    "widget Markdown",
    "widget Caption",
    "widget Badge",
    "widget Image src and alt",
    "client tool call name",
    "client tool call error",
    "generated image url",
    "workflow task title",
    "workflow task content",
    "workflow thought (Markdown)",
    "notice title",
    "notice message (Markdown)",
    "error message",
    "thread title in the header",
    "thread title in the history",
]


def test_everything_a_server_sends_executes_nothing(page: Page, lab: Server) -> None:
    navigations = _arm(page, lab)
    source = HOSTILE_SERVER.replace("%CORPUS%", _corpus_literal())
    run_notebook(page, lab, "inject_server", [source])
    chat = _watch(page)
    user_text = "\n\n".join(f"{pid}: {payload}" for pid, payload in PAYLOADS)
    composer = chat.get_by_test_id("composer-input")
    composer.fill(user_text)
    composer.press("Enter")

    replies = chat.get_by_test_id("assistant-message")
    expect(replies.filter(has_text="end-of-corpus")).to_have_count(1)
    expect(chat.get_by_test_id("composer-send")).to_be_enabled()
    error = chat.get_by_test_id("thread-error")
    expect(error).to_contain_text(_plain(PAYLOADS[0][1]))
    expect(chat.get_by_test_id("widget-item")).to_have_count(1)
    expect(chat.locator(".notice")).to_have_count(len(PAYLOADS))
    messages = chat.get_by_test_id("messages")

    clicked = _interact(page, chat, messages)
    assert clicked > len(PAYLOADS)
    chat.get_by_test_id("history-toggle").click()
    expect(chat.get_by_test_id("history-thread")).to_have_count(1)
    chat.get_by_test_id("history-open").hover()
    _interact(page, chat, chat.get_by_test_id("history"))
    _assert_inert(page, chat, navigations)

    # The payloads are there, as text.
    widget = chat.get_by_test_id("widget-item")
    user = chat.get_by_test_id("user-message")
    header = chat.get_by_test_id("header-title")
    history = chat.get_by_test_id("history-open")
    for pid in SAMPLE:
        payload = _plain(BY_ID[pid])
        column = widget.locator(".w-text").nth(int(pid[1:]) - 1)
        expect(column).to_have_text(payload)
        expect(widget.locator(".w-title").nth(int(pid[1:]) - 1)).to_have_text(payload)
        expect(widget.locator(".w-caption").nth(int(pid[1:]) - 1)).to_have_text(payload)
        expect(widget.locator(".w-badge").nth(int(pid[1:]) - 1)).to_have_text(payload)
        expect(chat.locator(".task-title").nth(2 * (int(pid[1:]) - 1))).to_have_text(payload)
        expect(chat.locator(".notice strong").nth(int(pid[1:]) - 1)).to_have_text(payload)
        expect(chat.locator(".tool.failed").nth(int(pid[1:]) - 1)).to_contain_text(payload)
        expect(user).to_contain_text(payload)
        expect(header).to_contain_text(payload)
        expect(history).to_contain_text(payload)
        expect(error).to_contain_text(payload)
    corpus = replies.nth(1)
    for pid in HTML_SAMPLE:
        payload = BY_ID[pid]
        expect(corpus.locator(".markdown").nth(int(pid[1:]) - 1)).to_have_text(f"{pid}: {payload}")
        expect(replies.nth(0)).to_contain_text(f"{pid}: {payload}")
        expect(widget.locator(".w-markdown").nth(int(pid[1:]) - 1)).to_have_text(payload)
    _figure(SERVER_SURFACES)


# -- 2. entity titles: the mention menu, tags in a sent message, entity previews ------------------

ENTITIES = """
import json
from chatkit.widgets import Card, Markdown, Text
from chatkit_notebook import ChatKit

PAYLOADS = %CORPUS%
clicked = []

def respond(message, thread):
    tags = [c.text for c in thread.user_message.content if c.type == "input_tag"]
    return f"tags: {len(tags)}\\n\\n" + "\\n\\n".join(tags)

chat = ChatKit(respond=respond, renderer="builtin", height=700)

@chat.on_tag_search
def search(query):
    return [{"id": pid, "title": p, "group": p, "data": {"payload": p}} for pid, p in PAYLOADS]

@chat.on_entity_preview
def preview(entity):
    return Card(children=[c for pid, p in PAYLOADS for c in (Text(value=p), Markdown(value=p))])

@chat.on_entity_click
def click(entity):
    clicked.append(entity["id"])

chat
"""

ENTITY_SURFACES = [
    "entity title in the mention menu",
    "entity group in the mention menu",
    "entity preview widget Text",
    "entity preview widget Markdown",
]


def test_entity_titles_tags_and_previews_execute_nothing(page: Page, lab: Server) -> None:
    navigations = _arm(page, lab)
    run_notebook(page, lab, "inject_entities", [ENTITIES.replace("%CORPUS%", _corpus_literal())])
    chat = _watch(page)
    composer = chat.get_by_test_id("composer-input")
    options = chat.get_by_test_id("mention-option")
    chosen = [
        next(pid for pid, p in PAYLOADS if p.startswith(prefix))
        for prefix in ("<script>", "<img src=x onerror=", '<svg><a xlink:href="javascript:')
    ]

    composer.press_sequentially("see @")
    expect(options).to_have_count(len(PAYLOADS))
    menu = chat.get_by_test_id("mention-menu")
    for pid in SAMPLE:
        option = options.nth(int(pid[1:]) - 1)
        option.hover()
        expect(option).to_have_text(_plain(BY_ID[pid]))
    _interact(page, chat, menu)
    _assert_inert(page, chat, navigations)
    for n, pid in enumerate(chosen):
        if n:
            composer.press_sequentially(" @")
            expect(options).to_have_count(len(PAYLOADS))
        options.nth(int(pid[1:]) - 1).click()
        expect(chat.get_by_test_id("mention-menu")).to_have_count(0)
    composer.press("Enter")

    expect(chat.get_by_test_id("assistant-message")).to_contain_text(f"tags: {len(chosen)}")
    tags = chat.get_by_test_id("message-tag")
    expect(tags).to_have_count(len(chosen))
    for n, pid in enumerate(chosen):
        expect(tags.nth(n)).to_have_text("@" + _plain(BY_ID[pid]))
    tags.nth(0).hover()
    preview = chat.get_by_test_id("entity-preview")
    expect(preview.locator(".w-text")).to_have_count(len(PAYLOADS))
    for pid in SAMPLE:
        expect(preview.locator(".w-text").nth(int(pid[1:]) - 1)).to_have_text(_plain(BY_ID[pid]))
    _interact(page, chat, preview, sample=4)
    tags.nth(0).click()
    chat.get_by_test_id("header").hover()  # the preview closes
    expect(preview).to_have_count(0)
    _interact(page, chat, chat.get_by_test_id("messages"))
    _assert_inert(page, chat, navigations)
    execute(page, "print(clicked)")
    expect(cell_output(page, 1)).to_have_text(f"['{chosen[0]}']\n")
    _figure(ENTITY_SURFACES)


# -- 3. thread titles set by respond(), in the history and the header -----------------------------

TITLES = """
import json
from chatkit_notebook import ChatKit

PAYLOADS = %CORPUS%

def respond(message, thread):
    thread.title = message
    return message

chat = ChatKit(respond=respond, renderer="builtin", height=700)
chat
"""

CREATE_THREADS = """
for pid, payload in PAYLOADS:
    await chat.ask(payload)
print(len(await chat.threads()))
"""

TITLE_SURFACES = [
    "one thread per payload: title in the history list",
    "one thread per payload: title in the header",
    "one thread per payload: title in the rename input",
    "one thread per payload: user message sent headlessly",
    "one thread per payload: the message echoed as assistant Markdown",
]


def test_thread_titles_in_history_and_header_execute_nothing(page: Page, lab: Server) -> None:
    navigations = _arm(page, lab)
    run_notebook(
        page,
        lab,
        "inject_titles",
        [TITLES.replace("%CORPUS%", _corpus_literal()), CREATE_THREADS],
    )
    chat = _watch(page)
    expect(cell_output(page, 1)).to_have_text(f"{len(PAYLOADS)}\n")
    chat.get_by_test_id("history-toggle").click()
    rows = chat.get_by_test_id("history-thread")
    more = chat.get_by_test_id("history-load-more")
    expect(rows).to_have_count(20)
    while more.count():
        shown = rows.count()
        more.click()
        expect(rows).not_to_have_count(shown)
    expect(rows).to_have_count(len(PAYLOADS))
    _interact(page, chat, chat.get_by_test_id("history"))
    _assert_inert(page, chat, navigations)
    # Newest first: row n holds the payload asked last but n.
    titles = chat.get_by_test_id("history-open")
    for pid in SAMPLE:
        row = len(PAYLOADS) - int(pid[1:])
        expect(titles.nth(row)).to_have_text(_plain(BY_ID[pid]))

    # Rename shows the title in an input (as its value); Escape leaves it unchanged.
    rows.nth(0).get_by_test_id("history-rename").click()
    rename = chat.get_by_test_id("history-rename-input")
    expect(rename).to_have_value(PAYLOADS[-1][1])
    rename.press("Escape")

    for pid, _ in PAYLOADS[-1:-20:-6]:  # in the first page of the history
        row = len(PAYLOADS) - int(pid[1:])
        if not chat.get_by_test_id("history").count():
            chat.get_by_test_id("history-toggle").click()
        titles.nth(row).click()
        expect(chat.get_by_test_id("history")).to_have_count(0)
        expect(chat.get_by_test_id("header-title")).to_have_text(_plain(BY_ID[pid]))
        expect(chat.get_by_test_id("user-message")).to_have_text(_plain(BY_ID[pid]))
        expect(chat.get_by_test_id("assistant-message")).to_have_count(1)
        _interact(page, chat, chat.get_by_test_id("messages"))
    _assert_inert(page, chat, navigations)
    _figure(TITLE_SURFACES)


# -- 4. style props: url() in any colour or background reaches no host outside the allow-list -----

# `allowed_image_domains` is ["example.org"]; every style surface gets `url()` pointing at a
# loopback server that records what reaches it, in several spellings. One background from an
# allowed host shows that backgrounds are evaluated at all (it must load; the others must not).
STYLE_URLS = [
    "url(%URL%)",
    'url("%URL%")',
    "URL( %URL% )",
    "linear-gradient(red, blue), url(%URL%)",
    "image-set(url(%URL%) 1x)",
    '-webkit-image-set("%URL%" 1x)',
    "u\\72l(%URL%)",
    "red url(%URL%)",
    "cross-fade(url(%URL%), red 50%)",
]

STYLE_SERVER = """
import json
from datetime import datetime
from chatkit.server import ChatKitServer
from chatkit.types import ProgressUpdateEvent, ThreadItemDoneEvent, WidgetItem
from chatkit_notebook import ChatKit, MemoryStore

VALUES = json.loads(%VALUES%)
ALLOWED = "url(https://img.example.org/allowed-bg.png)"

def surfaces(n, value):
    chart = {"type": "Chart", "data": [{"x": "a", "y": 1, "z": 2, "w": 3}], "xAxis": "x",
             "series": [{"type": "bar", "dataKey": "y", "color": value},
                        {"type": "line", "dataKey": "z", "color": value},
                        {"type": "area", "dataKey": "w", "color": value}]}
    return [
        {"type": "Box", "background": value, "children": [{"type": "Text", "value": f"box {n}"}]},
        {"type": "Row", "background": value, "children": []},
        {"type": "Col", "background": value, "children": []},
        {"type": "Form", "background": value, "children": []},
        {"type": "Image", "src": "https://img.example.org/ok.png", "background": value},
        {"type": "Box", "border": {"size": 2, "color": value}, "children": []},
        {"type": "Divider", "color": value},
        {"type": "Text", "value": f"text {n}", "color": value},
        {"type": "Title", "value": f"title {n}", "color": value},
        {"type": "Caption", "value": f"caption {n}", "color": value},
        {"type": "Icon", "name": "star", "color": value},
        chart,
    ]

class StyleServer(ChatKitServer):
    async def respond(self, thread, input_user_message, context):
        thread.allowed_image_domains = ["example.org"]
        yield ProgressUpdateEvent(text="styling")  # the policy reaches the page first
        for n, value in enumerate(VALUES):
            for root in (
                {"type": "Card", "background": value, "children": surfaces(n, value)},
                {"type": "Basic", "background": value, "children": surfaces(n, value)},
            ):
                yield ThreadItemDoneEvent(item=WidgetItem(
                    id=self.store.generate_item_id("message", thread, context),
                    thread_id=thread.id, created_at=datetime.now(), widget=root))
        yield ThreadItemDoneEvent(item=WidgetItem(
            id=self.store.generate_item_id("message", thread, context), thread_id=thread.id,
            created_at=datetime.now(),
            widget={"type": "Card", "background": ALLOWED,
                    "children": [{"type": "Text", "value": "allowed background"}]}))

chat = ChatKit(server=StyleServer(MemoryStore()), renderer="builtin", height=700)
chat
"""

STYLE_SURFACES = [
    f"widget {name}: url() in 9 spellings"
    for name in [
        "Card background",
        "Basic background",
        "Box background",
        "Row background",
        "Col background",
        "Form background",
        "Image background",
        "Box border colour",
        "Divider colour",
        "Text colour",
        "Title colour",
        "Caption colour",
        "Icon colour",
        "Chart bar, line and area series colours (and legend)",
    ]
]


class _Recorder(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(base64.b64decode(PNG_1X1))

    def log_message(self, format: str, *args: object) -> None:
        pass


PNG_1X1 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="


@pytest.fixture
def loopback() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request that reaches it."""
    hits: list[str] = []
    handler = type("Recorder", (_Recorder,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_style_prop_urls_load_nothing_outside_allowed_image_domains(
    page: Page, lab: Server, loopback: tuple[str, list[str]]
) -> None:
    base, hits = loopback
    allowed: list[str] = []

    def route(route: Route) -> None:
        allowed.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=base64.b64decode(PNG_1X1))

    page.route("https://img.example.org/**", route)
    values = [template.replace("%URL%", f"{base}/{n}.png") for n, template in enumerate(STYLE_URLS)]
    source = STYLE_SERVER.replace("%VALUES%", repr(json.dumps(values)))
    run_notebook(page, lab, "inject_style", [source])
    chat = _watch(page)
    composer = chat.get_by_test_id("composer-input")
    composer.fill("style me")
    # The allowed background loads, so styles were applied and evaluated...
    with page.expect_request("https://img.example.org/allowed-bg.png", timeout=60_000):
        composer.press("Enter")
    expect(chat.get_by_test_id("widget-item")).to_have_count(2 * len(values) + 1)
    expect(chat.get_by_text("allowed background")).to_be_visible()
    # Every item is drawn: walk the list top to bottom so each one is painted, too.
    chat.get_by_test_id("messages").evaluate(
        """async (el) => {
            for (let top = 0; top <= el.scrollHeight; top += el.clientHeight / 2) {
                el.scrollTop = top;
                await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
            }
        }"""
    )
    assert "https://img.example.org/allowed-bg.png" in allowed
    # ... and nothing reached the loopback host, from any surface, in any spelling.
    styles = chat.evaluate(
        """el => [...el.shadowRoot.querySelectorAll("[style]")]
            .map((node) => node.getAttribute("style"))
            .filter((style) => style.includes("127.0.0.1"))"""
    )
    assert styles == []
    assert hits == []
    _assert_inert(page, chat, [])
    _figure(STYLE_SURFACES)


# -- 5. crash vectors: valid data that once stopped all rendering ----------------------------------

CRASH_SERVER = """
from datetime import datetime
from chatkit.server import ChatKitServer
from chatkit.types import AssistantMessageContent, AssistantMessageItem, ThreadItemDoneEvent
from chatkit.types import WidgetItem
from chatkit_notebook import ChatKit, MemoryStore

DEEP_QUOTE = ">" * 4096
DEEP_STRONG = "**" * 3072 + "x" + "**" * 3072

class CrashServer(ChatKitServer):
    async def respond(self, thread, input_user_message, context):
        said = "".join(c.text for c in input_user_message.content if c.type == "input_text")
        def new_id():
            return self.store.generate_item_id("message", thread, context)
        def message(text):
            return ThreadItemDoneEvent(item=AssistantMessageItem(
                id=new_id(), thread_id=thread.id, created_at=datetime.now(),
                content=[AssistantMessageContent(text=text)]))
        if said != "crash":
            yield message(f"still alive: {said}")
            return
        yield message("before the crash vectors")
        yield ThreadItemDoneEvent(item=WidgetItem(
            id=new_id(), thread_id=thread.id, created_at=datetime.now(),
            widget={"type": "Card", "children": [
                {"type": "Icon", "name": "lucide:constructor"},
                {"type": "Icon", "name": "lucide:__proto__"},
                {"type": "Button", "label": "proto icons", "iconStart": "lucide:__proto__"},
                {"type": "hasOwnProperty", "children": [{"type": "Text", "value": "inside"}]},
                {"type": "constructor"},
                {"type": "Text", "value": "sized", "size": "__proto__", "weight": "constructor"},
            ]}))
        yield message(DEEP_QUOTE)
        yield message(DEEP_STRONG)
        yield message("after the crash vectors")

chat = ChatKit(server=CrashServer(MemoryStore()), renderer="builtin", height=700)
chat
"""


def test_crash_vectors_leave_the_rest_of_the_chat_working(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "inject_crash", [CRASH_SERVER])
    chat = _watch(page)
    composer = chat.get_by_test_id("composer-input")
    composer.fill("crash")
    composer.press("Enter")
    replies = chat.get_by_test_id("assistant-message")
    expect(replies.filter(has_text="after the crash vectors")).to_have_count(1)
    expect(replies.filter(has_text="before the crash vectors")).to_have_count(1)
    expect(chat.get_by_test_id("markdown-fallback")).to_have_count(2)
    widget = chat.get_by_test_id("widget-item")
    expect(widget.locator(".w-text")).to_have_text(["inside", "sized"])
    expect(widget.locator(".w-button")).to_have_text("proto icons")
    # The composer still works, and so does reopening the thread.
    composer.fill("next")
    composer.press("Enter")
    expect(replies.filter(has_text="still alive: next")).to_have_count(1)
    chat.get_by_test_id("history-toggle").click()
    chat.get_by_test_id("history-open").click()
    expect(replies.filter(has_text="after the crash vectors")).to_have_count(1)
    expect(chat.get_by_test_id("markdown-fallback")).to_have_count(2)
    _assert_inert(page, chat, [])
