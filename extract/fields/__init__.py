"""Field readers shared by every source: what a cell's text means.

``roles`` (which column is which, from its heading), ``refs`` (E1, 1.1, PS-01; repaired and
inferred), ``status`` (traffic lights from words, phrases, colours), ``numbers`` (cell values
and headline numbers), ``period`` (financial year and as-at date), ``text`` (characters,
markup, hyphenated breaks) and ``matchtext`` (text normalised for matching rows). They read
strings, colours and words; they know no source's path.
"""
