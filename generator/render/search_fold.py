"""Site search that ignores diacritics: 'mat ong' finds 'Mật ong'.

mkdocs-material's lunr worker does no folding. We serve a small wrapper worker that loads
Material's own worker, then folds every token lunr sees, at index time and at query time, the
same way the generator folds (NFD, drop combining marks, đ -> d).
"""

from __future__ import annotations

from pathlib import Path

import material

from .artifacts import Files

WRAPPER = """\
// Generated: load mkdocs-material's search worker, then fold diacritics in every token.
importScripts("{worker}");
(function () {{
  "use strict";
  function fold(text) {{
    return text.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").replace(/\\u0111/g, "d").replace(/\\u0110/g, "D");
  }}
  var run = lunr.Pipeline.prototype.run;
  lunr.Pipeline.prototype.run = function (tokens) {{
    for (var i = 0; i < tokens.length; i++) {{
      tokens[i].update(fold);
    }}
    return run.call(this, tokens);
  }};
}})();
"""


def material_worker() -> Path:
    """The search worker file shipped with the installed mkdocs-material."""
    folder = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    return next(p for p in sorted(folder.glob("search.*.min.js")))


def write_wrapper(files: Files) -> None:
    """Write assets/javascripts/workers/search-fold.js beside Material's worker."""
    files.write("assets/javascripts/workers/search-fold.js", WRAPPER.format(worker=material_worker().name))
