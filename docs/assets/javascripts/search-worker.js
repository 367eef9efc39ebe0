// Material's search worker with one fix to the lunr.js 2.3.9 it bundles. overrides/main.html
// points the site's search here, naming Material's own worker in ?material=.
//
// lunr builds its index's token set (the trie of every indexed word) by merging nodes whose
// toString() is equal, and toString() writes each edge as its label and the target's node
// id with nothing between: an edge "0" to node 325 and edges "0" to node 3 and "2" to node
// 5 both read "00325". Two such nodes get merged, the trie then spells words no page has
// and loses some it has, and a query that reaches one throws in the worker: the reader sees
// no results at all (once, for every query with "jupyterhub" in it). A comma after each id
// makes the string unambiguous: a label is one character, an id digits up to the comma.
// troubleshoot/search.py makes the same change to lunr.py, so both rank alike.
"use strict"

importScripts(new URL("workers/" + new URL(self.location.href).searchParams.get("material"), self.location.href).href)

self.lunr.TokenSet.prototype.toString = function () {
  if (this._str) return this._str
  let str = this.final ? "1" : "0"
  for (const label of Object.keys(this.edges).sort()) {
    str += label + this.edges[label].id + ","
  }
  return str
}

// Headings that are the pasted message first. lunr scores a section by the query words it
// holds, not by how much of its heading they make up (Material sets b = 0: no length
// normalisation), so a long heading quoting one message that happens to contain every
// word of another ("Unhandled error starting alice's server: 500 Server Error for
// http+docker://... Internal Server Error (...)") outranks the heading that is that other
// message ("500: Internal Server Error"). Each result's score is multiplied by
// 1 + coverage², coverage being the share of its title's indexed words the query matched.
// troubleshoot/search.py (cover_titles) does the same.
const build = self.lunr.Builder.prototype.build
self.lunr.Builder.prototype.build = function () {
  const index = build.call(this)
  index.titleTerms = new Map()
  for (const fieldRef of Object.keys(this.fieldTermFrequencies)) {
    if (!fieldRef.startsWith("title/")) continue
    index.titleTerms.set(fieldRef.slice(6), {
      frequencies: this.fieldTermFrequencies[fieldRef],
      length: this.fieldLengths[fieldRef],
    })
  }
  return index
}

const query = self.lunr.Index.prototype.query
self.lunr.Index.prototype.query = function (fn) {
  const results = query.call(this, fn)
  if (!this.titleTerms) return results
  for (const result of results) {
    const title = this.titleTerms.get(result.ref)
    if (!title || !title.length) continue
    let found = 0
    for (const [term, fields] of Object.entries(result.matchData.metadata)) {
      if ("title" in fields) found += title.frequencies[term] || 0
    }
    const coverage = Math.min(1, found / title.length)
    result.score *= 1 + coverage * coverage
  }
  return results.sort((a, b) => b.score - a.score)
}
