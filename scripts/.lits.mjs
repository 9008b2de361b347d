import { parseAst } from 'rolldown/parseAst'
import fs from 'fs'
const code = fs.readFileSync(process.argv[2], 'utf8')
const out = {}
const visit = (n) => { if (!n || typeof n != 'object') return; if (Array.isArray(n)) return n.forEach(visit)
  if (n.type == 'Literal' && typeof n.value == 'string') out[n.value] = (out[n.value] || 0) + 1
  if (n.type == 'TemplateElement') out['`' + n.value.raw] = (out['`' + n.value.raw] || 0) + 1
  if (n.type == 'Literal' && n.regex) out['/' + n.regex.pattern] = (out['/' + n.regex.pattern] || 0) + 1
  for (const v of Object.values(n)) if (v && typeof v == 'object') visit(v) }
visit(parseAst(code))
const rows = Object.entries(out).sort((a, b) => b[0].length * b[1] - a[0].length * a[1])
console.log('total chars', rows.reduce((s, [k, n]) => s + k.length * n, 0), 'distinct', rows.length)
for (const [k, n] of rows.slice(0, 70)) console.log(n, k.length, k)
