import { attempt } from '../../util'
import { button, h, type Kid } from './dom'
import { CSS } from './style'

/** What stays for the tab: open or folded, which side, which tab, ads outlined. */
export interface UiState {
  open: boolean
  right?: boolean
  tab: string
  outline?: boolean
}

const UI_KEY = 'adbeacon_debug_ui'

export interface Panel {
  root: ShadowRoot
  ui: UiState
  /** The layer the ad outlines are drawn in. */
  boxes: HTMLElement
  /** Redraws the header counts, the tabs and the open tab's content. */
  draw(tabs: Array<[id: string, label: Kid]>, content: () => Kid[], pill: Node, pillTitle: string): void
  save(): void
}

/**
 * Gives the stylesheet to the shadow root: constructed (https://drafts.csswg.org/cssom/#dom-cssstylesheet-cssstylesheet),
 * or in a <style> element where the browser cannot construct one, which a strict CSP may refuse.
 */
function adoptStyle(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet == 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(CSS)
    root.adoptedStyleSheets = [sheet]
  } else root.append(h('style', '', CSS))
}

/**
 * The inspector's frame: a host element after <body> with an open shadow root, so that the
 * store's CSS cannot reach in nor ours out, and nothing of the store's layout moves (the host is
 * fixed and of no size). A folded pill; open, a panel with tabs.
 */
export function createPanel(openAtStart: boolean, changed: () => void): Panel {
  const host = document.createElement('adbeacon-inspector')
  const root = host.attachShadow({ mode: 'open' })
  adoptStyle(root)
  const saved = attempt(() => JSON.parse(sessionStorage.getItem(UI_KEY) ?? 'null') as UiState | null, null)
  const ui: UiState = { tab: 'requests', ...saved, open: openAtStart || !!saved?.open }
  const wrap = h('div', 'ui')
  const boxes = h('div', 'boxes')
  const main = h('div', 'main')
  const nav = h('nav')
  const pill = button('pill', () => ((ui.open = true), changed()), 'Open the adbeacon inspector')
  const side = button('', () => ((ui.right = !ui.right), changed()), 'Move to the other side', '⇄')
  const outline = button('', () => ((ui.outline = !ui.outline), changed()), 'Outline every bound ad element with its state', 'Outline ads')
  const fold = button('', () => ((ui.open = false), changed()), 'Fold', '▾')
  const panel = h('section', 'panel', h('header', '', h('b', '', 'adbeacon', h('small', '', 'QA inspector')), outline, side, fold), nav, main)
  wrap.append(pill, panel)
  // The outlines under the panel: the panel stays readable over them.
  root.append(boxes, wrap)
  document.documentElement.append(host)
  // Styles refused (or a page that hides unknown elements): one console line, never an error.
  if (getComputedStyle(panel).position != 'fixed') console.warn("[adbeacon] inspector: the page's Content-Security-Policy (style-src) refused its stylesheet; it shows unstyled")

  const save = () => attempt(() => sessionStorage.setItem(UI_KEY, JSON.stringify(ui)))
  return {
    root,
    ui,
    boxes,
    save,
    draw(tabs, content, pillText, pillTitle) {
      wrap.className = 'ui' + (ui.open ? ' open' : '') + (ui.right ? ' right' : '')
      outline.className = ui.outline ? 'on' : ''
      pill.replaceChildren(h('span', 'dot'), pillText)
      pill.title = pillTitle
      if (!ui.open) return
      // Replaced only when the text differs: a redraw under the pointer would eat a click or a selection.
      const same = (el: HTMLElement, kids: Kid[]) => {
        const next = h('div', '', ...kids)
        if (next.textContent + ui.tab != el.textContent + el.dataset.tab) el.replaceChildren(...next.childNodes)
        el.dataset.tab = ui.tab
      }
      same(nav, tabs.map(([id, label]) => button('tab' + (ui.tab == id ? ' sel' : ''), () => ((ui.tab = id), changed()), '', label)))
      same(main, content())
    },
  }
}
