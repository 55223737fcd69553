/**
 * happy-dom defines `nodeName` on each node subclass and returns "" from `Node.prototype`'s
 * getter. DOMPurify (like browsers expect) reads the `Node.prototype` accessor directly to resist
 * clobbering, so under happy-dom it would see every tag name as "" and sanitise nothing. Make the
 * base accessor dispatch to the subclass getter, as a real DOM effectively does. Test-only.
 */
const base = Object.getOwnPropertyDescriptor(Node.prototype, "nodeName");
if (base?.get && !(base.get as { patched?: boolean }).patched) {
  const baseGet = base.get;
  const get = function (this: Node): string {
    let proto = Object.getPrototypeOf(this);
    while (proto && proto !== Node.prototype) {
      const own = Object.getOwnPropertyDescriptor(proto, "nodeName");
      if (own?.get) return own.get.call(this);
      proto = Object.getPrototypeOf(proto);
    }
    return baseGet.call(this);
  };
  Object.assign(get, { patched: true });
  Object.defineProperty(Node.prototype, "nodeName", { ...base, get });
}

export {};

/**
 * happy-dom's NodeIterator stops when its current node is removed (the DOM spec's "pre-removing
 * steps" are missing), so DOMPurify would leave everything after the first removed node
 * unsanitised. This minimal live iterator resumes from where the removed node used to be.
 */
const FILTER_BITS: Record<number, number> = { 1: 0x1, 3: 0x4, 4: 0x8, 7: 0x40, 8: 0x80 };

class LiveNodeIterator {
  private reference: Node | null = null;
  private parent: Node | null = null;
  private previous: Node | null = null;

  constructor(
    readonly root: Node,
    readonly whatToShow: number,
  ) {}

  nextNode(): Node | null {
    let node = this.following();
    while (node && !((FILTER_BITS[node.nodeType] ?? 0) & this.whatToShow))
      node = this.after(node, true);
    if (node) {
      this.reference = node;
      this.parent = node.parentNode;
      this.previous = node.previousSibling;
    }
    return node;
  }

  private following(): Node | null {
    const ref = this.reference;
    if (!ref) return this.root;
    if (this.root.contains(ref)) return this.after(ref, true);
    // The reference was removed: continue with whatever now follows its old position.
    const next = this.previous ? this.previous.nextSibling : (this.parent?.firstChild ?? null);
    if (next) return next;
    return this.parent ? this.after(this.parent, false) : null;
  }

  private after(node: Node, descend: boolean): Node | null {
    if (descend && node.firstChild) return node.firstChild;
    let current: Node | null = node;
    while (current && current !== this.root) {
      if (current.nextSibling) return current.nextSibling;
      current = current.parentNode;
    }
    return null;
  }
}

/** Patches wherever `document.createNodeIterator` is defined (an own or inherited property). */
function ownerOf(target: object, key: string): object | null {
  for (let o: object | null = target; o; o = Object.getPrototypeOf(o)) {
    if (Object.hasOwn(o, key)) return o;
  }
  return null;
}

const owner = ownerOf(document, "createNodeIterator") as
  | (Record<string, unknown> & { __liveIterator?: boolean })
  | null;
if (owner && !owner.__liveIterator) {
  owner.__liveIterator = true;
  owner.createNodeIterator = (root: Node, whatToShow = 0xffffffff) =>
    new LiveNodeIterator(root, whatToShow) as unknown as NodeIterator;
}
