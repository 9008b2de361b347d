// The inspector's one stylesheet, adopted by its shadow root (a constructable stylesheet: no
// <style> element nor style attribute for a strict CSP to refuse). Sizes in px: rem would follow
// the store's own root font size. :host rules are !important so that the store's CSS, which
// reaches the host element, cannot move or hide it (https://drafts.csswg.org/css-scoping/#shadow-cascading).
export const CSS = `
:host{all:initial!important;display:block!important;position:fixed!important;top:0!important;left:0!important;width:0!important;height:0!important;margin:0!important;padding:0!important;border:0!important;overflow:visible!important;z-index:2147483647!important;visibility:visible!important;opacity:1!important;transform:none!important}
*{box-sizing:border-box}
.ui{--bg:#0b1220;--bg2:#121b2f;--line:#26344f;--ink:#e2e8f0;--dim:#8796b0;--ok:#22c55e;--bad:#f43f5e;--warn:#f59e0b;font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink)}
button{font:inherit;color:inherit;background:none;border:1px solid var(--line);border-radius:6px;padding:2px 8px;cursor:pointer}
button:hover{border-color:var(--dim)}
.pill,.panel{position:fixed;bottom:12px;left:12px;background:var(--bg);border:1px solid var(--line);box-shadow:0 10px 30px rgba(2,6,23,.45)}
.right .pill,.right .panel{left:auto;right:12px}
.pill{display:flex;gap:6px;align-items:center;border-radius:999px;padding:4px 10px;font-size:12px}
.pill i,.tab i{font-style:normal;background:var(--bad);color:#fff;border-radius:999px;padding:0 6px;font-size:11px}
.dot{width:8px;height:8px;border-radius:50%;background:var(--ok)}
.panel{width:460px;max-height:min(74vh,680px);display:flex;flex-direction:column;border-radius:12px;overflow:hidden}
.open .pill,.ui:not(.open) .panel{display:none}
header,nav{flex-shrink:0}
header{display:flex;align-items:center;gap:6px;padding:8px 10px;border-bottom:1px solid var(--line);background:var(--bg2)}
header b{flex:1}
header b small{color:var(--dim);font-weight:400;margin-left:6px}
.on{background:#7c3aed;border-color:#7c3aed}
nav{display:flex;gap:2px;padding:4px 6px 0;border-bottom:1px solid var(--line);overflow-x:auto}
.tab{border:0;border-bottom:2px solid transparent;border-radius:0;padding:6px 8px;white-space:nowrap;color:var(--dim)}
.tab.sel{color:var(--ink);border-bottom-color:#f71963}
.main{overflow:auto;padding:8px 10px 12px;flex:1;min-height:120px}
h3{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:var(--dim);margin:12px 0 6px}
h3:first-child{margin-top:2px}
.note{color:var(--dim);font-size:12px;margin:6px 0}
.row{display:flex;gap:6px;align-items:center;width:100%;text-align:left;border:0;border-top:1px solid var(--line);border-radius:0;padding:5px 2px}
.row:hover{background:var(--bg2)}
.row .note{flex-basis:100%;margin:0}
.row{flex-wrap:wrap}
.row .g{flex:1 1 9em;min-width:9em;overflow-wrap:anywhere;color:var(--dim);font-size:12px}
.t{color:var(--dim);font:11px ui-monospace,Menlo,Consolas,monospace}
.earlier{opacity:.6}
.d{display:inline-block;min-width:52px;text-align:center;border-radius:4px;padding:0 5px;font-size:11px;font-weight:700;color:#fff}
.vtex{background:#f71963}.meta{background:#3b82f6}.google{background:#22a35a}
.c{border:1px solid var(--line);border-radius:999px;padding:0 7px;font-size:11px;white-space:nowrap}
.good{color:#86efac;border-color:rgba(34,197,94,.45)}.bad{color:#fda4af;border-color:rgba(244,63,94,.5)}.warn{color:#fcd34d;border-color:rgba(245,158,11,.45)}
.detail{padding:4px 2px 10px}
.body,.url{font:11px/1.5 ui-monospace,Menlo,Consolas,monospace;background:#060b16;border-radius:6px;padding:6px 8px;margin:4px 0;white-space:pre-wrap;word-break:break-all;color:#cbd5e1}
mark{background:none;color:#c4b5fd}
ul{margin:4px 0;padding-left:18px}
li{margin:2px 0}
.kv{display:grid;grid-template-columns:fit-content(45%) 1fr;gap:2px 10px;margin:4px 0}
.kv dt{color:var(--dim);overflow-wrap:anywhere}.kv dd{margin:0;word-break:break-all;font:12px ui-monospace,Menlo,Consolas,monospace}
.sale{border:1px solid var(--line);border-radius:8px;padding:6px 8px;margin:6px 0}
.boxes{position:fixed;top:0;left:0;width:0;height:0;pointer-events:none}
.box{position:fixed;top:0;left:0;border:2px solid #94a3b8;border-radius:4px}
.box span{position:absolute;top:-2px;left:-2px;max-width:260px;background:#94a3b8;color:#0b1220;font:600 11px/16px system-ui,sans-serif;padding:0 5px;border-radius:3px 0 3px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.imp{border-color:#38bdf8}.imp span{background:#38bdf8}
.view{border-color:#22c55e}.view span{background:#22c55e}
.click{border-color:#c084fc}.click span{background:#c084fc}
.bad.box{border-color:#f43f5e}.bad.box span{background:#f43f5e;color:#fff}
@media (max-width:600px){.panel,.right .panel{left:0;right:0;bottom:0;width:auto;max-height:62vh;border-radius:12px 12px 0 0}.tab{padding:6px}}
`
