import type { ComponentChildren } from 'preact';
import { navigate } from '../router';

/** A link that navigates without reloading the page (and still works as a plain link). */
export function Link({ href, children, current, class: className }: { href: string; children: ComponentChildren; current?: boolean; class?: string }) {
  return (
    <a
      href={href}
      class={className}
      aria-current={current ? 'page' : undefined}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
