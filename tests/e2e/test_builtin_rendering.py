"""What the builtin renderer draws in real Chromium: code in a dozen languages (each grammar fetched
from the kernel on first use), math with KaTeX and its fonts (offline: from the kernel too), and
ChatKit's colour tokens on widgets (the news-guide sample's card border and warning button)."""

from __future__ import annotations

import json
import re

from playwright.sync_api import Page, expect

from .notebook import cell_output, chat_element, execute, run_notebook, send_message
from .servers import Server

CODE = {
    "py": "def area(r):\n    return 3.14 * r ** 2",
    "rs": "fn main() {\n    let x: i32 = 5;\n}",
    "go": 'package main\n\nfunc main() {\n    fmt.Println("hi")\n}',
    "java": "public class A {\n    public static void main(String[] args) {}\n}",
    "c++": "#include <vector>\nint main() { return 0; }",
    "ts": "export interface User { name: string }\nconst n: number = 1;",
    "sh": 'for f in *.txt; do echo "$f"; done',
    "yml": "name: demo\nitems:\n  - 1",
    "sql": "SELECT id FROM users WHERE name = 'x';",
    "ruby": 'def greet(name)\n  puts "hi #{name}"\nend',
    "kotlin": "fun main() {\n    val x = 1\n}",
    "julia": "function f(x)\n    return x^2\nend",
    "r": "x <- c(1, 2, 3)\nmean(x)",
}
GRAMMARS = {
    "py": "python",
    "rs": "rust",
    "c++": "cpp",
    "ts": "typescript",
    "sh": "bash",
    "yml": "yaml",
}

CODE_CHAT = """
import json
from chatkit_notebook import ChatKit
from chatkit_notebook.bridge import bundle

CODE = json.loads({code!r})

def respond(message):
    if message == "code":
        return "\\n\\n".join(f"```{{label}}\\n{{source}}\\n```" for label, source in CODE.items())
    return "Just prose, no code."

chat = ChatKit(respond=respond, renderer="builtin", height=900)
chat
"""

SERVED = (
    "import json\nprint(json.dumps({k: v for k, v in bundle.served.items() if k != 'widget.js'}))"
)


def served(page: Page, cell: int) -> dict[str, int]:
    execute(page, SERVED)
    output = cell_output(page, cell)
    expect(output).to_have_text(re.compile(r"^\{.*\}\s*$"))
    return json.loads(output.inner_text())


def test_code_in_a_dozen_languages_is_highlighted_one_grammar_fetch_each(
    page: Page, lab: Server
) -> None:
    run_notebook(page, lab, "render_code", [CODE_CHAT.format(code=json.dumps(CODE))])
    chat = chat_element(page)
    send_message(page, "hello")
    expect(chat.get_by_test_id("assistant-message")).to_have_text("Just prose, no code.")
    assert served(page, 1) == {}  # a chat without code fetched no grammar

    send_message(page, "code")
    blocks = chat.get_by_test_id("assistant-message").nth(1).locator(".code-block")
    expect(blocks).to_have_count(len(CODE))
    for index, label in enumerate(CODE):
        block = blocks.nth(index)
        expect(block.locator(".code-bar span")).to_have_text(label)
        # highlighted once its grammar arrived: keyword, string, number... spans
        expect(block.locator("code [class^='hljs-']").first).to_be_visible()
    fetched = served(page, 2)
    grammars = {f"hljs/{GRAMMARS.get(label, label)}.js" for label in CODE}
    assert {name: count for name, count in fetched.items() if name in grammars} == dict.fromkeys(
        grammars, 1
    )
    assert "hljs/common.js" not in fetched  # every block had a language: nothing was guessed


MATH_CHAT = """
import asyncio
from chatkit_notebook import ChatKit
from chatkit_notebook.bridge import bundle

MATH = (
    "Inline $E = mc^2$ and \\\\(a^2 + b^2 = c^2\\\\).\\n\\n"
    "$$\\\\int_0^1 x^2\\\\,dx = \\\\frac{1}{3}$$\\n\\n"
    "It costs $5 and $10; `$x$` stays code."
)

async def respond(message):
    if message == "stream":
        # A formula arrives in pieces: half of it is plain text until it closes.
        for piece in ["Intro paragraph.\\n\\n", "Then $\\\\frac{a", "}{b} + \\\\sqrt{", "x}$ done."]:
            yield piece
            await asyncio.sleep(0.4)
        return
    yield MATH

chat = ChatKit(respond=respond, renderer="builtin", height=700)
chat
"""

FONT_READY = (
    "() => document.fonts.check('20px KaTeX_Main') && document.fonts.check('20px KaTeX_Math')"
)


def test_math_renders_with_katex_and_its_fonts_and_leaves_prices_and_code_alone(
    page: Page, lab: Server
) -> None:
    run_notebook(page, lab, "render_math", [MATH_CHAT])
    chat = chat_element(page)
    send_message(page, "math")
    reply = chat.get_by_test_id("assistant-message")
    expect(reply.locator(".katex")).to_have_count(3)
    expect(reply.locator(".katex-display")).to_have_count(1)
    expect(reply).to_contain_text("It costs $5 and $10;")
    expect(reply.locator("code").filter(has_text="$x$")).to_have_count(1)
    expect(reply.locator(".math-pending")).to_have_count(0)
    # The fonts came from the kernel (no CDN is reachable here) and are the ones in use.
    page.wait_for_function(FONT_READY, timeout=30_000)
    family = reply.locator(".katex").first.evaluate("el => getComputedStyle(el).fontFamily")
    assert family.startswith("KaTeX_Main")
    width = reply.locator(".katex-display .katex-html").evaluate("el => el.offsetWidth")
    assert width > 50
    fetched = served(page, 1)
    assert fetched["katex/katex.js"] == 1
    assert fetched["katex/katex.css"] == 1
    assert fetched["katex/fonts/KaTeX_Main-Regular.woff2"] == 1

    # A formula written half-way is plain text; the paragraph before it is never redrawn.
    send_message(page, "stream")
    streamed = reply.nth(1)
    expect(streamed).to_contain_text("Intro paragraph.")
    intro = streamed.locator("p").first.element_handle()
    expect(streamed).to_contain_text("Then $\\frac{a")  # unclosed: the source, as text
    expect(streamed).to_contain_text("done.")
    expect(streamed.locator(".katex")).to_have_count(1)
    assert intro.evaluate("el => el.isConnected && el.textContent") == "Intro paragraph."


WIDGETS = """
from chatkit_notebook import ChatKit

CARD = {
    "type": "Card",
    "children": [
        {"type": "Box", "border": {"color": "gray-900", "size": 1}, "padding": 2,
         "children": [{"type": "Text", "value": "article", "color": "secondary"}]},
        {"type": "Button", "label": "ghost warning", "variant": "ghost", "color": "warning"},
        {"type": "Button", "label": "solid danger", "variant": "solid", "color": "danger"},
        {"type": "Button", "label": "soft success", "variant": "soft", "color": "success",
         "iconStart": "star", "iconSize": "xl"},
        {"type": "Divider", "color": "blue-500"},
        {"type": "Box", "background": "alpha-10", "children": [{"type": "Text", "value": "tint"}]},
    ],
}

def respond(message):
    return CARD

chat = ChatKit(respond=respond, renderer="builtin", height=700)
chat
"""


def test_colour_tokens_draw_on_widgets(page: Page, lab: Server) -> None:
    run_notebook(page, lab, "render_tokens", [WIDGETS])
    chat = chat_element(page)
    send_message(page, "card")
    widget = chat.get_by_test_id("widget-item")
    expect(widget.locator(".w-button")).to_have_count(3)
    style = "(el, name) => getComputedStyle(el).getPropertyValue(name)"
    article = widget.locator(".w-box").first
    assert article.evaluate(style, "border-top-width") == "1px"
    assert article.evaluate(style, "border-top-color") == "rgb(26, 26, 26)"  # gray-900
    warning = chat.locator(".w-button", has_text="ghost warning")
    token = chat.evaluate("el => getComputedStyle(el).getPropertyValue('--ck-warning').trim()")
    expected = page.evaluate(
        "(c) => { const s = document.createElement('span'); s.style.color = c;"
        " document.body.append(s); const v = getComputedStyle(s).color; s.remove(); return v; }",
        token,
    )
    assert warning.evaluate(style, "color") == expected
    assert warning.evaluate(style, "background-color") == "rgba(0, 0, 0, 0)"
    danger = chat.locator(".w-button", has_text="solid danger")
    assert danger.evaluate(style, "background-color") != "rgba(0, 0, 0, 0)"
    icon = chat.locator(".w-button", has_text="soft success").locator("svg")
    assert icon.evaluate("el => el.getBoundingClientRect().width") == 24
    divider = widget.locator(".w-divider")
    assert divider.evaluate(style, "border-top-color") == "rgb(2, 133, 255)"  # blue-500
    tint = widget.locator(".w-box").nth(1)
    assert tint.evaluate(style, "background-color") not in ("", "rgba(0, 0, 0, 0)")
