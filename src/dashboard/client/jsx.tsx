// The page's JSX factory: plain DOM elements, no virtual DOM (the client tsconfig names it `h`).
// Every .tsx file of the dashboard imports `h` from here, as the factory is called by name.
export type Child = Node | string | number | null | undefined | false | Child[];

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    type Element = HTMLElement;
    interface IntrinsicElements { [tag: string]: Record<string, unknown> }
  }
}

export function h(tag: string, props: Record<string, unknown> | null, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value as EventListener);
    else el.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : String(value));
  }
  const add = (c: Child): void => {
    if (Array.isArray(c)) c.forEach(add);
    else if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  };
  add(children);
  return el;
}
