import type { Page } from 'playwright-core';

export interface AxNode {
  role: string;
  name: string;
  children: AxNode[];
}

/**
 * Chromium's own accessibility tree under the first node with `role` and `name`, as a screen reader
 * gets it (Playwright's getByRole computes roles from the DOM, so it cannot tell when CSS such as
 * `display: block` on a table made the browser drop the table's semantics).
 */
export async function chromiumAxTree(page: Page, role: string, name: string): Promise<AxNode | undefined> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const build = (id: string): AxNode => {
      const n = byId.get(id)!;
      return {
        role: String(n.role?.value ?? ''),
        name: String(n.name?.value ?? ''),
        children: (n.childIds ?? []).filter((c) => byId.has(c)).map(build),
      };
    };
    const root = nodes.find((n) => n.role?.value === role && n.name?.value === name);
    return root && build(root.nodeId);
  } finally {
    await cdp.detach();
  }
}

/** Every node of `tree` with `role`, depth first. */
export function axNodesWithRole(tree: AxNode, role: string): AxNode[] {
  const found = tree.role === role ? [tree] : [];
  return found.concat(...tree.children.map((c) => axNodesWithRole(c, role)));
}
