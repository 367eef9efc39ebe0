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
